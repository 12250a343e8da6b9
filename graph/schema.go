package graph

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed schema.cypher
var schemaCypher string

// SchemaStatements returns the constraint and index statements of
// schema.cypher, comments removed, in file order.
func SchemaStatements() []string {
	var out []string
	var cur strings.Builder
	for line := range strings.Lines(schemaCypher) {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		cur.WriteString(t)
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(cur.String(), ";"))
			cur.Reset()
			continue
		}
		cur.WriteByte(' ')
	}
	return out
}

// EnsureSchema creates the constraints and indexes that do not exist yet and
// waits until the indexes are online. It is idempotent.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, stmt := range SchemaStatements() {
		_, err := neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db))
		if err != nil {
			return fmt.Errorf("schema: %w", err)
		}
	}
	_, err := neo4j.ExecuteQuery(ctx, s.driver, "CALL db.awaitIndexes(300)", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db))
	if err != nil {
		return fmt.Errorf("schema: await indexes: %w", err)
	}
	return nil
}
