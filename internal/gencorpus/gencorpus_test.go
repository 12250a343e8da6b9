package gencorpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerate: the same options give the same files; the corpus reaches
// its size in short files, has exact duplicates and replicated seed texts
// (each under its own first line), and people recur across files.
func TestGenerate(t *testing.T) {
	opts := Options{Size: 400 << 10, Seed: 7, SeedDir: "../../data/seeds", People: 200}
	a, b := t.TempDir(), t.TempDir()
	sa, err := Generate(a, opts)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := Generate(b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sa != sb {
		t.Fatalf("stats differ: %+v, %+v", sa, sb)
	}
	if sa.Bytes < opts.Size || sa.Bytes > opts.Size+8<<10 {
		t.Errorf("%d bytes, want %d to %d", sa.Bytes, opts.Size, opts.Size+8<<10)
	}
	if avg := sa.Bytes / int64(sa.Files); avg < 1000 || avg > 3500 {
		t.Errorf("%d bytes a file on average, want news-sized files (1-3.5 KB)", avg)
	}
	if sa.Duplicates == 0 || sa.Replicated == 0 {
		t.Errorf("stats %+v: want duplicates and replicated seed texts", sa)
	}
	files, _ := filepath.Glob(filepath.Join(a, "*", "*.txt"))
	if len(files) != sa.Files {
		t.Fatalf("%d files on disk, stats say %d", len(files), sa.Files)
	}
	byContent := map[string]int{}
	firstLines := map[string]bool{}
	g, err := newGenerator(opts)
	if err != nil {
		t.Fatal(err)
	}
	top, rare := g.people[0].name, g.people[len(g.people)-1].name
	mentions := map[string]int{} // person → files naming them
	for _, f := range files {
		x, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, strings.TrimPrefix(f, a)))
		if err != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs with the same options", f)
		}
		byContent[string(x)]++
		first, _, _ := strings.Cut(string(x), "\n")
		if strings.HasPrefix(first, "Wire digest ") {
			firstLines[first] = true
		}
		for _, w := range []string{top, rare} {
			if strings.Contains(string(x), w) {
				mentions[w]++
			}
		}
	}
	if dups := len(files) - len(byContent); dups != sa.Duplicates {
		t.Errorf("%d files repeat another, stats say %d", dups, sa.Duplicates)
	}
	if len(firstLines) < sa.Replicated-sa.Duplicates {
		t.Errorf("%d distinct first lines for %d replicated texts", len(firstLines), sa.Replicated)
	}
	// News: a few people in many articles, most in a few.
	if n := mentions[top]; n < sa.Files/10 {
		t.Errorf("the most frequent person is in %d of %d files, want at least a tenth", n, sa.Files)
	}
	if n := mentions[rare]; n > sa.Files/50 {
		t.Errorf("the rarest person is in %d of %d files, want at most a fiftieth", n, sa.Files)
	}
}
