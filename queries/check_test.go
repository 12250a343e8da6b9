package queries

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestRunChecks: a saved query runs only if the server's plan of it only
// reads the graph, and bad parameter values get messages about the
// parameter, not the server's exception.
func TestRunChecks(t *testing.T) {
	srv := loadGraph(t, readFixture(t))
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	search, _ := c.Get("search-entities")
	bind := func(q *Query, values map[string]any) map[string]any {
		t.Helper()
		p, err := q.Bind(values)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	own := func(cypher string) *Query { return &Query{Name: "own", Cypher: cypher} }
	tests := []struct {
		name    string
		q       *Query
		params  map[string]any
		timeout time.Duration
		err     error  // wanted, with errors.Is; nil: no error
		msg     string // the error must contain it
	}{
		{"a write", own("MATCH (p:Person) SET p.name = 'x' RETURN count(p)"), nil, 0, ErrRefused, "not read-only"},
		{"a node created", own("CREATE (n:Person {id: 'x'}) RETURN n"), nil, 0, ErrRefused, "not read-only"},
		{"LOAD CSV", own("LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row"), nil, 0, ErrRefused, "LOAD CSV"},
		{"another session's transactions", own("TERMINATE TRANSACTIONS 'neo4j-transaction-1'"), nil, 0, ErrRefused, "TerminateTransactions"},
		{"the server's settings", own("SHOW SETTINGS"), nil, 0, ErrRefused, "ShowSettings"},
		{"the server's configuration", own("CALL dbms.listConfig() YIELD name RETURN name"), nil, 0, ErrRefused, ""},
		{"users", own("CALL dbms.showCurrentUser() YIELD username RETURN username"), nil, 0, ErrRefused, ""},
		{"a procedure in a union", own("RETURN [] AS x UNION CALL db.schema.visualization() YIELD nodes RETURN nodes AS x"), nil, 0, ErrRefused, "db.schema.visualization"},
		{"an allowed procedure", own("CALL db.labels() YIELD label RETURN label"), nil, 0, nil, ""},
		{"full-text search", search, bind(search, map[string]any{"text": "Secretary"}), 0, nil, ""},
		{"bad full-text syntax", search, bind(search, map[string]any{"text": "cartel AND ("}), 0, nil, "not valid full-text (Lucene) syntax"},
		{"a negative limit", search, bind(search, map[string]any{"limit": -1}), 0, nil, "param limit: -1: want 0 or more"},
		{"a query over its time", own("UNWIND range(0, 100000000000) AS i RETURN count(i)"), nil, 300 * time.Millisecond, ErrTimeout, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if tt.timeout > 0 {
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			res, err := Run(ctx, srv.Driver, srv.Database, tt.q, tt.params)
			wantErr := tt.err != nil || tt.msg != ""
			if (err != nil) != wantErr || (tt.err != nil && !errors.Is(err, tt.err)) || (tt.msg != "" && !strings.Contains(err.Error(), tt.msg)) {
				t.Fatalf("Run: %v; want error %v containing %q", err, tt.err, tt.msg)
			}
			if err == nil && len(res.Rows) == 0 {
				t.Errorf("no rows")
			}
		})
	}
	// Nothing was written.
	res, err := Run(context.Background(), srv.Driver, srv.Database, own("MATCH (p:Person {id: 'x'}) RETURN p UNION MATCH (p:Person {name: 'x'}) RETURN p"), nil)
	if err != nil || len(res.Rows) != 0 {
		t.Errorf("after the refused writes: %v, %d rows; want none", err, len(res.Rows))
	}
}
