package graph_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestJSONGolden: reading a graph and writing it back gives the canonical
// form (sorted, null for unknown dates, [] for empty lists), byte for byte.
func TestJSONGolden(t *testing.T) {
	g := readFixture(t, "small.json")
	// Shuffle the order the fixture gives: output must not depend on it.
	g.Nodes[0], g.Nodes[len(g.Nodes)-1] = g.Nodes[len(g.Nodes)-1], g.Nodes[0]
	g.Relationships[0], g.Relationships[5] = g.Relationships[5], g.Relationships[0]
	var buf bytes.Buffer
	if err := graph.WriteJSON(&buf, g); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "small.golden.json")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("WriteJSON output differs from %s (run go test ./graph -run JSONGolden -update after checking)", golden)
	}
	again, err := graph.ReadJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var buf2 bytes.Buffer
	if err := graph.WriteJSON(&buf2, again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), buf2.Bytes()) {
		t.Error("write, read, write is not stable")
	}
}

func TestSchemaStatements(t *testing.T) {
	stmts := graph.SchemaStatements()
	// 14 for the graph, 8 for reload (relationship doc indexes, lock).
	if len(stmts) != 22 {
		t.Fatalf("%d statements, want 22: %q", len(stmts), stmts)
	}
	want := "CREATE FULLTEXT INDEX statement_text IF NOT EXISTS FOR (n:Statement|Agreement) ON EACH [n.text]"
	if stmts[13] != want {
		t.Errorf("last statement = %q, want %q", stmts[12], want)
	}
	// EnsureSchema skips a statement by its name: every one has one.
	names := map[string]bool{}
	for _, s := range stmts {
		m := graph.SchemaName(s)
		if m == "" || names[m] {
			t.Errorf("statement without a name of its own: %q", s)
		}
		names[m] = true
	}
}

