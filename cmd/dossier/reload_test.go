package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// reloadServer returns the shared server emptied, its store, and the
// environment that points dossier at it, with an extraction cache of the
// test's own (a dossier binary run by a test would use the user's).
func reloadServer(t *testing.T) (*neo4jtest.Instance, *graph.Store, []string) {
	t.Helper()
	srv := neo4jtest.Server(t)
	srv.Reset(t)
	env := []string{
		"DOSSIER_NEO4J_URI=" + srv.URI, "DOSSIER_NEO4J_USER=" + srv.User,
		"DOSSIER_NEO4J_PASSWORD=" + srv.Password, "DOSSIER_NEO4J_DATABASE=" + srv.Database,
		"DOSSIER_CACHE_DIR=" + t.TempDir(),
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	return srv, graph.NewStore(srv.Driver, srv.Database), env
}

// freshGraphs returns the dumps of a fresh `dossier load` of dir and of a
// fresh `dossier reload`, which must be equal, bookkeeping included (load
// writes reload's fingerprints); on the way, it checks that the first
// reload after the load writes nothing.
func freshGraphs(t *testing.T, srv *neo4jtest.Instance, store *graph.Store, dir string) (loaded, reloaded []string) {
	t.Helper()
	srv.Reset(t)
	if code, _, stderr := runCLI(t, "load", dir); code != 0 {
		t.Fatalf("load: exit %d: %s", code, stderr)
	}
	loaded = reloadtest.Dump(t, store)
	code, stdout, stderr := runCLI(t, "reload", dir)
	if code != 0 {
		t.Fatalf("reload after load: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, " 0 added, 0 changed, 0 removed, ") || !strings.Contains(stdout, "; 0 transactions;") ||
		strings.Contains(stdout, "refreshed") {
		t.Errorf("first reload after load: %q, want nothing written", strings.TrimSpace(stdout))
	}
	srv.Reset(t)
	if code, _, stderr := runCLI(t, "reload", dir); code != 0 {
		t.Fatalf("reload: exit %d: %s", code, stderr)
	}
	reloaded = reloadtest.Dump(t, store)
	reloadtest.AssertSame(t, "fresh reload vs fresh load", reloaded, loaded)
	return loaded, reloaded
}

// TestReloadCommand runs `dossier reload` as a user would: the summary it
// prints, no change on a second run, a bad file among good ones, a missing
// path, a lock held by someone else; and the graph equals `dossier load`'s.
func TestReloadCommand(t *testing.T) {
	srv, store, _ := reloadServer(t)
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, 7, 10); err != nil {
		t.Fatal(err)
	}
	summary := regexp.MustCompile(`; \d+ms$|; \d+(\.\d+)?s$`)
	steps := []struct {
		name   string
		setup  func()
		args   []string
		code   int
		stdout string // the summary line, duration cut
		stderr []string
		files  string // what the summary says of the files read, if anything
	}{
		{"first", nil, []string{"reload", dir}, 0,
			"reload " + dir + ": documents: 10 added, 0 changed, 0 removed, 0 unchanged; nodes: ", nil,
			"; files: 10 extracted, 0 from the cache"},
		{"no change", nil, []string{"reload", dir}, 0,
			"reload " + dir + ": no change: 10 documents unchanged, nothing written", nil, ""},
		{"lock held", func() {
			exec0(t, store, `MERGE (l:ReloadLock {name: 'reload'})
				SET l.holder = 'other-host/pid 42/abcdef', l.since = datetime(), l.expires = datetime() + duration('PT1M')`)
			reloadtest.WriteArticle(dir, 7, 3, 1)
		}, []string{"reload", dir, "--lock-timeout", "0"}, exitLockHeld, "",
			[]string{`dossier: another reload is running: reload lock "reload" is held by other-host/pid 42/abcdef since `,
				"raise --lock-timeout to wait longer"}, ""},
		{"lock free again, one file changed", func() {
			exec0(t, store, `MATCH (l:ReloadLock) SET l.holder = null, l.expires = null`)
		}, []string{"reload", dir}, 0,
			"reload " + dir + ": documents: 0 added, 1 changed, 0 removed, 9 unchanged; nodes: ", nil,
			"; files: 1 extracted, 9 from the cache"},
		{"one file changed back, without the cache", func() {
			reloadtest.WriteArticle(dir, 7, 3, 0)
		}, []string{"reload", dir, "--no-cache"}, 0,
			"reload " + dir + ": documents: 0 added, 1 changed, 0 removed, 9 unchanged; nodes: ", nil,
			"; files: 10 extracted, 0 from the cache"},
		{"bad file among good ones", func() {
			os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), 0o600)
		}, []string{"reload", dir}, 1,
			"reload " + dir + ": documents: 0 added, 0 changed, 0 removed, 10 unchanged; nodes: 0 created, 0 updated, 0 deleted; relationships: 0 created, 0 deleted; 0 transactions; files: 1 extracted, 10 from the cache; 1 files failed",
			[]string{"skipped file: left out of the graph", "bad.txt", "dossier: 1 of 11 files failed (see the warnings above); the others were reloaded"}, ""},
		{"missing path", nil, []string{"reload", filepath.Join(dir, "missing")}, 1, "",
			[]string{"dossier: input " + filepath.Join(dir, "missing") + ": stat"}, ""},
	}
	for _, s := range steps {
		if s.setup != nil {
			s.setup()
		}
		code, stdout, stderr := runCLI(t, s.args...)
		if code != s.code {
			t.Fatalf("%s: exit %d, want %d; stderr:\n%s", s.name, code, s.code, stderr)
		}
		line := summary.ReplaceAllString(strings.TrimSpace(stdout), "")
		if !strings.HasPrefix(line, s.stdout) || s.stdout == "" && line != "" {
			t.Errorf("%s: stdout %q, want it to start with %q", s.name, line, s.stdout)
		}
		if !strings.Contains(line, s.files) {
			t.Errorf("%s: stdout %q lacks %q", s.name, line, s.files)
		}
		for _, want := range s.stderr {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", s.name, want, stderr)
			}
		}
	}
	got := reloadtest.Dump(t, store)
	if err := os.Remove(filepath.Join(dir, "bad.txt")); err != nil {
		t.Fatal(err)
	}
	_, fresh := freshGraphs(t, srv, store, dir)
	reloadtest.AssertSame(t, "after the reloads", got, fresh)
}

