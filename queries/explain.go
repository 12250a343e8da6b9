package queries

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Companions of the saved queries: explain/NAME.cypher says what an empty
// answer of query NAME depends on; overview/overview.cypher sums up the
// graph. They are not saved queries (no header, not in the catalog).
//
//go:embed explain/*.cypher overview/*.cypher
var companions embed.FS

// paramRe finds the parameters a statement uses.
var paramRe = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// addExplanations sets Query.Explain from explain/*.cypher. Each file must
// name a query of c and use only that query's parameters, which Why passes
// on as they were bound for the query.
func (c *Catalog) addExplanations() error {
	names, err := fs.Glob(companions, "explain/*.cypher")
	if err != nil {
		return fmt.Errorf("queries: %w", err)
	}
	var errs []error
	for _, file := range names {
		data, err := fs.ReadFile(companions, file)
		if err != nil {
			errs = append(errs, fmt.Errorf("embedded:%s: %w", file, err))
			continue
		}
		name := strings.TrimSuffix(path.Base(file), ".cypher")
		q, ok := c.byName[name]
		if !ok {
			errs = append(errs, fmt.Errorf("embedded:%s: no saved query %q to explain", file, name))
			continue
		}
		for _, m := range paramRe.FindAllStringSubmatch(string(data), -1) {
			if _, ok := q.Param(m[1]); !ok {
				errs = append(errs, fmt.Errorf("embedded:%s: $%s is not a parameter of %s", file, m[1], name))
			}
		}
		q.Explain = string(data)
	}
	return errors.Join(errs...)
}

// Why runs q's explanation with the parameters q was run with and returns
// its sentence, "" when q has none. Call it when q returned no rows, so that
// a reader can tell "no such thing in this corpus" from a failure.
func Why(ctx context.Context, driver neo4j.DriverWithContext, database string, q *Query, params map[string]any) (string, error) {
	if q.Explain == "" {
		return "", nil
	}
	res, err := Run(ctx, driver, database, &Query{Name: q.Name + " (explanation)", Cypher: q.Explain}, params)
	if err != nil {
		return "", err
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 {
		return "", fmt.Errorf("query %s (explanation): want one row of one column, got %d rows", q.Name, len(res.Rows))
	}
	why, _ := res.Rows[0][0].(string)
	return why, nil
}

// Overview returns what the graph holds, one row per line (what, count):
// documents, undated ones and those of each administration, people,
// meetings, statements and agreements.
func Overview(ctx context.Context, driver neo4j.DriverWithContext, database string) (*Result, error) {
	data, err := fs.ReadFile(companions, "overview/overview.cypher")
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	return Run(ctx, driver, database, &Query{Name: "overview", Cypher: string(data)}, nil)
}

// Showcase names the saved queries an overview shows the first rows of:
// two that have answers on the bundled corpus, and one whose empty answer
// there is explained.
var Showcase = []string{"meeting-timeline", "who-met-whom", "officials-across-administrations"}

// WriteOverview writes the overview of the graph, then, for each query of
// Showcase in c, its title and first rows (at most rows) with their
// defaults, or why it has none. The queries' cells are cut at maxCell
// characters.
func WriteOverview(ctx context.Context, w io.Writer, driver neo4j.DriverWithContext, database string, c *Catalog, rows, maxCell int) error {
	res, err := Overview(ctx, driver, database)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "What the graph holds:")
	if err := writeTable(w, res, 0); err != nil { // short lines, never cut
		return err
	}
	for _, name := range Showcase {
		q, ok := c.Get(name)
		if !ok {
			continue
		}
		params, err := q.Bind(nil)
		if err != nil {
			return err
		}
		res, err := Run(ctx, driver, database, q, params)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s (dossier query %s): ", q.Title, q.Name)
		switch n := len(res.Rows); {
		case n == 0:
			fmt.Fprintln(w, "no rows")
			why, err := Why(ctx, driver, database, q, params)
			if err != nil {
				return err
			}
			if why != "" {
				fmt.Fprintf(w, "  why: %s\n", why)
			}
			continue
		case n > rows:
			fmt.Fprintf(w, "first %d of %d rows\n", rows, n)
			res.Rows = res.Rows[:rows]
		default:
			fmt.Fprintf(w, "%d %s\n", n, plural(n, "row", "rows"))
		}
		if err := writeTable(w, res, maxCell); err != nil {
			return err
		}
	}
	return nil
}
