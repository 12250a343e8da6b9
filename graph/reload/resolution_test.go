package reload_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload"
)

// TestReloadResolutionThroughChange: a changed file can change the facts
// of an unchanged one through resolution alone (b.txt comes to name
// "Minister Oskarsson" of a.txt in full, so a.txt's mention is of another
// person), and the reload rewrites exactly the changed document and that
// one, not c.txt; the graph, administration links included, equals a
// fresh load. Changing the file back turns it all back.
func TestReloadResolutionThroughChange(t *testing.T) {
	inst, store := server(t)
	corpusWith := func(b string) string {
		dir := t.TempDir()
		for name, from := range map[string]string{"a.txt": "a.txt", "b.txt": b, "c.txt": "c.txt"} {
			data, err := os.ReadFile(filepath.Join("testdata", "resolution-change", from))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, name), string(data))
		}
		return dir
	}
	before, after := corpusWith("b-before.txt"), corpusWith("b-after.txt")
	freshBefore, freshAfter := freshReload(t, inst, store, before), freshReload(t, inst, store, after)
	inst.Reset(t)

	reloadSteps(t, store, []resolutionStep{
		{"first", before, freshBefore, "added 3 changed 0 removed 0 unchanged 0 refreshed 0",
			"a.txt b.txt c.txt", "person-dalgaard person-oskarsson"},
		{"b.txt names Oskarsson in full", after, freshAfter, "added 0 changed 1 removed 0 unchanged 2 refreshed 1",
			"a.txt b.txt", "person-dalgaard person-helga-oskarsson"},
		{"b.txt as before", before, freshBefore, "added 0 changed 1 removed 0 unchanged 2 refreshed 1",
			"a.txt b.txt", "person-dalgaard person-oskarsson"},
	})
}

// resolutionStep is a state of a corpus, reloaded over the one before,
// and what the reload must do.
type resolutionStep struct {
	name  string
	from  string   // the corpus
	fresh []string // the dump of a fresh reload of it
	want  string   // the summary's counts
	// rewritten lists the sources of the documents whose facts were
	// written (their factsHash changed), sorted.
	rewritten string
	people    string // the ids of the Person nodes, sorted
}

// reloadSteps reloads each step's corpus in turn, from the same directory,
// and checks what each reload did and left.
func reloadSteps(t *testing.T, store *graph.Store, steps []resolutionStep) {
	t.Helper()
	ctx := context.Background()
	work := filepath.Join(t.TempDir(), "corpus")
	var stored map[string]graph.DocumentState
	for _, s := range steps {
		if err := os.RemoveAll(work); err != nil {
			t.Fatal(err)
		}
		copyDir(t, s.from, work)
		sum, err := reload.Run(ctx, store, []string{work}, reload.Options{Log: quiet})
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("added %d changed %d removed %d unchanged %d refreshed %d", sum.Added, sum.Changed, sum.Removed, sum.Unchanged, sum.Refreshed)
		if got != s.want {
			t.Errorf("%s: %s, want %s", s.name, got, s.want)
		}
		docs, err := store.DocumentStates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var rewritten []string
		for id, d := range docs {
			if stored[id].FactsHash != d.FactsHash {
				rewritten = append(rewritten, filepath.Base(d.Source))
			}
		}
		slices.Sort(rewritten)
		stored = docs
		if got := strings.Join(rewritten, " "); got != s.rewritten {
			t.Errorf("%s: rewrote %q, want %q", s.name, got, s.rewritten)
		}
		nodes, err := store.NodeStates(ctx, []string{graph.LabelPerson})
		if err != nil {
			t.Fatal(err)
		}
		if p := strings.Join(slices.Sorted(maps.Keys(nodes)), " "); p != s.people {
			t.Errorf("%s: people %s, want %s", s.name, p, s.people)
		}
		assertSame(t, s.name, dump(t, store), s.fresh)
	}
}
