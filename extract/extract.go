// Package extract reads news texts and returns the graph they describe:
// people, offices, countries, organizations, meetings, statements and
// agreements, resolved across documents.
//
// It is pure: text in, graph out. No database, no files, no globals; the
// same input always gives the same graph.
//
// Reading a document is one pass over its tokens with a trie of the
// embedded lexicons (data/*.tsv, see data/README.md), then sentence rules
// for offices held, quotations, reported speech, agreements and meetings.
// Documents are read independently (bounded work per document); the
// corpus then resolves people, roles and meetings across documents. A large
// corpus keeps each document's full result in a spill the caller provides
// (Corpus.SpillTo) and only a summary in memory, and Corpus.Stream hands the
// graph over a document at a time.
//
// Quality is measured on data/seeds with ../shared/eval/score.py and pinned
// by the golden test (testdata/seeds.golden.json; go test ./extract/ -run
// TestGolden -update after an intended change). Speed and robustness:
//
//	go test -run '^$' -bench Extract -benchmem ./extract/
//	go test -run '^$' -fuzz FuzzExtract -fuzztime 30s -fuzzminimizetime 2s ./extract/
package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/graph"
)

// Document is one input text.
type Document struct {
	// Source is the path of the text relative to the input root; it names
	// the document in the graph and in errors.
	Source string
	// Text is the raw content, as read.
	Text []byte
	// Meta is what is known of the text from elsewhere (a manifest); it
	// wins over the text's own front matter only where that lacks a field.
	Meta Meta
}

// DocumentID returns the stable graph id of the document at source. It
// depends on the path only, so a corrected file keeps its Document node.
func DocumentID(source string) string {
	sum := sha256.Sum256([]byte(source))
	return "doc-" + hex.EncodeToString(sum[:])[:16]
}

// Extractor holds the lexicons. It is safe for concurrent use: reading a
// document only reads them.
type Extractor struct {
	lx     *lexicon
	arenas sync.Pool // of *arena: per-token scratch reused across documents
}

// New returns an Extractor with the embedded lexicons loaded.
func New() (*Extractor, error) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	return &Extractor{lx: lx}, nil
}

// Corpus accumulates documents and resolves entities across them.
// Documents must be added in a deterministic order (sorted by Source) for
// the output to be deterministic. A Corpus is not safe for concurrent use;
// several goroutines may each fill their own from one Extractor.
type Corpus struct {
	x    *Extractor
	docs []docHead
	seen map[string]int // source -> index in docs
	// offices are the offices read from their shape in any document,
	// numbered after the lexicon's; officeOf finds them by id.
	offices  []office
	officeOf map[string]int
	// spill holds the full results of the documents, when set (SpillTo):
	// docs then hold their summaries, whose names, dates and places are
	// indexes into strs (strIdx finds them).
	strs    []string
	strIdx  map[string]int
	sums    []byte // the summaries of spilled documents, one after another
	spill   Spill
	spillR  io.ReaderAt // the spill, to read back even after a write failed
	spillAt int64
}

// NewCorpus starts an empty corpus.
func (x *Extractor) NewCorpus() *Corpus { return &Corpus{x: x, seen: map[string]int{}} }

// Add reads one document. An error describes a problem with this document
// only and is a *DocumentError: Skipped says whether the document was left
// out (empty, binary, too large) or read despite it (recoded, HTML
// stripped). The corpus stays usable either way.
func (c *Corpus) Add(d Document) error { return c.AddResult(c.x.Read(d)) }

// Result is one document read on its own by Extractor.Read, ready to be
// added to a Corpus. It keeps none of the document's text.
type Result struct {
	source string
	res    *docResult // nil when the document could not be read
	err    error
}

// Read extracts one document without a corpus: the costly part of
// Corpus.Add, done in parallel by callers that read many documents. It is
// safe for concurrent use; Corpus.AddResult then adds the results in a
// fixed order, so that the graph does not depend on the order they were
// read in.
func (x *Extractor) Read(d Document) *Result {
	res, err := x.readDoc(d)
	return &Result{source: d.Source, res: res, err: err}
}

// AddResult adds a document read by Extractor.Read, exactly as Add would
// have added it, and returns the error Add would have returned.
func (c *Corpus) AddResult(r *Result) error {
	if r.res == nil {
		return r.err
	}
	h := c.keep(r, c.internOffices(r.res))
	if i, ok := c.seen[r.source]; ok {
		c.docs[i] = h
	} else {
		c.seen[r.source] = len(c.docs)
		c.docs = append(c.docs, h)
	}
	return r.err
}

