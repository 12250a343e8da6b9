package graph

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed data/administrations.tsv
var administrationsTSV []byte

// Administration is one continuous tenure of a head of government
// (graph/data/README.md). Dates are ISO strings, both ends inclusive; End is
// "" while the head is in office.
type Administration struct {
	ID      string // key in the data file, e.g. "us-2017-trump"
	Country string // country name as Country nodes and Office.country spell it
	Head    string
	Start   string // YYYY-MM-DD
	End     string // YYYY-MM-DD, "" = in office
}

// NodeID returns the id of the Administration node.
func (a Administration) NodeID() string { return "administration-" + a.ID }

// Name returns a display name such as "Donald Trump (2017–2021)".
func (a Administration) Name() string {
	end := ""
	if a.End != "" {
		end = a.End[:4]
	}
	return fmt.Sprintf("%s (%s–%s)", a.Head, a.Start[:4], end)
}

// Properties returns the Neo4j properties of the Administration node; end is
// absent while the head is in office.
func (a Administration) Properties() map[string]any {
	p := map[string]any{
		"id": a.NodeID(), "key": a.ID, "name": a.Name(),
		"country": a.Country, "head": a.Head, "start": a.Start,
	}
	if a.End != "" {
		p["end"] = a.End
	}
	return p
}

// Overlap says how a date span relates to an administration.
type Overlap int

// Overlap values.
const (
	NoOverlap Overlap = iota // the span lies outside the administration
	Partial                  // the span overlaps the administration only in part
	Within                   // the whole span lies within the administration
)

// openEnd stands for "still in office" in comparisons: ISO strings compare
// as dates.
const openEnd = "9999-12-31"

// Overlaps reports how the inclusive span from..to (YYYY-MM-DD) relates to a.
func (a Administration) Overlaps(from, to string) Overlap {
	end := a.End
	if end == "" {
		end = openEnd
	}
	switch {
	case a.Start > to || end < from:
		return NoOverlap
	case a.Start <= from && end >= to:
		return Within
	}
	return Partial
}

