package queries

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// ErrRefused is the error of Run for a query that does what a saved query
// may not: write, load files or URLs (LOAD CSV), run administration
// commands (SHOW SETTINGS, TERMINATE TRANSACTIONS) or call a procedure
// outside AllowedProcedures.
var ErrRefused = errors.New("refused")

// AllowedProcedures are the procedures a saved query may call: read-only
// look-ups of the graph. A query of --queries-dir can read the graph, not
// the server (dbms.*) or anything beyond it.
var AllowedProcedures = []string{
	"db.index.fulltext.queryNodes",
	"db.index.fulltext.queryRelationships",
	"db.labels",
	"db.propertyKeys",
	"db.relationshipTypes",
}

// check has the server plan q without running it (EXPLAIN, in tx) and
// refuses a plan that is not read-only or holds an operator a saved query
// may not use. The plan, not the text, is checked: comments, strings and
// spellings cannot hide a clause from it.
func check(ctx context.Context, tx neo4j.ManagedTransaction, q *Query, params map[string]any) error {
	cur, err := tx.Run(ctx, "EXPLAIN "+q.Cypher, params)
	if err != nil {
		return err
	}
	sum, err := cur.Consume(ctx)
	if err != nil {
		return err
	}
	if t := sum.StatementType(); t != neo4j.StatementTypeReadOnly {
		return fmt.Errorf("%w: it is not read-only (statement type %q)", ErrRefused, t)
	}
	return checkPlan(sum.Plan())
}

// checkPlan refuses the operators a saved query may not use, anywhere in
// the plan.
func checkPlan(p neo4j.Plan) error {
	if p == nil {
		return nil
	}
	op, _, _ := strings.Cut(p.Operator(), "@") // "ProcedureCall@neo4j"
	switch {
	case op == "LoadCSV":
		return fmt.Errorf("%w: LOAD CSV reads files and URLs the server can reach", ErrRefused)
	case strings.HasPrefix(op, "Show") || strings.HasPrefix(op, "Terminate"):
		return fmt.Errorf("%w: %s is an administration command", ErrRefused, op)
	case op == "ProcedureCall":
		details, _ := p.Arguments()["Details"].(string)
		name, _, _ := strings.Cut(details, "(")
		name = strings.TrimSpace(name)
		if !slices.Contains(AllowedProcedures, name) {
			return fmt.Errorf("%w: it calls procedure %s; saved queries may call only %s",
				ErrRefused, cmp.Or(name, "(unnamed)"), strings.Join(AllowedProcedures, ", "))
		}
	}
	for _, c := range p.Children() {
		if err := checkPlan(c); err != nil {
			return err
		}
	}
	return nil
}

// countParamRe finds the parameters a query uses as a row count.
var countParamRe = regexp.MustCompile(`(?i)\b(?:LIMIT|SKIP)\s+\$([A-Za-z_][A-Za-z0-9_]*)`)

// checkCounts refuses a negative value for a parameter the query uses as
// LIMIT or SKIP, which the server would reject with an obscure message.
func checkCounts(q *Query, params map[string]any) error {
	for _, m := range countParamRe.FindAllStringSubmatch(stripComments(q.Cypher), -1) {
		if n, ok := params[m[1]].(int64); ok && n < 0 {
			return fmt.Errorf("param %s: %d: want 0 or more (it counts rows)", m[1], n)
		}
	}
	return nil
}

// explainError turns the server's errors about a parameter into messages
// about the parameter: a full-text search text that is not Lucene syntax,
// a query cut by its timeout.
func explainError(err error) error {
	var ne *neo4j.Neo4jError
	if !errors.As(err, &ne) {
		return err
	}
	switch {
	case strings.Contains(ne.Msg, "ParseException") || strings.Contains(ne.Msg, "Cannot parse"):
		return fmt.Errorf("the search text is not valid full-text (Lucene) syntax: %s; put a phrase in double quotes, or escape + - && || ! ( ) { } [ ] ^ \" ~ * ? : \\ / with a backslash", luceneCause(ne.Msg))
	case strings.Contains(ne.Code, "TransactionTimedOut") || strings.Contains(ne.Code, "Terminated"):
		return fmt.Errorf("%w: %s", ErrTimeout, ne.Msg)
	}
	return err
}

// luceneCause keeps the parser's own words: what follows the exception's
// name, on its first line.
func luceneCause(msg string) string {
	if _, after, ok := strings.Cut(msg, "ParseException:"); ok {
		msg = after
	} else if i := strings.Index(msg, "Cannot parse"); i >= 0 {
		msg = msg[i:]
	}
	msg, _, _ = strings.Cut(strings.TrimSpace(msg), "\n")
	return strings.TrimSuffix(strings.TrimSpace(msg), ".")
}

// ErrTimeout is the error of Run for a query stopped by its time limit.
var ErrTimeout = errors.New("query timed out")
