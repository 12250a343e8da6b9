package reload_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
	"github.com/dossier-dev/dossier/internal/gencorpus"
)

// testCorpus is the size of the test's corpus; BenchmarkReload's are
// larger (benchSizes): what the test asserts (no write, a bounded number
// of transactions) does not depend on the size.
const testCorpus = 200

// loadLarge writes an n-document corpus and reloads it once.
func loadLarge(tb testing.TB, n int) (string, *neo4jtest.Instance, *graph.Store, time.Duration) {
	tb.Helper()
	inst, store := server(tb)
	dir := tb.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, n); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	sum, err := reload.Run(context.Background(), store, []string{dir}, reload.Options{Log: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	if sum.Added != n {
		tb.Fatalf("first reload: %s", counts(sum))
	}
	return dir, inst, store, time.Since(start)
}

// TestReloadLargeCorpus is the timed log of the numbers on a
// generated 200-document corpus (BenchmarkReload takes 1,000 and 10,000): a reload with no change writes nothing
// (no transaction at all, by the server's bookmark) and reads only the
// documents' hashes; a reload after one file changed rewrites that
// document only. Durations are logged, not asserted (shared CI cores);
// BenchmarkReload measures them.
func TestReloadLargeCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 200-document reload")
	}
	const largeCorpus = testCorpus
	dir, inst, store, first := loadLarge(t, largeCorpus)
	t.Logf("first reload of %d documents: %s", largeCorpus, first.Round(time.Millisecond))
	ctx := context.Background()

	before := lastTx(t, inst)
	start := time.Now()
	sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.NoChange || sum.Unchanged != largeCorpus || sum.Wrote() || lastTx(t, inst) != before {
		t.Fatalf("no-change reload: %s, wrote %v", counts(sum), sum.Wrote())
	}
	t.Logf("no-change reload of %d documents: %s, no transaction committed", largeCorpus, took.Round(time.Millisecond))

	if err := reloadtest.WriteArticle(dir, seed, largeCorpus/2, 1); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	sum, err = reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
	took = time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Changed != 1 || sum.Unchanged != largeCorpus-1 || sum.Refreshed != 0 {
		t.Fatalf("one-change reload: %s, %d refreshed", counts(sum), sum.Refreshed)
	}
	// The one document's transaction, its new entities' and its orphans':
	// a handful, however large the corpus.
	if sum.Transactions > 8 {
		t.Errorf("one changed file took %d transactions", sum.Transactions)
	}
	t.Logf("one-changed-file reload of %d documents: %s (%s)", largeCorpus, took.Round(time.Millisecond), sum)
}

