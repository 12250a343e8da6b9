package extract

import (
	"fmt"
	"io"
	"slices"
)

// Spill is where a corpus keeps the full results of its documents instead
// of memory, usually a temporary file: the evidence sentences, statements
// and agreements of a large corpus need not all be held at once. The
// corpus appends each result and reads it back (ReadAt) when it resolves.
type Spill interface {
	io.Writer
	io.ReaderAt
}

// spilled locates one document's encoded result in the spill.
type spilled struct {
	at int64
	n  int // -1: not spilled, the full result is in Corpus.docs
}

// SpillTo makes the corpus keep the full result of every document added
// from now on in s, and only the summary that cross-document resolution
// needs in memory (summary). s must stay readable until the last use of
// the corpus's Stream. A result that cannot be written to s is kept in
// memory instead: the graph is the same either way.
func (c *Corpus) SpillTo(s Spill) { c.spill, c.spillR = s, s }

// keep returns what the corpus holds in memory of an added result: res
// itself, or its summary and the people it names once the result r it
// came from is in the spill.
func (c *Corpus) keep(r *Result, res *docResult) (*docResult, []ref, spilled) {
	if c.spill == nil {
		return res, nil, spilled{n: -1}
	}
	// The result as read, before internOffices: its office numbers are
	// the document's own, which a decode checks, and interning it again
	// when it is read back gives the same numbers.
	data, err := r.MarshalBinary()
	if err == nil {
		_, err = c.spill.Write(data)
	}
	if err != nil {
		c.spill = nil // a spill that failed once is not trusted with more
		return res, nil, spilled{n: -1}
	}
	loc := spilled{at: c.spillAt, n: len(data)}
	c.spillAt += int64(len(data))
	if c.strs == nil {
		c.strs = map[string]string{}
	}
	sum, people := res.summary(c.strs)
	return sum, people, loc
}

// full returns the whole result of document i, read back from the spill
// when it is there. The date resolution gave its summary wins.
func (c *Corpus) full(i int) (*docResult, error) {
	d := c.docs[i]
	loc := c.where[i]
	if loc.n < 0 {
		return d, nil
	}
	data := make([]byte, loc.n)
	if _, err := c.spillR.ReadAt(data, loc.at); err != nil {
		return nil, fmt.Errorf("read back %s: %w", d.source, err)
	}
	r, err := c.x.UnmarshalResult(data)
	if err != nil || r.res == nil {
		return nil, fmt.Errorf("read back %s: %w", d.source, cmpErr(err, ErrBadResult))
	}
	res := c.internOffices(r.res)
	res.date, res.dateSrc = d.date, d.dateSrc
	return res, nil
}

func cmpErr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// summary is what resolution reads of a document before it emits it: its
// dates, the offices held and its meetings with who attended them, and
// apart, the people it names (for clustering: its mentions', statements'
// and agreements', once each). Evidence, surface forms, statements and
// agreements are left out; the indexes of meetings and attendances are
// kept, since resolution refers to them by index.
//
// Names, dates and places repeat across documents: strs keeps one copy of
// each.
func (res *docResult) summary(strs map[string]string) (*docResult, []ref) {
	intern := func(s string) string {
		if c, ok := strs[s]; ok {
			return c
		}
		strs[s] = s
		return s
	}
	s := &docResult{id: res.id, source: res.source, sha: res.sha, title: res.title, date: res.date,
		dateSrc: res.dateSrc, url: res.url, rng: res.rng, pair: res.pair}
	// The people named, once each: all that clustering reads of
	// mentions, statements and agreements.
	seen := map[ref]bool{}
	var people []ref
	person := func(r ref) {
		if r.kind == sPerson && r.name != "" && !seen[r] {
			seen[r] = true
			r.name = intern(r.name)
			people = append(people, r)
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
	s.holds = make([]hold, len(res.holds))
	for i, h := range res.holds {
		h.evidence, h.person = "", intern(h.person)
		s.holds[i] = h
	}
	s.meetings = make([]meeting, len(res.meetings))
	for i, m := range res.meetings {
		m.evidence, m.name, m.date, m.place = "", intern(m.name), intern(m.date), intern(m.place)
		s.meetings[i] = m
	}
	s.attends = make([]attendance, len(res.attends))
	for i, a := range res.attends {
		a.evidence, a.who.name = "", intern(a.who.name)
		s.attends[i] = a
	}
	return s, slices.Clip(people)
}