// readDoc extracts one document on its own. It returns nil and a
// *DocumentError when the document cannot be read.
func (x *Extractor) readDoc(d Document) (res *docResult, err error) {
	text, warns, err := cleanText(d.Text)
	if err != nil {
		return nil, &DocumentError{Source: d.Source, Skipped: true, Err: err}
	}
	res = &docResult{id: DocumentID(d.Source), source: d.Source, sha: documentSHA(d)}
	ar, _ := x.arenas.Get().(*arena)
	if ar == nil {
		ar = &arena{}
	}
	x.lx.read(text, res, docMeta(d), ar)
	ar.reset()
	x.arenas.Put(ar)
	res.compact()
	if len(warns) > 0 {
		msgs := make([]string, len(warns))
		for i, w := range warns {
			msgs[i] = w.Error()
		}
		return res, &DocumentError{Source: d.Source, Err: warnings{warns, strings.Join(msgs, "; ")}}
	}
	return res, nil
}

// warnings joins the problems worked around in one document.
type warnings struct {
	errs []error
	msg  string
}

// Error lists the warnings.
func (w warnings) Error() string { return w.msg }

// Unwrap returns the warnings, for errors.Is.
func (w warnings) Unwrap() []error { return w.errs }

// compact copies the strings a result keeps, so that it does not pin the
// whole document text in memory.
func (res *docResult) compact() {
	// Evidence sentences repeat across the facts of a sentence: keep one
	// copy. (Names repeat across documents too: a spilling corpus interns
	// those it keeps, see summary.)
	seen := map[string]string{}
	intern := func(s string) string {
		if c, ok := seen[s]; ok {
			return c
		}
		c := strings.Clone(s)
		seen[c] = c
		return c
	}
	res.title, res.url = strings.Clone(res.title), strings.Clone(res.url)
	// Copies of exact length: the slices grew while reading, and a
	// corpus holds every document's until it is resolved.
	res.mentions = slices.Clone(dedupeMentions(res.mentions))
	res.holds, res.stmts, res.agreements = slices.Clone(res.holds), slices.Clone(res.stmts), slices.Clone(res.agreements)
	res.meetings, res.attends = slices.Clone(res.meetings), slices.Clone(res.attends)
	for i := range res.mentions {
		m := &res.mentions[i]
		m.surface, m.evidence, m.ref.name = intern(m.surface), intern(m.evidence), intern(m.ref.name)
	}
	for i := range res.holds {
		h := &res.holds[i]
		h.person, h.evidence = intern(h.person), intern(h.evidence)
	}
	for i := range res.stmts {
		s := &res.stmts[i]
		s.text, s.evidence, s.speaker.name = strings.Clone(s.text), intern(s.evidence), intern(s.speaker.name)
	}
	for i := range res.agreements {
		a := &res.agreements[i]
		a.text, a.evidence = strings.Clone(a.text), intern(a.evidence)
		for j := range a.parties {
			a.parties[j].name = strings.Clone(a.parties[j].name)
		}
	}
	for i := range res.meetings {
		m := &res.meetings[i]
		m.name, m.evidence = strings.Clone(m.name), intern(m.evidence)
	}
	for i := range res.attends {
		a := &res.attends[i]
		a.evidence, a.who.name = intern(a.evidence), intern(a.who.name)
	}
}

// Graph returns the resolved graph of every document added so far, sorted.
// It may be called again after more documents are added. A corpus that
// spills (SpillTo) is resolved with Resolve or Stream, which report a
// failed read.
func (c *Corpus) Graph() *graph.Graph {
	g, err := c.resolveWhole()
	if err != nil {
		panic("extract: Graph of a corpus whose spill failed: " + err.Error())
	}
	return g
}

// Resolve returns the resolved graph as Graph does, or the error of
// reading back a spill (SpillTo). Each document is read once.
func (c *Corpus) Resolve() (*graph.Graph, error) { return c.resolveWhole() }

// Stream returns the resolved graph of every document added so far as a
// stream, in the order Graph would give it: documents and nodes whole,
// relationships a document at a time, computed as they are asked for, so
// that writing it holds no more than one document's. The stream may be
// ranged over again, not at the same time, and not once more documents
// are added. Its errors are failures to read back the spill (SpillTo).
func (c *Corpus) Stream() (*graph.Stream, error) { return c.resolve() }

// dedupeMentions keeps one mention per entity and surface form: the first,
// with its evidence. A document names the same people many times.
func dedupeMentions(ms []mention) []mention {
	type key struct {
		r       ref
		role    bool
		surface string
	}
	seen := make(map[key]bool, len(ms))
	out := ms[:0]
	for _, m := range ms {
		k := key{m.ref, m.role, m.surface}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, m)
	}
	return out
}
