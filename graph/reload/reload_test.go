package reload_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

const seed = 5

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// copyDir copies the regular files under src to dst.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// freshReload returns the full dump of a reload of dir into an empty
// database, after checking that it equals a fresh Load of dir, the
// bookkeeping properties aside.
func freshReload(t *testing.T, inst *neo4jtest.Instance, store *graph.Store, dir string) []string {
	t.Helper()
	ctx := context.Background()
	inst.Reset(t)
	if _, err := store.Load(ctx, reloadtest.Extract(t, dir), graph.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	loaded := dump(t, store)
	inst.Reset(t)
	if _, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet, AllowEmpty: true}); err != nil {
		t.Fatal(err)
	}
	assertSame(t, "reload into an empty database vs load", dump(t, store, graph.BookkeepingProperties...), loaded)
	return dump(t, store)
}

func write(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// counts renders a summary's document counts.
func counts(s reload.Summary) string {
	return fmt.Sprintf("added %d changed %d removed %d unchanged %d nochange %v failed %d",
		s.Added, s.Changed, s.Removed, s.Unchanged, s.NoChange, len(s.Failed))
}

// TestReloadEqualsFreshLoad adds, changes and deletes files of a corpus (the
// seed articles and generated ones), reloading after each step, and checks
// that the graph equals a fresh load of the corpus as it then is, exactly,
// and that a reload with no change writes nothing at all. The reloads use
// an extraction cache (the fresh loads do not): each reads and extracts
// exactly the files new or changed since the one before.
func TestReloadEqualsFreshLoad(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	work := t.TempDir()
	copyDir(t, "../../data/seeds", filepath.Join(work, "seeds"))
	if err := reloadtest.WriteCorpus(filepath.Join(work, "gen"), seed, 5); err != nil {
		t.Fatal(err)
	}
	seedFile := filepath.Join(work, "seeds", "001_5bb7eec6b387a1af.txt")
	seedText, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		change func()
		want   string
		read   string // files extracted and taken from the cache
	}{
		{"first reload", func() {}, "added 10 changed 0 removed 0 unchanged 0 nochange false failed 0", "extracted 10 cached 0"},
		{"no change", func() {}, "added 0 changed 0 removed 0 unchanged 10 nochange true failed 0", "extracted 0 cached 0"},
		{"file added", func() {
			write(t, filepath.Join(work, "new", "summit.txt"), reloadtest.Article(seed, 100, 0))
		}, "added 1 changed 0 removed 0 unchanged 10 nochange false failed 0", "extracted 1 cached 10"},
		{"file changed", func() {
			if err := reloadtest.WriteArticle(filepath.Join(work, "gen"), seed, 3, 1); err != nil {
				t.Fatal(err)
			}
		}, "added 0 changed 1 removed 0 unchanged 10 nochange false failed 0", "extracted 1 cached 10"},
		{"seed article corrected and another deleted", func() {
			write(t, seedFile, strings.Replace(string(seedText), ".", ". Officials confirmed the meeting.", 1))
			if err := os.Remove(filepath.Join(work, "seeds", "004_7f55aec492b9c0e6.txt")); err != nil {
				t.Fatal(err)
			}
		}, "added 0 changed 1 removed 1 unchanged 9 nochange false failed 0", "extracted 1 cached 9"},
		{"directory deleted", func() {
			if err := os.RemoveAll(filepath.Join(work, "new")); err != nil {
				t.Fatal(err)
			}
		}, "added 0 changed 0 removed 1 unchanged 9 nochange false failed 0", "extracted 0 cached 9"},
		{"no change again", func() {}, "added 0 changed 0 removed 0 unchanged 9 nochange true failed 0", "extracted 0 cached 0"},
	}
	// The corpus of every step, then the fresh load of each.
	dirs := make([]string, len(steps))
	for i, s := range steps {
		s.change()
		dirs[i] = filepath.Join(t.TempDir(), "corpus")
		copyDir(t, work, dirs[i])
	}
	fresh := make([][]string, len(steps))
	for i := range steps {
		fresh[i] = freshReload(t, inst, store, dirs[i])
	}

	inst.Reset(t)
	corpusDir := filepath.Join(t.TempDir(), "corpus")
	cache, err := corpus.OpenCache(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		if err := os.RemoveAll(corpusDir); err != nil {
			t.Fatal(err)
		}
		copyDir(t, dirs[i], corpusDir)
		before := lastTx(t, inst)
		sum, err := reload.Run(ctx, store, []string{corpusDir}, reload.Options{Log: quiet, BatchSize: 50, Cache: cache})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := counts(sum); got != s.want {
			t.Errorf("%s: %s, want %s", s.name, got, s.want)
		}
		if got := fmt.Sprintf("extracted %d cached %d", sum.Extracted, sum.Cached); got != s.read {
			t.Errorf("%s: %s, want %s", s.name, got, s.read)
		}
		assertSame(t, s.name, dump(t, store), fresh[i])
		if wrote := lastTx(t, inst) != before; wrote != !sum.NoChange || sum.Wrote() == sum.NoChange {
			t.Errorf("%s: server wrote %v, summary wrote %v, no change %v", s.name, wrote, sum.Wrote(), sum.NoChange)
		}
		t.Logf("%s: %s", s.name, sum)
	}
}

