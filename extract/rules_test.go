package extract

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// extractAll reads texts as documents a.txt, b.txt, ... of one corpus.
func extractAll(t *testing.T, texts ...string) *graph.Graph {
	t.Helper()
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	c := x.NewCorpus()
	for i, s := range texts {
		if err := c.Add(Document{Source: fmt.Sprintf("%c.txt", 'a'+i), Text: []byte(s)}); err != nil {
			t.Fatal(err)
		}
	}
	return c.Graph()
}

// names returns the sorted names of the nodes with a label.
func names(g *graph.Graph, label string) []string {
	var out []string
	for _, n := range g.Nodes {
		if n.Label == label {
			out = append(out, n.Name)
		}
	}
	sort.Strings(out)
	return out
}

// facts returns "from -> to" (or "from -> text" for statements and
// agreements) for the relationships of a type, sorted and deduplicated.
func facts(g *graph.Graph, typ string) []string {
	byID := map[string]graph.Node{}
	for _, n := range g.Nodes {
		byID[n.ID] = n
	}
	var out []string
	for _, r := range g.Relationships {
		if r.Type != typ {
			continue
		}
		to := r.To
		if n, ok := byID[r.To]; ok {
			if s, ok := n.Properties["text"].(string); ok {
				to = s
			}
		}
		out = append(out, r.From+" -> "+to)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// textCase is one text and the exact facts expected from it.
type textCase struct {
	name, text string
	want       []string
}

// runCases extracts each case's text and compares what get reads from the
// graph with the case's want, exactly.
func runCases(t *testing.T, tests []textCase, what string, get func(*graph.Graph) []string) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := get(extractAll(t, tt.text)); !slices.Equal(got, tt.want) {
				t.Errorf("%s = %q\nwant %q", what, got, tt.want)
			}
		})
	}
}

func TestPeople(t *testing.T) {
	tests := []textCase{
		{"particles and accents", "Mexican Foreign Minister Ana Lucía de la Garza met with Canadian officials in Ottawa on Monday.",
			[]string{"Ana Lucía de la Garza"}},
		{"title stripped", "Secretary Elena Marisol led the meeting of the security cabinet in Mexico City.",
			[]string{"Elena Marisol"}},
		{"initials kept", "U.S. Secretary of Homeland Security Mark T. Halvorsen traveled to Texas.",
			[]string{"Mark T. Halvorsen"}},
		{"given name without title", "Moreover, Jorge Luis Peña Ruiz insisted that the border is safer than before.",
			[]string{"Jorge Luis Peña Ruiz"}},
		{"nickname in quotes", "The court tried Joaquín \"El Tigre\" Salcedo and Ramiro Benítez Cota, who denied the charges.",
			[]string{"Joaquín \"El Tigre\" Salcedo", "Ramiro Benítez Cota"}},
		{"no person in capitalised phrases", "The Second Regional Summit on Border Security Cooperation opened in Monterrey. Legal affairs were discussed.",
			nil},
	}
	runCases(t, tests, "people", func(g *graph.Graph) []string { return names(g, graph.LabelPerson) })
}

func TestOrganizationShapes(t *testing.T) {
	g := extractAll(t, "Mexico's Supreme Court said the law stands. Members of the Santa Rosa de Lima Cartel were arrested, "+
		"and the Cartel del Pacífico Sur denied it. The Ministry of Finance of Peru did not comment. The Supreme Court met.")
	want := []string{"Cartel del Pacífico Sur", "Ministry of Finance", "Santa Rosa de Lima Cartel", "Supreme Court", "Supreme Court of Justice of the Nation"}
	if got := names(g, graph.LabelOrganization); !slices.Equal(got, want) {
		t.Errorf("organizations = %q, want %q", got, want)
	}
	if got := names(g, graph.LabelPerson); len(got) != 0 {
		t.Errorf("people = %q, want none", got)
	}
}

