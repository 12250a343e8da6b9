package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/dossier-dev/dossier/queries"
)

type overviewOptions struct {
	rows    int
	maxCell int
}

func newOverviewCmd(a *app) *cobra.Command {
	opts := &overviewOptions{}
	cmd := &cobra.Command{
		Use:   "overview",
		Short: "Sum up what the graph holds and show a few saved queries' first rows",
		Long: `Overview prints what the graph holds (documents, undated ones and those of
each administration, people, meetings, statements, agreements), then the first
rows of a few saved queries with their default parameters; a query with no rows
says what its answer depends on. make run ends with it.`,
		Example: `  dossier overview
  dossier overview --rows 10`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runOverview(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().IntVar(&opts.rows, "rows", 5, "first rows shown of each query")
	cmd.Flags().IntVar(&opts.maxCell, "max-cell", 40, "cut table cells to this many characters (0: never)")
	return cmd
}

func runOverview(ctx context.Context, a *app, opts *overviewOptions) error {
	c, err := queries.Embedded()
	if err != nil {
		return err
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close(ctx)
	return queries.WriteOverview(ctx, a.stdout, store.Driver(), store.Database(), c, opts.rows, opts.maxCell)
}
