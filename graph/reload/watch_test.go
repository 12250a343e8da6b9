package reload_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/graph/reload"
)

// Deadlines of the watch tests: what should happen is waited for up to
// eventually (a loaded machine may take seconds), what should not happen is
// watched for during quietly.
const (
	eventually = 20 * time.Second
	quietly    = 500 * time.Millisecond
)

// recorder is a reload function that records when it was called.
type recorder struct {
	mu     sync.Mutex
	calls  []time.Time
	gate   chan struct{} // when set, each call returns once it receives, or on cancel
	called chan struct{}
}

// newRecorder returns a recorder whose calls return at once, or, with
// held, only when release is called (or the watch stops).
func newRecorder(held bool) *recorder {
	r := &recorder{called: make(chan struct{}, 100)}
	if held {
		r.gate = make(chan struct{})
	}
	return r
}

func (r *recorder) reload(ctx context.Context) error {
	r.mu.Lock()
	r.calls = append(r.calls, time.Now())
	r.mu.Unlock()
	r.called <- struct{}{}
	if r.gate == nil {
		return nil
	}
	select {
	case <-r.gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release lets the reload in flight return.
func (r *recorder) release(t *testing.T) {
	t.Helper()
	select {
	case r.gate <- struct{}{}:
	case <-time.After(eventually):
		t.Fatal("no reload in flight to release")
	}
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls)
}

// next waits for the next call, failing after timeout.
func (r *recorder) next(t *testing.T, timeout time.Duration, what string) time.Duration {
	t.Helper()
	start := time.Now()
	select {
	case <-r.called:
		return time.Since(start)
	case <-time.After(timeout):
		t.Fatalf("%s: no reload within %s", what, timeout)
	}
	return 0
}

func (r *recorder) none(t *testing.T, d time.Duration, what string) {
	t.Helper()
	select {
	case <-r.called:
		t.Fatalf("%s: unexpected reload", what)
	case <-time.After(d):
	}
}

func startWatch(t *testing.T, paths []string, opts reload.WatchOptions, r *recorder) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	opts.Log = quiet
	go func() { done <- reload.Watch(ctx, paths, opts, r.reload) }()
	var once sync.Once
	var err error
	return func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(eventually):
				t.Fatal("watch did not stop")
			}
		})
		return err
	}
}

// TestWatchFileEvents: one reload at start; a new file, a burst of files, a
// file in a new subdirectory, an edit and a deletion each give one reload
// soon after; files that are not texts (editor swap files) give none.
func TestWatchFileEvents(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.txt"), "first")
	r := newRecorder(false)
	stop := startWatch(t, []string{dir}, reload.WatchOptions{Every: time.Hour, Debounce: 300 * time.Millisecond}, r)
	defer stop()
	r.next(t, eventually, "start")

	steps := []struct {
		name   string
		change func()
		reload bool
	}{
		{"new file", func() { write(t, filepath.Join(dir, "b.txt"), "new") }, true},
		{"burst of 20 files", func() {
			for i := range 20 {
				write(t, filepath.Join(dir, "burst", string(rune('a'+i))+".txt"), "x")
				time.Sleep(5 * time.Millisecond)
			}
		}, true},
		{"file in a new nested directory", func() { write(t, filepath.Join(dir, "x", "y", "c.txt"), "deep") }, true},
		{"file in the nested directory, later", func() { write(t, filepath.Join(dir, "x", "y", "d.txt"), "deeper") }, true},
		{"edit", func() { write(t, filepath.Join(dir, "a.txt"), "second") }, true},
		{"delete", func() { os.Remove(filepath.Join(dir, "b.txt")) }, true},
		{"swap file and hidden directory", func() {
			write(t, filepath.Join(dir, ".a.txt.swp"), "swap")
			write(t, filepath.Join(dir, "notes.md"), "md")
			write(t, filepath.Join(dir, ".git", "x.txt"), "hidden")
		}, false},
	}
	for _, s := range steps {
		s.change()
		if !s.reload {
			r.none(t, quietly, s.name)
			continue
		}
		latency := r.next(t, eventually, s.name)
		t.Logf("%s: reload %s after the change", s.name, latency.Round(time.Millisecond))
		r.none(t, quietly, s.name+" (a second reload)")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestWatchInterval: reloads come on the interval with no file change.
func TestWatchInterval(t *testing.T) {
	r := newRecorder(false)
	stop := startWatch(t, []string{t.TempDir()}, reload.WatchOptions{Every: 300 * time.Millisecond}, r)
	r.next(t, eventually, "start")
	r.next(t, eventually, "first interval")
	r.next(t, eventually, "second interval")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestWatchStopWaitsForReload: a stop during a reload cancels it and waits
// for it to return; changes during a reload give one more reload after it.
func TestWatchStopWaitsForReload(t *testing.T) {
	dir := t.TempDir()
	r := newRecorder(true)
	stop := startWatch(t, []string{dir}, reload.WatchOptions{Every: time.Hour, Debounce: 50 * time.Millisecond}, r)
	r.next(t, eventually, "start")
	for i := range 5 { // during the first reload
		write(t, filepath.Join(dir, string(rune('a'+i))+".txt"), "x")
	}
	r.none(t, quietly, "during the running reload")
	r.release(t)
	r.next(t, eventually, "after the running reload")
	// Now a reload is in flight, and returns only when cancelled: stop
	// returns (within eventually) only if it cancels it.
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n := r.count(); n != 2 {
		t.Errorf("%d reloads, want 2", n)
	}
}

func TestWatchBadPath(t *testing.T) {
	err := reload.Watch(context.Background(), []string{filepath.Join(t.TempDir(), "missing")},
		reload.WatchOptions{Every: time.Minute}, newRecorder(false).reload)
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("watch of a missing path: %v", err)
	}
}
