package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dossier-dev/dossier/queries"
)

type queryOptions struct {
	name      string
	params    []string // key=value, as given
	format    string
	list      bool
	cypher    bool
	favorites string // directory for --export-favorites
	maxCell   int
}

func newQueryCmd(a *app) *cobra.Command {
	opts := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query [NAME]",
		Short: "Run a saved Cypher query, list them or export them as Browser favorites",
		Long: `Query runs one of the saved questions of queries/ (built into the binary) on
the graph, in a read-only transaction, and prints the rows as a table, JSON or
CSV. Parameters have defaults (see --list); --param NAME=VALUE overrides one,
once per parameter. Before it runs, the server plans the query (EXPLAIN) and
it is refused unless it only reads the graph: no writes, LOAD CSV,
administration commands or procedures beyond full-text search and the
schema's names. --query-timeout (config queries.timeout, default 30s) stops a
query that runs too long. --queries-dir (--dir, config queries.dir, env
DOSSIER_QUERIES_DIR) adds a directory of your own .cypher files, in the same
format (queries/README.md); a file there replaces a built-in query of the same
name.`,
		Example: `  dossier query --list
  dossier query officials-across-administrations
  dossier query office-holders --param office="Secretary of State" --format csv
  dossier query person-statements --param name=Sheinbaum --param topic='fentanyl OR cartels'
  dossier query office-holders --cypher
  dossier query --export-favorites ./favorites
  dossier query --dir ./my-queries my-question`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.name = args[0]
			}
			return runQuery(cmd.Context(), a, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.list, "list", false, "list the saved queries with their parameters and defaults")
	f.StringArrayVarP(&opts.params, "param", "p", nil, "set a parameter, NAME=VALUE (repeatable)")
	f.StringVarP(&opts.format, "format", "f", "table", "output format: table, json or csv")
	f.BoolVar(&opts.cypher, "cypher", false, "print the query's file instead of running it")
	f.StringVar(&opts.favorites, "export-favorites", "", "write every query to `DIR` as NAME.cypher, for Neo4j Browser's Favorites")
	f.IntVar(&opts.maxCell, "max-cell", 80, "cut table cells to this many characters (0: never); json and csv are never cut")
	f.Duration("query-timeout", 0, "stop a query running longer than this (env DOSSIER_QUERIES_TIMEOUT; default 30s)")
	addQueriesDirFlag(cmd)
	return cmd
}

// addQueriesDirFlag adds --queries-dir (config key queries.dir, see
// flagKeys), also spelled --dir on this command only: a global "dir" key
// could capture another command's --dir.
func addQueriesDirFlag(cmd *cobra.Command) {
	cmd.Flags().String("queries-dir", "", "directory of your own .cypher queries, added to the built-in ones (alias --dir; env DOSSIER_QUERIES_DIR)")
	cmd.Flags().SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "dir" {
			name = "queries-dir"
		}
		return pflag.NormalizedName(name)
	})
}

// loadCatalog returns the embedded queries plus the configured directory's.
func (a *app) loadCatalog() (*queries.Catalog, error) {
	c, err := queries.Load(a.cfg.Queries.Dir)
	if err != nil {
		return nil, userError{err}
	}
	return c, nil
}

func runQuery(ctx context.Context, a *app, opts *queryOptions) error {
	if !slices.Contains(queries.Formats, opts.format) {
		return userError{fmt.Errorf("--format %q: want table, json or csv", opts.format)}
	}
	c, err := a.loadCatalog()
	if err != nil {
		return err
	}
	switch {
	case opts.list:
		return listQueries(a, c)
	case opts.favorites != "":
		paths, err := queries.ExportFavorites(c, opts.favorites)
		if err != nil {
			return userError{err}
		}
		fmt.Fprintf(a.stdout, "wrote %d favorites to %s; in Neo4j Browser, open Favorites (the star) and drop the files on it\n",
			len(paths), opts.favorites)
		return nil
	case opts.name == "":
		return userError{errors.New("name a query to run (dossier query --list shows them)")}
	}
	q, ok := c.Get(opts.name)
	if !ok {
		return userError{fmt.Errorf("no saved query %q (dossier query --list shows them)", opts.name)}
	}
	if opts.cypher {
		_, err := fmt.Fprint(a.stdout, q.Text)
		return err
	}
	values := map[string]string{}
	for _, kv := range opts.params {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return userError{fmt.Errorf("--param %q: want NAME=VALUE", kv)}
		}
		if _, dup := values[k]; dup {
			return userError{fmt.Errorf("--param %s given twice; give each parameter once", k)}
		}
		values[k] = v
	}
	params, err := q.BindStrings(values)
	if err != nil {
		return userError{err}
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close(ctx)
	// One limit for the query and the look-up that explains an empty answer.
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Queries.Timeout)
	defer cancel()
	res, err := queries.Run(ctx, store.Driver(), store.Database(), q, params)
	switch {
	case errors.Is(err, queries.ErrTimeout):
		return userError{fmt.Errorf("%w; the limit is %s (queries.timeout, --query-timeout)", err, a.cfg.Queries.Timeout)}
	case errors.Is(err, queries.ErrRefused):
		return userError{fmt.Errorf("%w (%s)", err, q.Source)}
	case err != nil:
		return err
	}
	if err := queries.Write(a.stdout, res, opts.format, queries.WriteOptions{MaxCell: opts.maxCell}); err != nil {
		return err
	}
	if len(res.Rows) > 0 {
		return nil
	}
	// An empty answer says what it depends on; beside JSON or CSV, on stderr.
	why, err := queries.Why(ctx, store.Driver(), store.Database(), q, params)
	if err != nil || why == "" {
		return err
	}
	w := a.stdout
	if opts.format != "table" {
		w = a.stderr
	}
	_, err = fmt.Fprintf(w, "why: %s\n", why)
	return err
}

// listQueries prints one block per query: name and title, then its
// parameters with their defaults.
func listQueries(a *app, c *queries.Catalog) error {
	all := c.All()
	width := 0
	for _, q := range all {
		width = max(width, len(q.Name))
	}
	var b strings.Builder
	for _, q := range all {
		fmt.Fprintf(&b, "%-*s  %s\n", width, q.Name, q.Title)
		for _, p := range q.Params {
			fmt.Fprintf(&b, "%-*s    --param %s=%s  (%s)\n", width, "", p.Name, p.DefaultLiteral(), p.Type)
		}
		if !strings.HasPrefix(q.Source, "embedded:") {
			fmt.Fprintf(&b, "%-*s    from %s\n", width, "", q.Source)
		}
	}
	fmt.Fprintf(&b, "%d saved queries; dossier query NAME --cypher shows one\n", len(all))
	_, err := fmt.Fprint(a.stdout, b.String())
	return err
}
