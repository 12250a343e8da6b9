package reload_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph/reload"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// unreadable replaces the file at path by one that exists but cannot be
// read, by any user, root included: a link to /proc/self/mem, whose read
// at offset 0 is an I/O error.
func unreadable(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("an unreadable file for every user is /proc/self/mem")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/mem", path); err != nil {
		t.Fatal(err)
	}
}

// linesOf returns the dump lines that name document id.
func linesOf(lines []string, id string) []string {
	var out []string
	for _, l := range lines {
		if strings.Contains(l, id) {
			out = append(out, l)
		}
	}
	return out
}

// TestReloadUnreadable: what exists but cannot be read is no deletion. A
// file that gives an I/O error, or a directory behind a link to an
// unmounted volume, keeps the documents stored for it, facts and all, and
// is reported (the run fails); once readable again, the next reload
// converges to a fresh load. A run that can read no file at all changes
// nothing.
func TestReloadUnreadable(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	dir := t.TempDir()
	if err := reloadtest.WriteCorpus(dir, seed, 12); err != nil {
		t.Fatal(err)
	}
	want := freshReload(t, inst, store, dir)
	files, err := corpus.Find([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	// restore puts the corpus back as it was, links replaced by files.
	texts := map[string][]byte{}
	for _, f := range files {
		if texts[f.Path], err = os.ReadFile(f.Path); err != nil {
			t.Fatal(err)
		}
	}
	restore := func(t *testing.T) {
		for path, text := range texts {
			if info, err := os.Lstat(path); err == nil && info.Mode()&os.ModeSymlink != 0 {
				os.Remove(path)
			}
			write(t, path, string(text))
		}
	}

	tests := []struct {
		name            string
		break_          func(t *testing.T) (undo func())
		kept            []string // sources whose documents must stay as they were
		err             error
		removed, failed int
	}{
		{"one file unreadable", func(t *testing.T) func() {
			unreadable(t, files[3].Path)
			return func() {}
		}, []string{files[3].Source}, nil, 0, 1},
		{"a directory behind a broken link", func(t *testing.T) func() {
			sub := filepath.Join(dir, "batch-01")
			moved := filepath.Join(t.TempDir(), "batch-01")
			if err := os.Rename(sub, moved); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(t.TempDir(), "unmounted"), sub); err != nil {
				t.Fatal(err)
			}
			return func() {
				os.Remove(sub)
				os.Rename(moved, sub)
			}
		}, []string{"batch-01/article-00001.txt", "batch-01/article-00011.txt"}, nil, 0, 1},
		{"no file readable", func(t *testing.T) func() {
			for _, f := range files {
				unreadable(t, f.Path)
			}
			return func() {}
		}, nil, reload.ErrNothingRead, 0, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := lastTx(t, inst)
			undo := tt.break_(t)
			sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet})
			if !errors.Is(err, tt.err) {
				t.Fatalf("reload: %v, want %v", err, tt.err)
			}
			got := dump(t, store)
			if tt.err != nil {
				if lastTx(t, inst) != before {
					t.Error("a reload that read nothing wrote to the graph")
				}
				assertSame(t, "after a reload that read nothing", got, want)
			} else {
				if len(sum.Failed) != tt.failed || sum.Kept != len(tt.kept) || sum.Removed != tt.removed {
					t.Errorf("summary: %s; want %d failed, %d kept, %d removed", sum, tt.failed, len(tt.kept), tt.removed)
				}
				for _, src := range tt.kept {
					id := extract.DocumentID(src)
					if l := linesOf(got, id); len(l) == 0 || !slices.Equal(l, linesOf(want, id)) {
						t.Errorf("%s: stored document not kept as it was:\n%s", src, strings.Join(l, "\n"))
					}
				}
			}
			undo()
			restore(t)
			if _, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet}); err != nil {
				t.Fatalf("reload once readable: %v", err)
			}
			assertSame(t, "readable again", dump(t, store), want)
			if sum, err := reload.Run(ctx, store, []string{dir}, reload.Options{Log: quiet}); err != nil || !sum.NoChange {
				t.Errorf("next reload: %v, %s; want no change", err, counts(sum))
			}
		})
	}
}

// TestReloadSymlinkedRoot: a corpus named through a symbolic link to its
// directory is read as the directory itself.
func TestReloadSymlinkedRoot(t *testing.T) {
	inst, store := server(t)
	ctx := context.Background()
	top := t.TempDir()
	dir := filepath.Join(top, "corpus")
	if err := reloadtest.WriteCorpus(dir, seed, 3); err != nil {
		t.Fatal(err)
	}
	want := reloadEmpty(t, inst, store, dir)
	inst.Reset(t)
	link := filepath.Join(top, "current")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	sum, err := reload.Run(ctx, store, []string{link}, reload.Options{Log: quiet})
	if err != nil || sum.Added != 3 {
		t.Fatalf("reload through a link: %v, %s", err, counts(sum))
	}
	assertSame(t, "reload through a link", dump(t, store), want)
}