// TestReloadFailedFile: a file that cannot be read is reported and left
// out, as a fresh load leaves it out; the rest is reloaded.
func TestReloadFailedFile(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 4); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "huge.txt")
	write(t, big, strings.Repeat("Mexico and the United States met. ", 200))
	sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet, MaxFileSize: 4000})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts(sum), "added 4 changed 0 removed 0 unchanged 0 nochange false failed 1"; got != want {
		t.Errorf("summary %s, want %s", got, want)
	}
	if len(sum.Failed) != 1 || !strings.Contains(sum.Failed[0].Error(), "huge.txt") || !errors.Is(sum.Failed[0], corpus.ErrTooLarge) {
		t.Errorf("failures %v, want huge.txt too large", sum.Failed)
	}
	got := dump(t, store)
	if err := os.Remove(big); err != nil {
		t.Fatal(err)
	}
	assertSame(t, "reload with a failed file", got, freshReload(t, inst, store, dir))
}

// TestReloadRefusesEmptyCorpus: an empty corpus (an unmounted volume looks
// like one) does not wipe the graph unless asked to.
func TestReloadRefusesEmptyCorpus(t *testing.T) {
	_, store := server(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet}); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	before := dump(t, store)
	_, err := reload.Run(ctx, store, []string{empty}, reload.Options{Log: quiet})
	if !errors.Is(err, reload.ErrEmptyCorpus) || !strings.Contains(err.Error(), "refusing to remove all 2 stored documents") {
		t.Fatalf("reload of an empty corpus: %v", err)
	}
	assertSame(t, "after the refused reload", dump(t, store), before)
	sum, err := reload.Run(ctx, store, []string{empty}, reload.Options{Log: quiet, AllowEmpty: true})
	if err != nil || sum.Removed != 2 {
		t.Fatalf("with AllowEmpty: %v, %s", err, counts(sum))
	}
	nodes, _, err := store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for label, n := range nodes {
		if label != graph.LabelAdministration && label != "ReloadLock" && n != 0 {
			t.Errorf("%d %s nodes left", n, label)
		}
	}
}

// TestReloadInterrupted: a reload cancelled mid-way (SIGINT in `dossier
// watch`) rolls back the transaction in flight, says so, and the next
// reload converges although no file changed in between.
func TestReloadInterrupted(t *testing.T) {
	inst, store := server(t)
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 30); err != nil {
		t.Fatal(err)
	}
	want := freshReload(t, inst, store, dir)
	inst.Reset(t)

	ctx, cancel := context.WithCancel(context.Background())
	commits := 0
	_, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet, BatchSize: 20,
		OnCommit: func(stage string, done, total int) {
			commits++
			if stage == "documents" {
				cancel()
			}
		}})
	if err == nil || !strings.Contains(err.Error(), "reload interrupted") || !strings.Contains(err.Error(), "next reload finishes the job") {
		t.Fatalf("interrupted reload: %v", err)
	}
	info, err := store.LockState(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if info.Holder != "" || !info.Dirty {
		t.Errorf("after the interruption the lock is %+v, want released and dirty", info)
	}
	sum, err := reload.Run(context.Background(), store, []string{dir}, reload.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if sum.NoChange || sum.Unchanged+sum.Added != 30 {
		t.Errorf("second reload: %s", counts(sum))
	}
	assertSame(t, "after an interrupted reload and another", dump(t, store), want)
}

// TestReloadConcurrent: two reloads of one database at once; one runs, the
// other either says which holder it is waiting for and gives up, or waits
// and then finds nothing left to do.
func TestReloadConcurrent(t *testing.T) {
	inst, store := server(t)
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 20); err != nil {
		t.Fatal(err)
	}
	want := freshReload(t, inst, store, dir)

	for _, wait := range []time.Duration{0, time.Minute} {
		t.Run(fmt.Sprintf("wait %s", wait), func(t *testing.T) {
			inst.Reset(t)
			ctx := context.Background()
			paused, resume := make(chan struct{}), make(chan struct{})
			firstDone := make(chan error)
			go func() {
				first := true
				_, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet, LockHolder: "first/pid 1/000001",
					OnCommit: func(string, int, int) {
						if first {
							first = false
							close(paused)
							<-resume
						}
					}})
				firstDone <- err
			}()
			<-paused // the first reload holds the lock and has written part of the corpus
			secondDone := make(chan struct{})
			var sum reload.Summary
			var err error
			go func() {
				sum, err = reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet, LockWait: wait})
				close(secondDone)
			}()
			if wait == 0 {
				<-secondDone
				var held *graph.LockHeldError
				if !errors.As(err, &held) || !strings.Contains(err.Error(), "another reload is running") ||
					!strings.Contains(err.Error(), "held by first/pid 1/000001") {
					t.Errorf("second reload: %v, want a message naming the first", err)
				}
				close(resume)
			} else {
				select {
				case <-secondDone:
					t.Fatalf("second reload did not wait: %v", err)
				case <-time.After(1500 * time.Millisecond):
				}
				close(resume)
				<-secondDone
				if err != nil || !sum.NoChange {
					t.Errorf("second reload after waiting: %v, %s; want no change", err, counts(sum))
				}
			}
			if err := <-firstDone; err != nil {
				t.Fatal(err)
			}
			assertSame(t, "after two reloads together", dump(t, store), want)
		})
	}
}