func TestPeopleResolvedAcrossDocuments(t *testing.T) {
	g := extractAll(t,
		"Interior Secretary Jorge Luis Peña Ruiz said that the talks went well for both countries. Peña Ruiz added nothing.",
		"Mexico's Secretary of Government Jorge Peña attended the meeting. Later, Peña spoke with reporters.",
		"Jorge Luis Pena Ruiz, Mexico's interior secretary, visited Washington.",
	)
	if got, want := names(g, graph.LabelPerson), []string{"Jorge Luis Peña Ruiz"}; !slices.Equal(got, want) {
		t.Fatalf("people = %q, want %q", got, want)
	}
	for _, n := range g.Nodes {
		if n.Label == graph.LabelPerson {
			if want := []string{"Jorge Luis Pena Ruiz", "Jorge Peña", "Peña", "Peña Ruiz"}; !slices.Equal(n.Aliases, want) {
				t.Errorf("aliases = %q, want %q", n.Aliases, want)
			}
			if n.ID != "person-jorge-luis-pena-ruiz" {
				t.Errorf("id = %q", n.ID)
			}
		}
	}
	if got, want := facts(g, graph.RelHoldsOffice), []string{"person-jorge-luis-pena-ruiz -> office-mexico-secretary-of-the-interior"}; !slices.Equal(got, want) {
		t.Errorf("HOLDS_OFFICE = %q, want %q", got, want)
	}
}

func TestOffices(t *testing.T) {
	tests := []textCase{ // HOLDS_OFFICE facts
		{"foreign minister synonyms are one office",
			"Mexico's Foreign Minister Ana Torres met Foreign Secretary Luis Gomez Rios. Mexico Foreign Affairs Secretary Rosa Elena Paz was there.",
			[]string{"person-ana-torres -> office-mexico-secretary-of-foreign-affairs", "person-luis-gomez-rios -> office-mexico-secretary-of-foreign-affairs", "person-rosa-elena-paz -> office-mexico-secretary-of-foreign-affairs"}},
		{"an office of a qualified organization, its acronym, then the name",
			"The director of the US Drug Enforcement Administration (DEA), Paul Whitaker, signed the memorandum.",
			[]string{"person-paul-whitaker -> office-united-states-director-of-the-drug-enforcement-administration"}},
		{"an office shaped in lowercase, in apposition after 'a'",
			"Mark Ellison, a deputy assistant secretary of state, led the U.S. side.",
			[]string{"person-mark-ellison -> office-united-states-deputy-assistant-secretary-of-state"}},
		{"a plural office shared out among countries",
			"The presidents of Peru, Oren Halloway, and Bolivia, Marta Velez Arroyo, met today in La Paz.",
			[]string{"person-marta-velez-arroyo -> office-bolivia-president", "person-oren-halloway -> office-peru-president"}},
		{"a leader of no country the text names",
			"Chile and Peru signed the port pact in Lima. Peruvian Foreign Minister Ana Vidal condemned the riots by followers of former leader Tomas Ridley.",
			[]string{"person-ana-vidal -> office-peru-minister-of-foreign-affairs"}},
		{"a leader qualified by a country",
			"Chile and Peru signed the port pact in Lima. Peruvian leader Tomas Ridley welcomed it.",
			[]string{"person-tomas-ridley -> office-peru-president"}},
		{"an office someone is nominated for is not held",
			"The nominee for U.S. ambassador to Mexico, Paul Whitaker, testified on Tuesday. Rosa Vidal, the candidate for Mexico's attorney general, did not. Mexico's Attorney General Carlos Medina Robles did.",
			[]string{"person-carlos-medina-robles -> office-mexico-attorney-general"}},
		{"two attorneys general",
			"U.S. Attorney General Paul Whitaker met Mexico's Attorney General Carlos Medina Robles.",
			[]string{"person-carlos-medina-robles -> office-mexico-attorney-general", "person-paul-whitaker -> office-united-states-attorney-general"}},
		{"country from the list",
			"U.S. Secretary of State John Carver and Acting Attorney General Mary Dalton met Mexico's Interior Secretary Raul Ortega Lira and Acting Attorney General Pedro Trejo.",
			[]string{"person-john-carver -> office-united-states-secretary-of-state", "person-mary-dalton -> office-united-states-attorney-general",
				"person-pedro-trejo -> office-mexico-attorney-general", "person-raul-ortega-lira -> office-mexico-secretary-of-the-interior"}},
		{"bare title read with the administrations table",
			"On May 3, 2022, Secretary Alejandro Mayorkas visited El Paso to review the border.",
			[]string{"person-alejandro-mayorkas -> office-united-states-secretary-of-homeland-security"}},
		{"appositive and relative clause",
			"The talks were led by Marta Zamora, Mexico's security secretary, and by Dean Yates, who is also serving as national security advisor.",
			[]string{"person-dean-yates -> office-united-states-national-security-advisor", "person-marta-zamora -> office-mexico-secretary-of-security-and-citizen-protection"}},
		{"informal title qualified by a country",
			"Mexico's security chief Hugo Salinas Prieto met U.S. Homeland Security Secretary Janet Hale on Thursday.",
			[]string{"person-hugo-salinas-prieto -> office-mexico-secretary-of-security-and-citizen-protection", "person-janet-hale -> office-united-states-secretary-of-homeland-security"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := extractAll(t, tt.text)
			if got := facts(g, graph.RelHoldsOffice); !slices.Equal(got, tt.want) {
				t.Errorf("HOLDS_OFFICE = %q\nwant %q", got, tt.want)
			}
			for _, n := range g.Nodes {
				if n.Label == graph.LabelOffice && n.Properties["country"] == nil {
					t.Errorf("office %s has no country", n.ID)
				}
			}
			if of := facts(g, graph.RelOf); len(of) == 0 {
				t.Error("no OF relationship")
			}
		})
	}
}

