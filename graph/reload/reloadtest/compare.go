package reloadtest

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
)

// Dump returns the canonical dump of the store (graph.Store.Dump), leaving
// out the properties named in omit.
func Dump(tb testing.TB, store *graph.Store, omit ...string) []string {
	tb.Helper()
	lines, err := store.Dump(context.Background(), graph.DumpOptions{Omit: omit})
	if err != nil {
		tb.Fatal(err)
	}
	return lines
}

// AssertSame fails tb when two dumps differ, listing the lines only one
// has; a line repeated in one dump (a duplicate) counts as a difference.
func AssertSame(tb testing.TB, what string, got, want []string) {
	tb.Helper()
	if slices.Equal(got, want) {
		return
	}
	count := map[string]int{}
	for _, l := range got {
		count[l]++
	}
	for _, l := range want {
		count[l]--
	}
	var b strings.Builder
	for _, l := range slices.Sorted(maps.Keys(count)) {
		switch n := count[l]; {
		case n > 0:
			b.WriteString("\n  extra:   " + l)
		case n < 0:
			b.WriteString("\n  missing: " + l)
		}
	}
	tb.Fatalf("%s: the graph differs from a fresh load (%d lines, want %d):%s", what, len(got), len(want), b.String())
}

// LastTx returns the bookmark of a read: it names the last transaction the
// database committed, so it changes exactly when something was written.
func LastTx(tb testing.TB, driver neo4j.DriverWithContext, database string) string {
	tb.Helper()
	ctx := context.Background()
	sess := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "RETURN 1", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return strings.Join(sess.LastBookmarks(), ",")
}

// Extract returns the graph a fresh `dossier load` of dir writes: every
// text under it, extracted as one corpus.
func Extract(tb testing.TB, dir string) *graph.Graph {
	tb.Helper()
	files, err := corpus.Find([]string{dir})
	if err != nil {
		tb.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		tb.Fatal(err)
	}
	c := x.NewCorpus()
	err = corpus.AddAll(context.Background(), x, c, files, corpus.AddOptions{Added: func(f corpus.File, err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}})
	if err != nil {
		tb.Fatal(err)
	}
	return c.Graph()
}
