package graph

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"os"
	"runtime"
	"slices"
	"unicode/utf8"
)

// Sort puts documents, nodes and relationships in their canonical order, so
// that the same graph always serialises to the same bytes. Relationships
// are grouped by document, in the order of the documents (so that a graph
// can be written a document at a time, see Stream), and ordered within one
// by CompareInDocument.
func (g *Graph) Sort() {
	slices.SortFunc(g.Documents, func(a, b Document) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(g.Nodes, func(a, b Node) int { return cmp.Compare(a.ID, b.ID) })
	for i := range g.Nodes {
		slices.Sort(g.Nodes[i].Aliases)
	}
	rank := make(map[string]int, len(g.Documents))
	for i, d := range g.Documents {
		rank[d.ID] = i
	}
	docRank := func(r *Relationship) int {
		if i, ok := rank[r.Doc()]; ok {
			return i
		}
		return len(g.Documents) // a document not listed: after the others
	}
	compare := func(a, b Relationship) int {
		return cmp.Or(cmp.Compare(docRank(&a), docRank(&b)), cmp.Compare(a.Doc(), b.Doc()), CompareInDocument(a, b))
	}
	// The extractor hands over relationships already in order: checking is
	// linear, sorting again is not.
	if !slices.IsSortedFunc(g.Relationships, compare) {
		slices.SortFunc(g.Relationships, compare)
	}
}

// CompareInDocument orders relationships read from one document: by type,
// ends and evidence. It stops at the first difference: the property
// look-ups are the costly part.
func CompareInDocument(a, b Relationship) int {
	if c := cmp.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	if c := cmp.Compare(a.From, b.From); c != 0 {
		return c
	}
	if c := cmp.Compare(a.To, b.To); c != 0 {
		return c
	}
	return cmp.Compare(a.Evidence(), b.Evidence())
}

// WriteJSON writes g in the graph JSON format (docs/graph-json.md), sorted and
// indented, so that the same graph gives byte-identical output: the
// Stream of g, sorted. Like before, nil aliases and node properties in g
// are set to empty ones.
func WriteJSON(w io.Writer, g *Graph) error {
	g.Sort()
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Aliases == nil {
			n.Aliases = []string{}
		}
		if n.Properties == nil {
			n.Properties = map[string]any{}
		}
	}
	return g.Stream().WriteJSON(w)
}

// WriteJSON writes the stream in the graph JSON format, indented, exactly
// as json.Encoder with a two-space indent would write the Graph value, but
// without holding it whole: elements are encoded a few thousand at a time
// into small buffers (on every core, written in order) as the stream
// yields them.
func (s *Stream) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	jw := newJSONWriter(bw)
	jw.str("{\n  \"documents\": ")
	if err := writeBatches(jw, s.Documents, (*jsonWriter).document); err != nil {
		return err // the stream's own, which names its cause
	}
	jw.str(",\n  \"nodes\": ")
	if err := writeBatches(jw, s.Nodes, (*jsonWriter).node); err != nil {
		return err
	}
	jw.str(",\n  \"relationships\": ")
	if err := writeBatches(jw, s.Relationships, (*jsonWriter).relationship); err != nil {
		return err
	}
	jw.str("\n}\n")
	if jw.err == nil {
		jw.err = bw.Flush()
	}
	if jw.err != nil {
		return fmt.Errorf("write graph json: %w", jw.err)
	}
	return nil
}

// writeBatches writes the elements of a stream's part as one list,
// gathering small batches (a document's relationships) into segments of a
// few thousand so that they are encoded on every core.
func writeBatches[T any](jw *jsonWriter, part iter.Seq2[[]T, error], write func(*jsonWriter, *T)) error {
	var seg []T
	written := false
	flush := func(list []T) {
		if len(list) > 0 {
			writeSegment(jw, list, write, !written)
			written = true
		}
	}
	if part != nil {
		for batch, err := range part {
			if err != nil {
				return err
			}
			if len(seg) == 0 && len(batch) >= segmentSize {
				flush(batch) // no copy of a graph handed over whole
				continue
			}
			seg = append(seg, batch...)
			if len(seg) >= segmentSize {
				flush(seg)
				seg = seg[:0]
			}
			if jw.err != nil {
				return nil // reported by the caller
			}
		}
	}
	flush(seg)
	if written {
		jw.str("\n  ]")
	} else {
		jw.str("[]") // consumers index it: never null
	}
	return nil
}

