package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs dossier with args in a clean environment and returns its exit
// code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestExtractDeterministic: two runs over the seeds give byte-identical JSON,
// to stdout and to --out alike.
func TestExtractDeterministic(t *testing.T) {
	seeds := filepath.Join("..", "..", "data", "seeds")
	code, first, stderr := runCLI(t, "extract", seeds)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "g.json")
	if code, _, stderr := runCLI(t, "extract", seeds, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	second, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if first != string(second) {
		t.Fatal("two extractions of the same corpus differ")
	}
	var g struct {
		Documents []struct{ Source string } `json:"documents"`
	}
	if err := json.Unmarshal(second, &g); err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, d := range g.Documents {
		sources = append(sources, d.Source)
	}
	want := "000_1938f98a6c43cdc8.txt 001_5bb7eec6b387a1af.txt 002_15b352e7b41e4f71.txt 003_543bf156719a07cb.txt 004_7f55aec492b9c0e6.txt"
	if got := strings.Join(sources, " "); got != want {
		t.Errorf("sources = %s\nwant %s", got, want)
	}
}

// TestExtractBadInput: a missing path is a user error; an unreadable file is
// reported by name while the other files are still extracted.
func TestExtractBadInput(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte("Mexico and the United States met."), 0o600); err != nil {
		t.Fatal(err)
	}
	// A PNG saved with a .txt name: binary content the extractor must refuse.
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(dir, "page.txt")
	if err := os.WriteFile(html, []byte("<html><body><p>Mexico and the United States agreed to share intelligence.</p></body></html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   []string
		nDocs    int
		wantJSON bool
	}{
		{"missing path", []string{"extract", filepath.Join(dir, "missing")}, 1,
			[]string{"dossier: input " + filepath.Join(dir, "missing") + ": stat"}, 0, false},
		{"bad file among good", []string{"extract", filepath.Join(dir, "good.txt"), bad}, 1,
			[]string{"skipped file", "bad.txt", "dossier: 1 of 2 files failed"}, 1, true},
		{"HTML saved as text is read with a warning", []string{"extract", html}, 0,
			[]string{"read file with a warning", "page.txt: warning: HTML markup"}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit = %d, want %d", code, tt.code)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if !tt.wantJSON {
				if out != "" {
					t.Errorf("stdout = %q, want nothing", out)
				}
				return
			}
			var g struct{ Documents []any }
			if err := json.Unmarshal([]byte(out), &g); err != nil {
				t.Fatalf("stdout is not JSON: %v", err)
			}
			if len(g.Documents) != tt.nDocs {
				t.Errorf("documents = %d, want %d", len(g.Documents), tt.nDocs)
			}
		})
	}
}

// TestHelpHasExamples: every command documents itself with an example.
func TestHelpHasExamples(t *testing.T) {
	root := newRootCmd(&app{})
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if !strings.Contains(c.Example, "dossier "+c.Name()) {
			t.Errorf("%s: help has no example running it", c.Name())
		}
	}
}