// TestReloadCrossDocumentResolution: a new document can change how the
// people of an unchanged one resolve ("Secretary Nielsen" becomes Kirstjen
// M. Nielsen once a document names her in full). The reload rewrites the
// unchanged document too (refreshed), drops the nodes no document supports
// any more, and the graph equals a fresh load; deleting the new document
// turns it all back.
func TestReloadCrossDocumentResolution(t *testing.T) {
	inst, store := server(t)
	one, two := dirWith(t, "one.txt"), dirWith(t, "one.txt", "two.txt")
	freshOne, freshTwo := freshReload(t, inst, store, one), freshReload(t, inst, store, two)
	inst.Reset(t)

	reloadSteps(t, store, []resolutionStep{
		{"one document", one, freshOne, "added 1 changed 0 removed 0 unchanged 0 refreshed 0",
			"one.txt", "person-nielsen person-tillerson"},
		{"a second names them in full", two, freshTwo, "added 1 changed 0 removed 0 unchanged 1 refreshed 1",
			"one.txt two.txt", "person-kirstjen-m-nielsen person-luis-videgaray person-rex-tillerson"},
		{"the second deleted", one, freshOne, "added 0 changed 0 removed 1 unchanged 1 refreshed 1",
			"one.txt", "person-nielsen person-tillerson"},
	})
}

// dirWith copies the named files of testdata/resolution to a new directory.
func dirWith(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", "resolution", n))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, n), string(b))
	}
	return dir
}

// TestReloadAfterLoad: a graph written by `dossier load` carries no
// fingerprints, so the first reload rewrites every document once (counted
// as refreshed) and ends equal to a fresh reload; the next one is free.
func TestReloadAfterLoad(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 15); err != nil {
		t.Fatal(err)
	}
	want := freshReload(t, inst, store, dir)
	inst.Reset(t)
	if _, err := store.Load(ctx, reloadtest.Extract(t, dir), graph.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Unchanged != 15 || sum.Refreshed != 15 || sum.NodesCreated != 0 || sum.NodesDeleted != 0 {
		t.Errorf("first reload after load: %s, %d refreshed, %d nodes created, %d deleted",
			counts(sum), sum.Refreshed, sum.NodesCreated, sum.NodesDeleted)
	}
	assertSame(t, "reload after load", dump(t, store), want)
	if sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet}); err != nil || !sum.NoChange {
		t.Errorf("second reload: %v, %s", err, counts(sum))
	}
}

// TestReloadNewExtractor: an unchanged corpus last synced by another
// extractor version is re-read (the new extractor may read more out of the
// same texts), but only once, and writes nothing when the facts are equal.
func TestReloadNewExtractor(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 5); err != nil {
		t.Fatal(err)
	}
	want := freshReload(t, inst, store, dir)
	if _, err := neo4j.ExecuteQuery(ctx, inst.Driver, `MATCH (l:ReloadLock) SET l.extractor = 'an older extractor'`,
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(inst.Database)); err != nil {
		t.Fatal(err)
	}
	sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if sum.NoChange || sum.Unchanged != 5 || sum.Refreshed != 0 || sum.NodesCreated+sum.NodesDeleted != 0 {
		t.Errorf("reload after an extractor change: no change %v, %s, %d refreshed", sum.NoChange, counts(sum), sum.Refreshed)
	}
	assertSame(t, "reload after an extractor change", dump(t, store), want)
	if sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet}); err != nil || !sum.NoChange {
		t.Errorf("next reload: %v, %s, want no change", err, counts(sum))
	}
}
