package graph

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestIsIdentifier(t *testing.T) {
	// The regular expression isIdentifier replaced.
	re := regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	for _, s := range []string{"", "A", "z", "Person", "HOLDS_OFFICE", "R2", "a_1_b", "_A", "1A", "A-B", "A B", "Ä", "Aé", "A\n", "ok;DROP"} {
		if got, want := isIdentifier(s), re.MatchString(s); got != want {
			t.Errorf("isIdentifier(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFingerprintEncoding(t *testing.T) {
	hash := func(write func(f *fingerprint)) string {
		f := newFingerprint()
		write(f)
		return f.sum()
	}
	// Pairs that a naive concatenation would hash alike.
	tests := []struct {
		name string
		a, b func(f *fingerprint)
	}{
		{"split strings", func(f *fingerprint) { f.str("ab"); f.str("c") }, func(f *fingerprint) { f.str("a"); f.str("bc") }},
		{"string and list", func(f *fingerprint) { f.value("a") }, func(f *fingerprint) { f.value([]string{"a"}) }},
		{"number and its text", func(f *fingerprint) { f.value(int64(1)) }, func(f *fingerprint) { f.value("1") }},
		{"int and float", func(f *fingerprint) { f.value(1) }, func(f *fingerprint) { f.value(1.0) }},
		{"key and value swapped", func(f *fingerprint) { f.props(map[string]any{"a": "b"}) }, func(f *fingerprint) { f.props(map[string]any{"b": "a"}) }},
		{"nil and empty", func(f *fingerprint) { f.value(nil) }, func(f *fingerprint) { f.value("") }},
		{"true and false", func(f *fingerprint) { f.value(true) }, func(f *fingerprint) { f.value(false) }},
		{"a long value", func(f *fingerprint) { f.str(strings.Repeat("x", 5000)) }, func(f *fingerprint) { f.str(strings.Repeat("x", 5001)) }},
	}
	for _, tt := range tests {
		if hash(tt.a) == hash(tt.b) {
			t.Errorf("%s: same hash", tt.name)
		}
	}
	// Keys are sorted: the map's order never shows.
	m := map[string]any{}
	for i := range 20 {
		m[fmt.Sprint("k", i)] = i
	}
	want := hash(func(f *fingerprint) { f.props(m) })
	for range 20 {
		if got := hash(func(f *fingerprint) { f.props(m) }); got != want {
			t.Fatalf("props hash varies: %s, %s", got, want)
		}
	}
}

// TestPlanSyncFactOrder: PlanSync groups facts the same way whatever the
// order of the relationships (the extractor's, by document, sorted; or
// any other), with duplicates dropped (the first kept) and the same
// hashes.
func TestPlanSyncFactOrder(t *testing.T) {
	rel := func(typ, from, to, doc, evidence string) Relationship {
		return Relationship{Type: typ, From: from, To: to, Properties: map[string]any{PropDoc: doc, PropEvidence: evidence}}
	}
	g := &Graph{
		Documents: []Document{{ID: "d-1", Source: "1.txt"}, {ID: "d-2", Source: "2.txt"}, {ID: "d-3", Source: "3.txt"}},
		Nodes: []Node{
			{ID: "p-a", Label: LabelPerson, Name: "A"}, {ID: "p-b", Label: LabelPerson, Name: "B"},
			{ID: "o-x", Label: LabelOffice, Name: "X"}, {ID: "s-1", Label: LabelStatement, Name: "S"},
		},
		// The extractor's order: by document, each sorted.
		Relationships: []Relationship{
			rel(RelHoldsOffice, "p-a", "o-x", "d-1", "A is X."),
			rel(RelHoldsOffice, "p-a", "o-x", "d-1", "A, the X."), // a duplicate
			rel(RelMentionedIn, "p-a", "d-1", "d-1", ""),
			rel(RelSaid, "p-a", "s-1", "d-1", "A said."),
			rel(RelMentionedIn, "p-b", "d-2", "d-2", ""),
			rel(RelMentionedIn, "p-nobody", "d-2", "d-2", ""), // an end the graph lacks
			rel(RelMentionedIn, "p-a", "d-x", "d-x", ""),      // no such document
			rel(RelHoldsOffice, "p-b", "o-x", "d-3", "B is X."),
			rel("BAD TYPE", "p-b", "o-x", "d-3", ""),
		},
	}
	// The extractor's order, then others.
	want := planFacts(PlanSync(g, nil, nil))
	if wantStr := "d-1: HOLDS_OFFICE p-a o-x A is X. | MENTIONED_IN p-a d-1  | SAID p-a s-1 A said.; " +
		"d-2: MENTIONED_IN p-b d-2 ; d-3: HOLDS_OFFICE p-b o-x B is X.; unattributed 1, skipped 2"; want != wantStr {
		t.Errorf("plan of the extractor's order:\n got %s\nwant %s", want, wantStr)
	}
	orders := map[string][]int{
		"reversed":                       {8, 7, 6, 5, 4, 3, 2, 1, 0},
		"a document in two runs":         {0, 1, 4, 2, 3, 5, 6, 7, 8},
		"out of order within a document": {3, 0, 1, 2, 4, 5, 6, 7, 8},
		"duplicate first":                {1, 0, 2, 3, 4, 5, 6, 7, 8},
		"last document split":            {7, 0, 1, 2, 3, 4, 5, 6, 8},
	}
	for name, order := range orders {
		h := *g
		h.Relationships = nil
		for _, i := range order {
			h.Relationships = append(h.Relationships, g.Relationships[i])
		}
		got := planFacts(PlanSync(&h, nil, nil))
		if name == "duplicate first" || name == "reversed" {
			// The first in input order is the one written, as Load does.
			want := strings.Replace(want, "A is X.", "A, the X.", 1)
			if got != want {
				t.Errorf("%s:\n got %s\nwant %s", name, got, want)
			}
			continue
		}
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

// planFacts renders each planned document's facts (sorted) and its
// hash's agreement with factsHash of them, and the plan's counts.
func planFacts(p *SyncPlan) string {
	var docs []string
	for _, d := range p.Replace {
		facts := slices.Clone(d.Facts)
		slices.SortFunc(facts, compareRelationships)
		var fs []string
		for _, r := range facts {
			fs = append(fs, fmt.Sprintf("%s %s %s %s", r.Type, r.From, r.To, r.Evidence()))
		}
		if d.FactsHash != factsHash(d.Document, d.Facts, p.labelOf, p.relCypher) {
			fs = append(fs, "hash differs")
		}
		docs = append(docs, d.Document.ID+": "+strings.Join(fs, " | "))
	}
	return fmt.Sprintf("%s; unattributed %d, skipped %d", strings.Join(docs, "; "), p.Unattributed, p.Skipped)
}
