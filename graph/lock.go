package graph

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The reload lock is a lease: a (:ReloadLock {name, holder, expires, since,
// dirty}) node. Its holder renews expires while it works; a holder that
// crashes stops renewing, and once expires is past (by the server's clock,
// so that clients' clocks do not matter) anyone may take it. dirty is set
// while a sync writes and cleared when it is done, so that a sync cut short
// is finished by the next one even if the files have not changed since.

// Lock defaults.
const (
	DefaultLockName = "reload"
	DefaultLockTTL  = 30 * time.Second
	// lockPoll is how often a waiter tries again.
	lockPoll = 500 * time.Millisecond
)

// ErrLockLost is the cause of a lease's context when the lease could not be
// renewed before it expired, or was taken over.
var ErrLockLost = errors.New("reload lock lost: the lease expired or was taken over")

// LockInfo is the state of a lock node.
type LockInfo struct {
	Name    string
	Holder  string    // "" when free
	Since   time.Time // when the holder took it
	Expires time.Time // when the lease lapses unless renewed
	Dirty   bool      // a sync started and did not finish
	// Held is set by LockState when a holder's lease has not lapsed, by
	// the server's clock: a reload may be writing.
	Held bool
	// Extractor is the extractor version of the last finished sync ("" if
	// none): a different extractor must re-read even an unchanged corpus.
	Extractor string
}

func (i LockInfo) String() string {
	if i.Holder == "" {
		return fmt.Sprintf("reload lock %q is free", i.Name)
	}
	return fmt.Sprintf("reload lock %q is held by %s since %s (lease until %s)",
		i.Name, i.Holder, i.Since.UTC().Format(time.RFC3339), i.Expires.UTC().Format(time.RFC3339))
}

// LockHeldError is returned by AcquireLock when another holder kept the
// lock for the whole wait.
type LockHeldError struct {
	Info   LockInfo
	Waited time.Duration
}

func (e *LockHeldError) Error() string {
	return fmt.Sprintf("another reload is running: %s; gave up after waiting %s", e.Info, e.Waited.Round(time.Millisecond))
}

// LockOptions tunes AcquireLock.
type LockOptions struct {
	Name   string        // DefaultLockName when ""
	Holder string        // NewHolder() when ""
	TTL    time.Duration // lease length, DefaultLockTTL when 0
	// Renew is how often the lease is extended, TTL/3 when 0 (or not
	// shorter than TTL). A short Renew with a long TTL keeps a lease
	// through long stalls of a loaded machine.
	Renew time.Duration
	// Wait is how long to wait for a lock held by another; 0 fails at once.
	Wait time.Duration
	// OnWait, when set, is called once, when the lock is found held.
	OnWait func(LockInfo)
}

// NewHolder returns a holder name unique to this process and call:
// host/pid/random, so that a message about a held lock says where to look.
func NewHolder() string {
	host, _ := os.Hostname()
	var b [3]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/pid %d/%s", cmp.Or(host, "unknown-host"), os.Getpid(), hex.EncodeToString(b[:]))
}

// LockState reads the lock without taking it (the zero LockInfo with Name
// set when it was never taken). It writes nothing.
func (s *Store) LockState(ctx context.Context, name string) (LockInfo, error) {
	name = cmp.Or(name, DefaultLockName)
	res, err := neo4j.ExecuteQuery(ctx, s.driver,
		`MATCH (l:ReloadLock {name: $name}) RETURN l.holder, l.since, l.expires, coalesce(l.dirty, false), coalesce(l.extractor, ''),
  l.holder IS NOT NULL AND l.expires >= datetime()`,
		map[string]any{"name": name}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return LockInfo{}, fmt.Errorf("read reload lock: %w", err)
	}
	info := LockInfo{Name: name}
	if len(res.Records) > 0 {
		info = lockInfo(name, res.Records[0].Values)
	}
	return info, nil
}

func lockInfo(name string, v []any) LockInfo {
	info := LockInfo{Name: name}
	info.Holder, _ = v[0].(string)
	info.Since, _ = v[1].(time.Time)
	info.Expires, _ = v[2].(time.Time)
	info.Dirty, _ = v[3].(bool)
	if len(v) > 4 {
		info.Extractor, _ = v[4].(string)
	}
	if len(v) > 5 {
		info.Held, _ = v[5].(bool)
	}
	return info
}

// Lease is a held reload lock. Its renewal runs until Release.
type Lease struct {
	store  *Store
	name   string
	holder string
	ttl    time.Duration
	every  time.Duration // renewal interval
	dirty  bool
	synced string // extractor version of the last finished sync
	ctx    context.Context
	cancel context.CancelCauseFunc
	stop   chan struct{}
	wg     sync.WaitGroup
	once   sync.Once
}

// AcquireLock takes the named lock, waiting up to opts.Wait while another
// holder has it, then keeps renewing it until Release. The lock must be
// backed by the ReloadLock uniqueness constraint (EnsureSchema), which is
// what makes two first takers wait for each other.
func (s *Store) AcquireLock(ctx context.Context, opts LockOptions) (*Lease, error) {
	name := cmp.Or(opts.Name, DefaultLockName)
	holder := cmp.Or(opts.Holder, NewHolder())
	ttl := cmp.Or(opts.TTL, DefaultLockTTL)
	every := opts.Renew
	if every <= 0 || every >= ttl {
		every = ttl / 3
	}
	start := time.Now()
	warned := false
	for {
		free, info, err := s.tryLock(ctx, name, holder, ttl)
		if err != nil {
			return nil, err
		}
		if free {
			l := &Lease{store: s, name: name, holder: holder, ttl: ttl, every: every, dirty: info.Dirty, synced: info.Extractor, stop: make(chan struct{})}
			l.ctx, l.cancel = context.WithCancelCause(ctx)
			l.wg.Add(1)
			go l.renew()
			return l, nil
		}
		waited := time.Since(start)
		if waited >= opts.Wait {
			return nil, &LockHeldError{Info: info, Waited: waited}
		}
		if !warned && opts.OnWait != nil {
			opts.OnWait(info)
		}
		warned = true
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for reload lock: %w", context.Cause(ctx))
		case <-time.After(min(lockPoll, opts.Wait-waited)):
		}
	}
}

// tryLock takes the lock if it is free, expired or already holder's.
func (s *Store) tryLock(ctx context.Context, name, holder string, ttl time.Duration) (bool, LockInfo, error) {
	params := map[string]any{"name": name, "holder": holder, "ttl": ttl.Milliseconds()}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	type result struct {
		free bool
		info LockInfo
	}
	r, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) (result, error) {
		// First write the node, which takes its write lock, so that the
		// holder read next cannot change before this transaction ends.
		res, err := tx.Run(ctx, `MERGE (l:ReloadLock {name: $name}) SET l.name = $name`, params)
		if err != nil {
			return result{}, err
		}
		if _, err := res.Consume(ctx); err != nil {
			return result{}, err
		}
		res, err = tx.Run(ctx, `MATCH (l:ReloadLock {name: $name})
WITH l, (l.holder IS NULL OR l.holder = $holder OR l.expires < datetime()) AS free
SET l.since = CASE WHEN free AND coalesce(l.holder, '') <> $holder THEN datetime() ELSE l.since END,
    l.holder = CASE WHEN free THEN $holder ELSE l.holder END,
    l.expires = CASE WHEN free THEN datetime() + duration({milliseconds: $ttl}) ELSE l.expires END
RETURN free, l.holder, l.since, l.expires, coalesce(l.dirty, false), coalesce(l.extractor, '')`, params)
		if err != nil {
			return result{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return result{}, err
		}
		free, _ := rec.Values[0].(bool)
		return result{free, lockInfo(name, rec.Values[1:])}, nil
	})
	if err != nil {
		return false, LockInfo{}, fmt.Errorf("take reload lock: %w", err)
	}
	return r.free, r.info, nil
}