func exec0(t *testing.T, store *graph.Store, cypher string) {
	t.Helper()
	_, err := neo4j.ExecuteQuery(context.Background(), store.Driver(), cypher, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(store.Database()))
	if err != nil {
		t.Fatal(err)
	}
}

// buildDossier builds the command into a temporary directory.
func buildDossier(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dossier")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var committedDocs = regexp.MustCompile(`msg=committed stage=documents done=(\d+)`)

// TestReloadKilled kills a `dossier reload` process with SIGKILL in the
// middle of writing documents, then reloads: the graph equals a fresh load,
// nothing duplicated, nothing lost. The killed process never released its
// lock: the next reload waits for its lease (--lock-ttl) to lapse.
func TestReloadKilled(t *testing.T) {
	srv, store, env := reloadServer(t)
	bin := buildDossier(t)
	dir := t.TempDir()
	const n = 200
	if err := reloadtest.WriteCorpus(dir, 11, n); err != nil {
		t.Fatal(err)
	}
	_, want := freshGraphs(t, srv, store, dir)
	srv.Reset(t)

	cmd := exec.Command(bin, "reload", dir, "--batch-size", "5", "--lock-ttl", "3s", "--log-level", "debug")
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killedAt := 0
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := committedDocs.FindStringSubmatch(sc.Text()); m != nil {
			if done, _ := strconv.Atoi(m[1]); done >= 40 {
				killedAt = done
				if err := cmd.Process.Kill(); err != nil { // SIGKILL
					t.Fatal(err)
				}
				break
			}
		}
	}
	err = cmd.Wait()
	if killedAt == 0 {
		t.Fatalf("the reload ended before it could be killed: %v", err)
	}
	if ws, ok := cmd.ProcessState.Sys().(interface{ Signaled() bool }); !ok || !ws.Signaled() {
		t.Fatalf("reload was not killed: %v", err)
	}

	ctx := context.Background()
	states, err := store.DocumentStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	info, err := store.LockState(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("killed after %d documents committed; %d stored; lock %s, dirty %v", killedAt, len(states), info, info.Dirty)
	if len(states) < killedAt || len(states) >= n || info.Holder == "" || !info.Dirty {
		t.Fatalf("after the kill: %d documents stored, lock %+v; want a partial graph and a dirty lock still held", len(states), info)
	}

	start := time.Now()
	code, stdout, errOut := runCLI(t, "reload", dir, "--lock-timeout", "30s")
	if code != 0 {
		t.Fatalf("reload after the kill: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "waiting for another reload") {
		t.Errorf("the reload did not say it waited for the dead holder's lease:\n%s", errOut)
	}
	t.Logf("reload after the kill (%s): %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(stdout))
	wantLine := fmt.Sprintf("documents: %d added, 0 changed, 0 removed, %d unchanged", n-len(states), len(states))
	if !strings.Contains(stdout, wantLine) {
		t.Errorf("summary %q lacks %q", stdout, wantLine)
	}
	got := reloadtest.Dump(t, store)
	reloadtest.AssertSame(t, "after a killed reload and another", got, want)
	for i := 1; i < len(got); i++ {
		if got[i] == got[i-1] {
			t.Errorf("duplicate: %s", got[i])
		}
	}
}

// TestWatchCommand runs `dossier watch` and writes a new file: its document
// is in the graph within seconds, and only that file was read and
// extracted. SIGINT (a cancelled context) stops it with status 0.
func TestWatchCommand(t *testing.T) {
	_, store, _ := reloadServer(t)
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, 13, 5); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int)
	var out, errb syncBuffer
	go func() { done <- run(ctx, []string{"watch", dir, "--every", "1h", "--debounce", "200ms"}, &out, &errb) }()

	documents := func() int {
		states, err := store.DocumentStates(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return len(states)
	}
	waitFor := func(what string, want int, limit time.Duration) time.Duration {
		start := time.Now()
		for time.Since(start) < limit {
			if documents() == want {
				return time.Since(start)
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: %d documents after %s, want %d; stderr:\n%s", what, documents(), limit, want, errb.String())
		return 0
	}
	waitFor("reload at start", 5, 30*time.Second)

	if err := reloadtest.WriteArticle(filepath.Join(dir, "incoming"), 13, 99, 0); err != nil {
		t.Fatal(err)
	}
	latency := waitFor("new file", 6, 10*time.Second)
	t.Logf("dossier watch: new file in the graph %s after it was written", latency.Round(time.Millisecond))
	// The reload read the new file only, the others came from the cache;
	// it logs so once done, a little after its documents are written.
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(errb.String(), "extracted=1 cached=5"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no reload of the watch read just the new file:\n%s", errb.String())
		}
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("watch exited %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop on cancel")
	}
	if !strings.Contains(errb.String(), "watch stopped") {
		t.Errorf("stderr lacks the stop:\n%s", errb.String())
	}
}

// syncBuffer is a bytes.Buffer safe for a command writing while the test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestWatchServerDown: a watch started while Neo4j is unreachable logs the
// failed reload and goes on (a server may come up after its watcher); it
// still stops cleanly.
func TestWatchServerDown(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("DOSSIER_NEO4J_URI", "bolt://127.0.0.1:1") // nothing listens on port 1
	t.Setenv("DOSSIER_NEO4J_PASSWORD", "x")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int)
	var out, errb syncBuffer
	go func() { done <- run(ctx, []string{"watch", dir, "--every", "1h"}, &out, &errb) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(errb.String(), "reload failed; the watch goes on") {
		if time.Now().After(deadline) {
			t.Fatalf("no failed reload logged:\n%s", errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(errb.String(), "cannot reach Neo4j") {
		t.Errorf("the failure does not say why:\n%s", errb.String())
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("watch exited %d:\n%s", code, errb.String())
	}
}
