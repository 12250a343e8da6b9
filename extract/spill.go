package extract

import (
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/graph"
)

// Spill is where a corpus keeps the full results of its documents instead
// of memory, usually a temporary file: the evidence sentences, statements
// and agreements of a large corpus need not all be held at once. The
// corpus appends each result and reads it back (ReadAt) when it resolves.
type Spill interface {
	io.Writer
	io.ReaderAt
}

// docHead is what a corpus keeps in memory of one document: its names,
// its date (resolution may date an undated document), and either its
// whole result or, once that is in the spill, where it is there and the
// summary resolution reads (encodeSummary).
//
// One per document: kept small, the date and its source as indexes into
// the corpus's string table (str) and the summary in one buffer for all.
type docHead struct {
	id, source    string
	date, dateSrc uint32     // indexes into Corpus.strs
	full          *docResult // nil: in the spill
	at            int64      // the result (n bytes), then its document's record (rec bytes, docRecord)
	sumAt         int        // the summary: Corpus.sums[sumAt:sumAt+sumN]
	n, rec, sumN  int32
}

// dates returns the document's date and where it came from.
func (c *Corpus) dates(h *docHead) (date, src string) { return c.strs[h.date], c.strs[h.dateSrc] }

// SpillTo makes the corpus keep the full result of every document added
// from now on in s, and only the summary that cross-document resolution
// needs in memory (encodeSummary). s must stay readable until the last use
// of the corpus's Stream. A result that cannot be written to s is kept in
// memory instead: the graph is the same either way.
func (c *Corpus) SpillTo(s Spill) { c.spill, c.spillR = s, s }

// keep returns what the corpus holds in memory of an added result: res
// itself, or its summary once the result r it came from is in the spill.
func (c *Corpus) keep(r *Result, res *docResult) docHead {
	h := docHead{id: res.id, source: res.source, date: uint32(c.str(res.date)), dateSrc: uint32(c.str(res.dateSrc))}
	if c.spill == nil {
		h.full = res
		return h
	}
	// The result as read, before internOffices: its office numbers are
	// the document's own, which a decode checks, and interning it again
	// when it is read back gives the same numbers.
	data, err := r.MarshalBinary()
	n := len(data)
	if err == nil {
		data = docRecord(data, res)
		_, err = c.spill.Write(data)
	}
	if err != nil {
		c.spill = nil // a spill that failed once is not trusted with more
		h.full = res
		return h
	}
	h.at, h.n, h.rec = c.spillAt, int32(n), int32(len(data)-n)
	c.spillAt += int64(len(data))
	h.sumAt = len(c.sums)
	c.sums = c.encodeSummary(c.sums, res)
	h.sumN = int32(len(c.sums) - h.sumAt)
	return h
}

// full returns the whole result of document i, read back from the spill
// when it is there. The date resolution gave the document wins.
func (c *Corpus) full(i int) (*docResult, error) {
	h := &c.docs[i]
	if h.full != nil {
		return h.full, nil
	}
	data := make([]byte, h.n)
	if _, err := c.spillR.ReadAt(data, h.at); err != nil {
		return nil, fmt.Errorf("read back %s: %w", h.source, err)
	}
	r, err := c.x.UnmarshalResult(data)
	if err != nil || r.res == nil {
		return nil, fmt.Errorf("read back %s: %w", h.source, cmpErr(err, ErrBadResult))
	}
	res := c.internOffices(r.res)
	// The head's copies: the export's documents then share them.
	res.id, res.source = h.id, h.source
	res.date, res.dateSrc = c.dates(h)
	return res, nil
}