// Context returns a context derived from AcquireLock's that is cancelled,
// with cause ErrLockLost, if the lease cannot be kept. Work done under the
// lock should use it.
func (l *Lease) Context() context.Context { return l.ctx }

// Holder returns the holder name the lease was taken as.
func (l *Lease) Holder() string { return l.holder }

// WasDirty reports whether the lock was marked dirty when taken: a sync
// under an earlier lease did not finish.
func (l *Lease) WasDirty() bool { return l.dirty }

// SyncedBy returns the extractor version of the last finished sync, as the
// lock said when taken ("" if none).
func (l *Lease) SyncedBy() string { return l.synced }

// MarkSynced records a finished sync by the extractor version given and
// clears the dirty mark.
func (l *Lease) MarkSynced(ctx context.Context, extractor string) error {
	n, err := l.update(ctx, `MATCH (l:ReloadLock {name: $name}) WHERE l.holder = $holder
SET l.dirty = false, l.extractor = $extractor RETURN count(l)`, map[string]any{"extractor": extractor})
	if err != nil {
		return fmt.Errorf("mark reload lock: %w", err)
	}
	if n == 0 {
		return ErrLockLost
	}
	return nil
}

// SetDirty marks (or clears) an unfinished sync on the lock node.
func (l *Lease) SetDirty(ctx context.Context, dirty bool) error {
	n, err := l.update(ctx, `MATCH (l:ReloadLock {name: $name}) WHERE l.holder = $holder
SET l.dirty = $dirty RETURN count(l)`, map[string]any{"dirty": dirty})
	if err != nil {
		return fmt.Errorf("mark reload lock: %w", err)
	}
	if n == 0 {
		return ErrLockLost
	}
	return nil
}

