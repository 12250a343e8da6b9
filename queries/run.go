package queries

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Result is what a query returned: its columns and rows of plain Go values
// (nil, bool, int64, float64, string, []any, map[string]any; nodes and
// relationships become maps, temporal values ISO strings).
type Result struct {
	Columns []string
	Rows    [][]any
}

// Run executes q in a read transaction against database ("" for the
// server's default) with params, which must already be bound (Query.Bind).
// The server first plans q without running it (EXPLAIN) and q is refused
// (ErrRefused) unless the plan only reads the graph: no write, no LOAD CSV,
// no administration command, no procedure outside AllowedProcedures. A
// deadline of ctx is also the transaction's timeout on the server, so a
// query cut short stops there too (ErrTimeout).
func Run(ctx context.Context, driver neo4j.DriverWithContext, database string, q *Query, params map[string]any) (*Result, error) {
	if err := checkCounts(q, params); err != nil {
		return nil, fmt.Errorf("query %s: %w", q.Name, err)
	}
	sess := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	var txOpts []func(*neo4j.TransactionConfig)
	if d, ok := ctx.Deadline(); ok {
		txOpts = append(txOpts, neo4j.WithTxTimeout(max(time.Until(d), time.Millisecond)))
	}
	res, err := neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) (*Result, error) {
		if err := check(ctx, tx, q, params); err != nil {
			return nil, err
		}
		cur, err := tx.Run(ctx, q.Cypher, params)
		if err != nil {
			return nil, err
		}
		keys, err := cur.Keys()
		if err != nil {
			return nil, err
		}
		out := &Result{Columns: keys, Rows: [][]any{}}
		for cur.Next(ctx) {
			rec := cur.Record()
			row := make([]any, len(rec.Values))
			for i, v := range rec.Values {
				row[i] = Plain(v)
			}
			out.Rows = append(out.Rows, row)
		}
		return out, cur.Err()
	}, txOpts...)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("%w (%v)", ErrTimeout, err)
		}
		return nil, fmt.Errorf("query %s: %w", q.Name, explainError(err))
	}
	return res, nil
}

// Plain converts a value of the Neo4j driver to plain Go data that the
// formatters and encoding/json understand.
func Plain(v any) any {
	switch v := v.(type) {
	case nil, bool, int64, float64, string:
		return v
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = Plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = Plain(e)
		}
		return out
	case dbtype.Node:
		m := Plain(v.Props).(map[string]any)
		labels := make([]any, len(v.Labels))
		for i, l := range v.Labels {
			labels[i] = l
		}
		m["_labels"] = labels
		return m
	case dbtype.Relationship:
		m := Plain(v.Props).(map[string]any)
		m["_type"] = v.Type
		return m
	case dbtype.Path:
		out := make([]any, 0, len(v.Nodes)+len(v.Relationships))
		for i, n := range v.Nodes {
			out = append(out, Plain(n))
			if i < len(v.Relationships) {
				out = append(out, Plain(v.Relationships[i]))
			}
		}
		return out
	case dbtype.Date:
		return v.Time().Format(time.DateOnly)
	case dbtype.LocalDateTime:
		return v.Time().Format("2006-01-02T15:04:05.999999999")
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case fmt.Stringer: // durations, times, points
		return v.String()
	case []byte:
		return fmt.Sprintf("%x", v)
	}
	return fmt.Sprint(v)
}