// docRecord appends to b what the export's document holds that
// resolution does not read: its digest, title and URL, each as length and
// bytes.
func docRecord(b []byte, res *docResult) []byte {
	for _, s := range [...]string{res.sha, res.title, res.url} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// document returns the export's Document of document i, its record read
// back from the spill into *buf when it is there.
func (c *Corpus) document(i int, buf *[]byte) (graph.Document, error) {
	h := &c.docs[i]
	d := graph.Document{ID: h.id, Source: h.source}
	d.Date, d.DateSource = c.dates(h)
	if h.full != nil {
		d.SHA256, d.Title, d.URL = h.full.sha, h.full.title, h.full.url
		return d, nil
	}
	*buf = slices.Grow((*buf)[:0], int(h.rec))[:h.rec]
	b := *buf
	if _, err := c.spillR.ReadAt(b, h.at+int64(h.n)); err != nil {
		return d, fmt.Errorf("read back %s: %w", h.source, err)
	}
	var fields [3]string
	for k := range fields {
		n, w := binary.Uvarint(b)
		if w <= 0 || n > uint64(len(b)-w) {
			return d, fmt.Errorf("read back %s: %w", h.source, ErrBadResult)
		}
		fields[k] = string(b[w : w+int(n)])
		b = b[w+int(n):]
	}
	d.SHA256, d.Title, d.URL = fields[0], fields[1], fields[2]
	return d, nil
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// setDate dates document i (resolution dating an undated document).
func (c *Corpus) setDate(i int, date, src string) {
	h := &c.docs[i]
	h.date, h.dateSrc = uint32(c.str(date)), uint32(c.str(src))
	if h.full != nil {
		h.full.date, h.full.dateSrc = date, src
	}
}

// summaryScratch is where summaryOf decodes a spilled document's summary;
// what it returns is valid until the next call with the same scratch.
type summaryScratch struct {
	res    docResult
	rng    [1]dateRange
	people []ref
	alts   []int
}

// summaryOf returns what resolution reads of document i before it emits
// it: the whole result when it is in memory, else its summary (decoded
// into s), with the people it names apart (for clustering: its mentions',
// statements' and agreements', once each; nil for a whole result, whose
// mentions, statements and agreements are there).
func (c *Corpus) summaryOf(i int, s *summaryScratch) (*docResult, []ref) {
	h := &c.docs[i]
	if h.full != nil {
		return h.full, nil
	}
	c.decodeSummary(h, s)
	return &s.res, s.people
}

// The summary of a spilled document, as summaryOf reads it, all integers
// varints and strings indexes into the corpus's table (str):
//
//	the start of the date range the document allows, +1 (0: none)
//	the people named: count, then each (name<<1 | weak)
//	offices held: count, then each person, office, and the candidate
//	              offices as count+1 (0: none) and each
//	meetings: count, then each name, date, place, stated
//	attendances: count, then each who (kind, name, idx, weak) and meeting
//
// Evidence, surface forms, statements and agreements are left out (they
// wait in the spill); meetings and attendances keep their order, since
// resolution refers to them by index. About a tenth of the summary as
// structs, and names, dates and places stored once for the corpus.
func (c *Corpus) encodeSummary(b []byte, res *docResult) []byte {
	uv := func(v int) { b = binary.AppendUvarint(b, uint64(v)) }
	iv := func(v int) { b = binary.AppendVarint(b, int64(v)) }
	str := func(s string) { uv(c.str(s)) }
	flag := func(v bool) {
		if v {
			uv(1)
		} else {
			uv(0)
		}
	}
	if len(res.rng) > 0 {
		uv(c.str(res.rng[0].from) + 1)
	} else {
		uv(0)
	}
	// The people named, once each: all that clustering reads of
	// mentions, statements and agreements.
	seen := map[ref]bool{}
	var people []int
	person := func(r ref) {
		if r.kind == sPerson && r.name != "" && !seen[r] {
			seen[r] = true
			w := 0
			if r.weak {
				w = 1
			}
			people = append(people, c.str(r.name)<<1|w)
		}
	}
	for _, m := range res.mentions {
		person(m.ref)
	}
	for _, st := range res.stmts {
		person(st.speaker)
	}
	for _, a := range res.agreements {
		for _, p := range a.parties {
			person(p)
		}
	}
	uv(len(people))
	for _, p := range people {
		uv(p)
	}
	uv(len(res.holds))
	for _, h := range res.holds {
		str(h.person)
		uv(h.office)
		if h.alts == nil {
			uv(0)
		} else {
			uv(len(h.alts) + 1)
			for _, o := range h.alts {
				uv(o)
			}
		}
	}
	uv(len(res.meetings))
	for _, m := range res.meetings {
		str(m.name)
		str(m.date)
		str(m.place)
		flag(m.stated)
	}
	uv(len(res.attends))
	for _, a := range res.attends {
		uv(int(a.who.kind))
		str(a.who.name)
		iv(a.who.idx)
		flag(a.who.weak)
		iv(a.meeting)
	}
	return b
}

// decodeSummary decodes h's summary (encodeSummary) into s; res.date and
// res.dateSrc are the head's.
func (c *Corpus) decodeSummary(h *docHead, s *summaryScratch) {
	b := c.sums[h.sumAt : h.sumAt+int(h.sumN)]
	uv := func() int {
		v, n := binary.Uvarint(b)
		b = b[n:]
		return int(v)
	}
	iv := func() int {
		v, n := binary.Varint(b)
		b = b[n:]
		return int(v)
	}
	str := func() string { return c.strs[uv()] }
	res := &s.res
	date, src := c.dates(h)
	*res = docResult{id: h.id, source: h.source, date: date, dateSrc: src,
		holds: res.holds[:0], meetings: res.meetings[:0], attends: res.attends[:0]}
	if r := uv(); r > 0 {
		s.rng[0] = dateRange{from: c.strs[r-1]}
		res.rng = s.rng[:]
	}
	s.people = s.people[:0]
	for n := uv(); n > 0; n-- {
		p := uv()
		s.people = append(s.people, ref{kind: sPerson, name: c.strs[p>>1], weak: p&1 == 1})
	}
	s.alts = s.alts[:0]
	for n := uv(); n > 0; n-- {
		hd := hold{person: str(), office: uv()}
		if k := uv(); k > 0 {
			start := len(s.alts)
			for ; k > 1; k-- {
				s.alts = append(s.alts, uv())
			}
			// Full slices: an append to one would not overwrite the next.
			hd.alts = s.alts[start:len(s.alts):len(s.alts)]
		}
		res.holds = append(res.holds, hd)
	}
	for n := uv(); n > 0; n-- {
		res.meetings = append(res.meetings, meeting{name: str(), date: str(), place: str(), stated: uv() == 1})
	}
	for n := uv(); n > 0; n-- {
		a := attendance{who: ref{kind: spanKind(uv()), name: str(), idx: iv(), weak: uv() == 1}}
		a.meeting = iv()
		res.attends = append(res.attends, a)
	}
}

// str returns the index of s in the corpus's string table, adding it:
// names, dates and places repeat across documents.
func (c *Corpus) str(s string) int {
	if i, ok := c.strIdx[s]; ok {
		return i
	}
	if c.strIdx == nil {
		c.strIdx = map[string]int{}
	}
	i := len(c.strs)
	s = strings.Clone(s) // not a slice of a document's text, which it would keep
	c.strs = append(c.strs, s)
	c.strIdx[s] = i
	return i
}