func TestStatements(t *testing.T) {
	tests := []textCase{ // SAID facts
		{"curly quote before the verb",
			"“We will win this fight together,” Foreign Minister Ana Torres said on Monday.",
			[]string{"person-ana-torres -> We will win this fight together"}},
		{"straight quote after the verb",
			`Ana Torres, Mexico's foreign minister, said: "We will win this fight together."`,
			[]string{"person-ana-torres -> We will win this fight together."}},
		{"said X",
			"“Cooperation has never been closer than it is today,” said Secretary of State John Carver.",
			[]string{"person-john-carver -> Cooperation has never been closer than it is today"}},
		{"according to an organization",
			"The talks covered “the flow of weapons and cash across the border,” according to a statement issued by the State Department.",
			[]string{"org-u-s-department-of-state -> the flow of weapons and cash across the border"}},
		{"according to X, then a quotation",
			"According to a statement from the Chilean government, the plan rests on “three pillars that reflect shared goals: trade, ports and security.”",
			[]string{"country-chile -> three pillars that reflect shared goals: trade, ports and security."}},
		{"a country's government speaks for it",
			"“We will keep the ports open to every shipping line,” the Peruvian government said. Peruvian authorities did not say more.",
			[]string{"country-peru -> We will keep the ports open to every shipping line"}},
		{"a scare quote before the statement",
			"President Marta Velez said her country would accept only “convicted criminals” and would charge a fee that “would be low for Peru but significant for us.”",
			[]string{"person-marta-velez -> would be low for Peru but significant for us."}},
		{"pronoun and continued quotation",
			"Secretary Elena Marisol chaired the session. “We agreed on many things.\n\n“Also, we will meet again in March,” she said.",
			[]string{"person-elena-marisol -> Also, we will meet again in March", "person-elena-marisol -> We agreed on many things."}},
		{"indirect speech",
			"Interior Secretary Raul Ortega Lira said that the new checkpoints reduced violence in the north.",
			[]string{"person-raul-ortega-lira -> the new checkpoints reduced violence in the north"}},
		{"indirect speech after a time or a channel",
			"U.S. Ambassador Ronald Whitaker said in a statement that the embassy respects the decision.",
			[]string{"person-ronald-whitaker -> the embassy respects the decision"}},
		{"indirect speech with a scare quote in it",
			"Interior Secretary Raul Ortega Lira said that the checkpoints would “choke the gangs” in the north.",
			[]string{"person-raul-ortega-lira -> the checkpoints would “choke the gangs” in the north"}},
		{"a bare quotation continues the last reported speaker",
			"“The ports will stay open,” said Secretary Ana Vidal.\n\nMinister Raul Ortega Lira said that his country would act to “isolate the gangs” at once.\n\n“We will work with every neighbour to close the routes.”",
			[]string{"person-ana-vidal -> The ports will stay open", "person-raul-ortega-lira -> We will work with every neighbour to close the routes.", "person-raul-ortega-lira -> his country would act to “isolate the gangs” at once"}},
		{"a surname that is also a place speaks",
			"Peru's Interior Minister Carla Ruiz Trujillo met the envoys. Ruiz Trujillo said that the checkpoints reduced violence in the north.",
			[]string{"person-carla-ruiz-trujillo -> the checkpoints reduced violence in the north"}},
		{"the place itself does not",
			"Peru's Interior Minister Carla Ruiz Trujillo met the envoys. Officials in Trujillo said that the checkpoints reduced violence in the north.",
			nil},
		{"she: the full name, not a capitalised word before it",
			"Experts such as Laura Benítez say the checkpoints do not work. “You cannot arrest your way out of this,” she said in an interview.",
			[]string{"person-laura-benitez -> You cannot arrest your way out of this"}},
		{"a surname after the quotation, then an apposition",
			"Chilean Interior Minister Ana Vidal met the envoys in Lima. “We will not allow criminal groups to use our border,” Vidal, a former judge, said after the talks.",
			[]string{"person-ana-vidal -> We will not allow criminal groups to use our border"}},
		{"the office of the president is not the president",
			"Chilean President Marta Velez announced on Monday that she had authorized joint patrols. The office of the president issued a statement, noting that two frigates would patrol the strait.",
			[]string{"person-marta-velez -> she had authorized joint patrols"}},
		{"not a relative clause",
			"The secretary said the vessel that departed from the port was never found.",
			nil},
		{"according to, then a clause",
			"According to Mexico's Foreign Ministry, the two countries will hold a new round of talks next month.",
			[]string{"org-secretariat-of-foreign-affairs -> the two countries will hold a new round of talks next month"}},
		{"quote split by its attribution",
			"“We will not accept this,” Foreign Minister Ana Torres said, “and we will defend our position.”",
			[]string{"person-ana-torres -> We will not accept this, and we will defend our position."}},
		{"Spanish speech verb",
			"“Vamos a fortalecer la cooperación con nuestros vecinos”, afirmó la canciller Ana Torres.",
			[]string{"person-ana-torres -> Vamos a fortalecer la cooperación con nuestros vecinos"}},
		{"scare quotes are not statements",
			"The ministry called the strike “kinetic” and moved on.",
			nil},
		{"joint statement",
			"“Our teams will meet every month to review progress,” the U.S. and Mexico said in a joint statement.",
			[]string{"country-united-states -> Our teams will meet every month to review progress"}},
	}
	runCases(t, tests, "SAID", func(g *graph.Graph) []string { return facts(g, graph.RelSaid) })
}

