// Package corpus finds the input texts named on a command line and reads
// them safely: directories are walked recursively for .txt files, every file
// gets a source name relative to the root it was found under, and oversized
// files are refused before they are read.
package corpus

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/extract"
)

// DefaultMaxSize is the largest file read by default. News articles are a few
// kilobytes; anything this large is a mistake (a dump, a binary) and would
// only stall the run.
const DefaultMaxSize = 64 << 20

// File is one input text.
type File struct {
	Path   string // path on disk
	Source string // path relative to the input root, with forward slashes
	// Meta is the file's row in the root's manifest (manifest.go), if any.
	Meta extract.Meta
}

// Find returns the .txt files under paths, sorted by Source: Walk, with
// any part of the input that could not be read made an error.
func Find(paths []string) ([]File, error) {
	scan, err := Walk(paths)
	if err != nil {
		return nil, err
	}
	if len(scan.Problems) > 0 {
		errs := make([]error, len(scan.Problems))
		for i, p := range scan.Problems {
			errs[i] = p
		}
		return nil, errors.Join(errs...)
	}
	return scan.Files, nil
}

// Scan is what Walk found under its paths.
type Scan struct {
	Files []File // sorted by Source
	// Dirs are the directories read, as paths under the ones given
	// (symbolic links not resolved): what a watcher must watch.
	Dirs []string
	// Problems are the parts of the input that could not be read: files
	// under them may exist, so their documents must not be taken for
	// deleted.
	Problems []Problem
}

// Problem is a part of the input that could not be read: a directory that
// cannot be listed, a symbolic link that leads nowhere or back to a
// directory it is in.
type Problem struct {
	Path   string // on disk
	Source string // the source name of the file, or the prefix of a directory's ("" for a root)
	Dir    bool
	Err    error
}

// ErrLoop is the error of a Problem for a symbolic link to a directory it
// is in, which would be walked forever.
var ErrLoop = errors.New("symbolic link loop: leads to a directory it is in")

// Error names the path and what went wrong.
func (p Problem) Error() string {
	what := "file"
	if p.Dir {
		what = "directory"
	}
	return fmt.Sprintf("%s: %s skipped: %v", p.Path, what, p.Err)
}

// Unwrap returns the cause.
func (p Problem) Unwrap() error { return p.Err }

// Covers reports whether a document of this source may be under p.
func (p Problem) Covers(source string) bool {
	if !p.Dir {
		return source == p.Source
	}
	return p.Source == "" || source == p.Source || strings.HasPrefix(source, p.Source+"/")
}

// Walk returns the .txt files under paths, sorted by Source. A path may be
// a file (of any extension: naming it is a choice) or a directory, walked
// recursively, whose manifest, if any, gives its files metadata
// (manifest.go). Symbolic links are followed, a root's too; hidden files
// and directories are left out (Skip). What cannot be read - a directory,
// a broken link, a link loop - is returned in Scan.Problems and the walk
// goes on. A path that does not exist is an error; so are two files with
// the same Source and a bad manifest.
func Walk(paths []string) (*Scan, error) {
	scan := &Scan{}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		if !info.IsDir() {
			scan.Files = append(scan.Files, File{Path: p, Source: filepath.Base(p)})
			continue
		}
		found := len(scan.Files)
		scan.walk(os.DirFS(p), p, ".", []fs.FileInfo{info})
		if err := applyManifest(p, scan.Files[found:]); err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
	}
	slices.SortFunc(scan.Files, func(a, b File) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Path, b.Path))
	})
	for i := 1; i < len(scan.Files); i++ {
		if scan.Files[i].Source == scan.Files[i-1].Source {
			return nil, fmt.Errorf("input %s and %s: same source name %q; load them from one root",
				scan.Files[i-1].Path, scan.Files[i].Path, scan.Files[i].Source)
		}
	}
	return scan, nil
}

// Tree walks the directory root as Walk does, without reading its
// manifest or checking source names: what a watcher needs (Scan.Dirs) even
// when the corpus itself is wrong.
func Tree(root string) (*Scan, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	s := &Scan{}
	s.walk(os.DirFS(root), root, ".", []fs.FileInfo{info})
	return s, nil
}

