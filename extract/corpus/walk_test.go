package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// failDir is a file system whose directory bad cannot be listed, as one
// the user lacks permission for (tests run as root, who has it always).
type failDir struct{ fs.FS }

var errDenied = fs.ErrPermission

func (f failDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == "bad" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errDenied}
	}
	return fs.ReadDir(f.FS, name)
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// tree writes a corpus with every kind of link and returns its root.
func tree(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	root := filepath.Join(top, "corpus")
	write(t, filepath.Join(root, "a.txt"), "a")
	write(t, filepath.Join(root, "sub", "b.txt"), "b")
	write(t, filepath.Join(root, "bad", "x.txt"), "x")
	write(t, filepath.Join(root, ".hidden.txt"), "hidden")
	write(t, filepath.Join(top, "outside", "c.txt"), "c")
	write(t, filepath.Join(top, "outside", "dir", "d.txt"), "d")
	symlink(t, filepath.Join(top, "outside", "c.txt"), filepath.Join(root, "link.txt"))
	symlink(t, filepath.Join(top, "outside", "dir"), filepath.Join(root, "linkdir"))
	symlink(t, "..", filepath.Join(root, "sub", "loop"))
	symlink(t, filepath.Join(top, "nowhere.txt"), filepath.Join(root, "broken.txt"))
	symlink(t, filepath.Join(top, "unmounted"), filepath.Join(root, "gone"))
	symlink(t, filepath.Join(top, "nowhere.md"), filepath.Join(root, "notes.md"))
	symlink(t, "user@host.1234", filepath.Join(root, ".#a.txt"))
	symlink(t, root, filepath.Join(top, "rootlink"))
	return root
}

func sources(files []File) string {
	var out []string
	for _, f := range files {
		out = append(out, f.Source)
	}
	return strings.Join(out, " ")
}

func problems(ps []Problem) string {
	var out []string
	for _, p := range ps {
		kind := "file"
		if p.Dir {
			kind = "dir"
		}
		cause := "other"
		switch {
		case errors.Is(p.Err, ErrLoop):
			cause = "loop"
		case errors.Is(p.Err, fs.ErrNotExist):
			cause = "missing"
		case errors.Is(p.Err, fs.ErrPermission):
			cause = "denied"
		}
		out = append(out, fmt.Sprintf("%s:%s:%s", p.Source, kind, cause))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestWalk: links are followed (a root's too), a loop, a broken link and
// a directory that cannot be listed are reported and skipped, and the rest
// is read.
func TestWalk(t *testing.T) {
	root := tree(t)
	const files = "a.txt bad/x.txt link.txt linkdir/d.txt sub/b.txt"
	const found = "broken.txt:file:missing gone:dir:missing sub/loop:dir:loop"
	tests := []struct {
		name            string
		scan            func() (*Scan, error)
		files, problems string
	}{
		{"root", func() (*Scan, error) { return Walk([]string{root}) }, files, found},
		{"root through a link", func() (*Scan, error) { return Walk([]string{filepath.Join(filepath.Dir(root), "rootlink")}) }, files, found},
		{"a directory that cannot be listed", func() (*Scan, error) {
			info, err := os.Stat(root)
			if err != nil {
				return nil, err
			}
			s := &Scan{}
			s.walk(failDir{os.DirFS(root)}, root, ".", []fs.FileInfo{info})
			return s, nil
		}, "a.txt link.txt linkdir/d.txt sub/b.txt", "bad:dir:denied " + found},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.scan()
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(s.Files, func(a, b File) int { return strings.Compare(a.Source, b.Source) })
			if got := sources(s.Files); got != tt.files {
				t.Errorf("files %q, want %q", got, tt.files)
			}
			if got := problems(s.Problems); got != tt.problems {
				t.Errorf("problems %q, want %q", got, tt.problems)
			}
		})
	}
	if _, err := Find([]string{root}); err == nil || !strings.Contains(err.Error(), "symbolic link loop") {
		t.Errorf("Find with a loop under the root: %v, want the loop reported", err)
	}
}

func TestProblemCovers(t *testing.T) {
	tests := []struct {
		p      Problem
		source string
		want   bool
	}{
		{Problem{Source: "a/b.txt"}, "a/b.txt", true},
		{Problem{Source: "a/b.txt"}, "a/b.txt.txt", false},
		{Problem{Source: "a", Dir: true}, "a/b.txt", true},
		{Problem{Source: "a", Dir: true}, "ab.txt", false},
		{Problem{Source: "", Dir: true}, "z/y.txt", true},
	}
	for _, tt := range tests {
		if got := tt.p.Covers(tt.source); got != tt.want {
			t.Errorf("%+v covers %q: %v, want %v", tt.p, tt.source, got, tt.want)
		}
	}
}

// TestUnreadable: a file that exists but gives an I/O error is
// unreadable; one deleted meanwhile is not (it is gone).
func TestUnreadable(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("an unreadable file for every user, root included, is /proc/self/mem")
	}
	dir := t.TempDir()
	symlink(t, "/proc/self/mem", filepath.Join(dir, "eio.txt"))
	tests := []struct {
		name string
		f    File
		want bool
	}{
		{"I/O error", File{Path: filepath.Join(dir, "eio.txt"), Source: "eio.txt"}, true},
		{"deleted", File{Path: filepath.Join(dir, "gone.txt"), Source: "gone.txt"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rerr := Read(tt.f, 0)
			_, herr := Hash(tt.f)
			if rerr == nil || herr == nil || Unreadable(rerr) != tt.want || Unreadable(herr) != tt.want {
				t.Errorf("Read: %v, Hash: %v; want unreadable %v", rerr, herr, tt.want)
			}
			if !strings.Contains(rerr.Error(), tt.f.Path) {
				t.Errorf("Read error %q does not name the file", rerr)
			}
		})
	}
}
