package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dossier-dev/dossier/graph"
)

func newSchemaCmd(a *app) *cobra.Command {
	var show, afterImport bool
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Create Neo4j constraints and indexes (idempotent)",
		Long: `Schema creates a uniqueness constraint on the id of every node label and the
full-text indexes on names, aliases and statement text. Existing ones are left
as they are, so it is safe to run any time; load runs it too.`,
		Example: `  dossier schema
  dossier schema --after-import   # once, after neo4j-admin imported 'dossier export' files
  dossier schema --print    # show the statements without connecting`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if show {
				for _, s := range graph.SchemaStatements() {
					fmt.Fprintln(a.stdout, s+";")
				}
				return nil
			}
			return runSchema(cmd.Context(), a, afterImport)
		},
	}
	cmd.Flags().BoolVar(&show, "print", false, "print the statements instead of running them")
	cmd.Flags().BoolVar(&afterImport, "after-import", false,
		"also complete a graph that neo4j-admin imported from 'dossier export' (what CSV cannot carry)")
	return cmd
}

func runSchema(ctx context.Context, a *app, afterImport bool) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close(ctx)
	ensure := store.EnsureSchema
	if afterImport {
		ensure = store.CompleteBulkImport // the schema and the rest
	}
	if err := ensure(ctx); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "schema ready on %s (%d statements)\n", graph.RedactURI(a.cfg.Neo4j.URI), len(graph.SchemaStatements()))
	return nil
}
