package extract

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// spillTexts are the seeds and invented texts with offices read from
// their shape (numbered per corpus, so re-numbered when read back), a
// role resolved to its holder in another text, and a meeting reported
// twice.
func spillTexts(t *testing.T) []Document {
	t.Helper()
	docs := seedDocuments(t)
	invented := []string{
		"date: 2024-03-05\n\nPeruvian Minister of Mining Tomasa Quispe met Chilean Undersecretary of Fisheries Bruno Valdivieso in Lima on Tuesday. \"We agreed to share port inspections,\" Quispe said.\n",
		"date: 2024-03-06\n\nThe Peruvian minister of mining said the talks would go on. Valdivieso and Quispe agreed to meet again in May.\n",
		"date: 2024-03-05\n\nTomasa Quispe and Bruno Valdivieso met in Lima on March 5, 2024, to discuss fishing permits.\n",
	}
	for i, text := range invented {
		docs = append(docs, Document{Source: "invented-" + string(rune('a'+i)) + ".txt", Text: []byte(text)})
	}
	return docs
}

func corpusJSON(t *testing.T, docs []Document, spill Spill) ([]byte, error) {
	t.Helper()
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	c := x.NewCorpus()
	if spill != nil {
		c.SpillTo(spill)
	}
	for _, d := range docs {
		if err := c.Add(d); err != nil && Skipped(err) {
			t.Fatal(err)
		}
	}
	s, err := c.Stream()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = s.WriteJSON(&buf)
	return buf.Bytes(), err
}

// TestSpill: a corpus that keeps its documents' results in a spill file
// writes the same bytes as one that keeps them in memory, and the same as
// Graph and Resolve; a spill that cannot be written leaves the results in memory with
// the same graph; one that cannot be read back fails the stream, naming
// the document.
func TestSpill(t *testing.T) {
	docs := spillTexts(t)
	want, err := corpusJSON(t, docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	x, _ := New()
	c := x.NewCorpus()
	for _, d := range docs {
		c.Add(d)
	}
	if err := graph.WriteJSON(&whole, c.Graph()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole.Bytes(), want) {
		t.Fatal("Stream and Graph give different JSON")
	}
	if !bytes.Contains(want, []byte(`"name": "Minister of Mining"`)) {
		t.Fatal("the invented texts no longer give an office read from its shape: the test lost its point")
	}

	f, err := os.CreateTemp(t.TempDir(), "spill")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := corpusJSON(t, docs, f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("spilled corpus: JSON differs from the in-memory corpus's")
	}
	if st, _ := f.Stat(); st.Size() == 0 {
		t.Error("nothing was spilled")
	}

	got, err = corpusJSON(t, docs, failingSpill{failWrite: true})
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("unwritable spill: err %v, same JSON %v; want the in-memory graph", err, bytes.Equal(got, want))
	}

	_, err = corpusJSON(t, docs, failingSpill{})
	if !errors.Is(err, errDiskGone) || !strings.Contains(err.Error(), docs[0].Source) {
		t.Errorf("unreadable spill: err %v, want %v naming %s", err, errDiskGone, docs[0].Source)
	}

	// Resolve: the whole graph of a spilled corpus, each document read once.
	f2, err := os.CreateTemp(t.TempDir(), "spill")
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	for _, spill := range []Spill{f2, failingSpill{}} {
		c := x.NewCorpus()
		c.SpillTo(spill)
		for _, d := range docs {
			c.Add(d)
		}
		g, err := c.Resolve()
		if spill == Spill(f2) {
			var got bytes.Buffer
			if err != nil || graph.WriteJSON(&got, g) != nil || !bytes.Equal(got.Bytes(), want) {
				t.Errorf("Resolve of a spilled corpus: err %v, same JSON %v", err, bytes.Equal(got.Bytes(), want))
			}
		} else if !errors.Is(err, errDiskGone) {
			t.Errorf("Resolve of an unreadable spill: err %v, want %v", err, errDiskGone)
		}
	}
}

var errDiskGone = errors.New("disk gone")

// failingSpill fails every write (failWrite) or every read.
type failingSpill struct{ failWrite bool }

func (s failingSpill) Write(p []byte) (int, error) {
	if s.failWrite {
		return 0, errDiskGone
	}
	return len(p), nil
}

func (s failingSpill) ReadAt(p []byte, off int64) (int, error) { return 0, errDiskGone }