var (
	dayRe   = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`)
	monthRe = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
	yearRe  = regexp.MustCompile(`^[0-9]{4}$`)
)

// DateSpan returns the inclusive span of days a document date stands for:
// the day itself, the whole month for YYYY-MM, the whole year for YYYY.
// precision is "day", "month" or "year"; ok is false for "" and malformed
// dates. The Cypher in SyncAdministrations computes the same spans.
func DateSpan(date string) (from, to, precision string, ok bool) {
	switch {
	case dayRe.MatchString(date):
		return date, date, "day", true
	case monthRe.MatchString(date):
		t, err := time.Parse("2006-01", date)
		if err != nil {
			return "", "", "", false
		}
		last := t.AddDate(0, 1, -1)
		return date + "-01", last.Format(time.DateOnly), "month", true
	case yearRe.MatchString(date):
		return date + "-01-01", date + "-12-31", "year", true
	}
	return "", "", "", false
}

// AdministrationLink is a (:Document)-[:DURING]->(:Administration) link.
type AdministrationLink struct {
	Administration Administration
	Certain        bool   // the document's whole date span lies within the administration
	Precision      string // of the document date: day, month or year
}

// AdministrationsOn returns the administrations in admins in office during
// the span of date, in the order of admins; nil for an unknown date.
func AdministrationsOn(date string, admins []Administration) []AdministrationLink {
	from, to, precision, ok := DateSpan(date)
	if !ok {
		return nil
	}
	var out []AdministrationLink
	for _, a := range admins {
		if o := a.Overlaps(from, to); o != NoOverlap {
			out = append(out, AdministrationLink{Administration: a, Certain: o == Within, Precision: precision})
		}
	}
	return out
}

var idRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ParseAdministrations reads the administrations data format (tab-separated
// id, country, head, start, end; "#" comments) and validates it: unique ids,
// YYYY-MM-DD dates, start <= end, and no two administrations of a country
// sharing more than a handover day. Rows come back sorted by country, start.
func ParseAdministrations(r io.Reader) ([]Administration, error) {
	var out []Administration
	var errs []error
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			errs = append(errs, fmt.Errorf("line %d: %d tab-separated fields, want 5 (id, country, head, start, end)", n, len(f)))
			continue
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		a := Administration{ID: f[0], Country: f[1], Head: f[2], Start: f[3], End: f[4]}
		switch {
		case !idRe.MatchString(a.ID):
			errs = append(errs, fmt.Errorf("line %d: id %q: want lower-case letters, digits and dashes", n, a.ID))
		case seen[a.ID]:
			errs = append(errs, fmt.Errorf("line %d: duplicate id %q", n, a.ID))
		case a.Country == "" || a.Head == "":
			errs = append(errs, fmt.Errorf("line %d: empty country or head", n))
		case !validDay(a.Start):
			errs = append(errs, fmt.Errorf("line %d: start %q: want YYYY-MM-DD", n, a.Start))
		case a.End != "" && !validDay(a.End):
			errs = append(errs, fmt.Errorf("line %d: end %q: want YYYY-MM-DD or empty", n, a.End))
		case a.End != "" && a.End < a.Start:
			errs = append(errs, fmt.Errorf("line %d: end %s before start %s", n, a.End, a.Start))
		default:
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read administrations: %w", err)
	}
	slices.SortFunc(out, func(a, b Administration) int {
		return cmpStrings(a.Country, b.Country, a.Start, b.Start)
	})
	for i := 1; i < len(out); i++ {
		prev, cur := out[i-1], out[i]
		if prev.Country != cur.Country {
			continue
		}
		// A shared first/last day is a handover (US, noon on 20 January).
		if prev.End == "" || cur.Start < prev.End {
			errs = append(errs, fmt.Errorf("%s and %s overlap", prev.ID, cur.ID))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("administrations: %w", err)
	}
	return out, nil
}

func validDay(s string) bool {
	if !dayRe.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func cmpStrings(a1, b1, a2, b2 string) int {
	if c := strings.Compare(a1, b1); c != 0 {
		return c
	}
	return strings.Compare(a2, b2)
}

var embedded = sync.OnceValues(func() ([]Administration, error) {
	return ParseAdministrations(bytes.NewReader(administrationsTSV))
})

// Administrations returns the embedded reference data
// (graph/data/administrations.tsv), sorted by country and start. The slice
// is a copy.
func Administrations() ([]Administration, error) {
	a, err := embedded()
	return slices.Clone(a), err
}

// spanCypher computes, for each Document d, the inclusive span [from, to]
// its date stands for and the date's precision, exactly as DateSpan does;
// from and to are null for a missing or malformed date. CASE evaluates only
// the branch taken, so date() never sees a malformed month.
const spanCypher = `
WITH d, d.date AS date
WITH d, date, CASE
    WHEN date =~ '[0-9]{4}' THEN 'year'
    WHEN date =~ '[0-9]{4}-(0[1-9]|1[0-2])' THEN 'month'
    WHEN date =~ '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' THEN 'day'
  END AS precision
WITH d, date, precision,
  CASE precision WHEN 'year' THEN date + '-01-01' WHEN 'month' THEN date + '-01' WHEN 'day' THEN date END AS from,
  CASE precision WHEN 'year' THEN date + '-12-31'
    WHEN 'month' THEN toString(date(date + '-01') + duration({months: 1}) - duration({days: 1}))
    WHEN 'day' THEN date END AS to
`

// syncAdministrationsCypher are the statements of SyncAdministrations, run
// in order in one write transaction. Parameters: $admins (property maps),
// $ids (their node ids), $openEnd.
var syncAdministrationsCypher = append([]string{
	// Nodes: upsert the reference rows, drop rows removed from the file.
	`UNWIND $admins AS row
MERGE (a:Administration {id: row.id})
SET a = row`,
	`MATCH (a:Administration) WHERE NOT a.id IN $ids
DETACH DELETE a`,
}, linkCypher("MATCH (d:Document)")...)

// linkCypher returns the statements linking the documents docs matches as
// d to the administrations in office on their dates.
func linkCypher(docs string) []string {
	return []string{
		// Links: remove those that no longer hold (date or data changed)…
		docs + spanCypher + `
MATCH (d)-[r:DURING]->(a:Administration)
WHERE from IS NULL OR a.start > to OR coalesce(a.end, $openEnd) < from
DELETE r`,
		// …and create or update the others.
		docs + spanCypher + `
MATCH (a:Administration)
WHERE a.start <= to AND coalesce(a.end, $openEnd) >= from
MERGE (d)-[r:DURING]->(a)
SET r.certain = a.start <= from AND coalesce(a.end, $openEnd) >= to,
    r.precision = precision,
    r.doc = d.id,
    r.evidence = 'Document dated ' + date + '; ' + a.name + ' in office from ' + a.start +
      ' to ' + coalesce(a.end, 'present') + ' (graph/data/administrations.tsv)'`,
	}
}

// linkSomeCypher is linkCypher for the documents of ids $docs.
var linkSomeCypher = linkCypher("UNWIND $docs AS docID MATCH (d:Document {id: docID})")

// SyncAdministrations writes the embedded administrations as
// (:Administration) nodes and links every dated Document to the
// administrations in office on its date with (:Document)-[:DURING {certain,
// precision, doc, evidence}]->(:Administration). It is set-based and
// idempotent: run it after every load.
func (s *Store) SyncAdministrations(ctx context.Context) error {
	admins, err := Administrations()
	if err != nil {
		return err
	}
	return s.SyncAdministrationsFrom(ctx, admins)
}

// SyncAdministrationsOf links only the documents ids, as SyncAdministrations
// would link them, and writes nothing when ids is empty. It is for a store
// whose administrations and other documents' links SyncAdministrations
// wrote with the same table, and whose documents since written are among
// ids: a reload that rewrote a few documents. (A removed document's links
// went with its node.)
func (s *Store) SyncAdministrationsOf(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	params := map[string]any{"docs": ids, "openEnd": openEnd}
	if err := s.writeAll(ctx, linkSomeCypher, params); err != nil {
		return fmt.Errorf("sync administrations of %d documents: %w", len(ids), err)
	}
	return nil
}

// SyncAdministrationsFrom is SyncAdministrations with reference data of the
// caller's (tests, or a deployment's own list); administrations not in
// admins are removed from the database.
func (s *Store) SyncAdministrationsFrom(ctx context.Context, admins []Administration) error {
	rows := make([]map[string]any, 0, len(admins))
	ids := make([]string, 0, len(admins))
	for _, a := range admins {
		rows = append(rows, a.Properties())
		ids = append(ids, a.NodeID())
	}
	params := map[string]any{"admins": rows, "ids": ids, "openEnd": openEnd}
	if err := s.writeAll(ctx, syncAdministrationsCypher, params); err != nil {
		return fmt.Errorf("sync administrations: %w", err)
	}
	return nil
}

// writeAll runs stmts, in order, with params in one write transaction.
func (s *Store) writeAll(ctx context.Context, stmts []string, params map[string]any) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	// The driver's generic helper cannot return a nil interface: count
	// the statements instead.
	_, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) (int, error) {
		for i, stmt := range stmts {
			res, err := tx.Run(ctx, stmt, params)
			if err != nil {
				return i, err
			}
			if _, err := res.Consume(ctx); err != nil {
				return i, err
			}
		}
		return len(stmts), nil
	})
	return err
}
