package reload_test

import (
	"context"
	"errors"
	"os"
	osexec "os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// Environment of the child process TestReloadKilled starts: the kill point
// ("step NAME" or "commit STAGE first|last"), the corpus and the server.
const (
	envKillAt   = "DOSSIER_TEST_KILL_AT"
	envKillDir  = "DOSSIER_TEST_KILL_DIR"
	envKillURI  = "DOSSIER_TEST_KILL_URI"
	envKillUser = "DOSSIER_TEST_KILL_USER"
	envKillPass = "DOSSIER_TEST_KILL_PASSWORD"
	envKillDB   = "DOSSIER_TEST_KILL_DATABASE"
)

// killBatch is the child's batch size: every sync stage of the corpus
// change below takes several transactions, so that "first" and "last"
// are different points.
const killBatch = 4

// TestReloadKilledChild is the reload TestReloadKilled kills: it runs only
// in the child process, and SIGKILLs itself at the point named by
// envKillAt, as the kernel's OOM killer or a node's loss would.
func TestReloadKilledChild(t *testing.T) {
	at := os.Getenv(envKillAt)
	if at == "" {
		t.Skip("the child process of TestReloadKilled")
	}
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(os.Getenv(envKillURI),
		neo4j.BasicAuth(os.Getenv(envKillUser), os.Getenv(envKillPass), ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	kill := func(point string) {
		if point == at {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	}
	store := graph.NewStore(driver, os.Getenv(envKillDB))
	committed := map[string]bool{}
	_, err = reload.Run(ctx, store, []string{os.Getenv(envKillDir)}, reload.Options{
		Log: quiet, BatchSize: killBatch, LockTTL: time.Hour,
		OnStep: func(step string) { kill("step " + step) },
		OnCommit: func(stage string, done, total int) {
			if !committed[stage] {
				committed[stage] = true
				kill("commit " + stage + " first")
			}
			if done == total {
				kill("commit " + stage + " last")
			}
		},
	})
	t.Fatalf("reload was not killed at %q: %v", at, err)
}

// killPoints are every boundary between the steps and write transactions
// of a reload: after each step, and after the first and the last commit
// of each sync stage. The last commit of the last stage is left out: the
// step "synced" follows it with nothing written between.
func killPoints() []string {
	var out []string
	for _, stage := range []string{"nodes", "documents", "removed", "orphans"} {
		out = append(out, "commit "+stage+" first")
		if stage != "orphans" {
			out = append(out, "commit "+stage+" last")
		}
	}
	for _, s := range reload.Steps {
		out = append(out, "step "+s)
	}
	return out
}

// TestReloadKilled kills a reload (SIGKILL, in a child process) at every
// step and transaction boundary, while the corpus goes from one state to
// another (files added, changed and removed, entities created and
// orphaned, documents dated anew); after each kill the lease is let lapse
// and one more reload must leave the graph equal to a fresh load of the
// corpus, and the one after it must find nothing to do. The corpus
// alternates between its two states, so each kill starts from the other.
func TestReloadKilled(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dirs := [2]string{t.TempDir(), t.TempDir()}
	// Few documents, few transactions: the cost of each kill point is
	// that of one sync on a server that may be slow.
	for i := range 4 {
		if err := reloadtest.WriteArticle(dirs[0], seed, i, 0); err != nil {
			t.Fatal(err)
		}
	}
	for i := 2; i < 6; i++ {
		version := 0
		if i == 2 {
			version = 1
		}
		if err := reloadtest.WriteArticle(dirs[1], seed, i, version); err != nil {
			t.Fatal(err)
		}
	}
	// A reload into an empty database equals a fresh load (freshReload
	// checks it once).
	want := [2][]string{freshReload(t, inst, store, dirs[0]), reloadEmpty(t, inst, store, dirs[1])}
	// The graph is now state 1; each kill goes to the other state.
	state := 1
	for _, point := range killPoints() {
		t.Run(point, func(t *testing.T) {
			to := 1 - state
			cmd := osexec.Command(os.Args[0], "-test.run=^TestReloadKilledChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), envKillAt+"="+point, envKillDir+"="+dirs[to], envKillURI+"="+inst.URI,
				envKillUser+"="+inst.User, envKillPass+"="+inst.Password, envKillDB+"="+inst.Database)
			out, err := cmd.CombinedOutput()
			var exit *osexec.ExitError
			if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("child reload not killed: %v\n%s", err, out)
			}
			// The graph is somewhere between the states from now on.
			state = -1
			// The killed holder's lease lapses (by the server's clock)
			// instead of the test waiting for its hour.
			if _, err := neo4j.ExecuteQuery(ctx, inst.Driver, `MATCH (l:ReloadLock) SET l.expires = datetime() - duration('PT1S')`,
				nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(inst.Database)); err != nil {
				t.Fatal(err)
			}
			if _, err := reload.Run(ctx, store, []string{dirs[to]}, reload.Options{Log: quiet}); err != nil {
				t.Fatalf("reload after the kill: %v", err)
			}
			assertSame(t, "killed, then reloaded", dump(t, store), want[to])
			state = to
			if sum, err := reload.Run(ctx, store, []string{dirs[to]}, reload.Options{Log: quiet}); err != nil || !sum.NoChange {
				t.Errorf("the reload after the one that finished: %v, %s; want no change", err, counts(sum))
			}
		})
		if state < 0 {
			// The next kill would not start from a known state.
			return
		}
	}
}

// reloadEmpty returns the full dump of a reload of dir into an empty
// database: what a fresh load writes, the bookkeeping included (freshReload
// checks that the two are equal).
func reloadEmpty(t *testing.T, inst *neo4jtest.Instance, store *graph.Store, dir string) []string {
	t.Helper()
	inst.Reset(t)
	if _, err := reload.Run(context.Background(), store, []string{dir}, reload.Options{Log: quiet, AllowEmpty: true}); err != nil {
		t.Fatal(err)
	}
	return dump(t, store)
}

// TestReloadLeaseHeld: while another holder has the lease (a reload that
// may be half-way through its writes), a reload of an unchanged corpus
// does not answer "no change" from what it read without the lease: it
// waits for the lease or, not allowed to wait, says who holds it.
func TestReloadLeaseHeld(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 3); err != nil {
		t.Fatal(err)
	}
	reloadEmpty(t, inst, store, dir)
	lease, err := store.AcquireLock(ctx, graph.LockOptions{Holder: "other/pid 7/000007", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer lease.Release(context.Background())
	sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
	var held *graph.LockHeldError
	if !errors.As(err, &held) || !strings.Contains(err.Error(), "held by other/pid 7/000007") {
		t.Errorf("reload while the lease is held: %v, %s; want the lock held error", err, counts(sum))
	}
	if err := lease.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet}); err != nil || !sum.NoChange {
		t.Errorf("reload once the lease is free: %v, %s; want no change", err, counts(sum))
	}
}

// TestReloadStoppedAfterSync stops a reload right after its last sync
// write, before the administration links are updated, the other ways a
// reload stops: interrupted (SIGTERM in `dossier watch`), its lease taken
// over, Neo4j gone. Each time the next reload, although no file changed,
// leaves the graph equal to a fresh load.
func TestReloadStoppedAfterSync(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dirs := [2]string{t.TempDir(), t.TempDir()}
	for i := range 4 {
		if err := reloadtest.WriteArticle(dirs[0], seed, i, 0); err != nil {
			t.Fatal(err)
		}
		if err := reloadtest.WriteArticle(dirs[1], seed, i+2, 0); err != nil {
			t.Fatal(err)
		}
	}
	want := [2][]string{reloadEmpty(t, inst, store, dirs[0]), reloadEmpty(t, inst, store, dirs[1])}
	target := strings.TrimPrefix(strings.TrimPrefix(inst.URI, "bolt://"), "neo4j://")
	px := newProxy(t, target)
	driver, err := neo4j.NewDriverWithContext("bolt://"+px.addr, neo4j.BasicAuth(inst.User, inst.Password, ""),
		func(c *config.Config) { c.MaxTransactionRetryTime = time.Second })
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	viaProxy := graph.NewStore(driver, inst.Database)

	tests := []struct {
		name string
		stop func(cancel context.CancelFunc)
		msg  string
		down bool // the server must be brought back
	}{
		{"interrupted", func(cancel context.CancelFunc) { cancel() }, "reload interrupted", false},
		{"lease taken over", func(context.CancelFunc) {
			if _, err := neo4j.ExecuteQuery(ctx, inst.Driver, `MATCH (l:ReloadLock) SET l.holder = 'other/pid 9/000009'`,
				nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(inst.Database)); err != nil {
				t.Fatal(err)
			}
		}, "reload lock lost", false},
		{"Neo4j gone", func(context.CancelFunc) { px.down() }, "Neo4j became unavailable", true},
	}
	state := 1 // the graph holds dirs[1]
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := 1 - state
			rctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_, err := reload.Run(rctx, viaProxy, []string{dirs[to]}, reload.Options{Log: quiet, LockTTL: time.Hour,
				OnStep: func(step string) {
					if step == "synced" {
						tt.stop(cancel)
					}
				}})
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("stopped reload: %v, want %q", err, tt.msg)
			}
			state = -1
			if tt.down {
				px.up()
			}
			if _, err := neo4j.ExecuteQuery(ctx, inst.Driver, `MATCH (l:ReloadLock) WHERE l.holder IS NOT NULL SET l.expires = datetime() - duration('PT1S')`,
				nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(inst.Database)); err != nil {
				t.Fatal(err)
			}
			if _, err := reload.Run(ctx, store, []string{dirs[to]}, reload.Options{Log: quiet}); err != nil {
				t.Fatalf("next reload: %v", err)
			}
			assertSame(t, tt.name+", then reloaded", dump(t, store), want[to])
			state = to
		})
		if state < 0 {
			return
		}
	}
}
