package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload"
)

// exitLockHeld is the exit status when another reload holds the lock for
// the whole --lock-timeout: EX_TEMPFAIL, "try again later", so that a
// scheduler can tell it from a failure.
const exitLockHeld = 75

type reloadOptions struct {
	paths       []string
	lockTimeout time.Duration
	lockTTL     time.Duration
	allowEmpty  bool
	noCache     bool
	holder      string        // lock holder name; "" for a new one per run
	cache       *corpus.Cache // opened by openCache; nil: none
}

// bindReloadFlags adds the flags reload and watch share.
func bindReloadFlags(fs *pflag.FlagSet, opts *reloadOptions) {
	fs.DurationVar(&opts.lockTimeout, "lock-timeout", time.Minute,
		"how long to wait while another reload holds the lock (0: give up at once)")
	fs.DurationVar(&opts.lockTTL, "lock-ttl", graph.DefaultLockTTL,
		"lease of the reload lock: a crashed holder blocks others this long at most")
	fs.BoolVar(&opts.allowEmpty, "allow-empty", false,
		"let a corpus with no file remove every document (refused by default: an unmounted volume looks empty)")
	fs.String("cache-dir", "",
		"directory of the extraction cache, safe to delete (env DOSSIER_CACHE_DIR; default: dossier under the user's cache directory, $XDG_CACHE_HOME or ~/.cache)")
	fs.BoolVar(&opts.noCache, "no-cache", false, "read and extract every file again, without the extraction cache")
}

// openCache opens the extraction cache reload and watch use, unless
// --no-cache or no directory. A cache that cannot be opened is reported
// and the reload goes on without it: the cache saves time, never decides
// what is written.
func openCache(a *app, opts *reloadOptions) {
	dir := a.cfg.Cache.Dir
	switch {
	case opts.noCache:
		a.log.Debug("extraction cache off (--no-cache)")
		return
	case dir == "":
		// No home directory (a service user): say how to get one.
		a.log.Info("extraction cache off: no cache directory; set cache.dir or DOSSIER_CACHE_DIR to read only changed files")
		return
	}
	cache, err := corpus.OpenCache(dir, a.log)
	if err != nil {
		a.log.Warn("extraction cache unavailable: every file is extracted", "error", err)
		return
	}
	// Entries of extractor versions no process used for a week.
	if n, err := cache.Prune(); err != nil || n > 0 {
		a.log.Debug("extraction cache pruned", "versions_removed", n, "error", err)
	}
	opts.cache = cache
}

func newReloadCmd(a *app) *cobra.Command {
	opts := &reloadOptions{}
	cmd := &cobra.Command{
		Use:   "reload PATH...",
		Short: "Bring the graph in line with the corpus, writing only what changed",
		Long: `Reload makes the graph in Neo4j equal to a fresh load of the .txt files under
PATH (files, or directories walked recursively), writing only the difference.

It hashes every file and compares with the stored documents: when nothing
changed it stops there, without a write. Otherwise it extracts the corpus (a
new document can change how entities in old ones resolve) and, for each new
or changed document, replaces its facts in one transaction; a deleted file's
document goes with the facts it alone supported, and an entity goes only when
no document supports it any more.

One reload runs at a time per database: a lease lock that a crashed holder
releases by expiring (--lock-ttl). A second reload waits up to --lock-timeout,
then exits with status 75 naming the holder. Files that cannot be read are
reported and left out; the rest is reloaded and the exit status is 1.

What was extracted from each file is kept in a cache (--cache-dir, config
cache.dir, env DOSSIER_CACHE_DIR; default dossier under the user's cache
directory, $XDG_CACHE_HOME or ~/.cache), keyed by the file's content and the
extractor's version: a reload reads again only new and changed files. The
cache is safe to delete at any time; --no-cache reads every file.`,
		Example: `  dossier reload data/seeds
  DOSSIER_NEO4J_URI=bolt://db:7687 DOSSIER_NEO4J_PASSWORD=secret dossier reload /corpus --lock-timeout 5m`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runReload(cmd.Context(), a, opts)
		},
	}
	bindReloadFlags(cmd.Flags(), opts)
	return cmd
}

func runReload(ctx context.Context, a *app, opts *reloadOptions) error {
	openCache(a, opts)
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.WithoutCancel(ctx))
	sum, err := reloadOnce(ctx, a, store, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "reload %s: %s\n", strings.Join(opts.paths, " "), sum)
	if n := len(sum.Failed); n > 0 {
		return exitError{code: 1, msg: fmt.Sprintf("%d of %d files failed (see the warnings above); the others were reloaded", n, sum.Files)}
	}
	return nil
}

// reloadOnce runs one reload and turns its errors into what the user sees.
func reloadOnce(ctx context.Context, a *app, store *graph.Store, opts *reloadOptions) (reload.Summary, error) {
	sum, err := reload.Run(ctx, store, opts.paths, reload.Options{
		BatchSize:  a.cfg.Load.BatchSize,
		LockHolder: opts.holder,
		LockTTL:    opts.lockTTL,
		LockWait:   opts.lockTimeout,
		AllowEmpty: opts.allowEmpty,
		Cache:      opts.cache,
		Log:        a.log,
	})
	var held *graph.LockHeldError
	var badPath *fs.PathError
	switch {
	case err == nil:
		return sum, nil
	case errors.As(err, &held):
		return sum, exitError{code: exitLockHeld, msg: err.Error() + " (raise --lock-timeout to wait longer)"}
	case errors.Is(err, reload.ErrEmptyCorpus), errors.As(err, &badPath):
		// A missing or unreadable input path: nothing was written.
		return sum, userError{err}
	}
	return sum, fmt.Errorf("reload: %w", err)
}
