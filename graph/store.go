package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Connection says how to reach a Neo4j server.
type Connection struct {
	URI      string // e.g. bolt://127.0.0.1:7687
	User     string
	Password string
	Database string // "" means the server's default database
}

// Validate reports a connection that cannot work before any network call.
func (c Connection) Validate() error {
	if c.URI == "" {
		return errors.New("neo4j uri is empty")
	}
	if c.User == "" {
		return errors.New("neo4j user is empty")
	}
	return nil
}

// RedactURI returns uri with the password of a user:password@ part
// replaced by "xxxxx", for messages and logs.
func RedactURI(uri string) string {
	if u, err := url.Parse(uri); err == nil {
		return u.Redacted()
	}
	// Unparsable: hide everything between the scheme and the last "@".
	if at := strings.LastIndex(uri, "@"); at >= 0 {
		scheme, _, _ := strings.Cut(uri, "://")
		return scheme + "://xxxxx" + uri[at:]
	}
	return uri
}

// Store is the Neo4j database holding a Dossier graph.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
}

// Open connects to Neo4j and checks that the server answers.
func Open(ctx context.Context, c Connection) (*Store, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	driver, err := neo4j.NewDriverWithContext(c.URI, neo4j.BasicAuth(c.User, c.Password, ""))
	if err != nil {
		return nil, fmt.Errorf("neo4j %s: %w", RedactURI(c.URI), err)
	}
	if err := driver.VerifyConnectivity(ctx); err != nil {
		driver.Close(ctx)
		return nil, fmt.Errorf("neo4j %s: %w", RedactURI(c.URI), err)
	}
	return &Store{driver: driver, db: c.Database}, nil
}

// NewStore wraps an existing driver; the caller keeps ownership of it.
func NewStore(driver neo4j.DriverWithContext, database string) *Store {
	return &Store{driver: driver, db: database}
}

// Close releases the connection pool.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Driver returns the underlying driver, for packages that run their own
// Cypher against the same server (saved queries).
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// Database returns the database name ("" for the server default).
func (s *Store) Database() string { return s.db }

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: mode})
}

// Counts returns the number of nodes per label and relationships per type
// currently in the database.
func (s *Store) Counts(ctx context.Context) (nodes, rels map[string]int, err error) {
	nodes, rels = map[string]int{}, map[string]int{}
	read := func(query string, into map[string]int) error {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, query, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		for _, r := range res.Records {
			k, _ := r.Values[0].(string)
			n, _ := r.Values[1].(int64)
			into[k] = int(n)
		}
		return nil
	}
	if err := read(`MATCH (n) UNWIND labels(n) AS l RETURN l, count(*)`, nodes); err != nil {
		return nil, nil, err
	}
	if err := read(`MATCH ()-[r]->() RETURN type(r), count(*)`, rels); err != nil {
		return nil, nil, err
	}
	return nodes, rels, nil
}
