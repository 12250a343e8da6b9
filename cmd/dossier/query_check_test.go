package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
)

// TestQueryArgsChecked: mistakes in how a query is asked for are named
// before any server is reached.
func TestQueryArgsChecked(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"query", "office-holders", "--param", "office=a", "-p", "office=b"}, nil,
			"dossier: --param office given twice; give each parameter once\n"},
		{[]string{"query", "office-holders", "--query-timeout", "0s"}, nil,
			"dossier: config: queries.timeout 0s: want a positive duration such as 30s\n"},
		{[]string{"query", "office-holders"}, map[string]string{"DOSSIER_QUERIES_TIMEOUT": "-1m"},
			"dossier: config: queries.timeout -1m0s: want a positive duration such as 30s\n"},
	}
	for _, tt := range tests {
		code, out, errs := dossier(t, tt.env, tt.args...)
		if code != 1 || out != "" || errs != tt.want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.args, code, out, errs, tt.want)
		}
	}
}

// TestQueryRefusedOnServer: a query file that would act on the server, not
// read the graph, is refused by name; bad values of a full-text or a limit
// parameter get a message about the parameter.
func TestQueryRefusedOnServer(t *testing.T) {
	srv := neo4jtest.Server(t)
	srv.Reset(t)
	if err := graph.NewStore(srv.Driver, srv.Database).EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"DOSSIER_NEO4J_URI": srv.URI, "DOSSIER_NEO4J_USER": srv.User,
		"DOSSIER_NEO4J_PASSWORD": srv.Password, "DOSSIER_NEO4J_DATABASE": srv.Database,
	}
	dir := t.TempDir()
	for name, cypher := range map[string]string{
		"kill":  "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
		"fetch": "LOAD CSV FROM 'http://127.0.0.1:9/secrets.csv' AS row RETURN row",
		"conf":  "CALL dbms.listConfig() YIELD name, value RETURN name, value",
	} {
		text := "// " + name + "\n// name: " + name + "\n// description: A hostile query.\n" + cypher + "\n"
		if err := os.WriteFile(filepath.Join(dir, name+".cypher"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		args []string
		want string // stderr starts with it
	}{
		{[]string{"query", "kill", "--dir", dir}, "dossier: query kill: refused: TerminateTransactions is an administration command"},
		{[]string{"query", "fetch", "--dir", dir}, "dossier: query fetch: refused: LOAD CSV reads files and URLs the server can reach"},
		{[]string{"query", "conf", "--dir", dir}, "dossier: query conf: refused: it is not read-only"},
		{[]string{"query", "search-entities", "-p", "limit=-1"}, "dossier: query search-entities: param limit: -1: want 0 or more (it counts rows)\n"},
		{[]string{"query", "search-entities", "-p", "text=cartel AND ("}, "dossier: query search-entities: the search text is not valid full-text (Lucene) syntax: Encountered \"<EOF>\" at line 1, column 12; put a phrase in double quotes"},
	}
	for _, tt := range tests {
		code, out, errs := dossier(t, env, tt.args...)
		if code != 1 || out != "" || !strings.HasPrefix(errs, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.args, code, out, errs, tt.want)
		}
	}
}