// segmentSize is how many elements are gathered before they are
// encoded: enough for every core to take chunks of them.
const segmentSize = 8 * jsonChunk

// jsonWriter writes the indented graph JSON piece by piece. The first error
// sticks; later writes do nothing.
type jsonWriter struct {
	w interface {
		io.Writer
		io.StringWriter
	}
	err     error
	scratch bytes.Buffer  // one value encoded by enc
	enc     *json.Encoder // into scratch, HTML left unescaped
	keys    []string      // reused to sort property keys
}

func newJSONWriter(w interface {
	io.Writer
	io.StringWriter
}) *jsonWriter {
	jw := &jsonWriter{w: w}
	jw.enc = json.NewEncoder(&jw.scratch)
	jw.enc.SetEscapeHTML(false)
	return jw
}

// Indents of the lines inside a list element: the fields of an element of
// a top-level list, and the entries of a field's list or object.
const (
	indentField = "      "
	indentEntry = "        "
)

// jsonChunk is how many elements one goroutine encodes at a time: a few
// hundred kilobytes of JSON.
const jsonChunk = 1024

// writeSegment writes elements of a JSON array at the second level: the
// opening bracket when they are the first, else a comma before them. Long
// segments are encoded in chunks on every core and written in order.
func writeSegment[T any](jw *jsonWriter, list []T, write func(*jsonWriter, *T), first bool) {
	if first {
		jw.str("[\n")
	}
	workers := runtime.GOMAXPROCS(0)
	if workers == 1 || len(list) <= jsonChunk {
		writeElements(jw, list, write, first)
	} else {
		writeChunks(jw, list, write, workers, first)
	}
}

// writeElements writes elements each preceded by a comma, but for the
// first element of the list (first).
func writeElements[T any](jw *jsonWriter, list []T, write func(*jsonWriter, *T), first bool) {
	for i := range list {
		if i > 0 || !first {
			jw.str(",\n")
		}
		jw.str("    ")
		write(jw, &list[i])
	}
}

