package graph_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestJSONGolden: reading a graph and writing it back gives the canonical
// form (sorted, null for unknown dates, [] for empty lists), byte for byte.
func TestJSONGolden(t *testing.T) {
	g := readFixture(t, "small.json")
	// Shuffle the order the fixture gives: output must not depend on it.
	g.Nodes[0], g.Nodes[len(g.Nodes)-1] = g.Nodes[len(g.Nodes)-1], g.Nodes[0]
	g.Relationships[0], g.Relationships[5] = g.Relationships[5], g.Relationships[0]
	var buf bytes.Buffer
	if err := graph.WriteJSON(&buf, g); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "small.golden.json")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("WriteJSON output differs from %s (run go test ./graph -run JSONGolden -update after checking)", golden)
	}
	again, err := graph.ReadJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var buf2 bytes.Buffer
	if err := graph.WriteJSON(&buf2, again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Error("write, read, write is not stable")
	}
}

func TestSchemaStatements(t *testing.T) {
	stmts := graph.SchemaStatements()
	// 14 for the graph, 8 for reload (relationship doc indexes, lock).
	if len(stmts) != 22 {
		t.Fatalf("%d statements, want 22: %q", len(stmts), stmts)
	}
	want := "CREATE FULLTEXT INDEX statement_text IF NOT EXISTS FOR (n:Statement|Agreement) ON EACH [n.text]"
	if stmts[13] != want {
		t.Errorf("last statement = %q, want %q", stmts[12], want)
	}
}

func readFixture(t testing.TB, name string) *graph.Graph {
	t.Helper()
	g, err := graph.ReadJSONFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return g
}
