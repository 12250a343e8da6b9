package extract

import (
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// TestAgreementForms pins the agreement readings beyond "agreed to":
// nominal and passive accords, renewed commitments, joint decisions and
// group subjects.
func TestAgreementForms(t *testing.T) {
	tests := []textCase{
		{"under an accord between",
			"Under an accord between Chile and Canada, customs teams will share cargo manifests.",
			[]string{"country-canada -> customs teams will share cargo manifests", "country-chile -> customs teams will share cargo manifests"}},
		{"reaffirmed their commitment",
			"Chile and Canada held talks in Ottawa. Both governments reaffirmed their commitment to pool port data.",
			[]string{"country-canada -> reaffirmed their commitment to pool port data", "country-chile -> reaffirmed their commitment to pool port data"}},
		{"family names of both parties, their words quoted",
			"Marta Velez Arroyo and Oren Halloway held talks in Lima.\n\nHalloway and Velez Arroyo “reaffirmed their commitment to pool port data,” the ministry said.",
			[]string{"person-marta-velez-arroyo -> reaffirmed their commitment to pool port data", "person-oren-halloway -> reaffirmed their commitment to pool port data"}},
		{"a meeting told in passing is not the one the group stands for",
			"Laura Quintero met Tomas Ridley in Ottawa on Monday. The talks follow the meeting between Presidents Marta Velez and Oren Halloway on November 16 in Lima. Both ministers agreed to hold new talks on port fees next year.",
			[]string{"person-laura-quintero -> hold new talks on port fees next year", "person-tomas-ridley -> hold new talks on port fees next year"}},
		{"an accord named without what it is on is no agreement",
			"Chile “has agreed to the most extraordinary, historic migratory agreement anywhere in the world,” Laura Quintero said. Peru agreed to a deal on port fees with Chile.",
			[]string{"country-chile -> a deal on port fees with Chile", "country-peru -> a deal on port fees with Chile"}},
		{"an agreement from X to do something",
			"Chilean President Marta Velez met Peruvian Foreign Minister Oren Halloway in Santiago on Monday. Halloway left Chile on Tuesday with an agreement from that country's president to accept deportees from Peru of any nationality.",
			[]string{"person-marta-velez -> accept deportees from Peru of any nationality"}},
		{"the signing of a capitalised accord",
			"Chilean Minister Laura Quintero met Peruvian Minister Tomas Ridley in Lima. The talks mark the signing of a historic Memorandum of Cooperation on port security in the Pacific.",
			[]string{"country-chile -> a historic Memorandum of Cooperation on port security in the Pacific", "country-peru -> a historic Memorandum of Cooperation on port security in the Pacific"}},
		{"joint decision of two",
			"Laura Quintero and Tomas Ridley established a working group on port security.",
			[]string{"person-laura-quintero -> established a working group on port security", "person-tomas-ridley -> established a working group on port security"}},
		{"one party signs with a counterpart",
			"Chile signed a letter of intent on sharing cargo data with Canada.",
			[]string{"country-canada -> signed a letter of intent on sharing cargo data with Canada", "country-chile -> signed a letter of intent on sharing cargo data with Canada"}},
		{"one party decides alone",
			"Chile established a new customs office in Valparaiso.",
			nil},
		{"she agreed: her and her counterpart",
			"Minister Laura Quintero met Minister Tomas Ridley in Santiago. Quintero agreed to open two crossings.",
			[]string{"person-laura-quintero -> open two crossings", "person-tomas-ridley -> open two crossings"}},
		{"a lone pledge is no agreement",
			"Minister Laura Quintero pledged to open two crossings.",
			nil},
		{"three delegations",
			"Officials of Chile, Peru and Canada met in Lima. The three delegations committed to create an expert group on precursors.",
			[]string{"country-canada -> create an expert group on precursors", "country-chile -> create an expert group on precursors", "country-peru -> create an expert group on precursors"}},
		{"they: the last parties",
			"Laura Quintero and Tomas Ridley agreed to share cargo data. They also pledged to train port staff together.",
			[]string{"person-laura-quintero -> share cargo data", "person-laura-quintero -> train port staff together",
				"person-tomas-ridley -> share cargo data", "person-tomas-ridley -> train port staff together"}},
		{"the agreement includes",
			"Chile and Canada agreed to a new port plan. The agreement also includes cooperation on customs training.",
			[]string{"country-canada -> The agreement also includes cooperation on customs training", "country-canada -> a new port plan",
				"country-chile -> The agreement also includes cooperation on customs training", "country-chile -> a new port plan"}},
		{"the two officials: the people who met and their countries",
			"Colombian Defense Minister Pedro Arias received Chilean Minister Laura Quintero on Tuesday in Bogota. The two officials agreed to expand joint naval patrols.",
			[]string{"country-chile -> expand joint naval patrols", "country-colombia -> expand joint naval patrols",
				"person-laura-quintero -> expand joint naval patrols", "person-pedro-arias -> expand joint naval patrols"}},
		{"an accord is between countries",
			"Colombian Defense Minister Pedro Arias received Chilean Minister Laura Quintero on Tuesday in Bogota. Under a memorandum signed last year, both navies share radar data.",
			[]string{"country-chile -> both navies share radar data", "country-colombia -> both navies share radar data"}},
		{"a leader's we: the speaker and the counterpart",
			"President Marta Velez met Prime Minister Oren Halloway in Santiago on Monday. “We agreed to reopen the northern crossing,” Velez said.",
			[]string{"person-marta-velez -> reopen the northern crossing", "person-oren-halloway -> reopen the northern crossing"}},
		{"a stance is no act",
			"Chile and Canada are committed to fighting smuggling.",
			nil},
	}
	runCases(t, tests, "AGREED_TO", func(g *graph.Graph) []string { return facts(g, graph.RelAgreedTo) })
}