func TestAgreements(t *testing.T) {
	tests := []textCase{
		{"agreed on a day to",
			"The governments of Mexico and Canada agreed on Friday to replace the old plan with a new framework.",
			[]string{"country-canada -> replace the old plan with a new framework", "country-mexico -> replace the old plan with a new framework"}},
		{"countries agree",
			"The governments of Mexico and Canada agreed to share intelligence on arms trafficking, a step both welcomed.",
			[]string{"country-canada -> share intelligence on arms trafficking", "country-mexico -> share intelligence on arms trafficking"}},
		{"both countries",
			"Officials of Mexico and Guatemala met in Tapachula. Both countries agreed on the need to protect migrants from criminal groups, from the border to the capital.",
			[]string{"country-guatemala -> protect migrants from criminal groups", "country-mexico -> protect migrants from criminal groups"}},
		{"people sign",
			"Mexico's Foreign Minister Ana Torres and U.S. Secretary of State John Carver met on Friday. At the meeting, the Mexican foreign minister and the U.S. secretary of state signed an agreement to create a joint task force.",
			[]string{"person-ana-torres -> signed an agreement to create a joint task force", "person-john-carver -> signed an agreement to create a joint task force"}},
		{"we agreed",
			"A meeting between Mexico and the U.S. took place. “We agreed to reinforce border inspections, with new scanners,” she said.",
			[]string{"country-mexico -> reinforce border inspections", "country-united-states -> reinforce border inspections"}},
	}
	runCases(t, tests, "AGREED_TO", func(g *graph.Graph) []string { return facts(g, graph.RelAgreedTo) })
}

