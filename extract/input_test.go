package extract

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

const sample = "Mexico's Foreign Minister Ana Torres met U.S. Secretary of State John Carver in Mexico City.\n" +
	"“We agreed to share intelligence on arms trafficking,” Torres said.\n"

// TestBadInput checks that each kind of bad input gives a clear error for
// that document only, and that the corpus goes on reading the others.
func TestBadInput(t *testing.T) {
	big := bytes.Repeat([]byte("Officials met again. "), MaxDocumentSize/20+1)
	tests := []struct {
		name    string
		text    []byte
		err     error // nil: no error
		skipped bool
	}{
		{"empty", nil, ErrEmpty, true},
		{"blank", []byte(" \n\t\n"), ErrEmpty, true},
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00"), ErrBinary, true},
		{"too large", big, ErrTooLarge, true},
		{"invalid UTF-8", []byte("Mexico's Foreign Minister Ana Torres said: \"Se\xf1or, we will work together on this.\""), ErrEncoding, false},
		{"HTML", []byte("<html><head><title>x</title><script>var a = 'Secretary of State';</script></head><body><p>" +
			"Mexico&#39;s Foreign Minister Ana Torres met officials.</p><p>More.</p></body></html>"), ErrHTML, false},
		{"CRLF", []byte(strings.ReplaceAll(sample, "\n", "\r\n")), nil, false},
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := x.NewCorpus()
			err := c.Add(Document{Source: "bad.txt", Text: tt.text})
			if tt.err == nil {
				if err != nil {
					t.Fatalf("Add: %v", err)
				}
			} else {
				var de *DocumentError
				if !errors.As(err, &de) || !errors.Is(err, tt.err) || de.Skipped != tt.skipped {
					t.Fatalf("Add error = %v, want %v (skipped %v)", err, tt.err, tt.skipped)
				}
				if !strings.Contains(err.Error(), "bad.txt") {
					t.Errorf("error %q does not name the document", err)
				}
			}
			if err := c.Add(Document{Source: "good.txt", Text: []byte(sample)}); err != nil {
				t.Fatalf("good document after a bad one: %v", err)
			}
			g := c.Graph()
			if !slices.Contains(names(g, graph.LabelPerson), "Ana Torres") {
				t.Errorf("people = %q", names(g, graph.LabelPerson))
			}
			if want := 2; tt.skipped {
				if len(g.Documents) != want-1 {
					t.Errorf("documents = %d, want %d", len(g.Documents), want-1)
				}
			} else if len(g.Documents) != want {
				t.Errorf("documents = %d, want %d", len(g.Documents), want)
			}
		})
	}
}

func TestCRLFSameAsLF(t *testing.T) {
	var a, b bytes.Buffer
	graph.WriteJSON(&a, extractAll(t, sample))
	graph.WriteJSON(&b, extractAll(t, strings.ReplaceAll(sample, "\n", "\r\n")))
	// The documents' digests differ; everything else is the same.
	strip := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.Contains(l, `"sha256"`) {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	if strip(a.String()) != strip(b.String()) {
		t.Error("CRLF text gives another graph than LF text")
	}
}

func TestHTMLStripped(t *testing.T) {
	x, _ := New()
	c := x.NewCorpus()
	err := c.Add(Document{Source: "page.txt", Text: []byte("<html><body><p>Mexico&#39;s Foreign Minister Ana Torres met officials.</p><script>alert('President Nobody Here')</script></body></html>")})
	if !errors.Is(err, ErrHTML) {
		t.Fatalf("err = %v", err)
	}
	g := c.Graph()
	if got := names(g, graph.LabelPerson); !slices.Equal(got, []string{"Ana Torres"}) {
		t.Errorf("people = %q (script content must be dropped)", got)
	}
}

// TestLongParagraph checks the bound on work per paragraph: a text without
// line breaks is read in pieces, in about linear time.
func TestLongParagraph(t *testing.T) {
	s := strings.Repeat("Mexico's Foreign Minister Ana Torres met officials in Ottawa. “We will keep working together on this,” Torres said. ", 20000)
	x, _ := New()
	c := x.NewCorpus()
	if err := c.Add(Document{Source: "long.txt", Text: []byte(s)}); err != nil {
		t.Fatal(err)
	}
	if got := names(c.Graph(), graph.LabelPerson); !slices.Equal(got, []string{"Ana Torres"}) {
		t.Errorf("people = %q", got)
	}
}

// FuzzExtract feeds arbitrary bytes to the extractor: it must never panic
// and must give the same graph twice. The seed corpus is the seed texts
// and testdata/fuzz/FuzzExtract; run it with
//
//	go test -run '^$' -fuzz FuzzExtract -fuzztime 30s -fuzzminimizetime 2s ./extract/
//
// (a short minimisation time keeps the fuzzer from stalling on the long
// seed texts).
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("../data/seeds/*.txt")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{"", "“", "”", "\"\"\"", "“unclosed\n\n“still open", "” closing first", "U.S.", "D.C. At the",
		"Secretary of", "de la", "Mr.", "agreed to", "said that", "— , ; :", "\x00\x01", "\xff\xfe", "<html><p>x</p>",
		"date 2026-13-45\nx", "---\ndate: 2020-02-30\n---", "President President President", "Acting Acting Attorney General",
		"At the meeting, At the meeting,", "“a” “b” “c” said she said he said", "Jan. 1, 0000", "On Sunday", strings.Repeat("A ", 500)} {
		f.Add([]byte(s))
	}
	x, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out := func() []byte {
			c := x.NewCorpus()
			c.Add(Document{Source: "fuzz.txt", Text: b})
			c.Add(Document{Source: "seed.txt", Text: []byte(sample)})
			var buf bytes.Buffer
			if err := graph.WriteJSON(&buf, c.Graph()); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		if a, b := out(), out(); !bytes.Equal(a, b) {
			t.Error("same input gave different graphs")
		}
	})
}
