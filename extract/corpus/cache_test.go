package corpus

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/internal/gencorpus"
)

// cacheCorpus writes a small generated corpus, files that are skipped or
// read with a warning, and a manifest root, and returns its files.
func cacheCorpus(t *testing.T) (string, []File) {
	t.Helper()
	dir := t.TempDir()
	if _, err := gencorpus.Generate(filepath.Join(dir, "gen"), gencorpus.Options{
		Size: 100 << 10, Seed: 5, SeedDir: "../../data/seeds", People: 60}); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "bad", "empty.txt"), "")
	write(t, filepath.Join(dir, "bad", "binary.txt"), "\x00\x01\x02 not text \x00")
	write(t, filepath.Join(dir, "bad", "cp1252.txt"), "Secretary Tavo Brellin met Minister Ilse Vandekamp. \x93We agreed\x94, she said.")
	write(t, filepath.Join(dir, "bad", "large.txt"), strings.Repeat("The minister met the envoy. ", 400))
	files, err := Find([]string{dir, "testdata/manifest-csv"})
	if err != nil {
		t.Fatal(err)
	}
	return dir, files
}

// addAll runs AddAll and returns the graph JSON, the files reported and
// the counts.
func addAll(t *testing.T, x *extract.Extractor, files []File, opts AddOptions) ([]byte, string, AddStats) {
	t.Helper()
	var log []string
	var stats AddStats
	opts.MaxSize, opts.Stats = 8000, &stats // large.txt is over it
	opts.Added = func(f File, err error) { log = append(log, logLine(f, err)) }
	c := x.NewCorpus()
	if err := AddAll(context.Background(), x, c, files, opts); err != nil {
		t.Fatal(err)
	}
	return graphJSON(t, c), strings.Join(log, "\n"), stats
}

// hashes returns Hash of every file by Source.
func hashes(t *testing.T, files []File) map[string]string {
	t.Helper()
	hs := map[string]string{}
	for _, f := range files {
		h, err := Hash(f)
		if err != nil {
			t.Fatal(err)
		}
		hs[f.Source] = h
	}
	return hs
}

