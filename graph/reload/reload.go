// Package reload keeps a Neo4j graph equal to a fresh load of a corpus that
// changes: it hashes the input files, stops there when they match the stored
// documents, and otherwise extracts the corpus and writes only what differs
// (graph.Store.Sync), under a lease lock so that one reload runs at a time
// per database. Watch runs reloads on an interval and on file changes.
package reload

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
)

// Options tunes Run.
type Options struct {
	// BatchSize bounds the rows per write transaction
	// (graph.DefaultBatchSize when 0).
	BatchSize int
	// LockName, LockHolder, LockTTL and LockWait configure the reload lock
	// (graph.LockOptions); LockWait 0 means fail at once when it is held.
	LockName   string
	LockHolder string
	LockTTL    time.Duration
	LockWait   time.Duration
	// AllowEmpty lets a corpus with no file at all remove every stored
	// document. Without it such a run is refused: an unmounted volume or a
	// wrong path looks like an empty corpus, and a watcher would wipe the
	// graph.
	AllowEmpty bool
	// MaxFileSize refuses larger files (corpus.DefaultMaxSize when 0).
	MaxFileSize int64
	// Log receives the summary (info), per-file failures (warn) and every
	// commit (debug). slog.Default() when nil.
	Log *slog.Logger
	// OnCommit, when set, is called after every committed write
	// transaction (graph.SyncOptions.OnCommit).
	OnCommit func(stage string, done, total int)
	// Cache, when set, holds the extraction results of files by content:
	// unchanged files are decoded from it instead of read and extracted
	// again, and changed ones are stored in it.
	Cache *corpus.Cache
	// OnStep, when set, is called after each step of a run that goes past
	// the no-change check, with the step's name (Steps lists them in
	// order). The fault-injection tests stop the process there.
	OnStep func(step string)
}

// Steps are the step boundaries of a reload that writes, in order, as
// passed to Options.OnStep. A run stopped after any of them (killed, the
// server lost, the lease lost) leaves the lock dirty or the graph synced,
// so the next run completes it.
var Steps = []string{"locked", "extracted", "marked dirty", "synced", "administrations", "marked synced"}

// Summary is what one reload did.
type Summary struct {
	Files int // input files found
	// Documents by what happened to their file since the stored load.
	Added, Changed, Removed, Unchanged int
	// Kept counts stored documents whose file exists but could not be
	// read (or lies under a directory that could not be): their facts are
	// kept as stored, and the run is reported as failed.
	Kept int
	// Refreshed counts unchanged files whose facts were rewritten all the
	// same: cross-document resolution changed them, or they were loaded by
	// `dossier load` (which records no fingerprints) or an interrupted
	// reload.
	Refreshed int
	// NoChange is set when the files matched the store and nothing was
	// extracted or written.
	NoChange             bool
	NodesCreated         int
	NodesDeleted         int
	NodesUpdated         int // existing nodes whose properties were set again
	RelationshipsCreated int
	RelationshipsDeleted int
	Transactions         int // write transactions committed (the lock's aside)
	// Extracted counts files read and extracted; Cached, files whose
	// extraction came from Options.Cache (both 0 when nothing was).
	Extracted, Cached int
	Failed            []error // one per file that could not be read or extracted
	Duration          time.Duration
}

// Wrote reports whether the reload wrote to the graph.
func (s Summary) Wrote() bool { return s.Transactions > 0 }

// String is the one-line summary printed by `dossier reload`.
func (s Summary) String() string {
	var b strings.Builder
	if s.NoChange {
		fmt.Fprintf(&b, "no change: %d documents unchanged, nothing written", s.Unchanged)
	} else {
		fmt.Fprintf(&b, "documents: %d added, %d changed, %d removed, %d unchanged", s.Added, s.Changed, s.Removed, s.Unchanged)
		if s.Kept > 0 {
			fmt.Fprintf(&b, ", %d kept unread", s.Kept)
		}
		if s.Refreshed > 0 {
			fmt.Fprintf(&b, " (%d of them refreshed)", s.Refreshed)
		}
		fmt.Fprintf(&b, "; nodes: %d created, %d updated, %d deleted; relationships: %d created, %d deleted; %d transactions",
			s.NodesCreated, s.NodesUpdated, s.NodesDeleted, s.RelationshipsCreated, s.RelationshipsDeleted, s.Transactions)
		fmt.Fprintf(&b, "; files: %d extracted, %d from the cache", s.Extracted, s.Cached)
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(&b, "; %d files failed", len(s.Failed))
	}
	fmt.Fprintf(&b, "; %s", s.Duration.Round(time.Millisecond))
	return b.String()
}