// TestRoleFromAdministrations checks that a role the corpus names nobody
// for is read through the administrations table at the document's date.
func TestRoleFromAdministrations(t *testing.T) {
	g := extractAll(t, "date 2015-03-02\nThe Mexican president said that the new police force would be ready within a year.")
	if got, want := facts(g, graph.RelSaid), []string{"person-enrique-pena-nieto -> the new police force would be ready within a year"}; !slices.Equal(got, want) {
		t.Errorf("SAID = %q, want %q", got, want)
	}
}

// TestMeetingReportedTwice checks that two texts reporting the same
// unnamed meeting give one Meeting.
func TestMeetingReportedTwice(t *testing.T) {
	g := extractAll(t,
		"date 2024-03-04\nMexico's Foreign Minister Ana Torres met U.S. Secretary of State John Carver in Ottawa on Sunday.",
		"On March 3, 2024, Secretary of State John Carver met with Mexican Foreign Minister Ana Torres to discuss fentanyl.")
	if got := names(g, graph.LabelMeeting); len(got) != 1 {
		t.Errorf("meetings = %q, want one", got)
	}
}

// TestAttendanceClause checks that people of a subordinate clause did not
// attend, and that a dateline places the meeting.
func TestAttendanceClause(t *testing.T) {
	g := extractAll(t, "Headline here\nMEXICO CITY — Mexico's Security Secretary Pedro Trejo met U.S. officials on Wednesday, "+
		"the first meeting since President Barack Obama took office.\nThey agreed to meet again in Washington.")
	if got, want := facts(g, graph.RelAttended), []string{"person-pedro-trejo -> "}; len(got) != 1 || !strings.HasPrefix(got[0], want[0]) {
		t.Errorf("ATTENDED = %q", got)
	}
	for _, n := range g.Nodes {
		if n.Label == graph.LabelMeeting && n.Properties["place"] != "Mexico City" {
			t.Errorf("place = %v, want Mexico City", n.Properties["place"])
		}
	}
}

// TestEventAsTopic checks that a named event the text only talks about is
// not the meeting it reports.
func TestEventAsTopic(t *testing.T) {
	g := extractAll(t, "Secretary of State John Carver met today with Mexican Foreign Secretary Ana Torres in Mexico City. "+
		"They discussed the Bilateral Security Dialogue and migration.")
	want := []string{"person-ana-torres -> meeting-", "person-john-carver -> meeting-"}
	got := facts(g, graph.RelAttended)
	if len(got) != 2 || !strings.HasPrefix(got[0], want[0]) || !strings.HasPrefix(got[1], want[1]) || strings.Contains(got[0], "dialogue") {
		t.Errorf("ATTENDED = %q, want the unnamed meeting in Mexico City", got)
	}
}

