package extract

import (
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// holdsWithCountry returns "person -> office (country)" for every
// HOLDS_OFFICE of a graph, sorted.
func holdsWithCountry(g *graph.Graph) []string {
	byID := map[string]graph.Node{}
	for _, n := range g.Nodes {
		byID[n.ID] = n
	}
	var out []string
	for _, f := range facts(g, graph.RelHoldsOffice) {
		var from, to string
		for i := 0; i+4 <= len(f); i++ {
			if f[i:i+4] == " -> " {
				from, to = f[:i], f[i+4:]
				break
			}
		}
		o := byID[to]
		c, _ := o.Properties["country"].(string)
		out = append(out, byID[from].Name+" -> "+o.Name+" ("+c+")")
	}
	return out
}

func TestOfficesOfAnyCountry(t *testing.T) {
	tests := []textCase{
		{"adjective qualifier",
			"Peruvian Defense Minister Tomas Ridley met Chilean Foreign Minister Laura Quintero in Lima.",
			[]string{"Laura Quintero -> Minister of Foreign Affairs (Chile)", "Tomas Ridley -> Minister of Defense (Peru)"}},
		{"of-country tail",
			"The Minister of Security of Paraguay, Ines Valdor, said the border would stay open.",
			[]string{"Ines Valdor -> Minister of Security (Paraguay)"}},
		{"possessive qualifier",
			"Ecuador's Interior Minister Jon Ferrari visited the port.",
			[]string{"Jon Ferrari -> Minister of the Interior (Ecuador)"}},
		{"that country's",
			"The envoy flew to Bolivia to meet that country's longtime defense minister, Pablo Serrat, on Monday.",
			[]string{"Pablo Serrat -> Minister of Defense (Bolivia)"}},
		{"president of the holder's own country, not the sentence's",
			"Uruguayan President Marta Velez spoke with reporters. In Santiago, Chile, President Velez praised the accord.",
			[]string{"Marta Velez -> President (Uruguay)"}},
		{"an office the text gives to another is another country's",
			"Chilean President Marta Velez met President Tomas Ridley in Lima, Peru.",
			[]string{"Marta Velez -> President (Chile)", "Tomas Ridley -> President (Peru)"}},
		{"a former holder may share it",
			"Chilean President Marta Velez met former President Hugo Brand in Santiago.",
			[]string{"Hugo Brand -> President (Chile)", "Marta Velez -> President (Chile)"}},
		{"honorific between office and name",
			"Chilean Minister of Justice Dr. Rosa Soto met the delegation.",
			[]string{"Rosa Soto -> Minister of Justice (Chile)"}},
	}
	runCases(t, tests, "holds", holdsWithCountry)
}

func TestOfficesFromShape(t *testing.T) {
	tests := []textCase{
		{"undersecretary with topic, appositive in a ';' list",
			"The Chilean delegation included Rita Paz, Undersecretary of Ports; Hugo Brand, Deputy Director of the Office of Fisheries; and others.",
			[]string{"Hugo Brand -> Deputy Director of the Office of Fisheries (Chile)", "Rita Paz -> Undersecretary of Ports (Chile)"}},
		{"rank before a listed office keeps its country",
			"Acting Deputy Secretary of Homeland Security Kim Lark toured the crossing in Peru.",
			[]string{"Kim Lark -> Deputy Secretary of Homeland Security (United States)"}},
		{"listed office with a topic after it",
			"Salvadoran Minister of Justice and Public Works Ana Duarte met Peruvian officials.",
			[]string{"Ana Duarte -> Minister of Justice and Public Works (El Salvador)"}},
		{"ranks and head, country of the body it is at",
			"Oren Halloway, Principal Deputy Assistant Secretary for Andean Affairs at the State Department, spoke in Quito.",
			[]string{"Oren Halloway -> Principal Deputy Assistant Secretary for Andean Affairs (United States)"}},
		{"topic words before the head",
			"Canada's National Security and Cyber Advisor Talia Brook joined by video.",
			[]string{"Talia Brook -> National Security and Cyber Advisor (Canada)"}},
		{"the name after the topic is not part of the office",
			"The Peruvian Secretary for Ports Ana Vidal said the terminal would open.",
			[]string{"Ana Vidal -> Secretary for Ports (Peru)"}},
		{"two offices held together are one",
			"Peru's Minister of Justice and Attorney General, Hugo Brand and Peru's Minister of Energy, Rita Paz, met the envoy.",
			[]string{"Hugo Brand -> Minister of Justice and Attorney General (Peru)", "Rita Paz -> Minister of Energy (Peru)"}},
		{"acronym between office and holder",
			"U.S. Secretary of Homeland Security (DHS) Kim Lark met Peruvian officials.",
			[]string{"Kim Lark -> Secretary of Homeland Security (United States)"}},
		{"lowercase rank and head after 'the'",
			"Chilean officials met the envoy. The undersecretary of Ports, Rita Paz, said the terminal would open. The deputy director of the Office of Fisheries, Hugo Brand, agreed.",
			[]string{"Hugo Brand -> Deputy Director of the Office of Fisheries (Chile)", "Rita Paz -> Undersecretary of Ports (Chile)"}},
		{"a lowercase head alone is no office",
			"Chilean officials met the envoy. The director said the terminal would open.",
			nil},
		{"an ambassador to a country",
			"U.S. Ambassador to Peru Kim Lark met Chile's Ambassador to the United Kingdom, Rosa Soto.",
			[]string{"Kim Lark -> Ambassador to Peru (United States)", "Rosa Soto -> Ambassador to the United Kingdom (Chile)"}},
		{"a bare title is no office",
			"Minister Laura Quintero met reporters in Lima.",
			nil},
	}
	runCases(t, tests, "holds", holdsWithCountry)
}

func TestCounterpart(t *testing.T) {
	tests := []textCase{
		{"counterpart of a secretary of state",
			"U.S. Secretary of State Kim Lark and his Chilean counterpart, Zhao Renwu, met in Lima.",
			[]string{"Kim Lark -> Secretary of State (United States)", "Zhao Renwu -> Minister of Foreign Affairs (Chile)"}},
		{"counterpart of a defense minister",
			"Peruvian Defense Minister Rosa Soto met her Bolivian counterpart Hugo Brand in La Paz.",
			[]string{"Hugo Brand -> Minister of Defense (Bolivia)", "Rosa Soto -> Minister of Defense (Peru)"}},
		{"no office, no counterpart office",
			"Ana Duarte met her Chilean counterpart, Hugo Brand, in Lima.",
			nil},
	}
	runCases(t, tests, "holds", holdsWithCountry)
}

// TestShapedOfficesAcrossCorpora adds one read document to two corpora
// whose other documents read other shaped offices: each corpus numbers the
// offices its own way and both get the document's office.
func TestShapedOfficesAcrossCorpora(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	other := x.Read(Document{Source: "a.txt", Text: []byte("Chilean Undersecretary of Mines Hugo Brand visited Lima.")})
	shared := x.Read(Document{Source: "b.txt", Text: []byte("Peruvian Undersecretary of Ports Rita Paz visited Quito.")})
	want := []string{"Rita Paz -> Undersecretary of Ports (Peru)"}
	c1 := x.NewCorpus()
	for _, r := range []*Result{other, shared} {
		if err := c1.AddResult(r); err != nil {
			t.Fatal(err)
		}
	}
	c2 := x.NewCorpus()
	if err := c2.AddResult(shared); err != nil {
		t.Fatal(err)
	}
	got1, got2 := holdsWithCountry(c1.Graph()), holdsWithCountry(c2.Graph())
	if len(got1) != 2 || got1[1] != want[0] {
		t.Errorf("first corpus holds = %q, want Hugo Brand's and %q", got1, want[0])
	}
	if len(got2) != 1 || got2[0] != want[0] {
		t.Errorf("second corpus holds = %q, want %q", got2, want)
	}
}
