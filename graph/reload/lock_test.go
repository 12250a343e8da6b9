package reload_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/graph"
)

func exec(t testing.TB, store *graph.Store, cypher string, params map[string]any) {
	t.Helper()
	_, err := neo4j.ExecuteQuery(context.Background(), store.Driver(), cypher, params,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(store.Database()))
	if err != nil {
		t.Fatal(err)
	}
}

// TestLockExcludes: while one holder has the lock, another fails at once
// (Wait 0) with a message naming the holder, or waits until it is released.
func TestLockExcludes(t *testing.T) {
	_, store := server(t)
	ctx := context.Background()
	first, err := store.AcquireLock(ctx, graph.LockOptions{Holder: "host-a/pid 1/aaaaaa"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.AcquireLock(ctx, graph.LockOptions{Holder: "host-b/pid 2/bbbbbb"})
	var held *graph.LockHeldError
	if !errors.As(err, &held) {
		t.Fatalf("second acquire: %v, want a LockHeldError", err)
	}
	if held.Info.Holder != "host-a/pid 1/aaaaaa" || !strings.Contains(err.Error(), `reload lock "reload" is held by host-a/pid 1/aaaaaa since `) {
		t.Errorf("message does not name the holder: %v", err)
	}

	released := make(chan time.Time, 1)
	go func() {
		time.Sleep(700 * time.Millisecond)
		released <- time.Now()
		if err := first.Release(ctx); err != nil {
			t.Error(err)
		}
	}()
	waited := false
	second, err := store.AcquireLock(ctx, graph.LockOptions{Holder: "host-b/pid 2/bbbbbb", Wait: 10 * time.Second,
		OnWait: func(info graph.LockInfo) { waited = info.Holder == "host-a/pid 1/aaaaaa" }})
	if err != nil {
		t.Fatalf("waiting acquire: %v", err)
	}
	got := time.Now()
	if rel := <-released; got.Before(rel) {
		t.Errorf("acquired at %v, before the release at %v", got, rel)
	}
	if !waited {
		t.Error("OnWait was not told about the holder")
	}
	info, err := store.LockState(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if info.Holder != "host-b/pid 2/bbbbbb" || info.Dirty {
		t.Errorf("lock state %+v", info)
	}
	if err := second.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if info, _ := store.LockState(ctx, ""); info.Holder != "" {
		t.Errorf("after release: %v", info)
	}
}

// TestLockSurvivesCrashedHolder: a holder that stopped renewing (crashed)
// blocks others only until its lease expires, by the server's clock; a
// lease still running is respected.
func TestLockSurvivesCrashedHolder(t *testing.T) {
	_, store := server(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		expires string // Cypher duration added to the server's now
		wait    time.Duration
		taken   bool
	}{
		{"expired lease is taken at once", "-PT1S", 0, true},
		{"running lease is respected", "PT30S", 300 * time.Millisecond, false},
		{"lease expiring while waiting is taken", "PT1.5S", 10 * time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exec(t, store, `MERGE (l:ReloadLock {name: 'reload'})
				SET l.holder = 'crashed/pid 9/999999', l.since = datetime(), l.expires = datetime() + duration($d), l.dirty = true`,
				map[string]any{"d": tt.expires})
			start := time.Now()
			lease, err := store.AcquireLock(ctx, graph.LockOptions{Holder: "me", Wait: tt.wait})
			if tt.taken != (err == nil) {
				t.Fatalf("acquire after %s: %v", time.Since(start), err)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "crashed/pid 9/999999") {
					t.Errorf("message does not name the holder: %v", err)
				}
				return
			}
			defer lease.Release(ctx)
			if !lease.WasDirty() {
				t.Error("the crashed holder's unfinished sync was not reported")
			}
		})
	}
}

// TestLeaseRenewedAndLost: a held lease keeps being extended, by the
// server's clock, so another holder cannot take it; and its context is
// cancelled with ErrLockLost when it is taken over. The lease is long (30 s)
// and renewed often (100 ms), so that a loaded machine's stalls of seconds
// change nothing: the test waits for events, with generous deadlines.
func TestLeaseRenewedAndLost(t *testing.T) {
	_, store := server(t)
	ctx := context.Background()
	lease, err := store.AcquireLock(ctx, graph.LockOptions{Holder: "me", TTL: 30 * time.Second, Renew: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer lease.Release(ctx)
	first, err := store.LockState(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	// Two renewals, each seen as a later expiry on the server.
	last := first.Expires
	for renewals, deadline := 0, time.Now().Add(30*time.Second); renewals < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("the lease was renewed %d times in 30 s, want 2 (expires %v)", renewals, last)
		}
		time.Sleep(50 * time.Millisecond)
		info, err := store.LockState(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if info.Holder != "me" {
			t.Fatalf("lock state %+v: no longer held", info)
		}
		if info.Expires.After(last) {
			renewals++
			last = info.Expires
		}
	}
	if _, err := store.AcquireLock(ctx, graph.LockOptions{Holder: "other"}); err == nil {
		t.Fatal("another holder took a lease that was being renewed")
	}
	if err := lease.SetDirty(ctx, true); err != nil {
		t.Fatal(err)
	}
	exec(t, store, `MATCH (l:ReloadLock) SET l.holder = 'usurper'`, nil)
	select {
	case <-lease.Context().Done():
		if !errors.Is(context.Cause(lease.Context()), graph.ErrLockLost) {
			t.Errorf("cause %v, want ErrLockLost", context.Cause(lease.Context()))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the lease's context was not cancelled when the lock was taken over")
	}
	if err := lease.SetDirty(ctx, false); !errors.Is(err, graph.ErrLockLost) {
		t.Errorf("SetDirty after losing the lock: %v, want ErrLockLost", err)
	}
}
