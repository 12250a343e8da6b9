package reload

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/dossier-dev/dossier/extract/corpus"
)

// WatchOptions tunes Watch.
type WatchOptions struct {
	// Every is the interval between scheduled reloads.
	Every time.Duration
	// Debounce is how long the files must be quiet after a change before a
	// reload starts, so that a burst (a sync of many files, an editor's
	// save) gives one reload. DefaultDebounce when 0.
	Debounce time.Duration
	// Log receives what the watcher does. slog.Default() when nil.
	Log *slog.Logger
}

// DefaultDebounce is the quiet time after a change before a reload.
const DefaultDebounce = 500 * time.Millisecond

// maxDelayFactor bounds the wait for quiet: under a steady stream of
// changes a reload still starts after maxDelayFactor × Debounce.
const maxDelayFactor = 10

// Watch calls reload at once, then every opts.Every and soon after files
// under paths change (directories are watched recursively, new ones
// included), one reload at a time. A failed reload is logged and the watch
// goes on. Watch returns nil when ctx is cancelled, once the reload in
// flight has returned (reload must honour ctx: cancelled, it rolls back);
// it returns an error only when the watch cannot be set up.
func Watch(ctx context.Context, paths []string, opts WatchOptions, reload func(context.Context) error) error {
	log := cmp.Or(opts.Log, slog.Default())
	debounce := cmp.Or(opts.Debounce, DefaultDebounce)
	if opts.Every <= 0 {
		return fmt.Errorf("watch: interval %s: want a positive duration", opts.Every)
	}
	w, err := newWatcher(paths, log)
	if err != nil {
		return err
	}
	defer w.Close()

	running := make(chan error, 1)
	busy := false
	pending, reason := true, "start" // a reload is due, and why
	var firstChange time.Time
	quiet := time.NewTimer(0)
	tick := time.NewTicker(opts.Every)
	defer tick.Stop()
	start := func(why string) {
		pending, busy = false, true
		firstChange = time.Time{}
		log.Info("reloading", "reason", why)
		go func() { running <- reload(ctx) }()
	}
	for {
		select {
		case <-ctx.Done():
			if busy {
				log.Info("stopping: waiting for the reload in flight to roll back")
				<-running
			}
			log.Info("watch stopped")
			return nil
		case err := <-running:
			busy = false
			if err != nil && ctx.Err() == nil {
				log.Error("reload failed; the watch goes on", "error", err)
			}
			if pending {
				quiet.Reset(debounce)
			}
		case <-tick.C:
			if busy {
				pending, reason = true, "interval"
				continue
			}
			start("interval")
		case <-quiet.C:
			if busy {
				pending = true // runs when the current reload returns
				continue
			}
			if pending {
				start(reason)
			}
		case ev, ok := <-w.Events:
			if !ok {
				return errors.New("watch: file events closed")
			}
			if !w.relevant(ev) {
				continue
			}
			log.Debug("file event", "path", ev.Name, "op", ev.Op.String())
			if firstChange.IsZero() {
				firstChange = time.Now()
			}
			pending, reason = true, "file change"
			// Wait for quiet, but not forever under a steady stream.
			wait := debounce
			if left := time.Until(firstChange.Add(maxDelayFactor * debounce)); left < wait {
				wait = max(left, 0)
			}
			quiet.Reset(wait)
		case err, ok := <-w.Errors:
			if !ok {
				return errors.New("watch: file events closed")
			}
			// An overflow loses events: reload to be sure.
			log.Warn("file watch error; reloading to be sure", "error", err)
			pending, reason = true, "file watch error"
			quiet.Reset(debounce)
		}
	}
}

// watcher is fsnotify's, plus what is watched and the recursion.
type watcher struct {
	*fsnotify.Watcher
	log   *slog.Logger
	roots []string        // directories given, cleaned
	files map[string]bool // files given, cleaned
}

func newWatcher(paths []string, log *slog.Logger) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &watcher{Watcher: fw, log: log, files: map[string]bool{}}
	for _, p := range paths {
		p = filepath.Clean(p)
		info, err := os.Stat(p)
		if err != nil {
			fw.Close()
			return nil, fmt.Errorf("watch %s: %w", p, err)
		}
		if !info.IsDir() {
			// A file is watched through its directory: editors replace
			// files by renaming, which a watch on the file itself loses.
			w.files[p] = true
			if err := fw.Add(filepath.Dir(p)); err != nil {
				fw.Close()
				return nil, fmt.Errorf("watch %s: %w", p, err)
			}
			continue
		}
		w.roots = append(w.roots, p)
		if err := w.addTree(p); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches dir and the directories corpus.Walk reads under it
// (corpus.Tree):
// hidden ones left out, symbolic links followed.
func (w *watcher) addTree(dir string) error {
	scan, err := corpus.Tree(dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	for _, p := range scan.Problems {
		w.log.Warn("cannot watch", "path", p.Path, "error", p.Err)
	}
	for _, d := range scan.Dirs {
		if err := w.Add(d); err != nil {
			if d != dir && errors.Is(err, fs.ErrNotExist) {
				continue // gone meanwhile
			}
			return fmt.Errorf("watch %s: %w", d, err)
		}
	}
	return nil
}

// relevant says whether ev may change the corpus; a new directory under a
// root is watched from now on.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	if ev.Has(fsnotify.Chmod) && !ev.Has(fsnotify.Write|fsnotify.Create|fsnotify.Remove|fsnotify.Rename) {
		return false // touch, permission change: same content
	}
	name := filepath.Clean(ev.Name)
	if w.files[name] {
		return true
	}
	rel, ok := w.underRoot(name)
	if !ok {
		return false
	}
	if rel == "." {
		return true // the root itself: removed, renamed
	}
	// What corpus.Find leaves out changes nothing: a hidden directory on
	// the way, a hidden file, a file not named *.txt.
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for _, dir := range parts[:len(parts)-1] {
		if corpus.Skip(dir, true) {
			return false
		}
	}
	base := parts[len(parts)-1]
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(name); err == nil && info.IsDir() {
			if corpus.Skip(base, true) {
				return false
			}
			if err := w.addTree(name); err != nil {
				w.log.Warn("cannot watch a new directory", "error", err)
			}
			return true // it may arrive with files in it
		}
	}
	if !corpus.Skip(base, false) {
		return true
	}
	// A directory removed or renamed away has no extension to tell.
	return filepath.Ext(base) == "" && !corpus.Skip(base, true) && ev.Has(fsnotify.Remove|fsnotify.Rename)
}

// underRoot returns name relative to the watched root it is under.
func (w *watcher) underRoot(name string) (string, bool) {
	for _, r := range w.roots {
		if rel, err := filepath.Rel(r, name); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel, true
		}
	}
	return "", false
}
