package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExport: export writes the neo4j-admin files and says how many rows
// they hold and what to run; a bad --format or a missing --out is refused.
func TestExport(t *testing.T) {
	seeds := filepath.Join("..", "..", "data", "seeds")
	out := filepath.Join(t.TempDir(), "import")
	code, stdout, stderr := runCLI(t, "export", seeds, "--format", "neo4j-admin", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Count the data rows the files hold (no field of the seeds spans lines).
	var nodes, rels int
	files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	for _, f := range files {
		if strings.HasSuffix(f, ".header.csv") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(filepath.Base(f), "nodes-") {
			nodes += strings.Count(string(b), "\n")
		} else {
			rels += strings.Count(string(b), "\n")
		}
	}
	args := filepath.Join(out, "import.args")
	want := fmt.Sprintf("wrote %d nodes and %d relationships to %s; with the database stopped, run:\n"+
		"  neo4j-admin database import full --overwrite-destination neo4j @%s\n"+
		"then start it and run: dossier schema --after-import\n", nodes, rels, out, args)
	if nodes == 0 || rels == 0 || stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if _, err := os.Stat(args); err != nil {
		t.Error(err)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"export", seeds, "--format", "csv", "--out", out}, `dossier: export: unknown --format "csv" (want neo4j-admin)`},
		{[]string{"export", seeds}, "dossier: export: --out DIR is required"},
	} {
		code, _, stderr := runCLI(t, tt.args...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 saying %q", tt.args, code, stderr, tt.want)
		}
	}
}
