package extract

import (
	"strings"
)

// ref names an entity a fact is about, before corpus-wide resolution.
type ref struct {
	kind spanKind // sPerson, sOffice (a role: whoever holds it), sOrg, sCountry
	name string   // person: the name as written
	idx  int      // office, organization or country index
	weak bool     // person: a lone surname, kept only if it matches a full name
}

// mention is an entity seen in a document, with the sentence it was seen in.
type mention struct {
	ref      ref
	alts     []int  // office guessed: the candidates, chosen by holder's country
	holder   string // office guessed: its holder
	role     bool   // an office named without its holder: the holder is meant too
	surface  string
	evidence string
}

// hold is "person holds office", read from a document.
type hold struct {
	person   string
	office   int
	alts     []int // when the text gave no clue: every candidate office
	evidence string
	pos      int
}

// stmt is something a speaker said.
type stmt struct {
	speaker  ref
	with     []int // other countries of a joint statement
	text     string
	evidence string
	para     int
}

// agreement is something parties agreed to.
type agreement struct {
	parties  []ref
	text     string
	evidence string
}

// attendance is "ref attended meeting m of this document".
type attendance struct {
	who      ref
	meeting  int
	evidence string
}

// meeting is a meeting read from one document.
type meeting struct {
	name     string // the event's name; "" for an unnamed meeting
	date     string
	stated   bool // the text dates the meeting; false: it took the document's date
	place    string
	evidence string
}

// docResult is everything read from one document: the per-document part of
// the graph, kept compact until the corpus is resolved.
type docResult struct {
	id, source, sha, title string
	date, dateSrc, url     string      // dateSrc: a graph.DateSource value
	rng                    []dateRange // allowed by the heads of state named; nil: no bound
	mentions               []mention
	holds                  []hold
	stmts                  []stmt
	agreements             []agreement
	meetings               []meeting
	attends                []attendance
	pair                   []int // the document's two main countries
	// offices holds the offices read from their shape, numbered after the
	// lexicon's (internOffices renumbers them for the corpus).
	offices []office
}

// reader holds the state of reading one document.
type reader struct {
	lx      *lexicon
	res     *docResult
	paras   []*para
	order   []int // countries in order of first mention
	counts  map[int]int
	pos     int
	lastWho ref // last person (or role) that was a sentence's subject
	lastOrg ref // last organization or country that was a sentence's subject
	monthDy []dateRef
	anchor  string
	pending []stmt // statements of a quotation still open
	pendWho *ref
	mainMtg int
	curMtg  int // the unnamed meeting the last attendance sentence was about
	turn    ref // the speaker of a transcript's turn being read, if any
	// delegMtg is the meeting whose people the text first called "the
	// delegation"; -1 before that.
	delegMtg int
	mtgDate  map[int]dateRef
	holdsBy  map[int][]int // office -> indexes into res.holds, in reading order
	lastSay  *stmt         // speaker of the last statement, with its paragraph
	// lastParties are the parties of the last agreement of two or more:
	// what a later "they agreed" or "both leaders" stands for.
	lastParties []ref
	shaped      map[officeKey]int // offices read from their shape (see shapedOffice)
	known       []knownHolder     // people placed in a country by a qualified office
	main        []int             // the two countries the text is most about, once counted
}

// maxWindow bounds the text one reader analyses at once. News articles are
// a few kB and are read whole; a larger text (a report, a dump without line
// breaks) is read as consecutive windows of whole paragraphs, each with its
// own reader, so that the per-token arrays in memory stay bounded whatever
// the document's size. Facts spanning two windows (a pronoun, an open
// quotation) are lost at the cut; the first window dates the document.
const maxWindow = 256 << 10

