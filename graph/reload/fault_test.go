package reload_test

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// proxy forwards TCP connections to a server; down drops every connection
// and refuses new ones, as a stopped server does, and up serves again on the
// same address.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.serve(ln)
}

// TestReloadServerLost: the server goes away in the middle of a reload
// (every connection dropped and refused, as when Neo4j stops): the reload
// fails with an error that says so, and once the server is back the next
// reload converges to a fresh load, with nothing duplicated or lost. The
// lock the lost reload could not release lapses after its TTL.
func TestReloadServerLost(t *testing.T) {
	inst, store := server(t)
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 40); err != nil {
		t.Fatal(err)
	}
	want := freshReload(t, inst, store, dir)
	inst.Reset(t)

	target := strings.TrimPrefix(strings.TrimPrefix(inst.URI, "bolt://"), "neo4j://")
	px := newProxy(t, target)
	// The driver retries a failed transaction for 30 s by default; a short
	// retry keeps the test quick without changing what is tested.
	driver, err := neo4j.NewDriverWithContext("bolt://"+px.addr, neo4j.BasicAuth(inst.User, inst.Password, ""),
		func(c *config.Config) { c.MaxTransactionRetryTime = 2 * time.Second })
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(context.Background())
	viaProxy := graph.NewStore(driver, inst.Database)

	ctx := context.Background()
	docs := 0
	// A lease long enough that slow renewals on a loaded machine keep it,
	// short enough that the next reload soon takes it over.
	_, err = reload.Run(ctx, viaProxy, []string{dir}, reload.Options{Log: quiet, BatchSize: 5, LockTTL: 10 * time.Second,
		OnCommit: func(stage string, done, _ int) {
			if stage == "documents" {
				docs = done
				if done >= 10 {
					px.down()
				}
			}
		}})
	if err == nil || !strings.Contains(err.Error(), "Neo4j became unavailable") || !strings.Contains(err.Error(), "the next reload finishes the job") {
		t.Fatalf("reload with the server lost: %v", err)
	}
	t.Logf("server lost after %d documents: %v", docs, err)

	px.up()
	states, err := viaProxy.DocumentStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != docs {
		t.Errorf("%d documents stored after the loss, want the %d committed before it", len(states), docs)
	}
	sum, err := reload.Run(ctx, viaProxy, []string{dir}, reload.Options{Log: quiet, LockWait: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 40-docs || sum.Unchanged != docs {
		t.Errorf("reload after the loss: %s", counts(sum))
	}
	assertSame(t, "after the server came back", dump(t, store), want)
	var held *graph.LockHeldError
	if errors.As(err, &held) {
		t.Error(err)
	}
}
