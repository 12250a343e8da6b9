package graph_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
	"github.com/dossier-dev/dossier/internal/gencorpus"
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
		stats, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true})
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

// benchCorpus extracts a generated realistic corpus of DOSSIER_BENCH_MB
// megabytes (def when unset): news-like short files, people and offices
// recurring across them (dense nodes), some exact duplicates.
func benchCorpus(b *testing.B, def int) *graph.Graph {
	b.Helper()
	mb := def
	if s := os.Getenv("DOSSIER_BENCH_MB"); s != "" {
		if _, err := fmt.Sscan(s, &mb); err != nil || mb <= 0 {
			b.Fatalf("DOSSIER_BENCH_MB=%q: want a positive number", s)
		}
	}
	dir := b.TempDir()
	if _, err := gencorpus.Generate(dir, gencorpus.Options{Size: int64(mb) << 20, Seed: 1, SeedDir: "../data/seeds"}); err != nil {
		b.Fatal(err)
	}
	return reloadtest.Extract(b, dir)
}

// rateMeter records when each element count was reached, to report the
// rate over the first and the second half of a write: a rate that falls
// as the graph grows shows there.
type rateMeter struct {
	start time.Time
	at    []time.Duration
	done  []int
}

func (m *rateMeter) progress(done, _ int) {
	m.at = append(m.at, time.Since(m.start))
	m.done = append(m.done, done)
}

// halves returns the elements per second before and after half of total.
func (m *rateMeter) halves(total int) (first, second float64) {
	for i, d := range m.done {
		if d*2 >= total {
			last := len(m.done) - 1
			first = float64(d) / m.at[i].Seconds()
			second = float64(m.done[last]-d) / (m.at[last] - m.at[i]).Seconds()
			return first, second
		}
	}
	return 0, 0
}

// BenchmarkLoadCorpus loads a generated realistic corpus (5 MB, about 100k
// elements; DOSSIER_BENCH_MB=50 gives about 1M) into an empty database as
// `dossier load` does (fingerprints written), and reports elements/s over
// the whole load (planning and administration links included) and over
// the first and second half of the elements written:
//
//	./deploy/with-test-neo4j.sh go test -run '^$' -bench LoadCorpus -benchtime 1x ./graph/
//	DOSSIER_BENCH_MB=50 ./deploy/with-test-neo4j.sh go test -run '^$' -bench LoadCorpus -benchtime 1x -timeout 30m ./graph/
func BenchmarkLoadCorpus(b *testing.B) {
	g := benchCorpus(b, 5)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		m := &rateMeter{start: time.Now()}
		b.StartTimer()
		stats, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true, Progress: m.progress})
		if err != nil {
			b.Fatal(err)
		}
		first, second := m.halves(stats.Written)
		b.ReportMetric(float64(stats.Written)/stats.Duration.Seconds(), "elements/s")
		b.ReportMetric(first, "first-half-elements/s")
		b.ReportMetric(second, "second-half-elements/s")
		b.ReportMetric(float64(stats.Written), "elements")
		b.Logf("loaded %d elements in %v (%d transactions)", stats.Written, stats.Duration.Round(time.Millisecond), stats.Transactions)
	}
}

// BenchmarkFirstSync syncs the same corpus as BenchmarkLoadCorpus into an
// empty database (what the first `dossier reload` of a corpus writes, the
// extraction aside) and reports elements/s, administration links included:
//
//	./deploy/with-test-neo4j.sh go test -run '^$' -bench FirstSync -benchtime 1x ./graph/
func BenchmarkFirstSync(b *testing.B) {
	g := benchCorpus(b, 5)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		b.StartTimer()
		start := time.Now()
		plan, stats, err := s.Sync(ctx, g, graph.SyncOptions{})
		if err == nil {
			err = s.SyncAdministrations(ctx)
		}
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		elements := len(plan.Upsert)
		for _, d := range plan.Replace {
			elements += 1 + len(d.Facts)
		}
		if stats.NodesCreated+stats.RelationshipsCreated != elements {
			b.Fatalf("created %d, want %d", stats.NodesCreated+stats.RelationshipsCreated, elements)
		}
		b.ReportMetric(float64(elements)/took.Seconds(), "elements/s")
		b.ReportMetric(float64(elements), "elements")
		b.Logf("synced %d elements in %v (%d transactions)", elements, took.Round(time.Millisecond), stats.Transactions)
	}
}
