package neo4jtest_test

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/graph/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// single runs query and returns the one integer column of its one row.
func single(t *testing.T, srv *neo4jtest.Instance, query string, params map[string]any) int64 {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), srv.Driver, query, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(srv.Database))
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if len(res.Records) != 1 || len(res.Records[0].Values) != 1 {
		t.Fatalf("%s: want one row of one value, got %v", query, res.Records)
	}
	n, ok := res.Records[0].Values[0].(int64)
	if !ok {
		t.Fatalf("%s: want an integer, got %T %v", query, res.Records[0].Values[0], res.Records[0].Values[0])
	}
	return n
}

func TestServerAnswers(t *testing.T) {
	srv := neo4jtest.Server(t)
	t.Logf("server %s (source %s, user %q, database %q)", srv.URI, srv.Source, srv.User, srv.Database)
	if got := single(t, srv, "RETURN 1", nil); got != 1 {
		t.Fatalf("RETURN 1 gave %d", got)
	}
}

func TestCreateCountReset(t *testing.T) {
	srv := neo4jtest.Server(t)
	srv.Reset(t)
	if got := single(t, srv, "MATCH (n) RETURN count(n)", nil); got != 0 {
		t.Fatalf("after the first Reset: %d nodes, want 0", got)
	}

	// 1,500 nodes and 1,499 relationships: more than one batch of the
	// default 1,000 rows for CALL … IN TRANSACTIONS, so Reset's batching is
	// exercised, not just a single delete.
	const n = 1500
	single(t, srv, `UNWIND range(1, $n) AS i CREATE (:Probe {i: i}) RETURN count(*)`, map[string]any{"n": n})
	single(t, srv, `MATCH (p:Probe) WITH p ORDER BY p.i WITH collect(p) AS ps
		UNWIND range(0, size(ps) - 2) AS k WITH ps[k] AS a, ps[k + 1] AS b
		CREATE (a)-[:NEXT]->(b) RETURN count(*)`, nil)
	if got := single(t, srv, "MATCH (n:Probe) RETURN count(n)", nil); got != n {
		t.Fatalf("created %d Probe nodes, counted %d", n, got)
	}
	if got := single(t, srv, "MATCH ()-[r:NEXT]->() RETURN count(r)", nil); got != n-1 {
		t.Fatalf("created %d NEXT relationships, counted %d", n-1, got)
	}

	srv.Reset(t)
	if got := single(t, srv, "MATCH (n) RETURN count(n)", nil); got != 0 {
		t.Fatalf("after Reset: %d nodes, want 0", got)
	}
	if got := single(t, srv, "MATCH ()-[r]->() RETURN count(r)", nil); got != 0 {
		t.Fatalf("after Reset: %d relationships, want 0", got)
	}
}

// TestResetKeepsSchema checks that Reset deletes data only: the graph
// package's constraints and indexes must survive between tests.
func TestResetKeepsSchema(t *testing.T) {
	srv := neo4jtest.Server(t)
	ctx := context.Background()
	const create = "CREATE CONSTRAINT neo4jtest_probe_key IF NOT EXISTS FOR (p:ProbeKey) REQUIRE p.k IS UNIQUE"
	if _, err := neo4j.ExecuteQuery(ctx, srv.Driver, create, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(srv.Database)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		neo4j.ExecuteQuery(ctx, srv.Driver, "DROP CONSTRAINT neo4jtest_probe_key IF EXISTS", nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(srv.Database))
	})
	srv.Reset(t)
	const count = "SHOW CONSTRAINTS YIELD name WHERE name = 'neo4jtest_probe_key' RETURN count(*)"
	if got := single(t, srv, count, nil); got != 1 {
		t.Fatalf("after Reset: %d constraints named neo4jtest_probe_key, want 1", got)
	}
}