// walk reads directory dir of fsys (the root given as root), whose files'
// sources start with prefix ("" at the root); parents are dir and the
// directories above it, to tell a link loop. fsys follows symbolic links
// (os.DirFS does), so a link is read as what it leads to.
func (s *Scan) walk(fsys fs.FS, root, dir string, parents []fs.FileInfo) {
	onDisk := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	prefix := strings.TrimPrefix(dir, ".")
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		// ReadDir returns what it read before the error: keep it, and
		// the directory is still reported.
		s.Problems = append(s.Problems, Problem{Path: onDisk(dir), Source: prefix, Dir: true, Err: err})
	}
	s.Dirs = append(s.Dirs, onDisk(dir))
	for _, e := range entries {
		name := e.Name()
		source := path.Join(prefix, name)
		typ := e.Type()
		var info fs.FileInfo
		if typ&fs.ModeSymlink != 0 {
			if strings.HasPrefix(name, ".") {
				continue // hidden: an editor's lock link leads nowhere
			}
			if info, err = fs.Stat(fsys, source); err != nil {
				if ext := path.Ext(name); ext != "" && !strings.EqualFold(ext, ".txt") {
					continue // would not be read if it led somewhere
				}
				s.Problems = append(s.Problems, Problem{Path: onDisk(source), Source: source, Dir: path.Ext(name) == "", Err: err})
				continue
			}
			typ = info.Mode().Type()
		}
		switch {
		case typ.IsDir():
			if Skip(name, true) {
				continue
			}
			if info == nil {
				if info, err = fs.Stat(fsys, source); err != nil {
					s.Problems = append(s.Problems, Problem{Path: onDisk(source), Source: source, Dir: true, Err: err})
					continue
				}
			}
			if slices.ContainsFunc(parents, func(p fs.FileInfo) bool { return os.SameFile(p, info) }) {
				s.Problems = append(s.Problems, Problem{Path: onDisk(source), Source: source, Dir: true, Err: ErrLoop})
				continue
			}
			s.walk(fsys, root, source, append(parents[:len(parents):len(parents)], info))
		case typ.IsRegular() && !Skip(name, false):
			s.Files = append(s.Files, File{Path: onDisk(source), Source: source})
		}
	}
}

// Skip reports whether a directory walk leaves out a file or directory of
// this name: hidden ones (".git", an editor's ".#draft.txt", a sync tool's
// temporary file) and files not named *.txt (any case). reload.Watch uses
// it too, so that what triggers a reload is exactly what a reload reads.
func Skip(name string, dir bool) bool {
	if strings.HasPrefix(name, ".") {
		return true
	}
	return !dir && !strings.EqualFold(filepath.Ext(name), ".txt")
}

// ReadError is the error of Read and Hash for a file that exists but could
// not be read (permissions, an I/O error): unlike a deleted file's, its
// document must not be taken for gone.
type ReadError struct {
	File File
	Err  error
}

// Error names the file.
func (e *ReadError) Error() string {
	var pe *fs.PathError
	if errors.As(e.Err, &pe) && pe.Path == e.File.Path {
		return e.Err.Error() // names the path already
	}
	return fmt.Sprintf("%s: %v", e.File.Path, e.Err)
}

// Unwrap returns the cause.
func (e *ReadError) Unwrap() error { return e.Err }

// readError wraps err in a *ReadError unless the file is gone, which is
// no read error but a deletion.
func readError(f File, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return &ReadError{File: f, Err: err}
}

// Unreadable reports whether err says a file exists but could not be read.
func Unreadable(err error) bool {
	var re *ReadError
	return errors.As(err, &re)
}

// ErrTooLarge is returned by Read for files above the size limit.
var ErrTooLarge = errors.New("file too large")

// Read returns the content of f, refusing files larger than max bytes
// (DefaultMaxSize when max <= 0).
func Read(f File, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxSize
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, readError(f, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, readError(f, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w (over %d MiB)", f.Path, ErrTooLarge, max>>20)
	}
	return data, nil
}

// hashBuffers are Hash's read buffers.
var hashBuffers = sync.Pool{New: func() any {
	b := make([]byte, 32<<10)
	return &b
}}

// Hash returns the hex SHA-256 of a file's content, streaming it, and of
// its manifest row if it has one: the document's SHA256 in the graph.
func Hash(f File) (string, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return "", readError(f, err)
	}
	defer fh.Close()
	h := sha256.New()
	buf := hashBuffers.Get().(*[]byte)
	defer hashBuffers.Put(buf)
	// Only the Reader: io.CopyBuffer would call the file's WriteTo, which
	// allocates a 32 kB buffer per file (most of hashing 10,000 small
	// files).
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{fh}, *buf); err != nil {
		return "", readError(f, err)
	}
	h.Write(f.Meta.Fingerprint()) // as extract does: a changed manifest row is a change
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Add reads f (refusing files over max bytes, DefaultMaxSize when max <= 0)
// and adds it to c under its Source: the one way load, reload and the tests
// turn a file into a corpus document. extract.Skipped tells whether an error
// left the document out or only warns about it.
func Add(c *extract.Corpus, f File, max int64) error {
	text, err := Read(f, max)
	if err != nil {
		return err // names the file
	}
	return c.Add(extract.Document{Source: f.Source, Text: text, Meta: f.Meta})
}
