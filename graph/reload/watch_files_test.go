package reload

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fsnotify/fsnotify"

	"github.com/dossier-dev/dossier/extract/corpus"
)

// TestWatchSeesWhatReloadReads: a change to a file triggers a reload
// exactly when a reload reads that file (corpus.Find), hidden files and
// directories included.
func TestWatchSeesWhatReloadReads(t *testing.T) {
	dir := t.TempDir()
	names := []string{"a.txt", "b.TXT", ".hidden.txt", ".#draft.txt", "notes.md", "sub/c.txt", "sub/.d.txt",
		".git/e.txt", "sub/.cache/f.txt"}
	for _, n := range names {
		path := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("text"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, err := corpus.Find([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, f := range files {
		read[f.Source] = true
	}
	w, err := newWatcher([]string{dir}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, n := range names {
		for _, op := range []fsnotify.Op{fsnotify.Write, fsnotify.Remove} {
			ev := fsnotify.Event{Name: filepath.Join(dir, filepath.FromSlash(n)), Op: op}
			if got := w.relevant(ev); got != read[n] {
				t.Errorf("%s %s: watch reloads %v, reload reads it %v", op, n, got, read[n])
			}
		}
	}
	if len(read) != 3 {
		t.Errorf("reload reads %d files, want a.txt, b.TXT and sub/c.txt", len(read))
	}
}

// TestWatchSymlinkedRoot: a root given as a symbolic link to a directory
// is watched with its subdirectories, as reload reads them.
func TestWatchSymlinkedRoot(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "corpus")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(top, "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher([]string{link}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := w.WatchList()
	slices.Sort(got)
	if want := []string{link, filepath.Join(link, "sub")}; !slices.Equal(got, want) {
		t.Errorf("watching %q, want %q", got, want)
	}
	if !w.relevant(fsnotify.Event{Name: filepath.Join(link, "sub", "a.txt"), Op: fsnotify.Create}) {
		t.Error("a new file under the linked root does not trigger a reload")
	}
}

// TestWatchBadManifest: a corpus whose manifest is wrong makes every
// reload fail (and say why), but the watch is still set up, so that the
// fix, a file change, triggers the next reload.
func TestWatchBadManifest(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{corpus.ManifestCSV, corpus.ManifestJSONL, "sub/a.txt"} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := corpus.Find([]string{dir}); err == nil {
		t.Fatal("two manifests: Find did not fail")
	}
	w, err := newWatcher([]string{dir}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := w.WatchList()
	slices.Sort(got)
	if want := []string{dir, filepath.Join(dir, "sub")}; !slices.Equal(got, want) {
		t.Errorf("watching %q, want %q", got, want)
	}
}
