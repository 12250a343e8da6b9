package graph_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/graph"
)

// syntheticGraph builds a corpus-shaped graph of docs documents: each with a
// statement, two people (drawn from a pool, so people recur across
// documents) with offices, and the relationships a real article yields.
// It returns about 20 elements per document.
func syntheticGraph(docs int) *graph.Graph {
	g := &graph.Graph{}
	people := docs / 4
	for i := range people {
		g.Nodes = append(g.Nodes, graph.Node{ID: fmt.Sprintf("person-%d", i), Label: graph.LabelPerson,
			Name: fmt.Sprintf("Person Number %d", i), Aliases: []string{fmt.Sprintf("Number %d", i)},
			Properties: map[string]any{"country": "Mexico"}})
	}
	for i := range 50 {
		g.Nodes = append(g.Nodes, graph.Node{ID: fmt.Sprintf("office-%d", i), Label: graph.LabelOffice,
			Name: fmt.Sprintf("Secretary of Thing %d", i), Properties: map[string]any{"country": "Mexico"}})
	}
	for d := range docs {
		doc := fmt.Sprintf("doc-%d", d)
		g.Documents = append(g.Documents, graph.Document{ID: doc, Source: doc + ".txt", SHA256: doc, Date: "2020-01-02", Title: doc})
		st := fmt.Sprintf("statement-%d", d)
		mt := fmt.Sprintf("meeting-%d", d)
		g.Nodes = append(g.Nodes,
			graph.Node{ID: st, Label: graph.LabelStatement, Name: st, Properties: map[string]any{"text": "we will cooperate on " + st}},
			graph.Node{ID: mt, Label: graph.LabelMeeting, Name: mt, Properties: map[string]any{"date": "2020-01-02"}})
		ev := map[string]any{"doc": doc, "evidence": "A sentence of evidence for " + doc}
		for k := range 2 {
			p := fmt.Sprintf("person-%d", (d*2+k)%people)
			o := fmt.Sprintf("office-%d", (d+k)%50)
			g.Relationships = append(g.Relationships,
				graph.Relationship{Type: graph.RelHoldsOffice, From: p, To: o, Properties: ev},
				graph.Relationship{Type: graph.RelAttended, From: p, To: mt, Properties: ev},
				graph.Relationship{Type: graph.RelMentionedIn, From: p, To: doc, Properties: ev},
				graph.Relationship{Type: graph.RelMentionedIn, From: o, To: doc, Properties: ev})
		}
		g.Relationships = append(g.Relationships,
			graph.Relationship{Type: graph.RelSaid, From: fmt.Sprintf("person-%d", (d*2)%people), To: st, Properties: ev},
			graph.Relationship{Type: graph.RelMentionedIn, From: st, To: doc, Properties: ev},
			graph.Relationship{Type: graph.RelMentionedIn, From: mt, To: doc, Properties: ev})
	}
	return g
}

// BenchmarkLoad writes a generated graph of over 100k nodes and
// relationships into an empty database and reports elements written per
// second. Run: make bench, or
//
//	DOSSIER_NEO4J_URI=… go test -run '^$' -bench Load -benchtime 1x ./graph/
func BenchmarkLoad(b *testing.B) {
	g := syntheticGraph(7100)
	n, r := len(g.Documents)+len(g.Nodes), len(g.Relationships)
	if n+r < 100_000 {
		b.Fatalf("synthetic graph has %d elements, want at least 100k", n+r)
	}
	ctx := context.Background()
	var written int
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		b.StartTimer()
		stats, err := s.Load(ctx, g, graph.LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if stats.NodesCreated+stats.RelationshipsCreated != n+r {
			b.Fatalf("created %d, want %d", stats.NodesCreated+stats.RelationshipsCreated, n+r)
		}
		written += stats.Elements
		took += stats.Duration
		b.Logf("loaded %d elements in %v", stats.Elements, stats.Duration.Round(time.Millisecond))
	}
	// Over every iteration: the first one pays for a cold server.
	b.ReportMetric(float64(written)/took.Seconds(), "elements/s")
	b.ReportMetric(float64(n+r), "elements")
}
