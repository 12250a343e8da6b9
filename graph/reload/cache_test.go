package reload_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// TestReloadCacheSpoiled: extraction cache entries cut short or the whole
// cache deleted between reloads are misses: the files are extracted again,
// the run succeeds and the graph equals a fresh load.
func TestReloadCacheSpoiled(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dir := t.TempDir()
	const n = 6
	if err := reloadtest.WriteCorpus(dir, seed, n); err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(t.TempDir(), "cache")
	cache, err := corpus.OpenCache(cacheDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	truncate := func() {
		err := filepath.WalkDir(cacheDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == "CACHEDIR.TAG" {
				return err
			}
			return os.Truncate(p, 9)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		spoil   func()
		version int
		read    string
	}{
		{"first", func() {}, 0, fmt.Sprintf("extracted %d cached 0", n)},
		{"entries cut short", truncate, 1, fmt.Sprintf("extracted %d cached 0", n)},
		// The others were rewritten; the first version of article 2 was
		// not read since, and its entry is still cut short.
		{"entries rewritten", func() {}, 0, fmt.Sprintf("extracted 1 cached %d", n-1)},
		{"cache deleted", func() {
			if err := os.RemoveAll(cacheDir); err != nil {
				t.Fatal(err)
			}
		}, 1, fmt.Sprintf("extracted %d cached 0", n)},
	}
	for _, s := range steps {
		s.spoil()
		// Article 2 alternates, so that every step after the first reloads.
		if err := reloadtest.WriteArticle(dir, seed, 2, s.version); err != nil {
			t.Fatal(err)
		}
		sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet, Cache: cache})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := fmt.Sprintf("extracted %d cached %d", sum.Extracted, sum.Cached); got != s.read || sum.NoChange {
			t.Errorf("%s: %s (%s), want %s", s.name, got, counts(sum), s.read)
		}
	}
	got := dump(t, store)
	assertSame(t, "after the spoiled caches", got, freshReload(t, inst, store, dir))
}