// TestCacheSameGraph: with a cache, cold or warm, with the hashes given
// or not, AddAll reports the same files and builds the same graph JSON,
// byte for byte, as without; a warm cache extracts nothing, and after one
// file (or its manifest row) changes, exactly that one.
func TestCacheSameGraph(t *testing.T) {
	dir, files := cacheCorpus(t)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	want, wantLog, stats := addAll(t, x, files, AddOptions{})
	readable := len(files) - 1 // large.txt is refused before it is read
	if stats != (AddStats{Extracted: readable}) {
		t.Fatalf("without a cache: %+v, want %d extracted", stats, readable)
	}
	cache, err := OpenCache(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := hashes(t, files)
	tests := []struct {
		name   string
		hashes map[string]string
		want   AddStats
	}{
		{"cold", hs, AddStats{Extracted: readable}},
		{"warm", hs, AddStats{Cached: readable}},
		{"warm, hashed while read", nil, AddStats{Cached: readable}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, log, stats := addAll(t, x, files, AddOptions{Cache: cache, Hashes: tt.hashes, Workers: 3})
			if stats != tt.want {
				t.Errorf("counts %+v, want %+v", stats, tt.want)
			}
			if log != wantLog {
				t.Errorf("files reported:\n%s\nwant:\n%s", log, wantLog)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("graph JSON differs from one without the cache (%d bytes, want %d)", len(got), len(want))
			}
		})
	}
	if cache.Errors() != 0 {
		t.Errorf("%d cache errors", cache.Errors())
	}
	if tmp, _ := filepath.Glob(filepath.Join(cache.vdir, "*", ".tmp-*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}

	// One file changed, then one manifest row: one extraction each.
	gen, err := filepath.Glob(filepath.Join(dir, "gen", "*", "*.txt"))
	if err != nil || len(gen) == 0 {
		t.Fatalf("no generated file: %v", err)
	}
	write(t, gen[0], "Secretary Tavo Brellin met Minister Ilse Vandekamp in Mexico City on March 3, 2021.")
	for i := range files {
		if files[i].Meta != (extract.Meta{}) {
			files[i].Meta.Title = "A corrected title"
			break
		}
	}
	want, wantLog, _ = addAll(t, x, files, AddOptions{})
	got, log, stats := addAll(t, x, files, AddOptions{Cache: cache, Hashes: hashes(t, files)})
	if stats != (AddStats{Cached: readable - 2, Extracted: 2}) {
		t.Errorf("after a file and a manifest row changed: %+v, want 2 extracted", stats)
	}
	if log != wantLog || !bytes.Equal(got, want) {
		t.Errorf("after the changes, the graph or the files reported differ from one without the cache")
	}
	if !bytes.Contains(got, []byte("A corrected title")) || !bytes.Contains(got, []byte("Tavo Brellin")) {
		t.Errorf("the changed file and row are not in the graph")
	}
}

// TestCacheBadEntries: an entry that is corrupt, truncated, empty, of
// another format or not a file is a miss, logged at debug level: the file
// is extracted again and its entry rewritten.
func TestCacheBadEntries(t *testing.T) {
	x, files := oneFile(t, "Secretary Tavo Brellin met Minister Ilse Vandekamp in Mexico City on March 3, 2021.")
	want, wantLog, _ := addAll(t, x, files, AddOptions{})
	hs := hashes(t, files)
	entry := func(c *Cache) string { return c.path(files[0].Source, hs[files[0].Source]) }
	tests := []struct {
		name  string
		spoil func(t *testing.T, path string)
	}{
		{"flipped byte", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 1
			writeFile(t, p, b)
		}},
		{"truncated", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			writeFile(t, p, b[:len(b)-7])
		}},
		{"empty", func(t *testing.T, p string) { writeFile(t, p, nil) }},
		{"another format", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			b[0]++
			writeFile(t, p, b)
		}},
		{"a directory", func(t *testing.T, p string) {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logged bytes.Buffer
			cache, err := OpenCache(t.TempDir(), slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug})))
			if err != nil {
				t.Fatal(err)
			}
			addAll(t, x, files, AddOptions{Cache: cache, Hashes: hs})
			tt.spoil(t, entry(cache))
			got, log, stats := addAll(t, x, files, AddOptions{Cache: cache, Hashes: hs})
			if stats != (AddStats{Extracted: 1}) || log != wantLog || !bytes.Equal(got, want) {
				t.Fatalf("with a bad entry: %+v, %s; want the file extracted again, the same graph", stats, log)
			}
			if !strings.Contains(logged.String(), "level=DEBUG msg=\"extraction cache: ") {
				t.Errorf("nothing logged at debug level:\n%s", logged.String())
			}
			if tt.name != "a directory" { // cannot be replaced by a file: stays a miss
				if _, _, stats := addAll(t, x, files, AddOptions{Cache: cache, Hashes: hs}); stats != (AddStats{Cached: 1}) {
					t.Errorf("after the rewrite: %+v, want a hit", stats)
				}
			}
		})
	}
}

// TestCacheDeleted: the cache's directory may be deleted under a running
// process: entries are misses and are written again.
func TestCacheDeleted(t *testing.T) {
	_, files := cacheCorpus(t)
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "cache")
	cache, err := OpenCache(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := hashes(t, files)
	want, _, _ := addAll(t, x, files, AddOptions{Cache: cache, Hashes: hs})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	got, _, stats := addAll(t, x, files, AddOptions{Cache: cache, Hashes: hs})
	readable := len(files) - 1
	if stats != (AddStats{Extracted: readable}) || !bytes.Equal(got, want) {
		t.Fatalf("after the cache was deleted: %+v", stats)
	}
	if _, _, stats := addAll(t, x, files, AddOptions{Cache: cache, Hashes: hs}); stats != (AddStats{Cached: readable}) {
		t.Errorf("entries not written again: %+v", stats)
	}
}