// read extracts one cleaned text into res, a window of paragraphs at a
// time (see maxWindow).
func (lx *lexicon) read(text string, res *docResult, m meta, ar *arena) {
	lines := strings.Split(text, "\n")
	// The file's own front matter first, then the manifest, then its name.
	fm, lines := readMeta(lines)
	m = fm.or(m)
	res.url = m.url
	defer res.settleDate(m)
	lines = lx.dropNoise(lines)
	ps := paragraphs(lines)
	if m.title != "" {
		res.title = m.title
	}
	quoteID := 0
	for lo := 0; lo < len(ps); {
		hi, size := lo, 0
		for hi < len(ps) && (hi == lo || size+len(ps[hi]) <= maxWindow) {
			size += len(ps[hi])
			hi++
		}
		if lo == 0 && hi == len(ps) {
			lx.readWindow(ps, lo, hi, res, m, ar, &quoteID)
			break
		}
		w := &docResult{title: res.title}
		lx.readWindow(ps, lo, hi, w, m, ar, &quoteID)
		ar.reset()
		res.merge(w, lo == 0)
		if m.date == "" {
			// Later windows date their meetings by the first one's date.
			m.date = res.date
		}
		lo = hi
	}
}

// merge appends the facts of window w to res; first says whether w is the
// document's first window, whose title and dates are the document's.
func (res *docResult) merge(w *docResult, first bool) {
	if first {
		res.title, res.date, res.dateSrc, res.rng = w.title, w.date, w.dateSrc, w.rng
	}
	// A window names the same entities many times; compact dedupes again
	// across windows, keeping the first of each as this does.
	res.mentions = append(res.mentions, dedupeMentions(w.mentions)...)
	res.holds = append(res.holds, w.holds...)
	res.stmts = append(res.stmts, w.stmts...)
	res.agreements = append(res.agreements, w.agreements...)
	off := len(res.meetings)
	res.meetings = append(res.meetings, w.meetings...)
	for _, a := range w.attends {
		if a.meeting >= 0 {
			a.meeting += off
		}
		res.attends = append(res.attends, a)
	}
}

// readWindow reads paragraphs ps[lo:hi] into res: paragraphs and their
// mentions first, then the offices' countries, offices held, statements,
// agreements, meetings and dates, in that order because each step reads
// the ones before.
func (lx *lexicon) readWindow(ps []string, lo, hi int, res *docResult, m meta, ar *arena, quoteID *int) {
	r := &reader{lx: lx, res: res, counts: map[int]int{}, mainMtg: -1, curMtg: -1, delegMtg: -1, mtgDate: map[int]dateRef{}}
	cont := false
	for i := lo; i < hi; i++ {
		p := lx.analyse(i, ps[i], cont, quoteID, ar)
		cont = p.openEnd
		r.paras = append(r.paras, p)
	}
	if res.title == "" && lo == 0 && len(ps) > 0 {
		if headline(ps[0]) {
			res.title = ps[0]
		} else if len(r.paras[0].sents) > 0 {
			res.title = truncate(stripDateline(r.paras[0].sentence(0)), 160)
		}
	}
	r.countCountries()
	r.resolveSpans()
	r.countOfficeCountries()
	r.res.pair = r.pairOf()
	r.readHolds()
	r.readMentions()
	for _, p := range r.paras {
		r.readParagraph(p)
	}
	r.flushPending(nil)
	r.readDates(m)
	stated := r.res.date
	r.readTitleHolds()
	r.finishMeetings()
	// The document keeps the date it states; its meetings keep their own.
	r.res.date = stated
}

// countCountries counts country mentions to know which countries the text
// is about.
func (r *reader) countCountries() {
	for _, p := range r.paras {
		for _, s := range p.spans {
			if s.kind == sCountry && !r.lx.countries[s.ref].region {
				if r.counts[s.ref] == 0 {
					r.order = append(r.order, s.ref)
				}
				r.counts[s.ref]++
			}
		}
	}
}

// countOfficeCountries counts the countries the offices named imply: a
// text about "Secretary of State X" and "Mexico's foreign minister" is
// about the United States and Mexico even if it never writes "U.S.". It
// runs after the offices' countries are chosen, so it does not change them.
func (r *reader) countOfficeCountries() {
	for _, p := range r.paras {
		for _, s := range p.spans {
			if s.kind == sOffice && s.ref >= 0 {
				c := r.lx.offices[s.ref].country
				if r.counts[c] == 0 {
					r.order = append(r.order, c)
				}
				r.counts[c]++
			}
		}
	}
}

