package reload_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// server returns the shared test server, emptied, with the schema.
func server(t testing.TB) (*neo4jtest.Instance, *graph.Store) {
	t.Helper()
	inst := neo4jtest.Server(t)
	inst.Reset(t)
	store := graph.NewStore(inst.Driver, inst.Database)
	if err := store.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	return inst, store
}

func dump(t testing.TB, store *graph.Store, omit ...string) []string {
	t.Helper()
	return reloadtest.Dump(t, store, omit...)
}

func assertSame(t testing.TB, what string, got, want []string) {
	t.Helper()
	reloadtest.AssertSame(t, what, got, want)
}

func lastTx(t testing.TB, inst *neo4jtest.Instance) string {
	t.Helper()
	return reloadtest.LastTx(t, inst.Driver, inst.Database)
}

// freshSync returns the full dump of g synced into an empty database, and
// checks on the way that it equals Load's, the bookkeeping aside.
func freshSync(t *testing.T, inst *neo4jtest.Instance, store *graph.Store, g *graph.Graph) []string {
	t.Helper()
	ctx := context.Background()
	inst.Reset(t)
	if _, err := store.Load(ctx, g, graph.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	loaded := dump(t, store)
	inst.Reset(t)
	// Load places documents in time (administrations); reload.Run does
	// the same after every sync that wrote.
	if _, _, err := store.Sync(ctx, g, graph.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := store.SyncAdministrations(ctx); err != nil {
		t.Fatal(err)
	}
	assertSame(t, "sync into an empty database vs Load", dump(t, store, graph.BookkeepingProperties...), loaded)
	return dump(t, store)
}

// TestSyncEqualsFreshLoad walks a synthetic corpus through every kind of
// change, syncing each state over the previous one, and compares the
// database with a fresh load of that state, exactly; it also checks that
// each sync wrote in proportion to the change, not to the corpus.
func TestSyncEqualsFreshLoad(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	type doc = reloadtest.Doc
	synth := reloadtest.Synth
	a := doc{Source: "a.txt", SHA: "sha-a", Facts: []string{"p-ana HOLDS_OFFICE o-minister", "p-ana SAID s-a1", "o-minister OF c-mexico"}}
	b := doc{Source: "b.txt", SHA: "sha-b", Facts: []string{"p-ana ATTENDED m-summit", "p-bo ATTENDED m-summit", "g-un AGREED_TO a-pact"}}
	c := doc{Source: "c.txt", SHA: "sha-c", Facts: []string{"p-bo MEMBER_OF g-un", "p-bo SAID s-c1"}}
	d := doc{Source: "d.txt", SHA: "sha-d", Facts: []string{"p-cy SAID s-d1", "p-cy HOLDS_OFFICE o-minister"}}
	a2 := doc{Source: "a.txt", SHA: "sha-a2", Facts: []string{"p-ana HOLDS_OFFICE o-minister", "o-minister OF c-mexico", "p-ana SAID s-a2"}}
	renamed := func(x doc) doc {
		x.Facts = slices.Clone(x.Facts)
		for i, f := range x.Facts {
			x.Facts[i] = strings.ReplaceAll(f, "p-ana ", "p-analopez ")
		}
		return x
	}
	anaFull := graph.Node{ID: "p-ana", Label: graph.LabelPerson, Name: "Ana María López", Aliases: []string{"Ana López"}}

	steps := []struct {
		name  string
		graph *graph.Graph
		want  graph.SyncStats // Duration ignored
	}{
		{"first sync", synth(nil, a, b, c),
			// 9 entities in 7 label transactions, then 3 documents (the
			// nodes' 12) with 8 facts and 12 mentions in one.
			graph.SyncStats{NodesCreated: 12, RelationshipsCreated: 20, PropertiesSet: 100, Transactions: 8}},
		{"no change", synth(nil, a, b, c), graph.SyncStats{}},
		// Only the new document: itself, 2 new entities, 2 facts, 3 mentions.
		{"file added", synth(nil, a, b, c, d),
			graph.SyncStats{NodesCreated: 3, RelationshipsCreated: 5, PropertiesSet: 25, Transactions: 3}},
		// Its 7 old relationships out, 7 new in; s-a1 replaced by s-a2.
		{"file changed", synth(nil, a2, b, c, d),
			graph.SyncStats{NodesCreated: 1, NodesDeleted: 1, RelationshipsCreated: 7, RelationshipsDeleted: 7, PropertiesSet: 21, Transactions: 3}},
		// b's node and 8 relationships, and the 2 entities only b cited.
		{"file deleted", synth(nil, a2, c, d),
			graph.SyncStats{NodesDeleted: 3, RelationshipsDeleted: 8, Transactions: 3}},
		{"resolution adds an alias", synth([]graph.Node{anaFull}, a2, c, d),
			graph.SyncStats{NodesUpdated: 1, PropertiesSet: 5, Transactions: 1}},
		// The unchanged file a.txt is rewritten: its person is another node.
		{"resolution renames a person in a kept document", synth(nil, renamed(a2), c, d),
			graph.SyncStats{NodesCreated: 1, NodesDeleted: 1, RelationshipsCreated: 7, RelationshipsDeleted: 7, PropertiesSet: 21, Transactions: 3}},
		// 3 documents and 9 entities; 1 transaction + 5 labels.
		{"everything deleted", &graph.Graph{},
			graph.SyncStats{NodesDeleted: 12, RelationshipsDeleted: 17, Transactions: 6}},
	}
	fresh := make([][]string, len(steps))
	for i, s := range steps {
		fresh[i] = freshSync(t, inst, store, s.graph)
	}

	inst.Reset(t)
	for i, s := range steps {
		before := lastTx(t, inst)
		_, stats, err := store.Sync(ctx, s.graph, graph.SyncOptions{BatchSize: 100})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		stats.Duration = 0
		if stats != s.want {
			t.Errorf("%s: wrote %+v, want %+v", s.name, stats, s.want)
		}
		if wrote := lastTx(t, inst) != before; wrote != s.want.Wrote() {
			t.Errorf("%s: server committed a transaction: %v, want %v", s.name, wrote, s.want.Wrote())
		}
		if stats.Wrote() {
			if err := store.SyncAdministrations(ctx); err != nil {
				t.Fatal(err)
			}
		}
		assertSame(t, s.name, dump(t, store), fresh[i])
	}
}

// TestSyncDocumentIsAtomic checks that a document is replaced in one
// transaction: a reader never finds it half replaced, its old facts gone and
// its new ones not all there. Neo4j's read-committed readers take no locks
// and may catch a commit while the store applies it, so the reader here
// locks the Document node first, as the replacing transaction does: it then
// sees each committed state whole.
func TestSyncDocumentIsAtomic(t *testing.T) {
	_, store := server(t)
	ctx := context.Background()
	type doc = reloadtest.Doc
	var facts1, facts2 []string
	for i := range 200 {
		facts1 = append(facts1, fmt.Sprintf("p-ana SAID s-old%03d", i))
		facts2 = append(facts2, fmt.Sprintf("p-ana SAID s-new%03d", i))
	}
	old := reloadtest.Synth(nil, doc{Source: "a.txt", SHA: "1", Facts: facts1})
	if _, _, err := store.Sync(ctx, old, graph.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	newer := reloadtest.Synth(nil, doc{Source: "a.txt", SHA: "2", Facts: facts2})
	sess := store.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: store.Database()})
	defer sess.Close(ctx)
	count := func() (oldN, newN int64) {
		rec, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) (*neo4j.Record, error) {
			// SET then REMOVE leaves the node as it was but takes its
			// write lock, which waits for the replacing transaction. A
			// REMOVE alone of a property the node lacks is a no-op that
			// takes no lock (a reader then saw half-replaced documents
			// about 1 run in 15).
			res, err := tx.Run(ctx, `MATCH (d:Document {id: 'doc-a.txt'}) SET d.readerLock = true REMOVE d.readerLock
				WITH d MATCH (d)<-[:MENTIONED_IN]-(s:Statement)
				RETURN sum(CASE WHEN s.id STARTS WITH 's-old' THEN 1 ELSE 0 END), sum(CASE WHEN s.id STARTS WITH 's-new' THEN 1 ELSE 0 END)`, nil)
			if err != nil {
				return nil, err
			}
			return res.Single(ctx)
		})
		if err != nil {
			t.Error(err)
			return -1, -1
		}
		return rec.Values[0].(int64), rec.Values[1].(int64)
	}
	oldN, newN := count()
	if oldN == 0 || newN != 0 {
		t.Fatalf("before: old %d, new %d", oldN, newN)
	}
	wantOld := oldN
	done := make(chan error)
	go func() {
		_, _, err := store.Sync(ctx, newer, graph.SyncOptions{})
		done <- err
	}()
	seen := map[[2]int64]bool{}
	for finished := false; !finished; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			finished = true
		default:
		}
		o, n := count()
		seen[[2]int64{o, n}] = true
	}
	o, n := count()
	seen[[2]int64{o, n}] = true
	for s := range seen {
		if s != [2]int64{wantOld, 0} && s != [2]int64{0, 200} {
			t.Errorf("a reader saw %d old and %d new facts of the document at once", s[0], s[1])
		}
	}
	if !seen[[2]int64{0, 200}] {
		t.Errorf("never saw the new facts: %v", seen)
	}
}
