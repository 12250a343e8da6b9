package extract

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// codecInputs returns the documents the codec tests read: the seeds, the
// texts of the corpus and reload test data, and a table of odd inputs
// (recoded, HTML, empty, binary, too large, several windows, front matter
// and manifest metadata).
func codecInputs(t testing.TB) []Document {
	t.Helper()
	var docs []Document
	for _, pattern := range []string{"../data/seeds/*.txt", "corpus/testdata/*/*.txt", "corpus/testdata/*/*/*.txt", "../graph/reload/testdata/*/*.txt"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, Document{Source: filepath.ToSlash(f), Text: b})
		}
	}
	if len(docs) < 5 {
		t.Fatalf("only %d input files found", len(docs))
	}
	seed := docs[0].Text
	// Several windows of maxWindow, each of whole paragraphs.
	var long bytes.Buffer
	for long.Len() < 2*maxWindow+1000 {
		long.Write(seed)
		long.WriteString("\n\n")
	}
	docs = append(docs,
		Document{Source: "odd/cp1252.txt", Text: []byte("Secretary Tavo Brellin met Minister Ilse Vandekamp in Mexico City on March 3, 2021. \x93We agreed\x94, she said.")},
		Document{Source: "odd/html.txt", Text: []byte("<html><body><p>Secretary Tavo Brellin met Minister Ilse Vandekamp in Mexico City.</p></body></html>")},
		Document{Source: "odd/both.txt", Text: []byte("<p>Secretary Tavo Brellin met Minister Ilse Vandekamp \x93today\x94.</p>")},
		Document{Source: "odd/empty.txt", Text: []byte(" \n\t\n")},
		Document{Source: "odd/binary.txt", Text: []byte{0, 1, 2, 3, 0xff, 0, 0, 7}},
		Document{Source: "odd/large.txt", Text: bytes.Repeat([]byte("a "), MaxDocumentSize/2+1)},
		Document{Source: "odd/long.txt", Text: long.Bytes()},
		Document{Source: "odd/2021-06-16-meta.txt", Text: append([]byte("---\ndate: 2021-06-16\ntitle: A title\nurl: https://news.example.org/a\n---\n"), seed...)},
		Document{Source: "odd/manifest.txt", Text: seed, Meta: Meta{Date: "2020-02", Title: "From the manifest", URL: "https://news.example.org/m"}},
		Document{Source: "odd/nothing.txt", Text: []byte("Nothing happened here.")},
	)
	return docs
}

// sameResult fails t when decoded differs from r in anything AddResult
// and its callers use: the document (deep-equal) and the error's message,
// whether it skipped the document, and the Err values it matches.
func sameResult(t *testing.T, decoded, r *Result) {
	t.Helper()
	if decoded.source != r.source {
		t.Errorf("source %q, want %q", decoded.source, r.source)
	}
	if !reflect.DeepEqual(decoded.res, r.res) {
		t.Errorf("%s: decoded document differs:\n got %+v\nwant %+v", r.source, decoded.res, r.res)
	}
	if (decoded.err == nil) != (r.err == nil) {
		t.Fatalf("%s: error %v, want %v", r.source, decoded.err, r.err)
	}
	if r.err == nil {
		return
	}
	if decoded.err.Error() != r.err.Error() || Skipped(decoded.err) != Skipped(r.err) {
		t.Errorf("%s: error %q (skipped %v), want %q (skipped %v)", r.source, decoded.err, Skipped(decoded.err), r.err, Skipped(r.err))
	}
	var de *DocumentError
	if !errors.As(decoded.err, &de) || de.Source != r.source {
		t.Errorf("%s: error %#v is no DocumentError of its source", r.source, decoded.err)
	}
	for _, s := range sentinels {
		if errors.Is(decoded.err, s) != errors.Is(r.err, s) {
			t.Errorf("%s: errors.Is(%v) = %v, want %v", r.source, s, errors.Is(decoded.err, s), errors.Is(r.err, s))
		}
	}
}

