package main

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/internal/gencorpus"
)

// TestExtractCores: `dossier extract` reads on every core yet writes
// byte-identical JSON with GOMAXPROCS=1 and GOMAXPROCS=2, on a generated
// corpus where people recur across files and some files are duplicates.
func TestExtractCores(t *testing.T) {
	dir := t.TempDir()
	st, err := gencorpus.Generate(dir, gencorpus.Options{Size: 400 << 10, Seed: 5, SeedDir: "../../data/seeds", People: 120})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			code, stdout, stderr := runCLI(t, "extract", dir, "--out", "-")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			out[procs] = stdout
		})
	}
	if out[1] == "" || out[1] != out[2] {
		t.Fatalf("output with GOMAXPROCS=1 (%d bytes) and 2 (%d bytes) differ", len(out[1]), len(out[2]))
	}
	g, err := graph.ReadJSON(strings.NewReader(out[1]))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(g.Documents); n != st.Files {
		t.Errorf("%d documents, want the %d files", n, st.Files)
	}
}
