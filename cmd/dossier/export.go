package main

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/dossier-dev/dossier/graph"
)

type exportOptions struct {
	paths  []string
	format string
	out    string
}

func newExportCmd(a *app) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export PATH... --format neo4j-admin --out DIR",
		Short: "Write the graph as files for Neo4j's bulk import (first load of a large corpus)",
		Long: `Export extracts the graph from .txt files (files, or directories walked
recursively) and writes it under --out as the header and data CSV files that
'neo4j-admin database import full' reads, with the same ids and properties as
'dossier load' writes (administrations and their DURING links included), and
import.args, the import's arguments.

The import writes a new database file by file, far faster than load's
transactions, but only into a stopped database that it replaces:

  neo4j-admin database import full --overwrite-destination neo4j @DIR/import.args

then start the server and run 'dossier schema --after-import' for the
constraints, indexes and what CSV cannot carry (empty alias lists). Files that cannot be read are reported and skipped; the exit status
is then 1.`,
		Example: `  dossier export /srv/corpus --format neo4j-admin --out /var/lib/neo4j/import/dossier`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runExport(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "neo4j-admin", "output format (only neo4j-admin)")
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "directory to write the files to (required)")
	return cmd
}

func runExport(ctx context.Context, a *app, opts *exportOptions) error {
	if opts.format != "neo4j-admin" {
		return userError{fmt.Errorf("export: unknown --format %q (want neo4j-admin)", opts.format)}
	}
	if opts.out == "" {
		return userError{fmt.Errorf("export: --out DIR is required")}
	}
	res, err := a.extractPaths(ctx, opts.paths)
	if err != nil {
		return err
	}
	start := time.Now()
	bi, err := graph.WriteBulkImport(opts.out, res.graph)
	if err != nil {
		return userError{err}
	}
	a.log.Info("exported", "nodes", bi.Nodes, "relationships", bi.Relationships,
		"duration", time.Since(start).Round(time.Millisecond).String())
	fmt.Fprintf(a.stdout, "wrote %d nodes and %d relationships to %s; with the database stopped, run:\n  neo4j-admin database import full --overwrite-destination %s @%s\nthen start it and run: dossier schema --after-import\n",
		bi.Nodes, bi.Relationships, opts.out, cmp.Or(a.cfg.Neo4j.Database, "neo4j"), bi.ArgsFile)
	return res.failure()
}
