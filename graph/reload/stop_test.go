package reload_test

import (
	"cmp"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/testcontainers/testcontainers-go"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// TestReloadNeo4jStopped stops a real Neo4j container in the middle of a
// reload (docker stop: the server shuts down, as in a deployment), starts
// it again, and reloads: the first reload fails saying the server went
// away, the second converges to a fresh load. The container is the test's
// own, so that stopping it disturbs no other test; it runs where the shared
// server comes from testcontainers (CI), and is skipped where that server is
// an external one (DOSSIER_NEO4J_URI), whose engine may not be local.
func TestReloadNeo4jStopped(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a test that starts its own Neo4j container")
	}
	inst, store := server(t) // the reference: fresh loads of the corpus
	if inst.Source != "testcontainers" {
		t.Skipf("the shared server is from %s, not testcontainers: not starting a second container", inst.Source)
	}
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 20); err != nil {
		t.Fatal(err)
	}
	want := freshReload(t, inst, store, dir)

	ctx := context.Background()
	const password = "stop-test-password"
	ctr, err := tcneo4j.Run(ctx, cmp.Or(os.Getenv(neo4jtest.EnvImage), "neo4j:5"),
		tcneo4j.WithAdminPassword(password),
		testcontainers.WithWaitStrategyAndDeadline(3*time.Minute,
			wait.ForLog("Bolt enabled on").WithStartupTimeout(3*time.Minute),
			wait.ForListeningPort("7687/tcp").WithStartupTimeout(3*time.Minute)),
		tcneo4j.WithNeo4jSettings(map[string]string{
			"server.memory.heap.initial_size": "256m",
			"server.memory.heap.max_size":     "512m",
			"server.memory.pagecache.size":    "64m",
		}),
	)
	if ctr != nil {
		t.Cleanup(func() { ctr.Terminate(context.Background()) })
	}
	if err != nil {
		t.Fatalf("own container: %v", err)
	}
	// A store on the container, with a short driver retry (30 s by default)
	// so that the failure comes quickly.
	open := func() *graph.Store {
		t.Helper()
		uri, err := ctr.PortEndpoint(ctx, "7687/tcp", "bolt")
		if err != nil {
			t.Fatal(err)
		}
		driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth("neo4j", password, ""),
			func(c *config.Config) { c.MaxTransactionRetryTime = 3 * time.Second })
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { driver.Close(context.Background()) })
		deadline := time.Now().Add(2 * time.Minute)
		for driver.VerifyConnectivity(ctx) != nil {
			if time.Now().After(deadline) {
				t.Fatalf("container at %s does not answer", uri)
			}
			time.Sleep(500 * time.Millisecond)
		}
		return graph.NewStore(driver, "neo4j")
	}
	own := open()

	committed := 0
	// A lease long enough that a loaded machine's slow renewals keep it:
	// only the stopped server may end this reload.
	_, err = reload.Run(ctx, own, []string{dir}, reload.Options{Log: quiet, BatchSize: 5, LockTTL: 15 * time.Second,
		OnCommit: func(stage string, done, _ int) {
			if stage == "documents" {
				committed = done
				if done == 10 {
					// Stop the server between two transactions of the
					// reload, and go on only once it is down: the next
					// transaction then surely meets a stopped server,
					// however slow the machine.
					timeout := 20 * time.Second
					if err := ctr.Stop(context.Background(), &timeout); err != nil {
						t.Error(err)
					}
				}
			}
		}})
	if err == nil || !strings.Contains(err.Error(), "Neo4j became unavailable") {
		t.Fatalf("reload while Neo4j stopped: %v (after %d documents)", err, committed)
	}
	t.Logf("Neo4j stopped after %d documents: %v", committed, err)

	if err := ctr.Start(ctx); err != nil {
		t.Fatal(err)
	}
	again := open() // the port mapping changes with a restart
	sum, err := reload.Run(ctx, again, []string{dir}, reload.Options{Log: quiet, LockWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added+sum.Unchanged != 20 || sum.Unchanged < 10 {
		t.Errorf("reload after the restart: %s", counts(sum))
	}
	t.Logf("after the restart: %s", sum)
	got := dump(t, again)
	assertSame(t, "after Neo4j was stopped mid-reload and restarted", got, want)
}
