package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/dossier-dev/dossier/graph"
)

type loadOptions struct {
	paths []string
}

func newLoadCmd(a *app) *cobra.Command {
	opts := &loadOptions{}
	return &cobra.Command{
		Use:   "load PATH...",
		Short: "Extract texts and write the graph to Neo4j",
		Long: `Load extracts the graph from .txt files (files, or directories walked
recursively) and writes it to Neo4j, creating the schema first. Nodes are
upserted by id; each document is written with its facts and the fingerprints
reload compares, so loading the same corpus twice changes nothing, and the
first reload of it writes nothing either. Ends with the elements written per
second.
Files that cannot be read are reported and skipped; the rest is loaded and the
exit status is 1.`,
		Example: `  dossier load data/seeds
  DOSSIER_NEO4J_URI=bolt://db:7687 DOSSIER_NEO4J_PASSWORD=secret dossier load /srv/corpus`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runLoad(cmd.Context(), a, opts)
		},
	}
}

func runLoad(ctx context.Context, a *app, opts *loadOptions) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close(ctx)
	// Timed apart: on a new database the schema is most of a small load.
	schemaStart := time.Now()
	if err := store.EnsureSchema(ctx); err != nil {
		return err
	}
	schemaTime := time.Since(schemaStart)
	res, err := a.extractPaths(ctx, opts.paths)
	if err != nil {
		return err
	}
	p := a.newProgress("loading", 0)
	stats, err := store.Load(ctx, res.graph, graph.LoadOptions{
		BatchSize: a.cfg.Load.BatchSize,
		Progress:  p.Update,
		// The bookkeeping reload writes: the first reload of the same
		// corpus after this load then rewrites nothing.
		Fingerprints: true,
	})
	p.Finish()
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	rate := float64(stats.Written) / stats.Duration.Seconds()
	a.log.Info("loaded", "elements", stats.Elements, "written", stats.Written, "nodes_created", stats.NodesCreated,
		"relationships_created", stats.RelationshipsCreated, "relationships_deleted", stats.RelationshipsDeleted,
		"skipped", stats.Skipped, "transactions", stats.Transactions,
		"duration", stats.Duration.Round(time.Millisecond), "elements_per_s", int(rate),
		"schema_duration", schemaTime.Round(time.Millisecond))
	nodes, rels, err := store.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "loaded %d files into %s: %d elements, %d written (%d created), %d already there, in %s: %d elements/s written\n",
		res.files-len(res.failed), graph.RedactURI(a.cfg.Neo4j.URI), stats.Elements, stats.Written,
		stats.NodesCreated+stats.RelationshipsCreated, stats.Elements-stats.Written,
		stats.Duration.Round(100*time.Millisecond), int(rate))
	printCounts(a.stdout, nodes, rels)
	return res.failure()
}