func (s Summary) logAttrs() []any {
	return []any{"files", s.Files, "added", s.Added, "changed", s.Changed, "removed", s.Removed,
		"unchanged", s.Unchanged, "kept", s.Kept, "refreshed", s.Refreshed, "no_change", s.NoChange,
		"nodes_created", s.NodesCreated, "nodes_updated", s.NodesUpdated, "nodes_deleted", s.NodesDeleted,
		"relationships_created", s.RelationshipsCreated, "relationships_deleted", s.RelationshipsDeleted,
		"transactions", s.Transactions, "extracted", s.Extracted, "cached", s.Cached, "failed", len(s.Failed),
		// A string, so that JSON logs read "1.234s" rather than nanoseconds.
		"duration", s.Duration.Round(time.Millisecond).String()}
}

// ErrEmptyCorpus is returned when the corpus has no file, the store has
// documents and Options.AllowEmpty is not set.
var ErrEmptyCorpus = errors.New("no input file found")

// ErrNothingRead is returned when files or directories were found but none
// could be read, and the store has documents: the run changes nothing
// rather than take them all for deleted.
var ErrNothingRead = errors.New("no input file could be read")

// Run brings the store in line with the corpus under paths: a graph equal to
// a fresh load of it, written as the difference from what is stored. Files
// that cannot be extracted (empty, binary, too large) are left out of the
// corpus, as a fresh load would leave them out. Files that exist but cannot
// be read, and directories that cannot be listed, are no deletion: the
// documents stored for them keep their facts (Summary.Kept), and the lock
// stays dirty so that the run after the next successful read re-reads the
// corpus. Both are reported in Summary.Failed and logged; the others are
// processed. The returned error is for failures of the whole run (no input,
// nothing readable, server unreachable, lock held, interrupted).
func Run(ctx context.Context, store *graph.Store, paths []string, opts Options) (Summary, error) {
	start := time.Now()
	log := cmp.Or(opts.Log, slog.Default())
	scan, err := corpus.Walk(paths)
	if err != nil {
		return Summary{}, err
	}
	files := scan.Files
	sum := Summary{Files: len(files)}
	// unread are the parts of the input that exist but could not be read.
	var unread []corpus.Problem
	for _, p := range scan.Problems {
		log.Warn("could not read: the documents stored under it are kept", "path", p.Path, "error", p.Err)
		sum.Failed = append(sum.Failed, p)
		unread = append(unread, p)
	}
	unreadable := func(f corpus.File, err error) {
		if !corpus.Unreadable(err) {
			sum.fail(log, f, err) // gone meanwhile: as deleted
			return
		}
		log.Warn("could not read file: its stored document is kept", "file", f.Path, "error", err)
		sum.Failed = append(sum.Failed, err) // names the file
		unread = append(unread, corpus.Problem{Path: f.Path, Source: f.Source, Err: err})
	}
	done := func(err error) (Summary, error) {
		sum.Duration = time.Since(start)
		if err == nil {
			log.Info("reloaded", sum.logAttrs()...)
		}
		return sum, err
	}

	// 1. Hash the files and compare with the stored documents: when they
	// match and no earlier reload was cut short, stop without a write.
	hashes := map[string]string{}   // document id → sha256
	bySource := map[string]string{} // source → sha256, for the cache
	var readable []corpus.File
	// The stored documents and the lock are read while the files are
	// hashed: one waits for the server, the other for the disk and CPU.
	var (
		stored             map[string]graph.DocumentState
		lock               graph.LockInfo
		storedErr, lockErr error
		read               = make(chan struct{})
	)
	go func() {
		defer close(read)
		if stored, storedErr = store.DocumentStates(ctx); storedErr == nil {
			lock, lockErr = store.LockState(ctx, opts.LockName)
		}
	}()
	sums := hashAll(files)
	for i, f := range files {
		h, err := sums[i].hash, sums[i].err
		if err != nil {
			unreadable(f, err)
			continue
		}
		hashes[extract.DocumentID(f.Source)] = h
		bySource[f.Source] = h
		readable = append(readable, f)
	}
	log.Debug("hashed", "files", len(readable), "elapsed", time.Since(start).Round(time.Millisecond))
	<-read
	if storedErr != nil {
		return done(storedErr)
	}
	log.Debug("read stored documents", "documents", len(stored), "elapsed", time.Since(start).Round(time.Millisecond))
	if len(readable) == 0 && (len(files) > 0 || len(unread) > 0) && len(stored) > 0 {
		return done(fmt.Errorf("%w under %s (%d found, %d places unreadable): refusing to change the %d stored documents",
			ErrNothingRead, strings.Join(paths, ", "), len(files), len(unread), len(stored)))
	}
	if lockErr != nil {
		return done(lockErr)
	}
	// A new extractor (or administrations table) may write more from the
	// same texts. While another reload holds the lease the documents read
	// may be half-written: only a look under the lease can tell.
	if d := compare(hashes, stored); d.clean && !lock.Dirty && !lock.Held && lock.Extractor == syncedBy() {
		sum.NoChange, sum.Unchanged = true, d.unchanged
		return done(nil)
	}
	if len(files) == 0 && len(stored) > 0 && !opts.AllowEmpty {
		return done(fmt.Errorf("%w under %s: refusing to remove all %d stored documents (is the corpus mounted? pass --allow-empty to empty the graph)",
			ErrEmptyCorpus, strings.Join(paths, ", "), len(stored)))
	}

	// 2. Something differs: take the lock, then look again, since the
	// reload we may have waited for could have done the work.
	if err := store.EnsureSchema(ctx); err != nil {
		return done(err)
	}
	lease, err := store.AcquireLock(ctx, graph.LockOptions{
		Name: opts.LockName, Holder: opts.LockHolder, TTL: opts.LockTTL, Wait: opts.LockWait,
		OnWait: func(info graph.LockInfo) {
			log.Warn("waiting for another reload", "lock", info.String(), "wait", opts.LockWait.String())
		},
	})
	if err != nil {
		return done(err)
	}
	ttl := cmp.Or(opts.LockTTL, graph.DefaultLockTTL)
	defer func() {
		// Trying longer than the lease lasts is pointless: it lapses.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), min(10*time.Second, ttl))
		defer cancel()
		if err := lease.Release(rctx); err != nil {
			log.Warn("could not release the reload lock; it lapses by itself", "error", err, "ttl", ttl.String())
		}
	}()
	wctx := lease.Context()
	step := func(name string) {
		log.Debug("step done", "step", name, "elapsed", time.Since(start).Round(time.Millisecond))
		if opts.OnStep != nil {
			opts.OnStep(name)
		}
	}
	step("locked")
	if stored, err = store.DocumentStates(wctx); err != nil {
		return done(interrupted(wctx, err))
	}
	d := compare(hashes, stored)
	if d.clean && !lease.WasDirty() && lease.SyncedBy() == syncedBy() {
		sum.NoChange, sum.Unchanged = true, d.unchanged
		return done(nil)
	}
	// The entities' states are read while the corpus is extracted: one
	// waits for the server, the other for the disk and CPU.
	var (
		nodes     map[string]graph.NodeState
		nodesErr  error
		nodesRead = make(chan struct{})
	)
	go func() {
		defer close(nodesRead)
		nodes, nodesErr = store.NodeStates(wctx, graph.EntityLabels)
	}()
	defer func() { <-nodesRead }() // before the lease is released

	// 3. Extract the whole corpus: entities are resolved across documents,
	// so a new document can change what an old one says. Files unchanged
	// since they were last extracted come from the cache, by the hashes
	// of step 1: only new and changed files are read again.
	x, err := extractor()
	if err != nil {
		return done(fmt.Errorf("extractor: %w", err))
	}
	c := x.NewCorpus()
	kept := map[string]bool{}
	var added corpus.AddStats
	err = corpus.AddAll(wctx, x, c, readable, corpus.AddOptions{MaxSize: opts.MaxFileSize, Cache: opts.Cache, Hashes: bySource, Stats: &added, Added: func(f corpus.File, err error) {
		switch {
		case corpus.Unreadable(err):
			unreadable(f, err)
		case extract.Skipped(err):
			sum.fail(log, f, err)
		default:
			if err != nil {
				log.Warn("read file with a warning", "file", f.Path, "warning", err)
			}
			kept[extract.DocumentID(f.Source)] = true
		}
	}})
	sum.Extracted, sum.Cached = added.Extracted, added.Cached
	if err != nil {
		return done(interrupted(wctx, err))
	}
	log.Debug("read", "extracted", added.Extracted, "cached", added.Cached, "elapsed", time.Since(start).Round(time.Millisecond))
	wanted := c.Graph()
	log.Debug("extracted", "documents", len(wanted.Documents), "nodes", len(wanted.Nodes),
		"relationships", len(wanted.Relationships), "elapsed", time.Since(start).Round(time.Millisecond))

	step("extracted")

	// 4. Write the difference. The dirty mark stays until the documents,
	// the entities and the administration links are all in line, so that a
	// run cut short at any point is finished by the next one even when no
	// file changed since.
	if err := lease.SetDirty(wctx, true); err != nil {
		return done(interrupted(wctx, err))
	}
	step("marked dirty")
	if <-nodesRead; nodesErr != nil {
		return done(interrupted(wctx, nodesErr))
	}
	var keep []string
	for id, st := range stored {
		if !kept[id] && slices.ContainsFunc(unread, func(p corpus.Problem) bool { return p.Covers(st.Source) }) {
			keep = append(keep, id)
		}
	}
	slices.Sort(keep)
	plan, stats, err := store.Sync(wctx, wanted, graph.SyncOptions{
		BatchSize: opts.BatchSize,
		Keep:      keep,
		Stored:    stored, // read under the lease: no need to read it again
		Nodes:     nodes,
		OnPlan: func(p *graph.SyncPlan) {
			log.Debug("planned", "upsert", len(p.Upsert), "replace", len(p.Replace), "remove", len(p.Remove),
				"orphans", len(p.Orphans), "elapsed", time.Since(start).Round(time.Millisecond))
		},
		OnCommit: func(stage string, n, total int) {
			log.Debug("committed", "stage", stage, "done", n, "total", total)
			if opts.OnCommit != nil {
				opts.OnCommit(stage, n, total)
			}
		},
	})
	sum.count(hashes, kept, stored, plan, stats)
	sum.Kept = len(keep)
	sum.Removed -= len(keep)
	log.Debug("synced", "transactions", stats.Transactions, "took", stats.Duration.Round(time.Millisecond),
		"elapsed", time.Since(start).Round(time.Millisecond))
	if err != nil {
		return done(interrupted(wctx, err))
	}
	step("synced")
	// A run cut short after its last sync write leaves documents right and
	// their links stale, and a new administrations table changes every
	// document's: then all documents are linked again. Otherwise only those
	// this run rewrote can have new dates (removed ones took their links
	// with them).
	if lease.WasDirty() || lease.SyncedBy() != syncedBy() {
		err = store.SyncAdministrations(wctx)
	} else {
		ids := make([]string, len(plan.Replace))
		for i, d := range plan.Replace {
			ids[i] = d.Document.ID
		}
		err = store.SyncAdministrationsOf(wctx, ids)
	}
	if err != nil {
		return done(interrupted(wctx, err))
	}
	step("administrations")
	if len(unread) > 0 {
		// Not in line with the files until they are read: the lock stays
		// dirty, so the next run re-reads even files unchanged since.
		log.Warn("reload incomplete: some of the input could not be read", "unreadable", len(unread))
		return done(nil)
	}
	if err := lease.MarkSynced(wctx, syncedBy()); err != nil {
		return done(interrupted(wctx, err))
	}
	step("marked synced")
	return done(nil)
}

