package extract

import (
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// TestSpeechForms pins the speech readings: consecutive quotes kept apart,
// typewriter quotation marks, and the subject of a coordinated speech verb.
func TestSpeechForms(t *testing.T) {
	tests := []textCase{
		{"consecutive quotes kept apart",
			"“Ports matter to every town on this coast,” said Minister Ana Duarte. “We all want safer borders and faster customs checks.”",
			[]string{"person-ana-duarte -> Ports matter to every town on this coast", "person-ana-duarte -> We all want safer borders and faster customs checks."}},
		{"two apostrophes as quotation marks",
			"''We will keep the crossings open at night,'' Minister Ana Duarte said.",
			[]string{"person-ana-duarte -> We will keep the crossings open at night"}},
		{"coordinated verb keeps the subject",
			"President Marta Velez discussed tariffs with Minister Tomas Ridley and told him a new toll was “not under consideration at this time.”",
			[]string{"person-marta-velez -> not under consideration at this time."}},
		{"participle keeps the subject",
			"President Marta Velez pledged to close the gap, telling Minister Tomas Ridley she was “fully aware of the cost to the ports.”",
			[]string{"person-marta-velez -> fully aware of the cost to the ports."}},
	}
	runCases(t, tests, "SAID", func(g *graph.Graph) []string { return facts(g, graph.RelSaid) })
}
