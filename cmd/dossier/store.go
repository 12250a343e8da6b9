package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/dossier-dev/dossier/graph"
)

// openStore connects to the configured Neo4j; a failure is the user's to fix
// (server down, wrong password), so it says where it tried.
func (a *app) openStore(ctx context.Context) (*graph.Store, error) {
	s, err := graph.Open(ctx, a.cfg.Connection())
	if err != nil {
		return nil, userError{fmt.Errorf("cannot reach Neo4j (set DOSSIER_NEO4J_URI / DOSSIER_NEO4J_PASSWORD or --neo4j-uri): %w", err)}
	}
	return s, nil
}

// printCounts writes one line per label and relationship type, sorted.
func printCounts(w io.Writer, nodes, rels map[string]int) {
	fmt.Fprintln(w, "nodes:")
	for _, k := range slices.Sorted(maps.Keys(nodes)) {
		fmt.Fprintf(w, "  %-16s %7d\n", k, nodes[k])
	}
	fmt.Fprintln(w, "relationships:")
	for _, k := range slices.Sorted(maps.Keys(rels)) {
		fmt.Fprintf(w, "  %-16s %7d\n", k, rels[k])
	}
}
