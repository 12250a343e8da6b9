package reload_test

import (
	"context"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// largeCorpus is the corpus of the benchmarks; the test's is smaller
// (testCorpus), to keep `make test` quick: what it asserts (no write, a
// bounded number of transactions) does not depend on the size.
const (
	largeCorpus = 1000
	testCorpus  = 200
)

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
// generated 200-document corpus (the benchmarks take 1,000): a reload with no change writes nothing
// (no transaction at all, by the server's bookmark) and reads only the
// documents' hashes; a reload after one file changed rewrites that
// document only. Durations are logged, not asserted (shared CI cores);
// BenchmarkReloadNoChange measures the first properly.
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

// BenchmarkReloadNoChange: `dossier reload` of an unchanged 1,000-document
// corpus (hash the files, read the stored hashes, stop).
func BenchmarkReloadNoChange(b *testing.B) {
	dir, _, store, _ := loadLarge(b, largeCorpus)
	ctx := context.Background()
	for b.Loop() {
		sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
		if err != nil || !sum.NoChange {
			b.Fatalf("%v %s", err, counts(sum))
		}
	}
}

// BenchmarkReloadOneChange: a reload after one file of 1,000 changed
// (alternately its corrected and original text).
func BenchmarkReloadOneChange(b *testing.B) {
	dir, _, store, _ := loadLarge(b, largeCorpus)
	ctx := context.Background()
	version := 0
	for b.Loop() {
		version = 1 - version
		if err := reloadtest.WriteArticle(dir, seed, 500, version); err != nil {
			b.Fatal(err)
		}
		sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
		if err != nil || sum.Changed != 1 {
			b.Fatalf("%v %s", err, counts(sum))
		}
	}
}
