package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/extract"
)

// TestManifest checks that Find gives each file its manifest row, in both
// forms, and only under the root the manifest sits in.
func TestManifest(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		want  map[string]extract.Meta // by Source
	}{
		{"csv: columns by header, ./ paths, rows without a file ignored",
			[]string{filepath.Join("testdata", "manifest-csv")},
			map[string]extract.Meta{
				"a.txt":     {Date: "2021-06-16", Title: "Talks, first round", URL: "https://news.example.org/a"},
				"c.txt":     {},
				"sub/b.txt": {Date: "2021-07", URL: "https://news.example.org/b"},
			}},
		{"jsonl: file for path, timestamps and years",
			[]string{filepath.Join("testdata", "manifest-jsonl")},
			map[string]extract.Meta{
				"a.txt": {Date: "2021-06-16", Title: "Talks", URL: "https://news.example.org/a"},
				"b.txt": {Date: "2021"},
			}},
		{"a subdirectory given as root does not see its parent's manifest",
			[]string{filepath.Join("testdata", "manifest-csv", "sub")},
			map[string]extract.Meta{"b.txt": {}}},
		{"a file named alone has no manifest",
			[]string{filepath.Join("testdata", "manifest-jsonl", "a.txt")},
			map[string]extract.Meta{"a.txt": {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Find(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]extract.Meta{}
			for _, f := range files {
				got[f.Source] = f.Meta
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("metadata = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestManifestErrors checks that a bad manifest fails Find with the file
// and line to fix.
func TestManifestErrors(t *testing.T) {
	tests := []struct {
		name, file, text, wantErr string
	}{
		{"bad date", "manifest.csv", "path,date\na.txt,2021-02-30\n", "manifest.csv line 2: date \"2021-02-30\""},
		{"date in words", "manifest.jsonl", `{"path":"a.txt","date":"June 16, 2021"}`, "manifest.jsonl line 1: date"},
		{"no path column", "manifest.csv", "name,date\na.txt,2021-01-01\n", "no path column"},
		{"empty path", "manifest.csv", "path,date\n,2021-01-01\n", "line 2: no path"},
		{"outside the root", "manifest.csv", "path,date\n../a.txt,2021-01-01\n", "line 2: path \"../a.txt\""},
		{"listed twice", "manifest.jsonl", "{\"path\":\"a.txt\"}\n{\"path\":\"./a.txt\"}\n", "line 2: a.txt listed twice"},
		{"not JSON", "manifest.jsonl", "{\"path\":\"a.txt\"}\npath,date\n", "manifest.jsonl: line 2:"},
		{"bad CSV quoting", "manifest.csv", "path,title\na.txt,\"open\n", "manifest.csv: parse error on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.txt"), "Officials met.")
			write(t, filepath.Join(dir, tt.file), tt.text)
			_, err := Find([]string{dir})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Find error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
	t.Run("two manifests", func(t *testing.T) {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "a.txt"), "Officials met.")
		write(t, filepath.Join(dir, "manifest.csv"), "path\n")
		write(t, filepath.Join(dir, "manifest.jsonl"), "")
		if _, err := Find([]string{dir}); err == nil || !strings.Contains(err.Error(), "keep one manifest") {
			t.Fatalf("Find error = %v, want both manifests refused", err)
		}
	})
}

// TestAddPassesManifest checks that Add hands the manifest row to the
// extractor, whose Document then carries it, and that Hash gives the
// Document's SHA256 (what reload compares), so that a changed row is a
// change while a file without a row keeps its plain digest.
func TestAddPassesManifest(t *testing.T) {
	files, err := Find([]string{filepath.Join("testdata", "manifest-csv")})
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	c := x.NewCorpus()
	for _, f := range files {
		if err := Add(c, f, 0); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for i, d := range c.Graph().Documents {
		got = append(got, d.Source+" "+d.Date+" "+d.DateSource+" "+d.URL)
		h, err := Hash(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if h != d.SHA256 {
			t.Errorf("%s: Hash %s, Document.SHA256 %s", d.Source, h, d.SHA256)
		}
		f := files[i]
		f.Meta.Date = "1999"
		if h2, _ := Hash(f); h2 == h {
			t.Errorf("%s: a changed manifest row keeps the hash", d.Source)
		}
	}
	// c.txt has no row: its digest is the file's.
	text, err := os.ReadFile(files[1].Path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(text)
	if h, _ := Hash(files[1]); files[1].Source != "c.txt" || h != hex.EncodeToString(sum[:]) {
		t.Errorf("%s: Hash %s, want the file's digest %x", files[1].Source, h, sum)
	}
	want := []string{
		"a.txt 2021-06-16 metadata https://news.example.org/a",
		"c.txt   ",
		"sub/b.txt 2021-07 metadata https://news.example.org/b",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("documents = %q, want %q", got, want)
	}
}