func readFixture(t testing.TB, name string) *graph.Graph {
	t.Helper()
	g, err := graph.ReadJSONFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestWriteJSONEncoderForm: the streamed output is byte for byte what
// json.Encoder with a two-space indent and HTML left unescaped writes for
// the whole Graph value, whatever the strings and property values hold.
func TestWriteJSONEncoderForm(t *testing.T) {
	tricky := "a <b> & \"c\" \\ d\n\t\x01 é \u2028 \u2029 \xff end"
	tests := []struct {
		name string
		g    *graph.Graph
	}{
		{"empty", &graph.Graph{}},
		{"fixture", readFixture(t, "small.json")},
		{"tricky", &graph.Graph{
			Documents: []graph.Document{{ID: "doc-1", Source: tricky, SHA256: "ab", Title: tricky},
				{ID: "doc-2", Source: "b.txt", Date: "2020-01-02"}},
			Nodes: []graph.Node{
				{ID: "n-1", Label: "Person", Name: tricky, Aliases: []string{tricky, "B"}},
				{ID: "n-2", Label: "Meeting", Name: "m", Aliases: []string{}, Properties: map[string]any{
					"zeta": []string{"x", tricky}, "alpha": 3, "num": json.Number("2.50"), "empty": []any{},
					"nested": map[string]any{"k": []any{1.5, true, nil}}, "nil": nil, tricky: tricky}},
			},
			Relationships: []graph.Relationship{
				{Type: "SAID", From: "n-1", To: "n-2"},
				{Type: "SAID", From: "n-1", To: "n-2", Properties: map[string]any{}},
				{Type: "SAID", From: "n-1", To: "n-2", Properties: map[string]any{
					graph.PropDoc: "doc-1", graph.PropEvidence: tricky, "jointly_with": []string{"n-3", "n-4"}}},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := graph.WriteJSON(&got, tt.g); err != nil {
				t.Fatal(err)
			}
			// What WriteJSON did before it streamed: the graph, sorted and
			// with empty lists for nil ones, through one json.Encoder.
			want := encodeWhole(t, tt.g)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("streamed output differs from the encoder's:\n got: %s\nwant: %s", got.Bytes(), want)
			}
		})
	}
}

func encodeWhole(t *testing.T, g *graph.Graph) []byte {
	t.Helper()
	out := *g
	if out.Documents == nil {
		out.Documents = []graph.Document{}
	}
	if out.Nodes == nil {
		out.Nodes = []graph.Node{}
	}
	if out.Relationships == nil {
		out.Relationships = []graph.Relationship{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteJSONChunks: a graph long enough to be encoded in chunks on
// several cores gives the same bytes as on one, and as json.Encoder; a
// value JSON cannot hold fails the write wherever it is.
func TestWriteJSONChunks(t *testing.T) {
	big := func() *graph.Graph {
		g := &graph.Graph{}
		for i := range 3000 {
			g.Nodes = append(g.Nodes, graph.Node{ID: fmt.Sprintf("n-%05d", i), Label: "Person",
				Name: fmt.Sprintf("Person <%d> \"é\"", i), Aliases: []string{fmt.Sprint(i)}})
		}
		for i := range 5000 {
			g.Relationships = append(g.Relationships, graph.Relationship{Type: "SAID",
				From: fmt.Sprintf("n-%05d", i%3000), To: fmt.Sprintf("n-%05d", (i*7)%3000),
				Properties: map[string]any{graph.PropDoc: fmt.Sprintf("doc-%d", i), graph.PropEvidence: fmt.Sprintf("line\n%d\u2028", i)}})
		}
		return g
	}
	want := encodeWhole(t, func() *graph.Graph {
		g := big()
		if err := graph.WriteJSON(io.Discard, g); err != nil { // sorts, fills empty lists
			t.Fatal(err)
		}
		return g
	}())
	for _, procs := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			var got bytes.Buffer
			if err := graph.WriteJSON(&got, big()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("output differs from json.Encoder's (%d bytes, want %d)", got.Len(), len(want))
			}
			for _, at := range []int{0, 2500, 4999} {
				g := big()
				g.Relationships[at].Properties["bad"] = func() {}
				err := graph.WriteJSON(io.Discard, g)
				if err == nil || !strings.Contains(err.Error(), "unsupported type: func()") {
					t.Errorf("bad value at %d: err = %v, want an unsupported type", at, err)
				}
			}
		})
	}
}

// TestStreamWriteJSON: a graph written from a stream, its relationships
// handed over a document at a time in batches of every size (below and
// above what is encoded at once), gives json.Encoder's bytes of the whole
// sorted graph; an error of the stream stops the write and is returned.
func TestStreamWriteJSON(t *testing.T) {
	g := &graph.Graph{}
	for d := range 400 {
		g.Documents = append(g.Documents, graph.Document{ID: fmt.Sprintf("doc-%03d", (d*37)%400), Source: fmt.Sprintf("s%03d.txt", d)})
	}
	for i := range 50 {
		g.Nodes = append(g.Nodes, graph.Node{ID: fmt.Sprintf("n-%02d", i), Label: "Person", Name: fmt.Sprint(i),
			Aliases: []string{}, Properties: map[string]any{}})
	}
	// Most documents have a few relationships (none to six), three have
	// more than are encoded at once.
	for d := range 400 {
		n := d % 7
		if d == 50 || d == 51 || d == 200 {
			n = 9000
		}
		for i := range n {
			g.Relationships = append(g.Relationships, graph.Relationship{Type: []string{"SAID", "ATTENDED"}[i%2],
				From: fmt.Sprintf("n-%02d", i%50), To: fmt.Sprintf("n-%02d", i/50%50),
				Properties: map[string]any{graph.PropDoc: fmt.Sprintf("doc-%03d", (d*37)%400), graph.PropEvidence: fmt.Sprint(i)}})
		}
	}
	g.Sort()
	want := encodeWhole(t, g)
	byDoc := map[string][]graph.Relationship{}
	for _, r := range g.Relationships {
		byDoc[r.Doc()] = append(byDoc[r.Doc()], r)
	}
	stream := func(fail error) *graph.Stream {
		return &graph.Stream{Documents: graph.Batch(g.Documents), Nodes: graph.Batch(g.Nodes), Relationships: func(yield func([]graph.Relationship, error) bool) {
			for i, d := range g.Documents {
				if fail != nil && i == 300 {
					yield(nil, fail)
					return
				}
				if !yield(byDoc[d.ID], nil) {
					return
				}
			}
		}}
	}
	for _, procs := range []int{1, 2} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			var got bytes.Buffer
			if err := stream(nil).WriteJSON(&got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("streamed output differs from json.Encoder's (%d bytes, want %d)", got.Len(), len(want))
			}
			all, err := stream(nil).Collect()
			if err != nil || len(all.Relationships) != len(g.Relationships) {
				t.Errorf("Collect: %d relationships, %v; want %d", len(all.Relationships), err, len(g.Relationships))
			}
			boom := fmt.Errorf("document 300 unreadable")
			if err := stream(boom).WriteJSON(io.Discard); err != boom {
				t.Errorf("stream error: got %v, want %v", err, boom)
			}
		})
	}
	empty := graph.Stream{}
	var got bytes.Buffer
	if err := empty.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"documents\": [],\n  \"nodes\": [],\n  \"relationships\": []\n}\n"; got.String() != want {
		t.Errorf("empty stream: got %q, want %q", got.String(), want)
	}
}
