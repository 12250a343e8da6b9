package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// attendees returns "person -> meeting number" for the ATTENDED facts of
// g, numbering meetings in order of their sorted ids, so that cases can say
// which people met together without spelling generated ids.
func attendees(g *graph.Graph) []string {
	num := map[string]string{}
	for _, n := range g.Nodes {
		if n.Label == graph.LabelMeeting {
			num[n.ID] = string(rune('1' + len(num)))
		}
	}
	var out []string
	for _, f := range facts(g, graph.RelAttended) {
		from, to, _ := strings.Cut(f, " -> ")
		out = append(out, from+" -> "+num[to])
	}
	return out
}

// TestAttendance pins the attendance predicates, each with words between
// its parts, and the split of a text into several meetings.
func TestAttendance(t *testing.T) {
	tests := []textCase{
		{"received",
			"Chile's Foreign Minister Laura Quintero received Canadian Minister Tomas Ridley in Santiago on Monday.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"spoke by phone with",
			"Chilean President Marta Velez spoke on Monday by phone with Canadian Prime Minister Oren Halloway.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"held a meeting",
			"President Marta Velez and Prime Minister Oren Halloway held a bilateral meeting in Santiago.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"after meeting with",
			"“We have a deal,” Tomas Ridley said after meeting with Laura Quintero in Santiago.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"after a bilateral meeting: every subject met",
			"Ports will stay open, Prime Minister Oren Halloway and President Marta Velez announced on Friday after a bilateral meeting in Lima.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"after a meeting of others: no one of the sentence",
			"President Marta Velez announced the plan after a meeting of the port commission.",
			nil},
		{"a surname before a relative clause holds the talks",
			"Minister Laura Quintero met Ambassador Tomas Ridley on Monday. Quintero, who arrived in Lima on Sunday, also held talks with Secretary Ana Vidal.",
			[]string{"person-ana-vidal -> 1", "person-laura-quintero -> 1", "person-laura-quintero -> 2", "person-tomas-ridley -> 2"}},
		{"a hyphenated modifier in the meeting phrase",
			"President Marta Velez and President Oren Halloway held a 40-minute phone call on Thursday.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"they: the people of the meeting told",
			"Chile's delegation will be led by Minister Laura Quintero and Minister Tomas Ridley. They will meet with Secretary Ana Vidal in Lima.",
			[]string{"person-ana-vidal -> 1", "person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"the source of the telling did not take part",
			"Minister Laura Quintero spoke by phone with Secretary Ana Vidal on Monday. In the call, Quintero thanked Peru for its help, spokesperson Tomas Ridley said in a statement.",
			[]string{"person-ana-vidal -> 1", "person-laura-quintero -> 1"}},
		{"an international body's summit, on its sidelines",
			"President Marta Velez and President Oren Halloway signed a port accord on the sidelines of the Mercosur summit in Asunción.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"refused to meet: no meeting",
			"President Marta Velez refused to meet with envoy Tomas Ridley on Wednesday, her office said.",
			nil},
		{"did not meet: no meeting",
			"Minister Laura Quintero did not meet Secretary Ana Vidal in Lima.",
			nil},
		{"cancelled a meeting with: no meeting",
			"President Marta Velez canceled a planned meeting with Secretary of State Oren Halloway on Friday.",
			nil},
		{"met both A and B: a meeting with each",
			"Chilean President Marta Velez met Peruvian President Oren Halloway in Lima on Monday. Velez is on a regional tour during which she has met both Halloway and Bolivian President Ana Vidal.",
			[]string{"person-ana-vidal -> 1", "person-marta-velez -> 1", "person-marta-velez -> 2", "person-oren-halloway -> 2"}},
		{"talks between A and B opening the sentence",
			"Talks between Chilean Minister Laura Quintero and Peruvian Minister Tomas Ridley ended without agreement on Friday.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"a person named to say who someone is did not take part",
			"Minister Laura Quintero met Ana Vidal, the wife of Chilean President Tomas Ridley, in Lima.",
			[]string{"person-ana-vidal -> 1", "person-laura-quintero -> 1"}},
		{"an event in which they take part",
			"Minister Laura Quintero met Minister Tomas Ridley in Lima on Monday. The two spoke to reporters before the Pacific Ports Dialogue, in which they are also scheduled to discuss fees.",
			[]string{"person-laura-quintero -> 1", "person-laura-quintero -> 2", "person-tomas-ridley -> 1", "person-tomas-ridley -> 2"}},
		{"an event others take part in",
			"Minister Laura Quintero met Minister Tomas Ridley in Lima on Monday. The two spoke to reporters about the Pacific Ports Dialogue, which opens next week.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"during X's visit: the subjects were at it",
			"During Ridley's visit to Lima, Minister Tomas Ridley and Minister Laura Quintero signed a port accord.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"he opening a sentence: the subject before",
			"Minister Tomas Ridley arrived in Lima on Tuesday for a two-day visit. He will meet President Marta Velez on Wednesday.",
			[]string{"person-marta-velez -> 1", "person-tomas-ridley -> 1"}},
		{"a relative clause's meeting: its object met the antecedent",
			"Minister Laura Quintero, who met Secretary Tomas Ridley in Lima on Monday, said the talks went well.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"A and B spoke by phone",
			"President Marta Velez and Prime Minister Oren Halloway spoke by phone for 40 minutes on Thursday.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"verb the meeting",
			"Secretary Laura Quintero chaired the meeting of the border commission.",
			[]string{"person-laura-quintero -> 1"}},
		{"during the named event: its subject attended",
			"President Marta Velez and Prime Minister Oren Halloway set up a port commission during the Pacific Ports Summit in Lima.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"during the named event: only the subject",
			"The commission that President Marta Velez proposed was set up by officials during the Pacific Ports Summit in Lima.",
			nil},
		{"during the named event: X's trip is X's own",
			"Laura Quintero's trip to Ottawa follows the talks of officials during the Pacific Ports Summit in Lima.",
			[]string{"person-laura-quintero -> 1"}},
		{"the call between A and B: they met, not the sentence's subject",
			"Ana Ruiz met Marta Velez in Lima. Ruiz praised the dialogue shown by last Saturday's phone call between President Oren Halloway and President Marta Velez on February 3 and these meetings in Lima.",
			[]string{"person-ana-ruiz -> 2", "person-marta-velez -> 1", "person-marta-velez -> 2", "person-oren-halloway -> 1"}},
		{"the meeting between A and B during an event is theirs, not the event's",
			"Laura Quintero's visit to Ottawa follows the meeting between Presidents Marta Velez and Oren Halloway on November 16 during the Pacific Ports Summit in Lima.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"she, after her name in the sentence; a surname before \"was\"",
			"Secretary Kristi Vance met President Ana Ruiz in Lima on Wednesday. Vance was headed next to Quito, where she was scheduled to meet with President Oren Halloway on Thursday.",
			[]string{"person-ana-ruiz -> 2", "person-kristi-vance -> 1", "person-kristi-vance -> 2", "person-oren-halloway -> 1"}},
		{"the visit of others to meet Z is not the subject's",
			"Ambassador Ana Ruiz angered President Marta Velez by criticizing the visit of Chilean officials to Lima to meet with the Peruvian defense minister, Oren Halloway.",
			[]string{"person-oren-halloway -> 1"}},
		{"together with a person lists who was there, \"work together with the aim\" does not",
			"Minister Laura Quintero met Minister Tomas Ridley in Lima. In 2018 the government of former President Marta Velez reached an accord with Peru to work together with the aim of cutting smuggling by half.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"together with a minister",
			"Together with Chilean Minister of Ports Ana Vidal, Secretary Laura Quintero toured the terminal in Valparaiso.",
			[]string{"person-ana-vidal -> 1", "person-laura-quintero -> 1"}},
		{"cancelled the meeting",
			"Secretary Laura Quintero cancelled the meeting of the border commission.",
			nil},
		{"delegation included",
			"The Chilean delegation included Laura Quintero, Undersecretary of Ports; Tomas Ridley, Director of Customs; and other officials.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"in their first meeting",
			"President Marta Velez and Minister Tomas Ridley discussed port fees in their first meeting Wednesday.",
			[]string{"person-marta-velez -> 1", "person-tomas-ridley -> 1"}},
		{"are meeting",
			"Minister Laura Quintero and her Canadian counterpart, Tomas Ridley, are meeting on Friday in Ottawa.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"meet a goal is no meeting",
			"President Marta Velez has promised to meet that goal by 2030.",
			nil},
		{"discussed with",
			"President Marta Velez discussed tariffs on Monday with Prime Minister Oren Halloway.",
			[]string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}},
		{"a roster adds to the meeting told of",
			"President Marta Velez met Prime Minister Oren Halloway in Santiago. On the Chilean side, participants included Laura Quintero, Undersecretary of Ports; and Tomas Ridley, Director of Customs.",
			[]string{"person-laura-quintero -> 1", "person-marta-velez -> 1", "person-oren-halloway -> 1", "person-tomas-ridley -> 1"}},
		{"the visit of others is another meeting",
			"President Marta Velez met Prime Minister Oren Halloway in Santiago. Officials had criticized the visit of Laura Quintero to Lima to meet with Tomas Ridley.",
			[]string{"person-laura-quintero -> 1", "person-marta-velez -> 2", "person-oren-halloway -> 2", "person-tomas-ridley -> 1"}},
		{"someone new is another meeting",
			"President Marta Velez met Prime Minister Oren Halloway in Santiago. On the same trip, Velez has also met Governor Rosa Soto.",
			[]string{"person-marta-velez -> 1", "person-marta-velez -> 2", "person-oren-halloway -> 2", "person-rosa-soto -> 1"}},
		{"a counterpart completes a visit",
			"Minister Laura Quintero's visit to Ottawa was brief. Quintero met with Minister Tomas Ridley.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
		{"the delegation met",
			"Minister Laura Quintero led a delegation to Ottawa. Tomas Ridley and Ana Duarte accompanied Quintero on the delegation. " +
				"Later, the full delegation met with Canadian Minister Oren Halloway.",
			[]string{"person-ana-duarte -> 1", "person-ana-duarte -> 2", "person-laura-quintero -> 1", "person-laura-quintero -> 2",
				"person-oren-halloway -> 1", "person-tomas-ridley -> 1", "person-tomas-ridley -> 2"}},
		{"two meetings on two days",
			"On Monday, Ambassador Kim Lark met Minister Ana Duarte in Lima. On Tuesday, Kim Lark toured the port with Governor Rosa Soto.",
			[]string{"person-ana-duarte -> 2", "person-kim-lark -> 1", "person-kim-lark -> 2", "person-rosa-soto -> 1"}},
		{"two meetings, other people",
			"President Marta Velez met Prime Minister Oren Halloway in Santiago. Separately, Minister Laura Quintero met with Minister Tomas Ridley.",
			[]string{"person-laura-quintero -> 1", "person-marta-velez -> 2", "person-oren-halloway -> 2", "person-tomas-ridley -> 1"}},
	}
	runCases(t, tests, "ATTENDED", attendees)
}

// TestEventNames pins how named events are read: a plural's apostrophe and
// a numbered ordinal belong to the name, a date after it does not, and an
// event that only dates the sentence ("ahead of the Summit") is not the
// meeting its people attended.
func TestEventNames(t *testing.T) {
	g := extractAll(t, "President Marta Velez and Prime Minister Oren Halloway held a bilateral meeting in Santiago "+
		"a day ahead of the 5th Pacific Ports Leaders’ Summit on March 3 with Governor Rosa Soto.")
	want := []string{"5th Pacific Ports Leaders’ Summit", "Meeting of Marta Velez and Oren Halloway in Santiago"}
	if got := names(g, graph.LabelMeeting); !slices.Equal(got, want) {
		t.Errorf("meetings = %q, want %q", got, want)
	}
	if got, want := attendees(g), []string{"person-marta-velez -> 1", "person-oren-halloway -> 1"}; !slices.Equal(got, want) {
		t.Errorf("ATTENDED = %q, want %q", got, want)
	}
}

// TestBodyEventNames checks that an international body and a lowercase
// meeting noun name an event, and a national body's does not.
func TestBodyEventNames(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"President Marta Velez spoke during the Asia-Pacific Economic Cooperation (APEC) forum in Lima.", []string{"Asia-Pacific Economic Cooperation (APEC) forum"}},
		{"President Marta Velez spoke during the NATO summit in Madrid.", []string{"NATO summit"}},
		{"President Marta Velez spoke during the State Department meeting in Washington.", nil},
	}
	for _, tt := range tests {
		g := extractAll(t, tt.text)
		if got := names(g, graph.LabelMeeting); !slices.Equal(got, tt.want) {
			t.Errorf("%s\nmeetings = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestHeadlineEvent checks that an event a headline names is the meeting
// the text then tells, not a second one.
func TestHeadlineEvent(t *testing.T) {
	g := extractAll(t, "Joint Statement Following the Third Ports Ministers Meeting\n\n"+
		"On May 4, 2023 Minister Laura Quintero hosted Minister Tomas Ridley in Santiago.")
	if got, want := names(g, graph.LabelMeeting), []string{"Third Ports Ministers Meeting"}; !slices.Equal(got, want) {
		t.Errorf("meetings = %q, want %q", got, want)
	}
	if got, want := attendees(g), []string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}; !slices.Equal(got, want) {
		t.Errorf("ATTENDED = %q, want %q", got, want)
	}
}

// TestFirstPerson pins participants who speak in the first person: a
// transcript's labelled turn (an all-caps name is a name), a welcome
// formula, "I ... with Y" in an attributed quote, and "X asked Y to meet
// Z", which is no meeting of X.
func TestFirstPerson(t *testing.T) {
	tests := []textCase{
		{"transcript turn",
			"Remarks by Minister Laura Quintero and Secretary Dan Ross\n\n" +
				"MINISTER QUINTERO: It is a pleasure to receive Secretary Dan Ross in Santiago today.",
			[]string{"person-dan-ross -> 1", "person-laura-quintero -> 1"}},
		{"I in a quote",
			"“I just left a working session with Minister Tomas Ridley,” Secretary Dan Ross said on Monday.",
			[]string{"person-dan-ross -> 1", "person-tomas-ridley -> 1"}},
		{"asked to meet",
			"“I asked Laura Quintero to meet with Tomas Ridley,” President Marta Velez said.",
			[]string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}},
	}
	runCases(t, tests, "ATTENDED", attendees)
	g := extractAll(t, tests[0].text)
	if got, want := facts(g, graph.RelSaid), []string{"person-laura-quintero -> It is a pleasure to receive Secretary Dan Ross in Santiago today."}; !slices.Equal(got, want) {
		t.Errorf("SAID = %q, want %q", got, want)
	}
}

// TestEventInPassingUndated checks that an event named in passing does not
// take the document's date, while the meeting the text reports does.
func TestEventInPassingUndated(t *testing.T) {
	g := extractAll(t, "---\ndate: 2024-05-02\n---\nPresident Marta Velez met Prime Minister Oren Halloway in Santiago "+
		"ahead of the Pacific Ports Summit.")
	got := map[string]any{}
	for _, n := range g.Nodes {
		if n.Label == graph.LabelMeeting {
			got[n.Name] = n.Properties["date"]
		}
	}
	want := map[string]any{"Pacific Ports Summit": nil, "Meeting of Marta Velez and Oren Halloway in Santiago on 2024-05-02": "2024-05-02"}
	if len(got) != len(want) {
		t.Fatalf("meetings = %v, want %v", got, want)
	}
	for k, v := range want {
		if d, ok := got[k]; !ok || d != v {
			t.Errorf("meeting %q date = %v, want %v (all: %v)", k, d, v, got)
		}
	}
}

// TestBodyIsNoEvent: a body of countries or officials ("the Pacific Ports
// Group") is no meeting; a meeting of it is.
func TestBodyIsNoEvent(t *testing.T) {
	g := extractAll(t, "“We will keep working jointly with the countries of the Pacific Ports Group and with other democracies across the region,” Minister Laura Quintero said.")
	if got := names(g, graph.LabelMeeting); len(got) != 0 {
		t.Errorf("meetings = %q, want none", got)
	}
}
