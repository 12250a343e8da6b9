package extract

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

var update = flag.Bool("update", false, "rewrite testdata/seeds.golden.json")

// seedDocuments reads ../data/seeds, sorted by name.
func seedDocuments(t testing.TB) []Document {
	t.Helper()
	files, err := filepath.Glob("../data/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds in ../data/seeds: %v", err)
	}
	sort.Strings(files)
	var docs []Document
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Document{Source: filepath.Base(f), Text: b})
	}
	return docs
}

// seedsGraph extracts ../data/seeds and returns its graph JSON.
func seedsGraph(t testing.TB) []byte {
	t.Helper()
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	c := x.NewCorpus()
	for _, d := range seedDocuments(t) {
		if err := c.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := graph.WriteJSON(&buf, c.Graph()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden compares the graph of data/seeds with the golden file, byte
// for byte. Run with -update after an intended change, and review the diff.
func TestGolden(t *testing.T) {
	got := seedsGraph(t)
	if out := os.Getenv("DOSSIER_GRAPH_OUT"); out != "" {
		if err := os.WriteFile(out, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	golden := filepath.Join("testdata", "seeds.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("graph of data/seeds differs from %s; run go test -run TestGolden -update and review the diff", golden)
	}
}