// TestCacheSizeLimit: a file cached before the size limit was lowered is
// refused as Read refuses it, not taken from the cache.
func TestCacheSizeLimit(t *testing.T) {
	x, files := oneFile(t, strings.Repeat("The minister met the envoy. ", 100))
	cache, err := OpenCache(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := hashes(t, files)
	if err := AddAll(context.Background(), x, x.NewCorpus(), files, AddOptions{Cache: cache, Hashes: hs}); err != nil {
		t.Fatal(err)
	}
	var got error
	err = AddAll(context.Background(), x, x.NewCorpus(), files, AddOptions{Cache: cache, Hashes: hs, MaxSize: 1000,
		Added: func(_ File, err error) { got = err }})
	if err != nil || got == nil || !strings.Contains(got.Error(), ErrTooLarge.Error()) {
		t.Errorf("file over the limit: %v, %v; want %v", err, got, ErrTooLarge)
	}
}

// TestCachePrune: another extractor version's entries are never read, and
// Prune removes them once unused for a week, leaving this version's and
// whatever else the directory holds.
func TestCachePrune(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, cacheVersionPrefix+"0123456789abcdef")
	recent := filepath.Join(dir, cacheVersionPrefix+"fedcba9876543210")
	other := filepath.Join(dir, "notes")
	for _, d := range []string{old, recent, other} {
		if err := os.MkdirAll(filepath.Join(d, "ab"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	week := time.Now().Add(-pruneAfter - time.Hour)
	for _, d := range []string{old, other} {
		if err := os.Chtimes(d, week, week); err != nil {
			t.Fatal(err)
		}
	}
	cache, err := OpenCache(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cache.vdir == old || cache.vdir == recent {
		t.Fatalf("this version's directory is a test's: %s", cache.vdir)
	}
	n, err := cache.Prune()
	if err != nil || n != 1 {
		t.Fatalf("Prune: %d, %v; want 1 removed", n, err)
	}
	for d, want := range map[string]bool{old: false, recent: true, other: true, cache.vdir: true, filepath.Join(dir, cacheTag): true} {
		if _, err := os.Stat(d); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", d, err == nil, want)
		}
	}
}

// oneFile writes a corpus of one file of text and returns it with an
// Extractor.
func oneFile(t *testing.T, text string) (*extract.Extractor, []File) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), text)
	files, err := Find([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	return x, files
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkCacheAddAll: AddAll of a generated corpus (2,000 files, about
// 4 MB) from a warm cache with the hashes given, as a reload with one
// changed file does, next to extracting every file; ns/op is per corpus,
// files/s per file.
//
//	go test -run '^$' -bench CacheAddAll ./extract/corpus/
func BenchmarkCacheAddAll(b *testing.B) {
	dir := b.TempDir()
	if _, err := gencorpus.Generate(dir, gencorpus.Options{Size: 4 << 20, Seed: 9, SeedDir: "../../data/seeds"}); err != nil {
		b.Fatal(err)
	}
	files, err := Find([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	cache, err := OpenCache(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	hs := map[string]string{}
	for _, f := range files {
		if hs[f.Source], err = Hash(f); err != nil {
			b.Fatal(err)
		}
	}
	if err := AddAll(context.Background(), x, x.NewCorpus(), files, AddOptions{Cache: cache, Hashes: hs}); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		cache *Cache
	}{{"cached", cache}, {"extracted", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				var stats AddStats
				if err := AddAll(context.Background(), x, x.NewCorpus(), files, AddOptions{Cache: bc.cache, Hashes: hs, Stats: &stats}); err != nil {
					b.Fatal(err)
				}
				if stats.Cached+stats.Extracted != len(files) {
					b.Fatalf("%+v for %d files", stats, len(files))
				}
			}
			b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
