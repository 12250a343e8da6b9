package graph_test

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// newStore returns a store on an empty database with the schema applied.
func newStore(t testing.TB) *graph.Store {
	t.Helper()
	srv := neo4jtest.Server(t)
	// Relationships first, in batches: Reset's DETACH DELETE of a country
	// linked from every document of a benchmark's 1M-element graph
	// overran the server's transaction memory.
	sess := srv.Driver.NewSession(context.Background(), neo4j.SessionConfig{DatabaseName: srv.Database})
	defer sess.Close(context.Background())
	res, err := sess.Run(context.Background(), "MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(context.Background())
	}
	if err != nil {
		t.Fatalf("empty the database: %v", err)
	}
	srv.Reset(t)
	s := graph.NewStore(srv.Driver, srv.Database)
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func counts(t *testing.T, s *graph.Store) (map[string]int, map[string]int) {
	t.Helper()
	n, r, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n, r
}

// TestLoadFixture loads a hand-written graph and checks exact counts, that a
// dangling relationship is skipped, and that loading twice changes nothing.
func TestLoadFixture(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	g := readFixture(t, "small.json")
	wantNodes := map[string]int{"Document": 2, "Country": 2, "Office": 1, "Person": 2, "Meeting": 1, "Statement": 1, "Agreement": 1}
	// DURING: doc-a (2018-03-02) falls in one US and one Mexican
	// administration; doc-b has no date.
	wantRels := map[string]int{"OF": 1, "HOLDS_OFFICE": 2, "ATTENDED": 2, "SAID": 1, "AGREED_TO": 2, "MENTIONED_IN": 3, "DURING": 2}

	for i, wantCreated := range []int{10 + 11, 0} {
		stats, err := s.Load(ctx, g, graph.LoadOptions{BatchSize: 2, Fingerprints: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := stats.NodesCreated + stats.RelationshipsCreated; got != wantCreated {
			t.Errorf("load %d: created %d, want %d", i+1, got, wantCreated)
		}
		if stats.Skipped != 1 || stats.Elements != 21 {
			t.Errorf("load %d: elements %d skipped %d, want 21 and 1", i+1, stats.Elements, stats.Skipped)
		}
		nodes, rels := counts(t, s)
		delete(nodes, "Administration") // reference data: see administration_test.go
		if !maps.Equal(nodes, wantNodes) || !maps.Equal(rels, wantRels) {
			t.Errorf("load %d: counts\n nodes %v\n rels %v\nwant\n nodes %v\n rels %v", i+1, nodes, rels, wantNodes, wantRels)
		}
	}
}

// TestLoadProvenance: a relationship carries its document and evidence, and
// node properties (aliases, office country, unknown dates) land as expected.
func TestLoadProvenance(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if _, err := s.Load(ctx, readFixture(t, "small.json"), graph.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := query(t, s, `
		MATCH (p:Person {id: 'person-ana-ruiz'})-[r:SAID]->(st:Statement)
		MATCH (d:Document {id: r.doc})
		RETURN p.aliases, p.aliasText, st.text, r.evidence, d.source, d.date, d.title`)
	want := [][]any{{[]any{"Ruiz"}, "Ruiz", "we will work together", `"We will work together," Ruiz said.`, "a.txt", "2018-03-02", "Talks in Mexico City"}}
	if !slices.EqualFunc(rows, want, func(a, b []any) bool { return equalValues(a, b) }) {
		t.Errorf("rows = %#v\nwant %#v", rows, want)
	}
	rows = query(t, s, `MATCH (d:Document {id: 'doc-b'}) RETURN d.date IS NULL, d.sha256`)
	if !equalValues(rows[0], []any{true, "bb"}) {
		t.Errorf("doc-b = %v, want [true bb]", rows[0])
	}
}

// TestLoadSeeds loads data/seeds through the extractor: the database holds
// exactly the extracted graph, and a second load changes nothing (with
// fingerprints, it writes nothing).
func TestLoadSeeds(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	g := reloadtest.Extract(t, filepath.Join("..", "data", "seeds"))
	wantNodes, wantRels := g.Counts()
	for i := range 2 {
		stats, err := s.Load(ctx, g, graph.LoadOptions{Fingerprints: true})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && stats.Written != 0 {
			t.Errorf("second load wrote %d elements, want none", stats.Written)
		}
		if stats.Skipped != 0 {
			t.Errorf("load %d: %d relationships skipped", i+1, stats.Skipped)
		}
		if i == 1 && stats.NodesCreated+stats.RelationshipsCreated != 0 {
			t.Errorf("second load created %d nodes and %d relationships, want none", stats.NodesCreated, stats.RelationshipsCreated)
		}
		nodes, rels := counts(t, s)
		delete(nodes, "Administration") // reference data, not extracted
		delete(rels, "DURING")
		if !maps.Equal(nodes, dropZero(wantNodes)) || !maps.Equal(rels, dropZero(wantRels)) {
			t.Errorf("load %d: counts\n nodes %v\n rels %v\nwant\n nodes %v\n rels %v", i+1, nodes, rels, wantNodes, wantRels)
		}
	}
	if wantNodes[graph.LabelDocument] != 5 {
		t.Errorf("documents = %d, want the 5 seeds", wantNodes[graph.LabelDocument])
	}
}

func dropZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func query(t *testing.T, s *graph.Store, cypher string) [][]any {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), cypher, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.Database()))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	for _, r := range res.Records {
		rows = append(rows, r.Values)
	}
	return rows
}

func equalValues(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if la, ok := a[i].([]any); ok {
			lb, ok := b[i].([]any)
			if !ok || !equalValues(la, lb) {
				return false
			}
			continue
		}
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