// BenchmarkReload: `dossier reload` of a generated realistic corpus
// (internal/gencorpus: about 2 kB a file, people recurring across files)
// of 1,000 and 10,000 documents (DOSSIER_BENCH_RELOAD_DOCS=N,M for other
// sizes), after a first reload that fills the store and the extraction
// cache:
//
//   - none: no file changed (hash the files, read the stored hashes, stop);
//   - one: one file changed (corrected again: a text never read before),
//     the others taken from the extraction cache;
//   - one-no-cache: the same without the cache, every file extracted again
//     (as every reload did before the cache).
//
// Each prints where the time of its last run went (debug log lines with
// their elapsed time since the start of the run).
//
//	go test -run '^$' -bench Reload -benchtime 5x ./graph/reload/
func BenchmarkReload(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			_, store := server(b)
			dir, size := genCorpus(b, n)
			cache, err := corpus.OpenCache(b.TempDir(), nil)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			start := time.Now()
			sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet, Cache: cache})
			if err != nil || sum.Added != n {
				b.Fatalf("first reload: %v %s", err, counts(sum))
			}
			first := fmt.Sprintf("first reload of %d documents (%.1f MB): %s, %d transactions", n, float64(size)/1e6, time.Since(start).Round(time.Millisecond), sum.Transactions)
			changed := filepath.Join(dir, fmt.Sprintf("%03d", n/2/1000), fmt.Sprintf("%06d.txt", n/2)) // gencorpus's names
			original, err := os.ReadFile(changed)
			if err != nil {
				b.Fatal(err)
			}
			version := 0
			variants := []struct {
				name   string
				change bool
				cache  *corpus.Cache
			}{{"none", false, cache}, {"one", true, cache}, {"one-no-cache", true, nil}}
			for _, v := range variants {
				b.Run(v.name, func(b *testing.B) {
					steps := &stepLog{}
					var sum reload.Summary
					var took []time.Duration
					for b.Loop() {
						if v.change {
							b.StopTimer()
							// A text never read before: never in the cache.
							version++
							text := append(slices.Clip(original), fmt.Sprintf("Officials said: “Correction %d: the review continues.”\n", version)...)
							if err := os.WriteFile(changed, text, 0o644); err != nil {
								b.Fatal(err)
							}
							b.StartTimer()
						}
						steps.reset()
						var err error
						// Labelled, so that a CPU profile of the benchmark
						// (-cpuprofile) shows one variant apart from the
						// first reload: go tool pprof -tagfocus variant=one.
						pprof.Do(ctx, pprof.Labels("variant", v.name, "docs", strconv.Itoa(n)), func(ctx context.Context) {
							sum, err = reload.Run(ctx, store, []string{dir}, reload.Options{Log: slog.New(steps), Cache: v.cache})
						})
						if err != nil || sum.NoChange == v.change || (v.change && sum.Changed != 1) {
							b.Fatalf("%v %s", err, counts(sum))
						}
						took = append(took, sum.Duration)
					}
					// The first runs of a variant may wait for the server's
					// query plans and caches: the median is the steady state.
					slices.Sort(took)
					b.ReportMetric(took[len(took)/2].Seconds(), "median-s")
					b.ReportMetric(float64(sum.Extracted), "extracted/op")
					b.ReportMetric(float64(sum.Cached), "cached/op")
					b.Logf("%d documents, %s: %s; last run: %s; runs sorted: %v (%s)", n, v.name, sum, steps, took, first)
				})
			}
		})
	}
}

// benchSizes returns the corpus sizes of BenchmarkReload.
func benchSizes(b *testing.B) []int {
	env := os.Getenv("DOSSIER_BENCH_RELOAD_DOCS")
	if env == "" {
		return []int{1000, 10000}
	}
	var sizes []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 2 {
			b.Fatalf("DOSSIER_BENCH_RELOAD_DOCS=%s: want sizes such as 1000,10000", env)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// genCorpus writes a generated corpus of exactly n files (more are
// generated, then the last removed) and returns its directory and size.
func genCorpus(b *testing.B, n int) (string, int64) {
	dir := b.TempDir()
	if _, err := gencorpus.Generate(dir, gencorpus.Options{Size: int64(n) * 2500, Seed: 9, SeedDir: "../../data/seeds"}); err != nil {
		b.Fatal(err)
	}
	files, err := corpus.Find([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	if len(files) < n {
		b.Fatalf("%d files generated, want %d", len(files), n)
	}
	var size int64
	for i, f := range files {
		if i >= n {
			if err := os.Remove(f.Path); err != nil {
				b.Fatal(err)
			}
			continue
		}
		info, err := os.Stat(f.Path)
		if err != nil {
			b.Fatal(err)
		}
		size += info.Size()
	}
	return dir, size
}

// stepLog is a slog handler keeping the elapsed time of each debug line
// of one reload: where its time went.
type stepLog struct {
	mu    sync.Mutex
	steps []string
}

func (h *stepLog) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.steps = h.steps[:0]
}

// String lists the steps with their elapsed times.
func (h *stepLog) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.steps, ", ")
}

// Enabled takes every level.
func (h *stepLog) Enabled(context.Context, slog.Level) bool { return true }

// Handle keeps the lines with an elapsed time.
func (h *stepLog) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "elapsed" {
			name := r.Message
			r.Attrs(func(a slog.Attr) bool {
				if a.Key == "step" || a.Key == "stage" {
					name += " " + a.Value.String()
				}
				return true
			})
			h.mu.Lock()
			h.steps = append(h.steps, name+" "+a.Value.String())
			h.mu.Unlock()
			return false
		}
		return true
	})
	return nil
}

// WithAttrs returns h: reload's logger adds none that matter here.
func (h *stepLog) WithAttrs([]slog.Attr) slog.Handler { return h }

// WithGroup returns h.
func (h *stepLog) WithGroup(string) slog.Handler { return h }