func TestMeetings(t *testing.T) {
	g := extractAll(t,
		"At the Third Bilateral Security Dialogue held in Mexico City on March 3, 2022, Mexico's Foreign Minister Ana Torres and U.S. Secretary of State John Carver discussed arms trafficking.",
		"The third Bilateral Security Dialogue concluded today. For the United States, the dialogue was headed by Secretary of Homeland Security Dean Yates.",
	)
	if got, want := names(g, graph.LabelMeeting), []string{"Third Bilateral Security Dialogue"}; !slices.Equal(got, want) {
		t.Fatalf("meetings = %q, want %q", got, want)
	}
	want := []string{"person-ana-torres -> meeting-third-bilateral-security-dialogue", "person-dean-yates -> meeting-third-bilateral-security-dialogue",
		"person-john-carver -> meeting-third-bilateral-security-dialogue"}
	if got := facts(g, graph.RelAttended); !slices.Equal(got, want) {
		t.Errorf("ATTENDED = %q\nwant %q", got, want)
	}
	for _, n := range g.Nodes {
		if n.Label == graph.LabelMeeting && (n.Properties["date"] != "2022-03-03" || n.Properties["place"] != "Mexico City") {
			t.Errorf("meeting properties = %v", n.Properties)
		}
	}
	for _, d := range g.Documents {
		if d.Date != "2022-03-03" {
			t.Errorf("%s date = %q, want the dialogue's 2022-03-03", d.Source, d.Date)
		}
	}
}

func TestNoise(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	in := []string{"Press \"Enter\" to skip to content", "Sorry!!", "Error! We're sorry, but the page you were looking for doesn't exist.",
		"Officials met in Ottawa.", "CommentsNo comment", "Read more", "sg", "Legal Disclaimer:", "The provider accepts no liability."}
	got := x.lx.dropNoise(in)
	if want := []string{"Officials met in Ottawa."}; !slices.Equal(got, want) {
		t.Errorf("dropNoise = %q, want %q", got, want)
	}
}

func TestTitle(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Mexico and Canada sign security pact\nOfficials met.", "Mexico and Canada sign security pact"},
		{"WASHINGTON, Jan 14 (Reuters) - Officials of Mexico and Canada met on Tuesday. More followed.", "Officials of Mexico and Canada met on Tuesday."},
		{"---\ntitle: Pact signed\n---\nOfficials met.", "Pact signed"},
	}
	for _, tt := range tests {
		if got := extractAll(t, tt.text).Documents[0].Title; got != tt.want {
			t.Errorf("title of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestRepeatedParagraphs(t *testing.T) {
	p := "“We will keep working with our neighbors on every front,” Foreign Minister Ana Torres said."
	g := extractAll(t, "Title line of the page\n"+p+"\n"+p+"\n"+p)
	if got := facts(g, graph.RelSaid); len(got) != 1 {
		t.Errorf("SAID = %q, want one statement", got)
	}
	if g.Documents[0].Title != "Title line of the page" {
		t.Errorf("title = %q", g.Documents[0].Title)
	}
}

// TestProvenance checks that every relationship names its document and
// sentence and every entity is linked to the documents that mention it.
func TestProvenance(t *testing.T) {
	g := extractAll(t, "“We will win this fight together,” Foreign Minister Ana Torres said. The U.S. and Mexico agreed to share intelligence.")
	mentioned := map[string]bool{}
	for _, r := range g.Relationships {
		if r.Doc() == "" || r.Evidence() == "" {
			t.Errorf("%s %s->%s lacks doc or evidence", r.Type, r.From, r.To)
		}
		if r.Type == graph.RelMentionedIn {
			mentioned[r.From] = true
		}
	}
	for _, n := range g.Nodes {
		if !mentioned[n.ID] {
			t.Errorf("%s has no MENTIONED_IN", n.ID)
		}
		for k, v := range n.Properties {
			switch v.(type) {
			case string, []string, bool, int, float64:
			default:
				t.Errorf("%s property %s has type %T", n.ID, k, v)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	texts := []string{"Mexican President Vicente Fox met U.S. Secretary of State John Carver on July 4. “It went well,” Fox said.",
		"The governments of Mexico and Canada agreed to share intelligence on arms trafficking."}
	var outs [][]byte
	for range 3 {
		var b bytes.Buffer
		if err := graph.WriteJSON(&b, extractAll(t, texts...)); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.Bytes())
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(outs[1], outs[2]) {
		t.Error("same input gave different JSON")
	}
	if !strings.Contains(string(outs[0]), `"person-vicente-fox"`) {
		t.Errorf("unexpected output:\n%s", outs[0])
	}
}
