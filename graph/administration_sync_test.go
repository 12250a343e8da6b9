package graph_test

import (
	"context"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// TestSyncAdministrationsOf: linking only the documents a sync rewrote
// leaves the graph SyncAdministrations leaves, for each kind of change of
// a document's date; with no document it writes nothing.
func TestSyncAdministrationsOf(t *testing.T) {
	ctx := context.Background()
	doc := func(id, date string) graph.Document {
		return graph.Document{ID: id, Source: id + ".txt", SHA256: "sha-" + id + date, Title: id, Date: date}
	}
	docs := func(ds ...graph.Document) *graph.Graph { return &graph.Graph{Documents: ds} }
	steps := []struct {
		name    string
		graph   *graph.Graph
		rewrite []string // the documents the sync rewrote
		during  int      // DURING links after it
	}{
		// By the embedded table: 2018-03-02 in one US and one Mexican
		// administration, 2010 and 2010-05 too, 2018 in one US and two
		// Mexican ones.
		{"first", docs(doc("d1", "2018-03-02"), doc("d2", "2010"), doc("d3", "")), []string{"d1", "d2", "d3"}, 4},
		{"a date changes", docs(doc("d1", "2010-05"), doc("d2", "2010"), doc("d3", "")), []string{"d1"}, 4},
		{"a date goes", docs(doc("d1", "2010-05"), doc("d2", ""), doc("d3", "")), []string{"d2"}, 2},
		{"a date comes", docs(doc("d1", "2010-05"), doc("d2", ""), doc("d3", "2018")), []string{"d3"}, 5},
		{"a document comes", docs(doc("d1", "2010-05"), doc("d2", ""), doc("d3", "2018"), doc("d4", "2018-03-02")), []string{"d4"}, 7},
		{"a document goes", docs(doc("d1", "2010-05"), doc("d3", "2018"), doc("d4", "2018-03-02")), nil, 7},
	}
	var s *graph.Store
	// The fresh graph of each step: synced, then every document linked.
	want := make([][]string, len(steps))
	for i, st := range steps {
		s = newStore(t)
		if _, _, err := s.Sync(ctx, st.graph, graph.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := s.SyncAdministrations(ctx); err != nil {
			t.Fatal(err)
		}
		want[i] = dump(t, s)
	}
	s = newStore(t)
	if err := s.SyncAdministrations(ctx); err != nil { // the administrations
		t.Fatal(err)
	}
	for i, st := range steps {
		if _, _, err := s.Sync(ctx, st.graph, graph.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := s.SyncAdministrationsOf(ctx, st.rewrite); err != nil {
			t.Fatal(err)
		}
		if d := diffLines(dump(t, s), want[i]); d != "" {
			t.Errorf("%s: linking %v differs from linking all:\n%s", st.name, st.rewrite, d)
		}
		if _, rels := counts(t, s); rels[graph.RelDuring] != st.during {
			t.Errorf("%s: %d DURING links, want %d", st.name, rels[graph.RelDuring], st.during)
		}
	}
}
