package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

func dump(t *testing.T, s *graph.Store, omit ...string) []string {
	t.Helper()
	lines, err := s.Dump(context.Background(), graph.DumpOptions{Omit: omit})
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestLoadWritesSyncBookkeeping: Load with fingerprints leaves the graph a
// sync into an empty database leaves, bookkeeping included, so the first
// sync after it plans and writes nothing; a second load writes nothing.
func TestLoadWritesSyncBookkeeping(t *testing.T) {
	ctx := context.Background()
	g := reloadtest.Extract(t, filepath.Join("..", "data", "seeds"))
	s := newStore(t)
	if _, _, err := s.Sync(ctx, g, graph.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SyncAdministrations(ctx); err != nil {
		t.Fatal(err)
	}
	synced := dump(t, s)

	s = newStore(t)
	first, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true})
	if err != nil {
		t.Fatal(err)
	}
	if first.Written != first.Elements || first.RelationshipsDeleted != 0 {
		t.Errorf("first load: %d of %d elements written, %d relationships deleted", first.Written, first.Elements, first.RelationshipsDeleted)
	}
	if d := diffLines(dump(t, s), synced); d != "" {
		t.Errorf("load differs from a sync into an empty database:\n%s", d)
	}
	plan, stats, err := s.Sync(ctx, g, graph.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() || stats.Wrote() || plan.Unchanged != len(g.Documents) {
		t.Errorf("sync after load: %d upserts, %d replaced, %d unchanged of %d, %d transactions; want nothing written",
			len(plan.Upsert), len(plan.Replace), plan.Unchanged, len(g.Documents), stats.Transactions)
	}
	again, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true})
	if err != nil {
		t.Fatal(err)
	}
	if again.Written != 0 || again.Transactions != 0 || again.Elements != first.Elements {
		t.Errorf("second load: %d written in %d transactions, %d elements; want 0, 0, %d",
			again.Written, again.Transactions, again.Elements, first.Elements)
	}
}

// TestLoadReplacesUnfingerprinted: a graph loaded without fingerprints
// (as Load did before it wrote them) is loaded again with them: every
// document's facts are replaced, none doubled, and the graph is the one a
// load into an empty database writes.
func TestLoadReplacesUnfingerprinted(t *testing.T) {
	ctx := context.Background()
	g := reloadtest.Extract(t, filepath.Join("..", "data", "seeds"))
	s := newStore(t)
	if _, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true}); err != nil {
		t.Fatal(err)
	}
	want := dump(t, s)

	s = newStore(t)
	plain, err := s.Load(ctx, g, graph.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if d := diffLines(dump(t, s), dump(t, s, graph.BookkeepingProperties...)); d != "" {
		t.Errorf("load without fingerprints wrote some:\n%s", d)
	}
	stats, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true, BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	if stats.NodesCreated != 0 || stats.RelationshipsDeleted != plain.RelationshipsCreated ||
		stats.RelationshipsCreated != plain.RelationshipsCreated {
		t.Errorf("reload with fingerprints: %d nodes created, %d relationships deleted and %d created; want 0, %d, %d",
			stats.NodesCreated, stats.RelationshipsDeleted, stats.RelationshipsCreated, plain.RelationshipsCreated, plain.RelationshipsCreated)
	}
	if d := diffLines(dump(t, s), want); d != "" {
		t.Errorf("graph differs from a load into an empty database:\n%s", d)
	}
}

// TestLoadAddsToStore: a load adds to what the store holds (two corpora
// loaded one after the other), where a sync would remove the first one.
func TestLoadAddsToStore(t *testing.T) {
	ctx := context.Background()
	seeds := reloadtest.Extract(t, filepath.Join("..", "data", "seeds"))
	small := readFixture(t, "small.json")
	s := newStore(t)
	for _, g := range []*graph.Graph{seeds, small} {
		if _, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true}); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := s.DocumentStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(seeds.Documents) + len(small.Documents); len(docs) != want {
		t.Errorf("%d documents stored, want %d", len(docs), want)
	}
	for _, d := range seeds.Documents {
		if docs[d.ID].FactsHash == "" {
			t.Errorf("document %s of the first load lost or without fingerprint", d.ID)
		}
	}
}
