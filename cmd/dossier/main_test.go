package main

import (
	"testing"

	"github.com/dossier-dev/dossier/graph/neo4jtest"
)

// TestMain gives the package's integration tests a real Neo4j
// (neo4jtest.Server) and stops it after them.
func TestMain(m *testing.M) { neo4jtest.Main(m) }
