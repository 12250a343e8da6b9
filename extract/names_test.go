package extract

import (
	"slices"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

func TestNames(t *testing.T) {
	tests := []textCase{
		{"headline run-on is cut, the body's name joins it",
			"Minister Laura Quintero Faces Questions Over Okafor Remarks\n\nChilean Foreign Minister Laura Quintero said on Monday that the remarks were misread.",
			[]string{"Laura Quintero"}},
		{"topic of a shaped office is not the name",
			"The Secretary for Ports Ana Vidal said the terminal would open.",
			[]string{"Ana Vidal"}},
		{"a place as surname",
			"Ambassador Ruth Peru met the delegation. Deputy Attorney General Lisa Monaco joined them.",
			[]string{"Lisa Monaco", "Ruth Peru"}},
		{"ranks before a title are no one's name",
			"The delegation was led by Deputy Assistant Secretary Mark Ellison and Assistant Secretary Ruth Okafor.",
			[]string{"Mark Ellison", "Ruth Okafor"}},
		{"given name not in the list, before a verb",
			"Talia Okonkwo met the envoys in Quito on Friday.",
			[]string{"Talia Okonkwo"}},
		{"after a person and 'and'",
			"Marta Velez and Oren Halloway toured the port.",
			[]string{"Marta Velez", "Oren Halloway"}},
		{"in apposition to an office",
			"The Minister of Security of Paraguay, Ines Valdor, said the border would stay open.",
			[]string{"Ines Valdor"}},
		{"rank before a given name",
			"General Luis Ferro inspected the base. General Motors was not involved.",
			[]string{"Luis Ferro"}},
		{"plural rank before a list of names",
			"Officials prepared the meeting between Presidents Marta Velez and Oren Halloway in Lima. Ministers from both countries attended.",
			[]string{"Marta Velez", "Oren Halloway"}},
		{"a capitalised run that repeats no family name is no one",
			"Marta Velez met the envoy in Lima. Officials said Harbor Watch would return.",
			[]string{"Marta Velez"}},
		{"a place ends a longer name in running text",
			"Carlos Ruiz Trujillo said the talks went well.",
			[]string{"Carlos Ruiz Trujillo"}},
		{"a place's name is no person",
			"The Maya Train and the San Isidro Air Base were shown to Talia Brook.",
			[]string{"Talia Brook"}},
		{"places and parties that open with a given name",
			"Officials met near the Rio Grande and in Santa Fe. The Christian Democrats objected. Grace Church held a vigil for Talia Brook.",
			[]string{"Talia Brook"}},
		{"agency credits name no people",
			"Chilean Foreign Minister Laura Quintero met the envoy.\n\nReporting by Hugo Brand and Rita Paz; Editing by Tom Lark\n\n(Writing by Ana Vidal; additional reporting by Kim Lark in Lima)",
			[]string{"Laura Quintero"}},
		{"a particle alone is no surname",
			"La presidenta Marta Velez dijo que el acuerdo fue firmado.",
			[]string{"Marta Velez"}},
		{"family name first, then alone",
			"Premier Zhao Renwu met the envoy in Lima. The envoy said Mr Zhao had called for calm.",
			[]string{"Zhao Renwu"}},
	}
	runCases(t, tests, "people", func(g *graph.Graph) []string { return names(g, graph.LabelPerson) })
}

func TestNameVariants(t *testing.T) {
	tests := []textCase{
		{"short form of a given name",
			"Bob Ferrand met the minister. Later, Robert Ferrand said the talks went well.",
			[]string{"Robert Ferrand"}},
		{"middle initial and second surname",
			"Ana M. Duarte met the envoy. Ana Duarte Lozano said the visit was useful.",
			[]string{"Ana Duarte Lozano"}},
		{"one-letter misspelling",
			"Tomas Ridley Quintanar met the envoy. Tomas Ridley Quintaner said the visit was useful.",
			[]string{"Tomas Ridley Quintanar"}},
		{"different surnames stay apart",
			"Tomas Ridley met the envoy. Tomas Radford said the visit was useful.",
			[]string{"Tomas Radford", "Tomas Ridley"}},
	}
	runCases(t, tests, "people", func(g *graph.Graph) []string { return names(g, graph.LabelPerson) })
}

// TestNicknameAliases checks that a name with a quoted nickname is also
// found without it and by the nickname alone.
func TestNicknameAliases(t *testing.T) {
	g := extractAll(t, `Police arrested Ramiro "El Toro" Salcedo in Culiacán on Monday.`)
	for _, n := range g.Nodes {
		if n.Label != graph.LabelPerson {
			continue
		}
		want := []string{"El Toro", "Ramiro Salcedo"}
		if n.Name != `Ramiro "El Toro" Salcedo` || !slices.Equal(n.Aliases, want) {
			t.Errorf("person %q aliases %q, want %q with aliases %q", n.Name, n.Aliases, `Ramiro "El Toro" Salcedo`, want)
		}
		return
	}
	t.Error("no person")
}