// TestResultRoundTrip: decode(encode(r)) equals r for every input, and a
// corpus of decoded results writes the same graph JSON, byte for byte, as
// one of fresh reads.
func TestResultRoundTrip(t *testing.T) {
	x := codecExtractor(t)
	docs := codecInputs(t)
	fresh, decoded := x.NewCorpus(), x.NewCorpus()
	kinds := map[string]bool{}
	for _, d := range docs {
		r := x.Read(d)
		data, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back, err := x.UnmarshalResult(data)
		if err != nil {
			t.Fatalf("%s: %v", d.Source, err)
		}
		sameResult(t, back, r)
		switch {
		case r.res == nil:
			kinds["skipped"] = true
		case r.err != nil:
			kinds["warning"] = true
		default:
			kinds["clean"] = true
		}
		errFresh, errDecoded := fresh.AddResult(r), decoded.AddResult(back)
		if (errFresh == nil) != (errDecoded == nil) || errFresh != nil && errFresh.Error() != errDecoded.Error() {
			t.Errorf("%s: AddResult: %v, want %v", d.Source, errDecoded, errFresh)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("inputs cover %v; want clean, warning and skipped results", kinds)
	}
	want, got := codecGraphJSON(t, fresh), codecGraphJSON(t, decoded)
	if !bytes.Equal(got, want) {
		t.Errorf("graph of decoded results differs from the fresh one (%d bytes, want %d)", len(got), len(want))
	}
	if !bytes.Contains(want, []byte(`"Ilse Vandekamp"`)) {
		t.Errorf("graph lacks a person of the inputs: the comparison proves little")
	}
}

// TestResultSize: the string table keeps each string once, so an encoded
// result is smaller than the strings it holds written at each use (the
// evidence sentence of a mention, an office held and a statement).
func TestResultSize(t *testing.T) {
	x := codecExtractor(t)
	for _, d := range codecInputs(t)[:5] {
		r := x.Read(d)
		data, err := r.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		inline := stringBytes(reflect.ValueOf(*r.res))
		if len(data) >= inline {
			t.Errorf("%s: %d bytes encoded; its strings take %d written at each use", d.Source, len(data), inline)
		}
		t.Logf("%s: %d bytes of text, %d encoded, %d of strings at each use", d.Source, len(d.Text), len(data), inline)
	}
}

// stringBytes sums the lengths of the strings in v, at each use.
func stringBytes(v reflect.Value) int {
	switch v.Kind() {
	case reflect.String:
		return v.Len()
	case reflect.Slice:
		n := 0
		for i := range v.Len() {
			n += stringBytes(v.Index(i))
		}
		return n
	case reflect.Struct:
		n := 0
		for i := range v.NumField() {
			n += stringBytes(v.Field(i))
		}
		return n
	}
	return 0
}

// TestResultDecodeBad: truncated data, any flipped byte, another format,
// and bodies with a right checksum but wrong contents are errors wrapping
// ErrBadResult, never a panic.
func TestResultDecodeBad(t *testing.T) {
	x := codecExtractor(t)
	docs := codecInputs(t)
	data, err := x.Read(docs[0]).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	bad := func(name string, b []byte) {
		t.Helper()
		if r, err := x.UnmarshalResult(b); err == nil || !errors.Is(err, ErrBadResult) || r != nil {
			t.Fatalf("%s: got %v, %v; want ErrBadResult", name, r, err)
		}
	}
	for n := range len(data) {
		bad("truncated", data[:n])
	}
	for i := range data {
		b := slices.Clone(data)
		b[i] ^= 0x10
		bad("flipped", b)
	}
	other := slices.Clone(data)
	other[0] = ResultFormat + 1
	bad("format", withCRC(other))
	tests := []struct {
		name string
		body []byte // after the format byte, before the checksum
	}{
		{"empty", nil},
		{"huge table", binary.AppendUvarint(nil, 1<<40)},
		{"huge string", []byte{1, 0xff, 0xff, 0xff, 0x7f}},
		{"string index out of table", []byte{0, 5}},
		{"error kind", []byte{1, 0, 0, 9}},
		{"error bits", []byte{1, 0, 0, 1, 0, 0, 0x7f}},
		{"bad bool", []byte{1, 0, 0, 1, 7}},
		{"left over", []byte{1, 0, 0, 0, 0, 0}},
		{"huge slice", []byte{1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x7f}},
	}
	for _, tt := range tests {
		bad(tt.name, sealed(append([]byte{ResultFormat}, tt.body...)))
	}
	// Index ranges: a mention of the office one past the lexicon's.
	r := &Result{source: "a", res: &docResult{mentions: []mention{{ref: ref{kind: sOffice, idx: len(x.lx.offices)}}}}}
	b, _ := r.MarshalBinary()
	bad("office out of range", b)
	r.res.mentions[0].ref = ref{kind: sCountry, idx: -1}
	b, _ = r.MarshalBinary()
	bad("country out of range", b)
	r.res.mentions[0].ref = ref{kind: sJoint, idx: -1, name: joinIdx([]ref{{idx: 0}, {idx: len(x.lx.countries)}})}
	b, _ = r.MarshalBinary()
	bad("joint country out of range", b)
	r.res.mentions = nil
	r.res.attends = []attendance{{meeting: 0}}
	b, _ = r.MarshalBinary()
	bad("meeting out of range", b)
}

// TestResultDecodeMutated: random edits of encoded results (bytes changed,
// inserted, deleted), with a right checksum, decode to an error or to a
// result that encodes and decodes to itself and that a corpus resolves;
// never a panic. The fuzz target does the same unguided.
func TestResultDecodeMutated(t *testing.T) {
	x := codecExtractor(t)
	r := rand.New(rand.NewPCG(1, 2))
	decoded := 0
	for _, d := range codecInputs(t)[:3] {
		data, err := x.Read(d).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		body := data[:len(data)-4]
		for range 3000 {
			b := slices.Clone(body)
			for range 1 + r.IntN(3) {
				i := 1 + r.IntN(len(b)-1) // the format byte aside
				switch r.IntN(3) {
				case 0:
					b[i] = byte(r.IntN(256))
				case 1:
					b = slices.Insert(b, i, byte(r.IntN(256)))
				default:
					b = slices.Delete(b, i, i+1)
				}
			}
			got, err := x.UnmarshalResult(sealed(b))
			if err != nil {
				if !errors.Is(err, ErrBadResult) {
					t.Fatalf("error %v does not wrap ErrBadResult", err)
				}
				continue
			}
			decoded++
			reencoded(t, x, got)
		}
	}
	t.Logf("%d of 9000 mutated results decoded (the rest were errors)", decoded)
}

// TestResultFields fails when docResult or one of its parts gains or
// loses a field: codec.go must then encode it, and ResultFormat be bumped.
func TestResultFields(t *testing.T) {
	want := []struct {
		v      any
		fields string
	}{
		{docResult{}, "id source sha title date dateSrc url rng mentions holds stmts agreements meetings attends pair offices"},
		{ref{}, "kind name idx weak"},
		{mention{}, "ref alts holder role surface evidence"},
		{hold{}, "person office alts evidence pos"},
		{stmt{}, "speaker with text evidence para"},
		{agreement{}, "parties text evidence"},
		{attendance{}, "who meeting evidence"},
		{meeting{}, "name date stated place evidence"},
		{office{}, "country name id fold generic role"},
		{dateRange{}, "from to"},
		{Result{}, "source res err"},
	}
	for _, w := range want {
		typ, fields := reflect.TypeOf(w.v), w.fields
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		if strings.Join(got, " ") != fields {
			t.Errorf("%s has fields %q; codec.go encodes %q: update it and bump ResultFormat", typ.Name(), strings.Join(got, " "), fields)
		}
	}
}

// FuzzUnmarshalResult: no input makes the decoder panic, with its own
// checksum or with a right one; what decodes encodes again to the same.
func FuzzUnmarshalResult(f *testing.F) {
	x := codecExtractor(f)
	for _, d := range codecInputs(f)[:3] {
		data, err := x.Read(d).MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, b := range [][]byte{data, withCRC(slices.Clone(data))} {
			if r, err := x.UnmarshalResult(b); err == nil {
				reencoded(t, x, r)
			}
		}
	})
}

// reencoded fails t unless r, a decoded result, encodes and decodes to
// itself; and a corpus resolves it (a panic fails the test).
func reencoded(t *testing.T, x *Extractor, r *Result) {
	t.Helper()
	again, err := r.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := x.UnmarshalResult(again)
	if err != nil {
		t.Fatalf("a decoded result does not decode once encoded again: %v", err)
	}
	sameResult(t, back, r)
	c := x.NewCorpus()
	_ = c.AddResult(r)
	c.Graph()
}

// sealed appends the checksum of b.
func sealed(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// withCRC replaces the last 4 bytes of b by the checksum of the rest, or
// appends it when b is shorter.
func withCRC(b []byte) []byte {
	if len(b) >= 5 {
		b = b[:len(b)-4]
	}
	return sealed(b)
}

func codecExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func codecGraphJSON(t testing.TB, c *Corpus) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := graph.WriteJSON(&buf, c.Graph()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
