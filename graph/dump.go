package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// DumpOptions tunes Dump.
type DumpOptions struct {
	// Omit lists property names left out of the dump, e.g.
	// BookkeepingProperties to compare a synced graph with a loaded one.
	Omit []string
}

// Dump returns the whole stored graph as sorted lines, one per node
// (labels and properties) and one per relationship (type, the ids and
// labels of its ends, properties), so that two databases hold the same graph
// exactly when their dumps are equal; a duplicated relationship shows as a
// repeated line. ReloadLock nodes, which are bookkeeping, are left out.
func (s *Store) Dump(ctx context.Context, opts DumpOptions) ([]string, error) {
	omit := map[string]bool{}
	for _, p := range opts.Omit {
		omit[p] = true
	}
	var lines []string
	res, err := neo4j.ExecuteQuery(ctx, s.driver,
		`MATCH (n) WHERE NOT n:ReloadLock RETURN labels(n), properties(n)`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("dump nodes: %w", err)
	}
	for _, r := range res.Records {
		lines = append(lines, fmt.Sprintf("(%s %s)", labelList(r.Values[0]), propsJSON(r.Values[1], omit)))
	}
	res, err = neo4j.ExecuteQuery(ctx, s.driver,
		`MATCH (a)-[r]->(b) RETURN labels(a), a.id, type(r), properties(r), labels(b), b.id`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("dump relationships: %w", err)
	}
	for _, r := range res.Records {
		v := r.Values
		lines = append(lines, fmt.Sprintf("(%s %v)-[:%v %s]->(%s %v)",
			labelList(v[0]), v[1], v[2], propsJSON(v[3], omit), labelList(v[4]), v[5]))
	}
	slices.Sort(lines)
	return lines, nil
}

func labelList(v any) string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, s := range l {
			out = append(out, fmt.Sprint(s))
		}
	}
	slices.Sort(out)
	return ":" + strings.Join(out, ":")
}

// propsJSON prints properties as JSON with sorted keys.
func propsJSON(v any, omit map[string]bool) string {
	m, _ := v.(map[string]any)
	m = maps.Clone(m)
	for k := range m {
		if omit[k] {
			delete(m, k)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Sprint(m)
	}
	return string(b)
}
