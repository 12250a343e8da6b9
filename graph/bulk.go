package graph

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// BulkImport describes the files WriteBulkImport wrote for
// `neo4j-admin database import full`.
type BulkImport struct {
	// ArgsFile holds the import's arguments, one a line (picocli's
	// argument file: pass it as @FILE), with absolute paths.
	ArgsFile string
	// Args are the same arguments.
	Args []string
	// Nodes and Relationships count the rows written.
	Nodes, Relationships int
}

// bulkArrayDelimiter separates the elements of a list property in the
// CSV files: a control character no text holds (cleanText drops them).
const bulkArrayDelimiter = "\x1f"

// WriteBulkImport writes g into dir as the header and data CSV files that
// `neo4j-admin database import full` reads, with the same nodes, ids,
// relationships and properties as Load writes with Fingerprints (the same
// plan: duplicates
// and relationships with unknown ends left out), plus the administrations
// and DURING links SyncAdministrations adds. A label's nodes have their own
// id space, as Load keys nodes by label and id. What CSV cannot carry, the
// schema and empty alias lists, CompleteBulkImport adds after the import.
func WriteBulkImport(dir string, g *Graph) (BulkImport, error) {
	var bi BulkImport
	abs, err := filepath.Abs(dir)
	if err != nil {
		return bi, fmt.Errorf("bulk import: %w", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return bi, fmt.Errorf("bulk import: %w", err)
	}
	admins, err := Administrations()
	if err != nil {
		return bi, err
	}
	plan, _ := planWrites(g)
	// The fingerprints Load writes with LoadOptions.Fingerprints, so that
	// the first reload after an import writes nothing.
	factsHashes := map[string]string{}
	for _, d := range PlanSync(g, nil, nil).Replace {
		factsHashes[d.Document.ID] = d.FactsHash
	}
	// Nodes: one file pair per label, from the plan's rows.
	nodes := map[string][]map[string]any{}
	var rels []map[string]any
	for _, w := range plan {
		if w.what == relWhat {
			rels = w.rows
			continue
		}
		label := strings.TrimSuffix(w.what, " nodes")
		for _, row := range w.rows {
			props := row["props"].(map[string]any)
			if label == LabelDocument {
				props[PropFactsHash] = factsHashes[row["id"].(string)]
			} else {
				props[PropContentHash] = ContentHash(props)
			}
			nodes[label] = append(nodes[label], props)
		}
	}
	for _, a := range admins {
		nodes[LabelAdministration] = append(nodes[LabelAdministration], a.Properties())
	}
	for _, d := range g.Documents {
		for _, l := range AdministrationsOn(d.Date, admins) {
			rels = append(rels, map[string]any{"type": RelDuring, "from": d.ID, "fromLabel": LabelDocument,
				"to": l.Administration.NodeID(), "toLabel": LabelAdministration, "props": duringProperties(d, l)})
		}
	}
	bi.Args = []string{"--array-delimiter=U+001F", "--multiline-fields=true", "--id-type=string",
		"--report-file=" + filepath.Join(abs, "import.report")} // else it lands in the working directory
	for _, label := range slices.Sorted(maps.Keys(nodes)) {
		name := "nodes-" + label
		err := writeBulkFiles(abs, name, nodes[label], func(key string) string {
			if key == "id" {
				return "id:ID(" + label + ")"
			}
			return ""
		}, nil)
		if err != nil {
			return bi, err
		}
		bi.Args = append(bi.Args, fmt.Sprintf("--nodes=%s=%s,%s", label,
			filepath.Join(abs, name+".header.csv"), filepath.Join(abs, name+".csv")))
		bi.Nodes += len(nodes[label])
	}
	// Relationships: one file pair per type and end labels.
	groups := map[[3]string][]map[string]any{}
	for _, r := range rels {
		k := [3]string{r["type"].(string), r["fromLabel"].(string), r["toLabel"].(string)}
		groups[k] = append(groups[k], r)
	}
	for _, k := range slices.SortedFunc(maps.Keys(groups), func(a, b [3]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]), cmp.Compare(a[2], b[2]))
	}) {
		rows := groups[k]
		props := make([]map[string]any, len(rows))
		for i, r := range rows {
			props[i] = r["props"].(map[string]any)
		}
		name := "rels-" + k[0] + "-" + k[1] + "-" + k[2]
		ends := func(i int) (string, string) { return rows[i]["from"].(string), rows[i]["to"].(string) }
		err := writeBulkFiles(abs, name, props, func(string) string { return "" }, &bulkEnds{k[1], k[2], ends})
		if err != nil {
			return bi, err
		}
		bi.Args = append(bi.Args, fmt.Sprintf("--relationships=%s=%s,%s", k[0],
			filepath.Join(abs, name+".header.csv"), filepath.Join(abs, name+".csv")))
		bi.Relationships += len(rows)
	}
	bi.ArgsFile = filepath.Join(abs, "import.args")
	var b strings.Builder
	for _, a := range bi.Args {
		b.WriteString(a + "\n")
	}
	if err := os.WriteFile(bi.ArgsFile, []byte(b.String()), 0o644); err != nil {
		return bi, fmt.Errorf("bulk import: %w", err)
	}
	return bi, nil
}

