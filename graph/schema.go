package graph

import (
	"context"
	_ "embed"
	"fmt"
	"regexp"
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

// schemaName finds the name of a CREATE CONSTRAINT/INDEX statement.
var schemaName = regexp.MustCompile(`^CREATE (?:[A-Z]+ )?(?:CONSTRAINT|INDEX) ([A-Za-z0-9_]+) IF NOT EXISTS`)

// SchemaName returns the name a statement of SchemaStatements creates, ""
// if it names none.
func SchemaName(stmt string) string {
	if m := schemaName.FindStringSubmatch(stmt); m != nil {
		return m[1]
	}
	return ""
}

// EnsureSchema creates the constraints and indexes that do not exist yet and
// waits until the indexes are online. It is idempotent. Statements whose
// name the database already has are not sent: on a cold server each costs a
// plan, and most loads find the schema in place.
func (s *Store) EnsureSchema(ctx context.Context) error {
	existing := map[string]bool{}
	for _, show := range []string{"SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name"} {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, show, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db))
		if err != nil {
			return fmt.Errorf("schema: %w", err)
		}
		for _, rec := range res.Records {
			if name, ok := rec.Values[0].(string); ok {
				existing[name] = true
			}
		}
	}
	created := 0
	for _, stmt := range SchemaStatements() {
		if existing[SchemaName(stmt)] {
			continue
		}
		_, err := neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db))
		if err != nil {
			return fmt.Errorf("schema: %w", err)
		}
		created++
	}
	if created == 0 {
		return nil
	}
	_, err := neo4j.ExecuteQuery(ctx, s.driver, "CALL db.awaitIndexes(300)", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.db))
	if err != nil {
		return fmt.Errorf("schema: await indexes: %w", err)
	}
	return nil
}
