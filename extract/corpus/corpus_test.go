package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "b.txt"), "b")
	write(t, filepath.Join(dir, "a.TXT"), "a")
	write(t, filepath.Join(dir, "notes.md"), "not a text")
	write(t, filepath.Join(dir, ".git", "c.txt"), "hidden")
	write(t, filepath.Join(dir, "other", "b.txt"), "other b")
	write(t, filepath.Join(dir, "single.html"), "named explicitly")

	tests := []struct {
		name    string
		paths   []string
		want    string // Source list
		wantErr string
	}{
		{"directory, recursive, sorted, hidden and non-txt skipped",
			[]string{dir}, "a.TXT a/b.txt other/b.txt", ""},
		{"a file named explicitly, any extension",
			[]string{filepath.Join(dir, "single.html")}, "single.html", ""},
		{"two roots", []string{filepath.Join(dir, "a"), filepath.Join(dir, "other", "b.txt")}, "",
			`same source name "b.txt"`},
		{"missing path", []string{filepath.Join(dir, "nope")}, "", "nope: stat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Find(tt.paths)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range files {
				got = append(got, f.Source)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("sources = %q, want %q", strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestReadAndHash(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.txt")
	write(t, path, "hello")
	f := File{Path: path, Source: "x.txt"}
	got, err := Read(f, 5)
	if err != nil || string(got) != "hello" {
		t.Fatalf("Read = %q, %v; want hello", got, err)
	}
	if _, err := Read(f, 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read over the limit: error = %v, want ErrTooLarge", err)
	}
	h, err := Hash(f)
	if err != nil {
		t.Fatal(err)
	}
	if want := "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; h != want {
		t.Errorf("Hash = %s, want %s", h, want)
	}
}
