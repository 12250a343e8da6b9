package corpus

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/dossier-dev/dossier/extract"
)

// Manifest file names, looked for in the root of each directory Find walks
// (not in its subdirectories). A corpus has at most one.
const (
	ManifestCSV   = "manifest.csv"
	ManifestJSONL = "manifest.jsonl"
)

// maxManifestSize bounds a manifest: a few hundred bytes a document.
const maxManifestSize = 64 << 20

// manifestEntry is one row of a manifest.
type manifestEntry struct {
	Path  string `json:"path"`
	File  string `json:"file"`   // accepted for path
	Src   string `json:"source"` // accepted for path
	Date  string `json:"date"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func (e manifestEntry) path() string {
	for _, p := range []string{e.Path, e.File, e.Src} {
		if p != "" {
			return p
		}
	}
	return ""
}

// applyManifest gives the files found under root the metadata of root's
// manifest, matched by Source. Rows naming no file found are ignored (a
// manifest may describe more than the files at hand); a malformed
// manifest, an invalid date or a path listed twice is an error naming the
// line.
func applyManifest(root string, files []File) error {
	byPath, err := readManifest(root)
	if err != nil || byPath == nil {
		return err
	}
	for i := range files {
		if m, ok := byPath[files[i].Source]; ok {
			files[i].Meta = m
		}
	}
	return nil
}

// readManifest reads root's manifest into metadata by Source; nil when
// there is none.
func readManifest(root string) (map[string]extract.Meta, error) {
	var found []string
	for _, name := range []string{ManifestCSV, ManifestJSONL} {
		if _, err := os.Stat(filepath.Join(root, name)); err == nil {
			found = append(found, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("manifest: %w", err)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 2:
		return nil, fmt.Errorf("both %s and %s: keep one manifest", ManifestCSV, ManifestJSONL)
	}
	file := filepath.Join(root, found[0])
	b, err := Read(File{Path: file}, maxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff")) // spreadsheet exports start with a BOM
	var rows []manifestRow
	if found[0] == ManifestCSV {
		rows, err = manifestCSVRows(b)
	} else {
		rows, err = manifestJSONLRows(b)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	out := make(map[string]extract.Meta, len(rows))
	for _, r := range rows {
		m, src, err := r.meta()
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", file, r.line, err)
		}
		if _, dup := out[src]; dup {
			return nil, fmt.Errorf("%s line %d: %s listed twice", file, r.line, src)
		}
		out[src] = m
	}
	return out, nil
}

// manifestRow is an entry with the line it was read from.
type manifestRow struct {
	manifestEntry
	line int
}

// meta checks a row and returns its metadata and the Source it names.
func (r manifestRow) meta() (extract.Meta, string, error) {
	p := strings.TrimSpace(filepath.ToSlash(r.path()))
	if p == "" {
		return extract.Meta{}, "", errors.New("no path")
	}
	p = path.Clean(strings.TrimPrefix(p, "./"))
	if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return extract.Meta{}, "", fmt.Errorf("path %q: want a path relative to the manifest's directory", r.path())
	}
	m := extract.Meta{Title: strings.TrimSpace(r.Title), URL: strings.TrimSpace(r.URL)}
	if d := strings.TrimSpace(r.Date); d != "" {
		var ok bool
		if m.Date, ok = extract.ParseDate(d); !ok {
			return extract.Meta{}, "", fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", d)
		}
	}
	return m, p, nil
}

// manifestCSVRows reads a CSV manifest: a header row naming the columns
// (path, date, title, url in any order; file or source for path; others
// ignored), then one row per document.
func manifestCSVRows(b []byte) ([]manifestRow, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["path"]; !ok {
		for _, alt := range []string{"file", "source"} {
			if i, ok := col[alt]; ok {
				col["path"] = i
				break
			}
		}
	}
	if _, ok := col["path"]; !ok {
		return nil, fmt.Errorf("header %q: no path column", strings.Join(head, ","))
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var rows []manifestRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err // csv errors name the line
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, manifestRow{line: line, manifestEntry: manifestEntry{
			Path: get(rec, "path"), Date: get(rec, "date"), Title: get(rec, "title"), URL: get(rec, "url"),
		}})
	}
}

// manifestJSONLRows reads a JSON Lines manifest: one object per line with
// path (or file, source), date, title and url; blank lines are skipped.
func manifestJSONLRows(b []byte) ([]manifestRow, error) {
	var rows []manifestRow
	for i, l := range bytes.Split(b, []byte("\n")) {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		var e manifestEntry
		if err := json.Unmarshal(l, &e); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		rows = append(rows, manifestRow{manifestEntry: e, line: i + 1})
	}
	return rows, nil
}