// Release stops renewing and frees the lock if it is still this lease's. It
// is safe to call more than once; use a context that is not cancelled
// (context.WithoutCancel) when releasing after an interruption.
func (l *Lease) Release(ctx context.Context) error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		l.wg.Wait()
		l.cancel(context.Canceled)
		_, err = l.update(ctx, `MATCH (l:ReloadLock {name: $name}) WHERE l.holder = $holder
SET l.holder = null, l.since = null, l.expires = null RETURN count(l)`, nil)
		if err != nil {
			err = fmt.Errorf("release reload lock: %w", err)
		}
	})
	return err
}

// renew extends the lease every l.every until Release; when it cannot before
// the lease lapses, it cancels the lease's context.
func (l *Lease) renew() {
	defer l.wg.Done()
	deadline := time.Now().Add(l.ttl)
	tick := time.NewTicker(l.every)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-l.ctx.Done():
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(l.ctx), l.ttl/3)
		n, err := l.update(ctx, `MATCH (l:ReloadLock {name: $name}) WHERE l.holder = $holder
SET l.expires = datetime() + duration({milliseconds: $ttl}) RETURN count(l)`, map[string]any{"ttl": l.ttl.Milliseconds()})
		cancel()
		switch {
		case err == nil && n == 1:
			deadline = time.Now().Add(l.ttl)
		case err == nil: // taken over: someone saw the lease expired
			l.cancel(ErrLockLost)
			return
		case time.Now().After(deadline):
			l.cancel(fmt.Errorf("%w (last renewal: %w)", ErrLockLost, err))
			return
		}
	}
}

func (l *Lease) update(ctx context.Context, cypher string, extra map[string]any) (int64, error) {
	params := map[string]any{"name": l.name, "holder": l.holder}
	for k, v := range extra {
		params[k] = v
	}
	res, err := neo4j.ExecuteQuery(ctx, l.store.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(l.store.db))
	if err != nil {
		return 0, err
	}
	if len(res.Records) == 0 {
		return 0, nil
	}
	n, _ := res.Records[0].Values[0].(int64)
	return n, nil
}