// extractor is the Extractor of every run: safe for concurrent use, and
// loading its lexicons again for each reload of a watch is wasted time.
var extractor = sync.OnceValues(extract.New)

// fileHash is the result of corpus.Hash for one file.
type fileHash struct {
	hash string
	err  error
}

// hashAll hashes files on every core (reading 10,000 files is most of a
// reload with no change), returning the results in the order of files.
func hashAll(files []corpus.File) []fileHash {
	out := make([]fileHash, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				out[i].hash, out[i].err = corpus.Hash(files[i])
			}
		})
	}
	wg.Wait()
	return out
}

// syncedBy names what a finished sync wrote the graph with: the
// extractor's version and the administrations table's digest, so that a
// new binary with either changed re-reads an unchanged corpus.
var syncedBy = sync.OnceValue(func() string {
	h := sha256.New()
	admins, err := graph.Administrations()
	if err != nil {
		// SyncAdministrations fails with the same error; a digest of it
		// still differs from any table's.
		h.Write([]byte(err.Error()))
	}
	for _, a := range admins {
		b, _ := json.Marshal(a.Properties()) // strings only: cannot fail
		h.Write(b)
	}
	return extract.Version() + "+admin-" + hex.EncodeToString(h.Sum(nil))[:12]
})

func (s *Summary) fail(log *slog.Logger, f corpus.File, err error) {
	log.Warn("skipped file: left out of the graph", "file", f.Path, "error", err)
	s.Failed = append(s.Failed, fmt.Errorf("%s: %w", f.Path, err))
}

