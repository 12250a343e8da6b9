package graph

import (
	"maps"
	"slices"
	"testing"
)

// These tests check the planning half of Sync without a server: which
// documents and nodes a change touches. graph/reload's tests write the
// plans to a real Neo4j and compare the result with a fresh load.

func TestFactsHash(t *testing.T) {
	d := Document{ID: "doc-a", Source: "a.txt", SHA256: "sha-a", Title: "A"}
	labels := map[string]string{"doc-a": LabelDocument, "p-ana": LabelPerson, "s-1": LabelStatement, "c-mx": LabelCountry}
	rel := func(typ, from, to, evidence string) Relationship {
		return Relationship{Type: typ, From: from, To: to, Properties: map[string]any{PropDoc: "doc-a", PropEvidence: evidence}}
	}
	facts := []Relationship{
		rel(RelSaid, "p-ana", "s-1", "Ana said it."),
		rel(RelMentionedIn, "p-ana", "doc-a", ""),
		rel(RelMentionedIn, "c-mx", "doc-a", ""),
	}
	// relCypher as PlanSync gives it.
	factsHash := func(d Document, facts []Relationship, labels map[string]string) string {
		return factsHash(d, facts, labels, mergeRelCypher(endLabels(labels)))
	}
	base := factsHash(d, facts, labels)
	// The format's fingerprint: a change of encoding must change
	// factsHashFormat too, and this value (stored hashes then differ once).
	if want := "97595fb31c24334b5d806fbc7629f06380e2d4477c7d7f82243fdd4f51f084da"; base != want {
		t.Errorf("factsHash = %s, want %s", base, want)
	}
	// A duplicate sorting after the first: the first is what is written.
	if got := factsHash(d, append(slices.Clone(facts), rel(RelSaid, "p-ana", "s-1", "Ana said it; twice.")), labels); got != base {
		t.Error("a duplicate fact (same type, ends and document) changed the hash")
	}
	reversed := slices.Clone(facts)
	slices.Reverse(reversed)
	if got := factsHash(d, reversed, labels); got != base {
		t.Error("the order of facts changed the hash")
	}
	changed := slices.Clone(facts)
	changed[0] = rel(RelSaid, "p-ana", "s-1", "Ana said something else.")
	retitled := d
	retitled.Title = "new title"
	relabelled := maps.Clone(labels)
	relabelled["c-mx"] = LabelOrganization
	for name, got := range map[string]string{
		"evidence":       factsHash(d, changed, labels),
		"document":       factsHash(retitled, facts, labels),
		"an end's label": factsHash(d, facts, relabelled),
		"a fact less":    factsHash(d, facts[1:], labels),
	} {
		if got == base {
			t.Errorf("a change of %s left the hash as it was", name)
		}
	}
}

func TestContentHashIgnoresItself(t *testing.T) {
	p := NodeProperties(Node{ID: "p-ana", Label: LabelPerson, Name: "Ana", Aliases: []string{"A"}})
	h := ContentHash(p)
	p[PropContentHash] = h
	if got := ContentHash(p); got != h {
		t.Errorf("ContentHash with its own hash stored = %s, want %s", got, h)
	}
	p["name"] = "Ana María"
	if ContentHash(p) == h {
		t.Error("a new name left the hash as it was")
	}
}

func TestGroupDocuments(t *testing.T) {
	doc := func(facts int) DocumentFacts { return DocumentFacts{Facts: make([]Relationship, facts)} }
	docs := []DocumentFacts{doc(2), doc(2), doc(9), doc(0), doc(1), doc(3)}
	tests := []struct {
		size int
		want []int // group lengths
	}{
		{1, []int{1, 1, 1, 1, 1, 1}}, // one document per transaction
		{6, []int{2, 1, 2, 1}},       // 3+3 | 10 alone (never split) | 1+2 | 4
		{100, []int{6}},              // all in one
		{7, []int{2, 1, 3}},          // 3+3 | 10 | 1+2+4
	}
	for _, tt := range tests {
		var got []int
		for g := range groupDocuments(docs, tt.size) {
			got = append(got, len(g))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("size %d: groups %v, want %v", tt.size, got, tt.want)
		}
	}
}

func TestDeleteFactsCypher(t *testing.T) {
	got := deleteFactsCypher([]string{"SAID", "bad type", "OF"})
	want := "UNWIND $rows AS row" +
		" CALL { WITH row MATCH ()-[r:SAID {doc: row.id}]->() DELETE r }" +
		" CALL { WITH row MATCH ()-[r:OF {doc: row.id}]->() DELETE r } RETURN count(*)"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := removeDocumentsCypher([]string{"OF"}); got != "UNWIND $rows AS row"+
		" CALL { WITH row MATCH ()-[r:OF {doc: row.id}]->() DELETE r }"+
		" WITH row MATCH (d:Document {id: row.id}) DETACH DELETE d" {
		t.Errorf("removeDocumentsCypher: %s", got)
	}
}