// duringProperties are the properties SyncAdministrations gives a DURING
// link (syncAdministrationsCypher).
func duringProperties(d Document, l AdministrationLink) map[string]any {
	a := l.Administration
	end := cmp.Or(a.End, "present")
	return map[string]any{
		"certain": l.Certain, "precision": l.Precision, "doc": d.ID,
		"evidence": "Document dated " + d.Date + "; " + a.Name() + " in office from " + a.Start +
			" to " + end + " (graph/data/administrations.tsv)",
	}
}

// bulkEnds gives the start and end columns of a relationship file.
type bulkEnds struct {
	from, to string // id spaces (labels)
	ids      func(row int) (from, to string)
}

// writeBulkFiles writes NAME.header.csv and NAME.csv under dir: a column
// per property key of rows (sorted, typed from the values: string,
// string[], boolean, long, double), and the start and end ids first for
// relationships. column names the header of a key when it is not the
// plain "key:type".
func writeBulkFiles(dir, name string, rows []map[string]any, column func(string) string, ends *bulkEnds) error {
	types := map[string]string{}
	for _, p := range rows {
		for k, v := range p {
			t, err := bulkType(v)
			if err != nil {
				return fmt.Errorf("bulk import %s: property %s: %w", name, k, err)
			}
			if old, ok := types[k]; ok && old != t {
				return fmt.Errorf("bulk import %s: property %s is both %s and %s", name, k, old, t)
			}
			types[k] = t
		}
	}
	keys := slices.Sorted(maps.Keys(types))
	var header []string
	if ends != nil {
		header = append(header, ":START_ID("+ends.from+")", ":END_ID("+ends.to+")")
	}
	for _, k := range keys {
		header = append(header, cmp.Or(column(k), k+":"+types[k]))
	}
	if err := os.WriteFile(filepath.Join(dir, name+".header.csv"), []byte(strings.Join(header, ",")+"\n"), 0o644); err != nil {
		return fmt.Errorf("bulk import: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, name+".csv"))
	if err != nil {
		return fmt.Errorf("bulk import: %w", err)
	}
	w := bufio.NewWriterSize(f, 256<<10)
	for i, p := range rows {
		first := true
		field := func(s string) {
			if !first {
				w.WriteByte(',')
			}
			first = false
			w.WriteString(s)
		}
		if ends != nil {
			from, to := ends.ids(i)
			field(csvQuote(from))
			field(csvQuote(to))
		}
		for _, k := range keys {
			v, ok := p[k]
			if !ok {
				field("") // unquoted empty: no property
				continue
			}
			field(csvValue(v))
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("bulk import: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bulk import: %w", err)
	}
	return nil
}

// bulkType is the import type of a property value, as storable left it.
func bulkType(v any) (string, error) {
	switch v.(type) {
	case string:
		return "string", nil
	case []string:
		return "string[]", nil
	case bool:
		return "boolean", nil
	case int, int64:
		return "long", nil
	case float64:
		return "double", nil
	}
	return "", fmt.Errorf("unsupported value %T", v)
}

// csvValue writes a property value as one CSV field: strings always quoted
// (so that "" is an empty string, not a missing property).
func csvValue(v any) string {
	switch v := v.(type) {
	case string:
		return csvQuote(v)
	case []string:
		return csvQuote(strings.Join(v, bulkArrayDelimiter))
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return ""
}

func csvQuote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// completeImportCypher gives the entity nodes an import left without
// aliases the empty list Load writes: a CSV field cannot hold an empty
// list (neo4j-admin reads an empty field as no property).
const completeImportCypher = `MATCH (n) WHERE n.aliasText IS NOT NULL AND n.aliases IS NULL
CALL (n) { SET n.aliases = [] } IN TRANSACTIONS OF 10000 ROWS`

// CompleteBulkImport makes a graph imported from WriteBulkImport's files
// equal to the one Load writes: the schema (EnsureSchema) and the empty
// alias lists CSV cannot carry. It is idempotent, and changes nothing on a
// graph Load wrote.
func (s *Store) CompleteBulkImport(ctx context.Context) error {
	if err := s.EnsureSchema(ctx); err != nil {
		return err
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, completeImportCypher, nil) // auto-commit: IN TRANSACTIONS needs it
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("complete bulk import: %w", err)
	}
	return nil
}
