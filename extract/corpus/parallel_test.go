package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/internal/gencorpus"
)

// TestAddAllSameGraph: reading on several goroutines gives the graph JSON
// of adding the files one by one, byte for byte, with GOMAXPROCS 1 and 2
// and any number of workers; every file is reported once, in input order,
// with the error Add gives it.
func TestAddAllSameGraph(t *testing.T) {
	dir := t.TempDir()
	if _, err := gencorpus.Generate(filepath.Join(dir, "gen"), gencorpus.Options{
		Size: 300 << 10, Seed: 3, SeedDir: "../../data/seeds", People: 150}); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "bad", "empty.txt"), "")
	write(t, filepath.Join(dir, "bad", "binary.txt"), "\x00\x01\x02 not text \x00")
	write(t, filepath.Join(dir, "bad", "large.txt"), strings.Repeat("The minister met the envoy. ", 400))
	files, err := Find([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	const maxSize = 8000 // large.txt is over it, the others under
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}

	// One by one, as before AddAll.
	c := x.NewCorpus()
	var wantLog []string
	for _, f := range files {
		wantLog = append(wantLog, logLine(f, Add(c, f, maxSize)))
	}
	want := graphJSON(t, c)
	skipped := 0
	for _, l := range wantLog {
		if strings.Contains(l, ".txt: skipped: ") {
			skipped++
		}
	}
	if skipped != 3 {
		t.Fatalf("%d files skipped one by one, want 3 (empty, binary, large):\n%s", skipped, strings.Join(wantLog, "\n"))
	}

	for _, procs := range []int{1, 2} {
		for _, workers := range []int{0, 1, 2, 7} {
			t.Run(fmt.Sprintf("GOMAXPROCS=%d workers=%d", procs, workers), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				c := x.NewCorpus()
				var log []string
				err := AddAll(context.Background(), x, c, files, AddOptions{MaxSize: maxSize, Workers: workers,
					Added: func(f File, err error) { log = append(log, logLine(f, err)) }})
				if err != nil {
					t.Fatal(err)
				}
				if got, want := strings.Join(log, "\n"), strings.Join(wantLog, "\n"); got != want {
					t.Errorf("files reported:\n%s\nwant:\n%s", got, want)
				}
				if got := graphJSON(t, c); !bytes.Equal(got, want) {
					t.Errorf("graph JSON differs from adding one by one (%d bytes, want %d)", len(got), len(want))
				}
			})
		}
	}
}

// TestAddAllCancelled: a cancelled context stops the reading with its error.
func TestAddAllCancelled(t *testing.T) {
	dir := t.TempDir()
	for i := range 50 {
		write(t, filepath.Join(dir, fmt.Sprintf("%02d.txt", i)), "The minister met the envoy in Mexico City.")
	}
	files, err := Find([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	added := 0
	err = AddAll(ctx, x, x.NewCorpus(), files, AddOptions{Workers: 2, Added: func(File, error) {
		if added++; added == 10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if added != 10 {
		t.Errorf("%d files added, want 10 (none after the cancel)", added)
	}
}

func logLine(f File, err error) string {
	switch {
	case err == nil:
		return f.Source + ": ok"
	case extract.Skipped(err):
		return f.Source + ": skipped: " + err.Error()
	}
	return f.Source + ": warning: " + err.Error()
}

func graphJSON(t *testing.T, c *extract.Corpus) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := graph.WriteJSON(&buf, c.Graph()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