// writeChunks encodes chunks of list on workers goroutines, each into its
// own buffer, and writes the buffers in order. About two chunks per worker
// are held at once.
func writeChunks[T any](jw *jsonWriter, list []T, write func(*jsonWriter, *T), workers int, first bool) {
	type chunk struct {
		buf *bytes.Buffer
		err error
	}
	free := make(chan *bytes.Buffer, 2*workers) // buffers to reuse
	type job struct {
		start int
		out   chan chunk
	}
	jobs := make(chan job)
	pending := make(chan chan chunk, 2*workers)
	stop := make(chan struct{})
	defer close(stop) // on an error: the feeder and workers stop
	go func() {
		defer close(jobs)
		defer close(pending)
		for start := 0; start < len(list); start += jsonChunk {
			j := job{start, make(chan chunk, 1)}
			select {
			case pending <- j.out:
			case <-stop:
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for j := range jobs {
				var buf *bytes.Buffer
				select {
				case buf = <-free:
					buf.Reset()
				default:
					buf = new(bytes.Buffer)
				}
				cw := newJSONWriter(buf)
				end := min(j.start+jsonChunk, len(list))
				writeElements(cw, list[j.start:end], write, first && j.start == 0)
				j.out <- chunk{buf, cw.err}
			}
		}()
	}
	for out := range pending {
		c := <-out
		if c.err != nil {
			jw.err = cmp.Or(jw.err, c.err)
			return
		}
		if jw.err == nil {
			_, jw.err = jw.w.Write(c.buf.Bytes())
		}
		select {
		case free <- c.buf:
		default:
		}
		if jw.err != nil {
			return
		}
	}
}

func (jw *jsonWriter) str(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// document goes through encoding/json: its MarshalJSON writes the unknown
// date as null, and documents are few next to nodes and relationships.
func (jw *jsonWriter) document(d *Document) {
	jw.value(d, "    ")
}

func (jw *jsonWriter) node(n *Node) {
	if n.Aliases == nil {
		n.Aliases = []string{}
	}
	if n.Properties == nil {
		n.Properties = map[string]any{}
	}
	jw.open("id", n.ID, "label", n.Label, "name", n.Name)
	jw.str(",\n" + indentField + `"aliases": `)
	if len(n.Aliases) == 0 {
		jw.str("[]")
	} else {
		jw.str("[\n")
		for i, a := range n.Aliases {
			jw.str(indentEntry)
			jw.quote(a)
			if i < len(n.Aliases)-1 {
				jw.str(",\n")
			} else {
				jw.str("\n")
			}
		}
		jw.str(indentField + "]")
	}
	jw.str(",\n" + indentField + `"properties": `)
	jw.properties(n.Properties)
	jw.str("\n    }")
}

func (jw *jsonWriter) relationship(r *Relationship) {
	jw.open("type", r.Type, "from", r.From, "to", r.To)
	jw.str(",\n" + indentField + `"properties": `)
	jw.properties(r.Properties)
	jw.str("\n    }")
}

// open starts an element with its string fields, given as key, value pairs.
func (jw *jsonWriter) open(fields ...string) {
	jw.str("{")
	for i := 0; i < len(fields); i += 2 {
		if i > 0 {
			jw.str(",")
		}
		jw.str("\n" + indentField + `"` + fields[i] + `": `)
		jw.quote(fields[i+1])
	}
}

// properties writes a property map with its keys sorted, as encoding/json
// does; a nil map is null.
func (jw *jsonWriter) properties(p map[string]any) {
	switch {
	case p == nil:
		jw.str("null")
		return
	case len(p) == 0:
		jw.str("{}")
		return
	}
	jw.keys = jw.keys[:0]
	for k := range p {
		jw.keys = append(jw.keys, k)
	}
	slices.Sort(jw.keys)
	jw.str("{\n")
	for i, k := range jw.keys {
		jw.str(indentEntry)
		jw.quote(k)
		jw.str(": ")
		if s, ok := p[k].(string); ok {
			jw.quote(s)
		} else {
			jw.value(p[k], indentEntry)
		}
		if i < len(jw.keys)-1 {
			jw.str(",\n")
		} else {
			jw.str("\n")
		}
	}
	jw.str(indentField + "}")
}

// value writes any value through encoding/json, indented to sit on a line
// that starts with prefix.
func (jw *jsonWriter) value(v any, prefix string) {
	if jw.err != nil {
		return
	}
	jw.scratch.Reset()
	jw.enc.SetIndent(prefix, "  ")
	if jw.err = jw.enc.Encode(v); jw.err == nil {
		_, jw.err = jw.w.Write(bytes.TrimSuffix(jw.scratch.Bytes(), []byte("\n")))
	}
}

// quote writes s as a JSON string. Strings that need no escaping (nearly
// all) are copied as they are; the rest go through encoding/json, so that
// the escapes are exactly its own.
func (jw *jsonWriter) quote(s string) {
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b < 0x20 || b == '"' || b == '\\' {
				jw.value(s, "")
				return
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			jw.value(s, "")
			return
		}
		i += size
	}
	jw.str(`"`)
	jw.str(s)
	jw.str(`"`)
}

// ReadJSON reads a graph written by WriteJSON.
func ReadJSON(r io.Reader) (*Graph, error) {
	var g Graph
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("read graph json: %w", err)
	}
	return &g, nil
}

// ReadJSONFile reads the graph JSON file at path.
func ReadJSONFile(path string) (*Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g, err := ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// Counts returns the number of nodes per label (Documents included) and of
// relationships per type.
func (g *Graph) Counts() (nodes, rels map[string]int) {
	nodes = map[string]int{LabelDocument: len(g.Documents)}
	for _, n := range g.Nodes {
		nodes[n.Label]++
	}
	rels = map[string]int{}
	for _, r := range g.Relationships {
		rels[r.Type]++
	}
	return nodes, rels
}

// MarshalJSON writes an unknown date as null, as the graph JSON format says.
func (d Document) MarshalJSON() ([]byte, error) {
	type plain Document // without this method
	var date *string
	if d.Date != "" {
		date = &d.Date
	}
	return json.Marshal(struct {
		plain
		Date *string `json:"date"`
	}{plain(d), date})
}

// UnmarshalJSON reads a null date as unknown.
func (d *Document) UnmarshalJSON(b []byte) error {
	type plain Document
	var v struct {
		plain
		Date *string `json:"date"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = Document(v.plain)
	if v.Date != nil {
		d.Date = *v.Date
	}
	return nil
}

// compareRelationships orders by type, ends, document and evidence: the
// order of a document's facts in its fingerprint (factsHash), which must
// not change with the order of the export.
func compareRelationships(a, b Relationship) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To),
		cmp.Compare(a.Doc(), b.Doc()), cmp.Compare(a.Evidence(), b.Evidence()))
}