// count fills the document and write counts once the sync is planned.
func (s *Summary) count(hashes map[string]string, kept map[string]bool, stored map[string]graph.DocumentState, plan *graph.SyncPlan, stats graph.SyncStats) {
	unchanged := map[string]bool{}
	for id := range kept {
		st, ok := stored[id]
		switch {
		case !ok:
			s.Added++
		case st.SHA256 != hashes[id]:
			s.Changed++
		default:
			s.Unchanged++
			unchanged[id] = true
		}
	}
	for id := range stored {
		if !kept[id] {
			s.Removed++
		}
	}
	if plan != nil {
		for _, d := range plan.Replace {
			if unchanged[d.Document.ID] {
				s.Refreshed++
			}
		}
	}
	s.NodesCreated, s.NodesUpdated, s.NodesDeleted = stats.NodesCreated, stats.NodesUpdated, stats.NodesDeleted
	s.RelationshipsCreated, s.RelationshipsDeleted = stats.RelationshipsCreated, stats.RelationshipsDeleted
	s.Transactions = stats.Transactions
}

// diff is the file-level comparison of the corpus with the store.
type diff struct {
	clean     bool // same documents, same hashes, all written by a sync
	unchanged int
}

func compare(hashes map[string]string, stored map[string]graph.DocumentState) diff {
	d := diff{clean: len(hashes) == len(stored)}
	for id, h := range hashes {
		st, ok := stored[id]
		if ok && st.SHA256 == h && st.FactsHash != "" {
			d.unchanged++
		} else {
			d.clean = false
		}
	}
	return d
}

// interrupted says why work under the lock stopped: an interruption or a
// lost lease is named as such rather than as the driver error it caused.
func interrupted(ctx context.Context, err error) error {
	// A lost server also loses the lease: name the server, the first cause.
	cause := context.Cause(ctx)
	// The lease renewal may notice the outage before the write does.
	if !isUnavailable(err) && isUnavailable(cause) {
		err = cause
	}
	switch {
	case isUnavailable(err):
		return fmt.Errorf("reload stopped: Neo4j became unavailable (%w); documents already committed are complete, the transaction in flight was rolled back, the next reload finishes the job", err)
	case errors.Is(cause, graph.ErrLockLost):
		return fmt.Errorf("reload stopped: %w; the transaction in flight was rolled back and the next reload finishes the job", cause)
	case ctx.Err() != nil:
		return fmt.Errorf("reload interrupted (%v): the transaction in flight was rolled back and the next reload finishes the job", cause)
	}
	return err
}
