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
	"path/filepath"
	"slices"
	"strings"

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

// Find returns the .txt files under paths, sorted by Source. A path may be a
// file (of any extension: naming it is a choice) or a directory, whose
// manifest, if any, gives its files metadata (manifest.go). A path that
// does not exist is an error; so are two files with the same Source and a
// bad manifest.
func Find(paths []string) ([]File, error) {
	var files []File
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
		if !info.IsDir() {
			files = append(files, File{Path: p, Source: filepath.Base(p)})
			continue
		}
		found := len(files)
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && Skip(d.Name(), true) {
					return filepath.SkipDir
				}
				return nil
			}
			if Skip(d.Name(), false) || !d.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(p, path)
			if err != nil {
				return err
			}
			files = append(files, File{Path: path, Source: filepath.ToSlash(rel)})
			return nil
		})
		if err == nil {
			err = applyManifest(p, files[found:])
		}
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", p, err)
		}
	}
	slices.SortFunc(files, func(a, b File) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Path, b.Path))
	})
	for i := 1; i < len(files); i++ {
		if files[i].Source == files[i-1].Source {
			return nil, fmt.Errorf("input %s and %s: same source name %q; load them from one root",
				files[i-1].Path, files[i].Path, files[i].Source)
		}
	}
	return files, nil
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
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w (over %d MiB)", f.Path, ErrTooLarge, max>>20)
	}
	return data, nil
}

// Hash returns the hex SHA-256 of a file's content, streaming it, and of
// its manifest row if it has one: the document's SHA256 in the graph.
func Hash(f File) (string, error) {
	fh, err := os.Open(f.Path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
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
