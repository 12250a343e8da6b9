package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload"
)

type watchOptions struct {
	reloadOptions
	every    time.Duration
	debounce time.Duration
}

func newWatchCmd(a *app) *cobra.Command {
	opts := &watchOptions{}
	cmd := &cobra.Command{
		Use:   "watch PATH... [--every 15m]",
		Short: "Reload at start, on an interval and whenever the corpus changes",
		Long: `Watch runs 'dossier reload PATH...' at start, then every --every, and also
soon after files under PATH change (directories are watched recursively; a
burst of changes gives one reload once the files are quiet for --debounce).
One reload runs at a time. A failed reload (server down, lock held, bad file)
is logged and the watch goes on; Neo4j need not be up when the watch starts.

Each reload reads again only new and changed files, taking the others from
the extraction cache (--cache-dir, --no-cache: see 'dossier reload --help').

SIGINT or SIGTERM stops the watch cleanly: the reload in flight rolls back its
open transaction and releases the lock, and the next reload finishes the job.`,
		Example: `  dossier watch /corpus --every 15m
  DOSSIER_LOG_FORMAT=json dossier watch data/seeds --every 1h --debounce 2s`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runWatch(cmd.Context(), a, opts)
		},
	}
	bindReloadFlags(cmd.Flags(), &opts.reloadOptions)
	cmd.Flags().DurationVar(&opts.every, "every", 15*time.Minute, "interval between scheduled reloads")
	cmd.Flags().DurationVar(&opts.debounce, "debounce", reload.DefaultDebounce, "quiet time after a file change before reloading")
	return cmd
}

func runWatch(ctx context.Context, a *app, opts *watchOptions) error {
	if opts.every <= 0 {
		return userError{fmt.Errorf("--every %s: want a positive interval", opts.every)}
	}
	// One holder name for the whole watch: its lock, left by a reload cut
	// short, is its own to take again at once.
	opts.holder = graph.NewHolder()
	openCache(a, &opts.reloadOptions) // once: every reload of the watch shares it
	var store *graph.Store
	defer func() {
		if store != nil {
			store.Close(context.WithoutCancel(ctx))
		}
	}()
	a.log.Info("watching", "paths", opts.paths, "every", opts.every.String(), "debounce", opts.debounce.String(), "holder", opts.holder)
	err := reload.Watch(ctx, opts.paths, reload.WatchOptions{Every: opts.every, Debounce: opts.debounce, Log: a.log},
		func(ctx context.Context) error {
			if store == nil { // connect lazily: the server may start after the watcher
				s, err := a.openStore(ctx)
				if err != nil {
					return err
				}
				store = s
			}
			_, err := reloadOnce(ctx, a, store, &opts.reloadOptions)
			return err
		})
	if err != nil {
		return userError{err}
	}
	return nil
}
