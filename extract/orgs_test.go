package extract

import (
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

func TestOrganizationsOfAnyCountry(t *testing.T) {
	tests := []textCase{
		{"qualified generic bodies of any country",
			"Peruvian Navy ships and the Chilean Army trained with officials of Bolivia's Ministry of the Interior.",
			[]string{"Chilean Army", "Ministry of the Interior of Bolivia", "Peruvian Navy"}},
		{"an embassy",
			"Protesters gathered outside the Canadian Embassy in Lima.",
			[]string{"Embassy of Canada"}},
		{"unqualified generic forms name nobody",
			"The army and the embassy said nothing.",
			nil},
		{"a place opening the name",
			"He rose in the Arequipa Cartel before his arrest.",
			[]string{"Arequipa Cartel"}},
		{"a new head noun",
			"Officials of the Chilean Security Cabinet met in Santiago.",
			[]string{"Security Cabinet"}},
		{"no person glued to an office's name",
			"Officials of the Office of Fisheries Policy Adam Cohen and Rita Paz spoke in Lima. The Office of Fisheries Policy Director Ana Vidal said nothing.",
			[]string{"Office of Fisheries Policy"}},
		{"backs off before 'and <country>'",
			"The Ministry of Fisheries and Peru signed the plan.",
			[]string{"Ministry of Fisheries"}},
	}
	runCases(t, tests, "organizations", func(g *graph.Graph) []string { return names(g, graph.LabelOrganization) })
}