// pairOf returns the two most-mentioned countries: the parties of "both
// countries", "the two governments" or "we" in a bilateral text.
func (r *reader) pairOf() []int { return r.rankedCountries(2) }

// rankedCountries returns the n most-mentioned countries, in order of first
// mention.
func (r *reader) rankedCountries(n int) []int {
	best := append([]int(nil), r.order...)
	// stable sort by count, keeping first-mention order on ties
	for i := 1; i < len(best); i++ {
		for j := i; j > 0 && r.counts[best[j]] > r.counts[best[j-1]]; j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	if len(best) > n {
		best = best[:n]
	}
	out := []int{}
	for _, c := range r.order {
		for _, b := range best {
			if b == c {
				out = append(out, c)
			}
		}
	}
	return out
}

// resolveSpans chooses the country of each office and organization
// mention, attaches lone surnames, and marks relative clauses.
func (r *reader) resolveSpans() {
	r.readKnownHolders()
	for _, p := range r.paras {
		// Relative clauses about a person (", who ... ,") hold no subjects.
		for i := 0; i+1 < len(p.toks); i++ {
			if p.toks[i].text == "," && p.toks[i+1].fold == "who" {
				j := i + 1
				for j < len(p.toks) && p.toks[j].text != "," && p.sentOf[j] == p.sentOf[i] {
					if k := p.spanAt[j]; k >= 0 {
						p.spans[k].relCl = true
					}
					j++
				}
				i = j - 1
			}
		}
		// "The office of the president said": the office speaks, not the
		// president; the person only says whose office it is.
		for k := range p.spans {
			sp := &p.spans[k]
			if a := sp.a; (sp.kind == sTitle || sp.kind == sOffice || sp.kind == sPerson) && a >= 2 {
				if p.toks[a-1].fold == "the" {
					a--
				}
				if a >= 2 && p.toks[a-1].fold == "of" && p.toks[a-2].fold == "office" {
					sp.poss = true
				}
			}
		}
		prevOffice := map[int]int{} // sentence -> country of the last resolved office
		for k := range p.spans {
			s := &p.spans[k]
			switch s.kind {
			case sOffice:
				s.ref = r.chooseOffice(p, s, prevOffice)
				if s.ref >= 0 {
					prevOffice[s.sent] = r.lx.offices[s.ref].country
				}
			case sOrg:
				if !s.orgNew {
					s.ref = r.chooseOrg(s)
				}
			}
		}
	}
	// Lone capitalised words that repeat a surname of the document.
	surnames := map[string]bool{}
	// Names written family name first ("Xi Jinping", "Wang Yi"): their
	// first word is no given name, and alone it names that person.
	familyFirst := map[string]string{}
	for _, p := range r.paras {
		for _, s := range p.spans {
			if s.kind == sPerson {
				ws := strings.Fields(foldPhrase(s.name))
				for j, w := range ws[1:] {
					surnames[w] = true
					if j+2 < len(ws) {
						surnames[strings.Join(ws[j+1:], " ")] = true // "lopez obrador"
					}
				}
				if len(ws) == 2 && !r.lx.given[ws[0]] && !r.lx.given[ws[1]] {
					if f, ok := familyFirst[ws[0]]; ok && f != s.name {
						familyFirst[ws[0]] = ""
					} else {
						familyFirst[ws[0]] = s.name
					}
				}
			}
		}
	}
	for _, p := range r.paras {
		r.surnamePlaces(p, surnames)
	}
	for _, p := range r.paras {
		for k := range p.spans {
			s := &p.spans[k]
			if s.kind == sPerson && s.b-s.a == 1 {
				if full := familyFirst[fold(s.name)]; full != "" {
					s.name = full // "Mr Xi" after "Xi Jinping"
				}
			}
			if s.kind != sCand {
				continue
			}
			s.kind = 0
			if surnames[foldPhrase(s.name)] {
				s.kind = sPerson
			} else if full := familyFirst[fold(s.name)]; full != "" {
				s.kind, s.name = sPerson, full
			}
			if s.kind == 0 && s.b-s.a == 1 && p.has(s.a, kSpeech) == 0 {
				// Kept as a weak mention: it may name someone another
				// document names in full.
				s.kind = sPerson
				s.word = "weak"
			}
		}
	}
}

// surnamePlaces turns a place that repeats a family name of the document
// into that person, when it acts: "Holmes Trujillo said" after "Carlos
// Holmes Trujillo" (Trujillo is also a city). The capitalised words before
// it that the name also has are part of it.
func (r *reader) surnamePlaces(p *para, surnames map[string]bool) {
	toks := p.toks
	for k := range p.spans {
		s := &p.spans[k]
		if s.kind != sCity && s.kind != sCountry || s.quote != 0 {
			continue
		}
		a := s.a
		for a > 0 && p.spanAt[a-1] < 0 && toks[a-1].cap && toks[a-1].kind == tWord &&
			surnames[foldPhrase(p.text[toks[a-1].start:toks[s.b-1].end])] {
			a--
		}
		if !surnames[foldPhrase(p.text[toks[a].start:toks[s.b-1].end])] {
			continue
		}
		if a > 0 && toks[a-1].kind == tWord && !toks[a-1].cap && toks[a-1].fold != "and" {
			continue // "in Trujillo", "to Trujillo": the place
		}
		if !verbAfter(toks, s.b) && !relativeAfter(toks, s.b) && !(s.b < len(toks) && (toks[s.b].fold == "was" || toks[s.b].fold == "is")) {
			continue
		}
		s.kind, s.a, s.ref, s.adj = sPerson, a, -1, false
		s.name = p.text[toks[a].start:toks[s.b-1].end]
		s.poss = s.b < len(toks) && toks[s.b].fold == "'s"
		for i := a; i < s.b; i++ {
			p.spanAt[i] = k
		}
	}
}

// chooseOffice picks the office among the candidates of a mention: the
// qualifier's country; the country of the office before it in the same
// sentence (a list: "U.S. Secretary X and Attorney General Y"); the head of
// state table for "President X"; the only country the sentence names; the
// countries the document names; the first candidate.
func (r *reader) chooseOffice(p *para, s *span, prev map[int]int) int {
	lx := r.lx
	byCountry := func(c int) int { return lx.candidate(s, c) }
	if !s.hasCandidates() && s.shape == "" {
		return -1
	}
	if s.shape != "" {
		return r.chooseShaped(p, s, prev)
	}
	if s.qual >= 0 {
		return byCountry(s.qual)
	}
	if s.anaph {
		if o := byCountry(r.lastCountry(p, s.a)); o >= 0 {
			return o
		}
	}
	if len(s.cands) == 1 && len(s.tmpls) == 0 {
		return s.cands[0]
	}
	// "President X" is X's own president, whatever countries stand around.
	if s.holder >= 0 {
		if o := byCountry(r.holderCountry(p.spans[s.holder].name, r.candidateName(s))); o >= 0 {
			return o
		}
	}
	// From here the country is a guess from the countries around: not one
	// whose office the text gives to someone else ("Chilean President A
	// met President B": B is not Chile's).
	free := byCountry
	if s.holder >= 0 && !s.former {
		name := p.spans[s.holder].name
		free = func(c int) int {
			if o := byCountry(c); o >= 0 && !r.heldByOther(o, name) {
				return o
			}
			return -1
		}
	}
	if c, ok := prev[s.sent]; ok && !s.vague {
		if o := free(c); o >= 0 {
			return o
		}
	}
	seen := -1
	for _, k := range p.inSentence(s.sent) {
		o := p.spans[k]
		before := o.a < s.a || (o.a > 0 && p.toks[o.a-1].fold == "for")
		if o.kind == sCountry && o.sent == s.sent && !o.isQual && before && free(o.ref) >= 0 {
			if seen >= 0 && seen != o.ref {
				seen = -2
				break
			}
			seen = o.ref
		}
	}
	if seen >= 0 {
		return free(seen)
	}
	if s.vague {
		// "former leader X" in a text about other countries: whose
		// leader the text does not say.
		return -1
	}
	if o := r.byDocCountries(free); o >= 0 {
		return o
	}
	// No clue in the text: the corpus may know the holder's country.
	if len(s.cands) == 0 {
		return -1
	}
	s.guess = true
	return s.cands[0]
}

// chooseOrg picks the organization among the candidates of a mention: the
// qualifier's country, the only candidate, or a country the document names.
func (r *reader) chooseOrg(s *span) int {
	if !s.hasCandidates() {
		return -1
	}
	if s.qual >= 0 {
		return r.lx.candidate(s, s.qual)
	}
	if len(s.cands) == 1 && len(s.tmpls) == 0 {
		return s.cands[0]
	}
	for _, c := range r.order {
		if o := r.lx.candidate(s, c); o >= 0 {
			return o
		}
	}
	return -1
}

// headOfState returns the country whose head of state (per
// administrations.tsv) bears this name in this office, or -1.
func (lx *lexicon) headOfState(name, officeName string) int {
	toks := nameTokens(name)
	if len(toks) == 0 {
		return -1
	}
	found := -1
	for _, t := range lx.terms {
		if t.office != officeName || !nameCompatible(toks, t.fold) {
			continue
		}
		if found >= 0 && found != t.country {
			return -1
		}
		found = t.country
	}
	return found
}

// refOf turns a span into the entity it designates in this document, or
// false. Roles and titles are resolved to the document's holder when it
// names one.
func (r *reader) refOf(p *para, k int) (ref, bool) {
	s := p.spans[k]
	switch s.kind {
	case sPerson:
		return ref{kind: sPerson, name: s.name, weak: s.word == "weak"}, true
	case sOffice:
		if s.ref < 0 {
			return ref{}, false
		}
		if s.holder >= 0 {
			return ref{kind: sPerson, name: p.spans[s.holder].name}, true
		}
		pos := p.idx<<20 | s.a
		hs := r.holdsBy[s.ref]
		for i := len(hs) - 1; i >= 0; i-- {
			if h := r.res.holds[hs[i]]; h.pos < pos {
				return ref{kind: sPerson, name: h.person}, true
			}
		}
		if len(hs) > 0 {
			return ref{kind: sPerson, name: r.res.holds[hs[0]].person}, true
		}
		return ref{kind: sOffice, idx: s.ref}, true
	case sTitle:
		if s.holder >= 0 {
			return ref{kind: sPerson, name: p.spans[s.holder].name}, true
		}
		// The latest holder of an office of that name; a bounded look back.
		pos := p.idx<<20 | s.a
		for i := len(r.res.holds) - 1; i >= 0 && i >= len(r.res.holds)-64; i-- {
			if h := r.res.holds[i]; h.pos < pos && strings.Contains(r.lx.offices[h.office].fold, s.word) {
				return ref{kind: sPerson, name: r.res.holds[i].person}, true
			}
		}
	case sOrg:
		if s.ref >= 0 {
			return ref{kind: sOrg, idx: s.ref}, true
		}
		if s.orgNew {
			return ref{kind: sOrg, idx: -2 - s.qual, name: s.name}, true
		}
	case sCountry:
		if !r.lx.countries[s.ref].region {
			return ref{kind: sCountry, idx: s.ref}, true
		}
	case sPronoun:
		switch s.word {
		case "he", "she":
			if r.lastWho.kind != 0 {
				return r.lastWho, true
			}
		case "it":
			if r.lastOrg.kind != 0 {
				return r.lastOrg, true
			}
		}
	}
	return ref{}, false
}

// actor reports whether span k can be the subject of a verb.
func actor(s span) bool {
	switch s.kind {
	case sPerson:
		return !s.poss && !s.relCl && s.owner < 0 || (s.owner >= 0 && !s.poss && !s.relCl)
	case sOffice:
		return s.holder < 0 && !s.poss && !s.relCl
	case sTitle:
		return s.holder < 0 && !s.poss && !s.relCl
	case sOrg:
		return !s.poss && !s.relCl
	case sCountry:
		return !s.isQual && !s.adj && !s.relCl
	case sPronoun, sJoint:
		return true
	}
	return false
}
