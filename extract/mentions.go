package extract

import (
	"slices"
	"sort"
	"strings"
)

// spanKind says what a span of tokens names.
type spanKind uint8

const (
	sPerson  spanKind = iota + 1 // a person's name
	sCountry                     // a country (or region) name, adjective or abbreviation
	sCity                        // a city
	sOffice                      // an office; role when no holder follows
	sOrg                         // an organization
	sTitle                       // a bare title ("the secretary"), or a title before a name
	sEvent                       // a named event ("Second ... Dialogue on ...")
	sPronoun                     // he, she, it, we, they, I
	sJoint                       // "both countries", "the two governments"
	sCand                        // a lone capitalised word: maybe a surname mentioned before
)

// span is a mention: tokens [a, b) of a paragraph.
type span struct {
	kind   spanKind
	a, b   int
	name   string // surface text of the name (person, event) or matched phrase
	ref    int    // country, city, office or org index once resolved; -1 if none
	cands  []int  // office or org candidates before the country is chosen
	tmpls  []int  // office or org templates among the candidates: every country's (see lexicon.candidate)
	qual   int    // qualifying country index, -1 if none
	holder int    // for offices and titles: index of the person span holding it, -1
	owner  int    // for a person: index of the office span before the name, -1
	poss   bool   // followed by 's: a modifier, not an actor
	adj    bool   // a country adjective
	isQual bool   // a country span that qualifies an office or organization
	relCl  bool   // inside a relative clause (", who ...,")
	quote  int    // quote id, 0 outside quotes
	sent   int    // sentence index in the paragraph
	word   string // folded head word for titles and pronouns
	guess  bool   // office: the text gave no clue to its country
	orgNew bool   // organization read from its shape, not from the lexicon
	shape  string // office read from its shape: its name ("Deputy Director of the Office of Ports")
	hint   int    // office: country of an organization or place it names or is "at", -1 if none
	anaph  bool   // office: qualified by "that country's" / "the country's"
	former bool   // office: "former", "ex-": its holder held it before
	vague  bool   // office: a word that names no office alone ("leader"): no guess from the text's countries
}

// quoteSpan is one quotation inside a paragraph: tokens (open, close)
// exclusive; open is -1 when the paragraph continues an earlier quotation
// and close is len(toks) when it runs on past the paragraph.
type quoteSpan struct {
	id          int
	open, close int
}

// para is one analysed paragraph.
type para struct {
	idx     int
	text    string
	toks    []token
	quoteOf []int // per token: quote id or 0
	quotes  []quoteSpan
	sentOf  []int // per token: sentence index
	sents   [][2]int
	spans   []span
	spanAt  []int // per token: index of the covering span or -1
	openEnd bool  // a quotation is still open at the end
	cont    bool  // the paragraph continues a quotation of the previous one
	ar      *arena
	bySent  [][]int    // per sentence: its spans' indexes, in token order
	kinds   []kindSet  // per token: length of the longest phrase of each kind starting there
	best    []entMatch // per token: the best entity phrase starting there
}

// kindSet holds, per entry kind, the length in tokens of the longest phrase
// of that kind starting at a token (0: none).
type kindSet [kLastKind]uint8

// entMatch is the best entity phrase at a token (see bestEntity).
type entMatch struct {
	n  int
	k  entryKind
	es []*entry
}

// lookup walks the trie once from every token: every later question about
// phrases ("does a speech verb start here?") is an array read.
func (lx *lexicon) lookup(p *para) {
	p.kinds = p.ar.kindSets(len(p.toks))
	p.best = p.ar.entMatches(len(p.toks))
	var buf []match
	for i, t := range p.toks {
		if t.kind == tPunct {
			continue
		}
		buf = lx.matches(p.toks, i, buf)
		for _, m := range buf {
			if n := uint8(min(m.n, 255)); n > p.kinds[i][m.e.kind] {
				p.kinds[i][m.e.kind] = n
			}
		}
		if n, k, es := bestEntity(buf); n > 0 {
			p.best[i] = entMatch{n, k, es}
		}
	}
}

// has returns the length of the longest phrase of kind k at token i, or 0.
// phraseEndsAt reports whether a phrase of kind k, starting at most three
// tokens back and not before lo, ends right before token a: "refused to"
// before "meet".
func (p *para) phraseEndsAt(k entryKind, lo, a int) bool {
	for i := max(lo, a-3); i < a; i++ {
		if n := p.has(i, k); n > 0 && i+n == a {
			return true
		}
	}
	return false
}

// countryBeforeOrg returns the length of a country phrase at token k that
// qualifies the organization right after it ("the US Drug Enforcement
// Administration"), or 0.
func (p *para) countryBeforeOrg(k int) int {
	be := p.best[k]
	if be.k != kCountry || be.n == 0 || k+be.n >= len(p.toks) || p.best[k+be.n].k != kOrg || p.best[k+be.n].n == 0 {
		return 0
	}
	return be.n
}

func (p *para) has(i int, k entryKind) int {
	if i < 0 || i >= len(p.kinds) {
		return 0
	}
	return int(p.kinds[i][k])
}

var ordinals = map[string]bool{
	"first": true, "second": true, "third": true, "fourth": true, "fifth": true, "sixth": true,
	"seventh": true, "eighth": true, "ninth": true, "tenth": true, "1st": true, "2nd": true,
	"3rd": true, "4th": true, "5th": true, "6th": true, "7th": true, "8th": true, "9th": true, "10th": true,
}

var eventGlue = map[string]bool{"on": true, "of": true, "for": true, "between": true, "against": true, "and": true, "the": true, "to": true, "in": true}

var officeModifiers = map[string]bool{"acting": true, "interim": true, "former": true, "then": true, "outgoing": true, "incoming": true,
	"longtime": true, "current": true, "new": true, "incumbent": true, "ex": true}

// formerModifiers say the holder no longer holds the office.
var formerModifiers = map[string]bool{"former": true, "then": true, "outgoing": true, "ex": true}

var pronouns = map[string]bool{"he": true, "she": true, "it": true, "we": true, "they": true, "i": true}

var jointHeads = map[string]bool{"countries": true, "nations": true, "governments": true, "sides": true, "neighbors": true, "neighbours": true}

// analyse tokenises a paragraph and finds its quotes, sentences and spans.
// cont says whether the previous paragraph ended inside a quotation.
func (lx *lexicon) analyse(idx int, text string, cont bool, nextQuote *int, ar *arena) *para {
	p := &para{idx: idx, text: text, toks: ar.tokens(text), cont: cont, ar: ar}
	lx.lookup(p)
	p.findQuotes(cont, nextQuote)
	p.findSentences()
	p.spanAt = ar.intsN(len(p.toks))
	for i := range p.spanAt {
		p.spanAt[i] = -1
	}
	lx.findEvents(p)
	lx.findBodyEvents(p)
	lx.findSpans(p)
	p.bySent = make([][]int, len(p.sents))
	for k, s := range p.spans {
		if s.sent < len(p.bySent) {
			p.bySent[s.sent] = append(p.bySent[s.sent], k)
		}
	}
	for s, ks := range p.bySent {
		slices.SortFunc(ks, func(a, b int) int { return p.spans[a].a - p.spans[b].a })
		if len(ks) > maxSentenceMentions {
			// The sentence rules look at the first ones only, so that their
			// work per sentence stays bounded.
			p.bySent[s] = ks[:maxSentenceMentions]
		}
	}
	return p
}

// spansIn returns the indexes of the spans starting in tokens [lo, hi), in
// token order, looking only at the sentences those tokens belong to.
func (p *para) spansIn(lo, hi int) []int {
	if lo >= hi || lo >= len(p.toks) {
		return nil
	}
	hi = min(hi, len(p.toks))
	var out []int
	for s := p.sentOf[lo]; s <= p.sentOf[hi-1]; s++ {
		for _, k := range p.bySent[s] {
			if a := p.spans[k].a; a >= lo && a < hi {
				out = append(out, k)
			}
		}
	}
	return out
}

// inSentence returns the indexes of the spans of sentence s.
func (p *para) inSentence(s int) []int {
	if s < 0 || s >= len(p.bySent) {
		return nil
	}
	return p.bySent[s]
}

// findQuotes marks the quotations of a paragraph: curly or straight marks,
// a quotation still open at the end (continued in the next paragraph), and
// one continued from the previous paragraph.
func (p *para) findQuotes(cont bool, nextQuote *int) {
	p.quoteOf = p.ar.intsN(len(p.toks))
	cur := -1 // index into p.quotes of the open quote
	straight := false
	open := func(at int) {
		*nextQuote++
		p.quotes = append(p.quotes, quoteSpan{id: *nextQuote, open: at, close: len(p.toks)})
		cur = len(p.quotes) - 1
	}
	if cont {
		// A continued quotation opens again with a mark in the new paragraph;
		// if it does not, it still continues from the start.
		if len(p.toks) == 0 {
			return
		}
		if ok, _ := quoteMark(p.toks[0]); !ok {
			open(-1)
		}
	}
	for i, t := range p.toks {
		if t.kind != tPunct {
			if cur >= 0 {
				p.quoteOf[i] = p.quotes[cur].id
			}
			continue
		}
		ok, dir := quoteMark(t)
		if !ok {
			if cur >= 0 {
				p.quoteOf[i] = p.quotes[cur].id
			}
			continue
		}
		switch {
		case dir == 0 && cur >= 0 && straight, dir == -1 && cur >= 0:
			p.quotes[cur].close = i
			cur = -1
		case dir == -1 && cur < 0 && len(p.quotes) == 0:
			// A closing mark with nothing open: the paragraph began inside a
			// quotation whose opening mark was lost.
			*nextQuote++
			p.quotes = append(p.quotes, quoteSpan{id: *nextQuote, open: -1, close: i})
			for k := 0; k < i; k++ {
				p.quoteOf[k] = *nextQuote
			}
		case dir == -1:
		default:
			if cur >= 0 {
				p.quotes[cur].close = i
			}
			open(i)
			straight = dir == 0
		}
	}
	p.openEnd = cur >= 0
}

// Bounds on a sentence: the longest sentences of news texts have about a
// hundred tokens and a few dozen mentions. A longer run (a list, a text
// without periods) is cut into sentences of maxSentenceTokens tokens, and
// the sentence rules see the first maxSentenceMentions mentions of each.
const (
	maxSentenceTokens   = 400
	maxSentenceMentions = 128
)

// findSentences splits at . ! ? followed by a capital, a number or an
// opening quote; a dotted abbreviation ("D.C.") ends a sentence only before
// a word that cannot continue a name ("At", "The").
func (p *para) findSentences() {
	p.sentOf = p.ar.intsN(len(p.toks))
	start, s := 0, 0
	n := len(p.toks)
	for i := 0; i < n; i++ {
		p.sentOf[i] = s
		t := p.toks[i]
		end := false
		j := i + 1
		switch {
		case t.kind == tPunct && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "…"):
			for j < n && p.toks[j].kind == tPunct && (p.toks[j].text == "”" || p.toks[j].text == "\"" || p.toks[j].text == ")" || p.toks[j].text == "’" || p.toks[j].text == "." || p.toks[j].text == "!") {
				if p.toks[j].text == "\"" && p.quoteOf[j] == 0 && j+1 < n && p.toks[j+1].kind == tWord {
					break
				}
				j++
			}
			end = j >= n || p.toks[j].cap || p.toks[j].kind == tNum || isOpenQuote(p.toks[j])
		case t.kind == tWord && strings.HasSuffix(t.text, ".") && strings.Count(t.text, ".") >= 2 && j < n:
			nt := p.toks[j]
			end = nt.cap && sentenceStarters[nt.fold]
		}
		if !end && j-start >= maxSentenceTokens {
			// A run-on "sentence" (a list, a text without periods) is cut so
			// that the per-sentence rules stay linear in the text.
			end, j = true, i+1
		}
		if end && j < n {
			for k := i + 1; k < j; k++ {
				p.sentOf[k] = s
			}
			p.sents = append(p.sents, [2]int{start, j})
			start = j
			s++
			i = j - 1
		}
	}
	if start < n || n == 0 {
		p.sents = append(p.sents, [2]int{start, n})
	}
}

var sentenceStarters = map[string]bool{
	"the": true, "at": true, "in": true, "on": true, "he": true, "she": true, "it": true, "they": true,
	"we": true, "this": true, "that": true, "a": true, "an": true, "but": true, "and": true, "during": true,
	"after": true, "before": true, "officials": true, "both": true, "his": true, "her": true, "their": true,
	"last": true, "later": true, "also": true, "meanwhile": true, "however": true, "moreover": true,
}

func isOpenQuote(t token) bool {
	ok, dir := quoteMark(t)
	return ok && dir >= 0
}

// sentence returns the text of sentence s, trimmed.
func (p *para) sentence(s int) string {
	if s < 0 || s >= len(p.sents) || len(p.toks) == 0 {
		return p.text
	}
	a, b := p.sents[s][0], p.sents[s][1]
	if a >= b {
		return ""
	}
	return strings.TrimSpace(p.text[p.toks[a].start:p.toks[b-1].end])
}

// findEvents marks named events: capitalised words ending in an event head
// ("Dialogue", "Summit"), with a leading ordinal and an "on/of/for ..."
// tail of capitalised words.
func (lx *lexicon) findEvents(p *para) {
	toks := p.toks
	for h := 0; h < len(toks); h++ {
		if !toks[h].cap || p.has(h, kEventHead) != 1 || p.spanAt[h] >= 0 {
			continue
		}
		a := h
		caps := 0
		for a > 0 {
			t := toks[a-1]
			if t.text == "-" && a >= 2 && toks[a-2].kind == tWord {
				a--
				continue
			}
			// "North American Leaders’ Summit": a plural's apostrophe.
			if (t.text == "’" || t.text == "'") && a >= 2 && toks[a-2].cap && strings.HasSuffix(toks[a-2].fold, "s") {
				a--
				continue
			}
			hyphenTail := a >= 2 && toks[a-2].text == "-"
			if t.kind == tWord && (t.cap || hyphenTail || (a < len(toks) && toks[a].text == "-")) && p.has(a-1, kNotName) == 0 {
				if t.cap {
					caps++
				}
				a--
				continue
			}
			break
		}
		if a > 0 && (ordinals[toks[a-1].fold] || numberedOrdinal(toks[a-1])) {
			a--
		}
		if caps == 0 {
			continue
		}
		b := h + 1
		if b+1 < len(toks) && (toks[b].fold == "on" || toks[b].fold == "of" || toks[b].fold == "for" || toks[b].fold == "between" || toks[b].fold == "against") && toks[b+1].cap && !isDateWord(toks[b+1].fold) {
			e := b + 1
			last := e
			for e < len(toks) {
				t := toks[e]
				if t.kind == tWord && (t.cap || eventGlue[t.fold]) || t.text == "-" {
					if t.cap {
						last = e + 1
					}
					e++
					continue
				}
				break
			}
			b = last
		}
		sp := span{kind: sEvent, a: a, b: b, ref: -1, qual: -1, holder: -1, owner: -1,
			name: strings.TrimSpace(p.text[toks[a].start:toks[b-1].end]), quote: p.quoteOf[h], sent: p.sentOf[h]}
		p.addSpan(sp)
		h = b - 1
	}
}

// findBodyEvents marks the meetings of an international body named by the
// body and a lowercase meeting noun: "the APEC summit", "the Asia-Pacific
// Economic Cooperation (Apec) forum", "the NATO meeting". A national body's
// ("the State Department meeting") is a place or a host, not an event.
func (lx *lexicon) findBodyEvents(p *para) {
	toks := p.toks
	for h := 1; h < len(toks); h++ {
		n := p.has(h, kMeeting)
		if n == 0 || toks[h].cap || p.spanAt[h] >= 0 {
			continue
		}
		end := h
		if toks[h-1].text == ")" && h >= 3 && toks[h-3].text == "(" {
			end = h - 3 // "... Cooperation (Apec) forum"
		}
		a := -1
		for i := max(0, end-8); i < end; i++ {
			if be := p.best[i]; be.k == kOrg && i+be.n == end && toks[i].cap && lx.orgs[be.es[0].ref].kind == "international" && !be.es[0].tmpl {
				a = i
				break
			}
		}
		if a < 0 || slices.ContainsFunc(p.spanAt[a:h+n], func(k int) bool { return k >= 0 }) {
			continue
		}
		p.addSpan(span{kind: sEvent, a: a, b: h + n, ref: -1, qual: -1, holder: -1, owner: -1,
			name: p.text[toks[a].start:toks[h+n-1].end], quote: p.quoteOf[h], sent: p.sentOf[h]})
		h += n - 1
	}
}

// isDateWord reports whether f names a month or a weekday: "Summit on
// January 9" is the Summit, on a date.
func isDateWord(f string) bool {
	_, m := months[f]
	_, w := weekdays[f]
	return m || w
}

// numberedOrdinal reports whether t is an ordinal in digits ("10th",
// "21st").
func numberedOrdinal(t token) bool {
	if t.kind != tNum || len(t.fold) < 3 {
		return false
	}
	switch t.fold[len(t.fold)-2:] {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

func (p *para) addSpan(sp span) int {
	p.spans = append(p.spans, sp)
	k := len(p.spans) - 1
	for i := sp.a; i < sp.b; i++ {
		p.spanAt[i] = k
	}
	return k
}

var entityRank = [kLastKind]int{kOffice: 4, kOrg: 3, kCity: 2, kCountry: 1}

// bestEntity picks the best lexicon entity starting at i: the longest, and at
// equal length office > organization > city > country.
func bestEntity(ms []match) (n int, k entryKind, es []*entry) {
	for _, m := range ms {
		r := entityRank[m.e.kind]
		if r == 0 {
			continue
		}
		if m.n > n || (m.n == n && r > entityRank[k]) {
			n, k, es = m.n, m.e.kind, nil
		}
		if m.n == n && m.e.kind == k {
			es = append(es, m.e)
		}
	}
	return n, k, es
}

// findSpans reads the mentions of a paragraph left to right.
func (lx *lexicon) findSpans(p *para) {
	toks := p.toks
	for i := 0; i < len(toks); i++ {
		if p.spanAt[i] >= 0 {
			i = p.spans[p.spanAt[i]].b - 1
			continue
		}
		t := toks[i]
		if t.kind != tWord {
			continue
		}
		start := i
		// Office modifiers are read and dropped.
		if officeModifiers[t.fold] && i+1 < len(toks) {
			j := i + 1
			if toks[j].text == "-" && j+1 < len(toks) {
				j++
			}
			if be := p.best[j]; (be.n > 0 && be.k == kOffice) || p.has(j, kRank) > 0 || p.has(j, kOfficeHead) > 0 {
				i = j
			}
		}
		if e, base, ok := lx.readOfficeShape(p, i); ok {
			i = lx.officeSpan(p, start, i, e, base, p.shapeName(i, e)) - 1
			continue
		}
		n, k, es := p.best[i].n, p.best[i].k, p.best[i].es
		// A given name followed by another name word is a person, even if
		// the first word is also a country ("Chad", "Jordan").
		if t.cap && lx.given[t.fold] && n <= 1 && i+1 < len(toks) && (lx.nameWord(p, i+1) || isOpenQuote(toks[i+1])) {
			if e := lx.readName(p, i); e > i+1 {
				i = lx.addPerson(p, i, e, -1) - 1
				continue
			}
		}
		switch {
		case n > 0 && k == kOffice:
			i = lx.officeSpan(p, start, i, i+n, es, "") - 1
			continue
		case n > 0 && k == kOrg:
			lx.orgSpan(p, start, i+n, es)
			i += n - 1
			continue
		case n > 0 && k == kCity:
			// A place opening an organization's name: "Guadalajara Cartel".
			if e := lx.readOrgShape(p, i); e > i+n {
				p.addSpan(span{kind: sOrg, a: i, b: e, ref: -1, qual: -1, holder: -1, owner: -1, orgNew: true,
					name: p.text[toks[i].start:toks[e-1].end], quote: p.quoteOf[i], sent: p.sentOf[i], poss: e < len(toks) && toks[e].fold == "'s"})
				i = e - 1
				continue
			}
			p.addSpan(span{kind: sCity, a: i, b: i + n, ref: es[0].ref, qual: -1, holder: -1, owner: -1, quote: p.quoteOf[i], sent: p.sentOf[i]})
			i += n - 1
			continue
		case n > 0 && k == kCountry:
			if lx.languageUse(toks, i, n, es[0]) {
				i += n - 1
				continue
			}
			e, adj := i+n, es[0].adj
			if g := p.has(e, kGovHead); adj && g > 0 && p.spanAt[e] < 0 && p.best[e].n == 0 {
				e, adj = e+g, false // "the Chilean government": Chile acting
			}
			p.addSpan(span{kind: sCountry, a: i, b: e, ref: es[0].ref, qual: -1, holder: -1, owner: -1, adj: adj,
				name: p.text[toks[i].start:toks[e-1].end], quote: p.quoteOf[i], sent: p.sentOf[i]})
			i = e - 1
			continue
		}
		// "Deputy Assistant Secretary Mark Ellison": ranks before a title
		// that introduces a name are part of it, no one's name.
		if t.cap && p.has(i, kRank) > 0 {
			j := i
			for j < len(toks) && toks[j].cap && p.has(j, kRank) > 0 && p.spanAt[j] < 0 && p.best[j].n == 0 {
				j += p.has(j, kRank)
			}
			if tn := p.has(j, kTitle); j > i && tn > 0 && toks[j].cap && j+tn < len(toks) && lx.nameWord(p, j+tn) && lx.readName(p, j+tn) > j+tn+1 {
				i = lx.addTitle(p, i, j+tn) - 1
				continue
			}
		}
		if tn := p.has(i, kTitle); tn > 0 {
			i = lx.addTitle(p, i, i+tn) - 1
			continue
		}
		// "General Luis Ferro": a rank before a given name and a surname.
		if rn := p.has(i, kNameRank); rn > 0 && i+rn+1 < len(toks) && lx.given[toks[i+rn].fold] && lx.readName(p, i+rn) > i+rn+1 {
			i = lx.addTitle(p, i, i+rn) - 1
			continue
		}
		if pronouns[t.fold] {
			p.addSpan(span{kind: sPronoun, a: i, b: i + 1, ref: -1, qual: -1, holder: -1, owner: -1, word: t.fold, quote: p.quoteOf[i], sent: p.sentOf[i]})
			continue
		}
		if (t.fold == "both" || t.fold == "two") && i+1 < len(toks) && jointHeads[toks[i+1].fold] {
			a := i
			if t.fold == "two" && i > 0 && toks[i-1].fold == "the" {
				a = i - 1
			}
			p.addSpan(span{kind: sJoint, a: a, b: i + 2, ref: -1, qual: -1, holder: -1, owner: -1, quote: p.quoteOf[i], sent: p.sentOf[i]})
			i++
			continue
		}
		if t.cap {
			if e := lx.readOrgShape(p, i); e > i {
				sp := span{kind: sOrg, a: i, b: e, ref: -1, qual: -1, holder: -1, owner: -1, orgNew: true,
					name: p.text[toks[i].start:toks[e-1].end], quote: p.quoteOf[i], sent: p.sentOf[i]}
				if q := p.qualifierBefore(i); q >= 0 {
					sp.qual = p.spans[q].ref
					p.spans[q].isQual = true
				} else if q, end := lx.qualifierAfter(p, e); q >= 0 {
					sp.qual, sp.b, e = q, end, end
				}
				sp.poss = e < len(toks) && toks[e].fold == "'s"
				p.addSpan(sp)
				i = e - 1
				continue
			}
		}
		if t.cap && lx.nameWord(p, i) {
			e := lx.readName(p, i)
			if e > i+1 && e < len(toks) && lx.personCue(p, i, e) {
				i = lx.addPerson(p, i, e, -1) - 1
				continue
			}
			// A lone capitalised word may be a surname; "La", "El" (name
			// particles, Spanish articles) and accord nouns ("a historic
			// Memorandum of ...") never are.
			if e == i+1 && p.has(i, kParticle) == 0 && p.has(i, kAccord) == 0 && (!lx.sentenceInitial(p, i) || verbAfter(toks, i+1) || listAfter(toks, i+1) || beAfter(toks, i) || relativeAfter(toks, i+1) || quotedApposition(toks, i)) {
				p.addSpan(span{kind: sCand, a: i, b: i + 1, ref: -1, qual: -1, holder: -1, owner: -1, name: t.text, quote: p.quoteOf[i], sent: p.sentOf[i],
					poss: i+1 < len(toks) && toks[i+1].fold == "'s"})
			}
			// A run of capitalised words may repeat the family names of a
			// full name: "Lopez Obrador" after "Andres Manuel Lopez Obrador".
			if e > i+1 && e-i <= 3 && (!lx.sentenceInitial(p, i) || verbAfter(toks, e) || listAfter(toks, e) || relativeAfter(toks, e) || quotedApposition(toks, i)) {
				p.addSpan(span{kind: sCand, a: i, b: e, ref: -1, qual: -1, holder: -1, owner: -1, name: p.text[t.start:toks[e-1].end],
					quote: p.quoteOf[i], sent: p.sentOf[i], poss: e < len(toks) && toks[e].fold == "'s"})
			}
			if e > i+1 {
				i = e - 1
			}
		}
	}
}

// sentenceInitial reports whether token i starts its sentence or quote.
func (lx *lexicon) sentenceInitial(p *para, i int) bool {
	if i == 0 {
		return true
	}
	if p.sentOf[i-1] != p.sentOf[i] {
		return true
	}
	prev := p.toks[i-1]
	ok, _ := quoteMark(prev)
	return ok || prev.text == "(" || prev.text == ":" || prev.text == "—"
}

// languageUse tells "wrote in Spanish:" (a language) from a country adjective.
func (lx *lexicon) languageUse(toks []token, i, n int, e *entry) bool {
	if !e.adj || i == 0 || toks[i-1].fold != "in" {
		return false
	}
	return i+n >= len(toks) || toks[i+n].kind == tPunct
}

// nameWord reports whether toks[i] can be part of a person's name.
func (lx *lexicon) nameWord(p *para, i int) bool {
	t := p.toks[i]
	if t.kind != tWord || !t.cap || t.fold == "'s" {
		return false
	}
	if _, ok := months[t.fold]; ok {
		return false
	}
	if _, ok := weekdays[t.fold]; ok {
		return false
	}
	if p.has(i, kNotName) > 0 || p.has(i, kEventHead) > 0 {
		return false
	}
	// An initial ("M.") or a word in mixed case; all capitals is an acronym.
	r := []rune(t.text)
	if len(r) == 2 && r[1] == '.' {
		return true
	}
	if strings.HasSuffix(t.text, ".") {
		return false
	}
	return strings.ToUpper(t.text) != t.text || len(r) == 1
}

// readName returns the end of the person's name starting at i (i itself if
// none): name words, initials, inner particles ("de la") and hyphens.
func (lx *lexicon) readName(p *para, i int) int {
	toks := p.toks
	e := i
	words := 0
	limit := 7
	if p.titleCase(p.sentOf[i]) {
		// A headline runs words on ("Laura Quintero Faces Questions"):
		// two name words, three after two given names; the body's full
		// form of the name joins it across the document.
		limit = 2
		if i+1 < len(toks) && lx.given[toks[i].fold] && lx.given[toks[i+1].fold] {
			limit = 3
		}
	}
	allGiven := true // every word so far is a given name or an initial
	for e < len(toks) && words < limit {
		if p.spanAt[e] >= 0 {
			break
		}
		if e > i && (p.has(e, kNameStop) > 0 || p.has(e, kOfficeHead) > 0 && !lx.given[toks[e].fold]) {
			break
		}
		if e > i && p.has(e, kNotPerson) > 0 {
			return i // "Maya Train", "San Isidro Air Base": a place, no person
		}
		if e > i && !lx.given[toks[e].fold] {
			if be := p.best[e]; be.n > 0 {
				// A surname that is also a place: "Lisa Monaco", "Ruth Peru".
				// After given names, or ending a longer name in running text
				// ("Carlos Holmes Trujillo said"): English sets no place
				// right after a name without a preposition or a comma.
				place := be.n == 1 && (be.k == kCity || be.k == kCountry && !be.es[0].adj)
				poss := e+1 < len(toks) && toks[e+1].fold == "'s"
				last := limit == 7 && words >= 2 && !(e+1 < len(toks) && lx.nameWord(p, e+1))
				if !place || !(allGiven || last) || poss || !toks[e].cap {
					break
				}
			}
		}
		if lx.nameWord(p, e) {
			allGiven = allGiven && (lx.given[toks[e].fold] || isInitial(toks[e].fold))
			e++
			words++
			continue
		}
		if e > i && toks[e].text == "-" && e+1 < len(toks) && lx.nameWord(p, e+1) && toks[e].start == toks[e-1].end {
			e++
			continue
		}
		if e > i {
			// A nickname in quotes inside the name: Joaquín "El Chapo" Guzmán.
			if ok, dir := quoteMark(toks[e]); ok && dir >= 0 {
				c := e + 1
				for c < len(toks) && c <= e+4 && toks[c].kind == tWord && toks[c].cap {
					c++
				}
				if c > e+1 && c+1 < len(toks) {
					if ok, dir := quoteMark(toks[c]); ok && dir <= 0 && lx.nameWord(p, c+1) {
						e = c + 1
						continue
					}
				}
			}
		}
		if e > i {
			if pn := p.has(e, kParticle); pn > 0 && !toks[e].cap && e+pn < len(toks) && lx.nameWord(p, e+pn) {
				e += pn
				continue
			}
		}
		break
	}
	// A name does not end on a particle or hyphen.
	for e > i && (toks[e-1].text == "-" || p.has(e-1, kParticle) > 0 && !toks[e-1].cap) {
		e--
	}
	return e
}

func (lx *lexicon) addPerson(p *para, a, b, owner int) int {
	toks := p.toks
	sp := span{kind: sPerson, a: a, b: b, ref: -1, qual: -1, holder: -1, owner: owner,
		name: strings.TrimSpace(p.text[toks[a].start:toks[b-1].end]), quote: p.quoteOf[a], sent: p.sentOf[a]}
	sp.poss = b < len(toks) && toks[b].fold == "'s"
	k := p.addSpan(sp)
	if owner >= 0 {
		p.spans[owner].holder = k
	}
	return b
}

// qualifierBefore returns the index of a country span that qualifies a
// phrase starting at token a: "U.S. X", "Mexico's X", "Mexican X", "(US) X".
func (p *para) qualifierBefore(a int) int {
	j := a - 1
	if j >= 0 && p.toks[j].fold == "'s" {
		j--
	}
	if j >= 0 && p.toks[j].text == ")" && j >= 2 && p.toks[j-2].text == "(" {
		j--
	}
	if j >= 0 && p.spanAt[j] >= 0 {
		k := p.spanAt[j]
		if p.spans[k].kind == sCountry && p.spans[k].b == j+1 {
			return k
		}
	}
	return -1
}

// qualifierAfter reads "of <country>" after an office or organization.
func (lx *lexicon) qualifierAfter(p *para, b int) (int, int) {
	toks := p.toks
	if b+1 < len(toks) && toks[b].fold == "of" {
		j := b + 1
		if toks[j].fold == "the" && j+1 < len(toks) {
			j++
		}
		if n, k, es := p.best[j].n, p.best[j].k, p.best[j].es; n > 0 && k == kCountry && !es[0].adj {
			return es[0].ref, j + n
		}
	}
	return -1, b
}

// officeSpan records an office mention at tokens [i, e) (modifiers from
// start) with its qualifier and the name of its holder when one follows.
// shape is the name of an office read from its shape (es are then the
// listed offices under its rank, if any).
func (lx *lexicon) officeSpan(p *para, start, i, e int, es []*entry, shape string) int {
	toks := p.toks
	sp := span{kind: sOffice, a: start, b: e, ref: -1, qual: -1, holder: -1, owner: -1, hint: -1, shape: shape,
		name: p.text[toks[i].start:toks[e-1].end], quote: p.quoteOf[i], sent: p.sentOf[i], former: formerModifiers[toks[start].fold]}
	needQual := shape == ""
	sp.vague = len(es) > 0
	for _, en := range es {
		sp.vague = sp.vague && en.needQual
		if en.tmpl {
			sp.tmpls = append(sp.tmpls, en.ref)
		} else {
			sp.cands = append(sp.cands, en.ref)
		}
		if !en.needQual && en.words > 1 {
			needQual = false
		}
	}
	if q := p.qualifierBefore(start); q >= 0 {
		sp.qual = p.spans[q].ref
		p.spans[q].isQual = true
	} else if start >= 3 && toks[start-1].fold == "'s" && toks[start-2].fold == "country" && (toks[start-3].fold == "that" || toks[start-3].fold == "the") {
		// "that country's defense minister": the country named last.
		sp.anaph = true
	}
	if sp.qual < 0 {
		if q, end := lx.qualifierAfter(p, e); q >= 0 {
			sp.qual, sp.b, e = q, end, end
		}
	}
	// "at the State Department", "at the Ministry of Ports": the office is
	// that body's, and of its country.
	if h, end := lx.bodyAfter(p, e); end > e {
		sp.hint, sp.b, e = h, end, end
	}
	for _, k := range shapeHints(p, lx, i, e) {
		if sp.hint < 0 {
			sp.hint = k
		}
	}
	name := e
	// Honorifics and ranks between an office and its holder: "Homeland
	// Security Advisor Dr. Ana Vidal", "Minister of Defense Lt. Gen. X".
	for k := 0; k < 2 && name+1 < len(toks) && honorific(toks[name]); k++ {
		name++
	}
	// An acronym in brackets: "Secretary of Homeland Security (DHS) Ana Duarte".
	if name+3 < len(toks) && toks[name].text == "(" && toks[name+2].text == ")" && toks[name+1].text == strings.ToUpper(toks[name+1].text) && lx.nameWord(p, name+3) {
		name += 3
	}
	if name < len(toks) && lx.nameWord(p, name) {
		if end := lx.readName(p, name); end > name {
			e, name = name, end
		} else {
			name = e
		}
	} else {
		name = e
	}
	if needQual && sp.qual < 0 && !sp.anaph && name == e {
		// "the president": a bare title, resolved to the last holder of an
		// office of that name in the document.
		if start > 0 && toks[start-1].fold == "the" {
			sp.kind = sTitle
			sp.word = toks[e-1].fold
			p.addSpan(sp)
		}
		return e
	}
	k := p.addSpan(sp)
	if name > e {
		return lx.addPerson(p, e, name, k)
	}
	p.spans[k].poss = e < len(toks) && toks[e].fold == "'s"
	return e
}

// addTitle records a title: before a name it introduces the person; after
// "the" it is a role resolved in the document ("the secretary").
func (lx *lexicon) addTitle(p *para, i, e int) int {
	toks := p.toks
	sp := span{kind: sTitle, a: i, b: e, ref: -1, qual: -1, holder: -1, owner: -1, word: toks[e-1].fold,
		name: p.text[toks[i].start:toks[e-1].end], quote: p.quoteOf[i], sent: p.sentOf[i]}
	if e < len(toks) && lx.nameWord(p, e) {
		if end := lx.readName(p, e); end > e {
			k := p.addSpan(sp)
			return lx.addPerson(p, e, end, k)
		}
	}
	if i > 0 && toks[i-1].fold == "the" {
		p.addSpan(sp)
	}
	return e
}

// orgSpan records an organization mention with its qualifier.
func (lx *lexicon) orgSpan(p *para, i, e int, es []*entry) {
	sp := span{kind: sOrg, a: i, b: e, ref: -1, qual: -1, holder: -1, owner: -1,
		name: p.text[p.toks[i].start:p.toks[e-1].end], quote: p.quoteOf[i], sent: p.sentOf[i]}
	needQual := true
	for _, en := range es {
		if en.tmpl {
			sp.tmpls = append(sp.tmpls, en.ref)
		} else {
			sp.cands = append(sp.cands, en.ref)
		}
		if !en.needQual {
			needQual = false
		}
	}
	if q := p.qualifierBefore(i); q >= 0 {
		sp.qual = p.spans[q].ref
		p.spans[q].isQual = true
	}
	if sp.qual >= 0 && e-i >= 2 && p.toks[i].cap && p.toks[e-1].cap {
		// "Chilean Security Cabinet" when only Mexico's is listed: a body
		// of the qualifier's country read from its shape.
		if lx.candidate(&sp, sp.qual) < 0 {
			sp.cands, sp.tmpls, sp.orgNew = nil, nil, true
		}
	}
	if needQual && sp.qual < 0 {
		sp.cands, sp.tmpls = nil, nil // "the foreign ministry", "the army": of no named country
		// A capitalised name of two words or more still names a body:
		// "The Supreme Court met".
		if e-i >= 2 && p.toks[i].cap && p.toks[e-1].cap {
			sp.orgNew = true
		}
	}
	sp.poss = e < len(p.toks) && p.toks[e].fold == "'s"
	p.addSpan(sp)
}

// sentAt returns the index of the sentence holding byte offset off.
func (p *para) sentAt(off int) int {
	i := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].end > off })
	if i >= len(p.toks) {
		return max(len(p.sents)-1, 0)
	}
	return p.sentOf[i]
}

// functionWords cannot follow a surname that opens a sentence ("Under the
// deal" is not a person; "Ferrando concluded" is).
var functionWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "to": true, "in": true,
	"on": true, "for": true, "with": true, "and": true, "or": true, "at": true, "by": true, "from": true,
	"as": true, "is": true, "are": true, "was": true, "were": true, "this": true, "that": true, "these": true,
	"those": true, "it": true, "its": true, "their": true, "his": true, "her": true, "all": true, "no": true}

// verbAfter reports whether token i can be the verb after a sentence's
// first word: a lowercase word that is not a function word, or "'s".
func verbAfter(toks []token, i int) bool {
	if i >= len(toks) {
		return false
	}
	t := toks[i]
	return t.fold == "'s" || (t.kind == tWord && !t.cap && !functionWords[t.fold])
}

// beAfter reports whether the sentence's first word, token i, is followed
// by "was" or "is" and is no pronoun or determiner: "Noem was headed to
// ...", not "It was" or "There is". It is a surname only if a full name in
// the text has it.
func beAfter(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i+1].fold != "was" && toks[i+1].fold != "is" {
		return false
	}
	f := toks[i].fold
	return !functionWords[f] && !pronouns[f] && !determiners[f] && f != "there" && f != "here" && f != "what" && f != "which" && f != "who"
}

// listAfter reports whether token i continues a pair of names after a
// sentence's first word: "Velez and Halloway agreed". The first word is a
// surname only if a full name in the text has it. Not a comma: "Meanwhile,
// Ruiz said" opens with an adverb.
func listAfter(toks []token, i int) bool {
	return i+1 < len(toks) && (toks[i].fold == "and" || toks[i].fold == "y") && toks[i+1].kind == tWord && toks[i+1].cap
}

// relativeAfter reports whether token i opens a relative clause about a
// sentence's first word: "Velez, who arrived on Monday, met ...". The first
// word is a surname only if a full name in the text has it.
func relativeAfter(toks []token, i int) bool {
	return i+1 < len(toks) && toks[i].text == "," && (toks[i+1].fold == "who" || toks[i+1].fold == "whose")
}

// quotedApposition reports whether the word at token i follows a closing
// quotation mark and opens an apposition: "“...,” Vidal, the interior
// minister, said". The word is a surname only if a full name in the text
// has it.
func quotedApposition(toks []token, i int) bool {
	if i == 0 || i+2 >= len(toks) {
		return false
	}
	if ok, dir := quoteMark(toks[i-1]); !ok || dir > 0 {
		return false
	}
	j := i + 1
	for j < len(toks) && toks[j].kind == tWord && toks[j].cap {
		j++ // "“...,” Ruiz Trujillo, the minister, said"
	}
	return j+1 < len(toks) && toks[j].text == "," && determiners[toks[j+1].fold]
}

// orgGlue may join the words of an organization's name.
var orgGlue = map[string]bool{"of": true, "and": true, "for": true, "the": true, "de": true, "del": true, "la": true, "y": true, "on": true}

// readOrgShape reads an organization the lexicon does not know from its
// shape: capitalised words ending in an organization noun ("Supreme Court",
// "Santa Rosa de Lima Cartel") or opened by one ("Ministry of Finance",
// "Cartel de Santa Rosa de Lima"). It returns the end, or i if none.
func (lx *lexicon) readOrgShape(p *para, i int) int {
	toks := p.toks
	e, last, words := i, i, 0
	for e < len(toks) && words < 8 {
		t := toks[e]
		switch {
		case p.spanAt[e] >= 0:
		case e > i && words >= 1 && lx.given[t.fold] && e+1 < len(toks) && lx.nameWord(p, e+1) && p.best[e].n == 0:
			// A person after the name: "Office of Ports Policy Ana Vidal".
		case e > i && words >= 2 && p.has(e, kOfficeHead) > 0:
			// An office after the name: "Office of Ports Policy Director".
		case t.kind == tWord && t.cap && p.best[e].n == 0 && p.has(e, kNotName) == 0:
			e++
			words++
			last = e
			continue
		case t.cap && (p.best[e].k == kCity || p.best[e].k == kCountry && e > i) && !p.best[e].es[0].adj:
			// A place inside the name: "Santa Rosa de Lima Cartel".
			e += p.best[e].n
			words++
			last = e
			continue
		case e > i && t.kind == tWord && !t.cap && orgGlue[t.fold] && e+1 < len(toks) && toks[e+1].cap:
			e++
			continue
		}
		break
	}
	if last == i {
		return i
	}
	e = last
	// "Ministry of Finance of Peru": the country qualifies, it is not the
	// name; "Ministry of Ports and Peru": a second party.
	for j := i + 1; j+1 < e; j++ {
		if (toks[j].fold == "of" || toks[j].fold == "and") && p.best[j+1].k == kCountry && j+1+p.best[j+1].n == e {
			e, words = j, words-1
			break
		}
	}
	if words >= 2 && p.has(e-1, kOrgHead) > 0 {
		return e
	}
	if p.has(i, kOrgFront) > 0 && words >= 2 && orgGlue[toks[i+1].fold] {
		return e
	}
	return i
}

// readOfficeShape reads an office the tables do not list from its shape,
// at token i (modifiers already skipped):
//   - a listed office with a topic after it: "Deputy Secretary of State for
//     Ports", "Minister of Justice and Public Security";
//   - ranks before a listed office: "Deputy Secretary of Homeland Security";
//   - ranks and a head noun with a topic: "Principal Deputy Assistant
//     Secretary for Ports Affairs", "Undersecretary of Intelligence";
//   - topic words before a head noun, then a name or after a country:
//     "Canada's National Security and Intelligence Advisor".
//
// It returns the end of the office and the listed offices it is built on
// (their country is its country), or false.
func (lx *lexicon) readOfficeShape(p *para, i int) (int, []*entry, bool) {
	toks := p.toks
	// Lowercase ranks and heads only after "the" or a country: "the
	// undersecretary of Ports", "Chile's deputy minister of Energy".
	lower := !toks[i].cap
	// ", a deputy assistant secretary of state,": in apposition to a name.
	appos := i > 1 && (toks[i-1].fold == "a" || toks[i-1].fold == "an") && toks[i-2].text == ","
	if lower && !(i > 0 && toks[i-1].fold == "the" || appos || p.qualifierBefore(i) >= 0) {
		return 0, nil, false
	}
	if lower && p.best[i].n > 0 {
		return 0, nil, false // a listed office as written: "the foreign minister"
	}
	if be := p.best[i]; be.n > 0 {
		if be.k != kOffice {
			return 0, nil, false
		}
		if e := lx.officeTail(p, i+be.n); e > i+be.n {
			return e, be.es, true
		}
		// Two offices held together: "Minister of Justice and Attorney
		// General, Ana Duarte" is one office.
		if j := i + be.n; j+2 < len(toks) && toks[j].fold == "and" && p.best[j+1].k == kOffice && p.best[j+1].n > 0 {
			e := j + 1 + p.best[j+1].n
			if e+1 < len(toks) && (lx.nameWord(p, e) || toks[e].text == "," && lx.given[toks[e+1].fold]) {
				return e, be.es, true
			}
		}
		return 0, nil, false
	}
	j := i
	for j < len(toks) && toks[j].cap != lower && p.best[j].n == 0 {
		n := p.has(j, kRank)
		if n == 0 {
			break
		}
		j += n
	}
	if j >= len(toks) || toks[j].cap == lower {
		return 0, nil, false
	}
	if be := p.best[j]; j > i && be.n > 0 && be.k == kOffice {
		return lx.officeTail(p, j+be.n), be.es, true
	}
	if p.best[j].n > 0 {
		return 0, nil, false
	}
	if h := p.has(j, kOfficeHead); h > 0 {
		if e := lx.officeTail(p, j+h); e > j+h {
			return e, nil, true
		}
		return 0, nil, false
	}
	if j > i || lower {
		return 0, nil, false
	}
	// Topic words before a head: "National Security and Intelligence Advisor".
	k, words := i, 0
	for k < len(toks) && words < 5 {
		t := toks[k]
		if t.kind == tWord && t.cap && p.best[k].n == 0 && p.has(k, kOfficeHead) == 0 && p.has(k, kRank) == 0 && !officeModifiers[t.fold] &&
			p.has(k, kTitle) == 0 && p.has(k, kNotName) == 0 && !lx.given[t.fold] && !strings.HasSuffix(t.text, ".") {
			k++
			words++
			continue
		}
		if words > 0 && t.fold == "and" && k+1 < len(toks) && toks[k+1].cap {
			k++
			continue
		}
		break
	}
	if words == 0 || toks[k-1].fold == "and" || lx.sentenceInitial(p, i) {
		return 0, nil, false
	}
	h := p.has(k, kOfficeHead)
	if h == 0 || !toks[k].cap {
		return 0, nil, false
	}
	e := k + h
	// Only after a country or "the": "Lira and Acting Attorney General" after
	// a name is no office.
	if p.qualifierBefore(i) >= 0 || (i > 0 && toks[i-1].fold == "the" && e < len(toks) && lx.nameWord(p, e)) {
		return e, nil, true
	}
	return 0, nil, false
}

// officeGlue joins an office's head to its topic and the topic's words.
var officeGlue = map[string]bool{"of": true, "for": true, "and": true, "on": true}

// officeTail reads the topic after an office's head or a listed office,
// from e: "to <country>", or "of|for|and|on" then capitalised words (glue words, listed
// organizations and places inside). It stops before "of <country>" (a
// qualifier), a person's name, another office and a lowercase word, and
// returns e when there is no topic.
func (lx *lexicon) officeTail(p *para, e int) int {
	toks := p.toks
	// "Ambassador to Peru", "Envoy to the United Kingdom": the country the
	// office is posted to ends its name.
	if e+1 < len(toks) && toks[e].fold == "to" && !toks[e].cap {
		j := e + 1
		if toks[j].fold == "the" && j+1 < len(toks) {
			j++
		}
		if be := p.best[j]; be.n > 0 && be.k == kCountry && !be.es[0].adj {
			return j + be.n
		}
		return e
	}
	end, k, words := e, e, 0
	for k+1 < len(toks) && words < 10 {
		if !officeGlue[toks[k].fold] || toks[k].cap {
			break
		}
		j := k + 1
		if toks[j].fold == "the" && !toks[j].cap && j+1 < len(toks) {
			j++
		}
		n := 0
		for j < len(toks) && words < 10 {
			t := toks[j]
			if t.kind != tWord || !t.cap || p.spanAt[j] >= 0 {
				break
			}
			if lx.given[t.fold] && j+1 < len(toks) && lx.nameWord(p, j+1) && p.best[j].n == 0 {
				break // a person's name: "... for Ports Ana Vidal"
			}
			if p.has(j, kOfficeHead) > 0 || p.has(j, kRank) > 0 {
				break
			}
			if be := p.best[j]; be.n > 0 {
				// "of the US Drug Enforcement Administration": a country
				// before an organization qualifies it.
				if c := p.countryBeforeOrg(j); c > 0 && n == 0 {
					j += c
					continue
				}
				if be.k == kOffice || (be.k == kCountry && !be.es[0].adj) {
					break
				}
				j += be.n
				n++
				words++
				continue
			}
			if t.fold == "'s" || strings.HasSuffix(t.text, ".") && len(t.text) > 2 && strings.Count(t.text, ".") == 1 {
				break
			}
			j++
			n++
			words++
			// Glue inside the topic: "Intelligence and Police Investigation".
			if j+1 < len(toks) && (toks[j].fold == "and" || toks[j].fold == "of") && !toks[j].cap && toks[j+1].cap &&
				p.has(j+1, kOfficeHead) == 0 && p.has(j+1, kRank) == 0 && !(lx.given[toks[j+1].fold] && j+2 < len(toks) && lx.nameWord(p, j+2)) {
				if be := p.best[j+1]; be.n == 0 || be.k == kOrg || be.k == kCity || (be.k == kCountry && be.es[0].adj) {
					j++
				}
			}
		}
		if n == 0 {
			break
		}
		end, k = j, j
	}
	return end
}

// bodyAfter reads "at the <organization>" after an office: it returns the
// organization's country (-1 if it has none or several) and the end.
func (lx *lexicon) bodyAfter(p *para, e int) (int, int) {
	toks := p.toks
	if e+1 >= len(toks) || toks[e].fold != "at" {
		return -1, e
	}
	j := e + 1
	if toks[j].fold == "the" && j+1 < len(toks) {
		j++
	}
	if be := p.best[j]; be.n > 0 && be.k == kOrg {
		return lx.orgCountry(be.es), j + be.n
	}
	return -1, e
}

// orgCountry returns the one country of a set of listed organizations, or -1.
func (lx *lexicon) orgCountry(es []*entry) int {
	c := -1
	for _, en := range es {
		if en.needQual {
			continue
		}
		oc := lx.orgs[en.ref].country
		if oc < 0 || (c >= 0 && oc != c) {
			return -1
		}
		c = oc
	}
	return c
}

// shapeHints returns the countries of the listed organizations and places
// named inside an office's words [i, e): "Deputy Director of the Office of
// National Drug Control Policy", "Governor of Sinaloa".
func shapeHints(p *para, lx *lexicon, i, e int) []int {
	var out []int
	for j := i; j < e; j++ {
		be := p.best[j]
		if be.n == 0 {
			continue
		}
		switch be.k {
		case kOrg:
			if c := lx.orgCountry(be.es); c >= 0 {
				out = append(out, c)
			}
		case kCity:
			if c := lx.cities[be.es[0].ref].country; c >= 0 {
				out = append(out, c)
			}
		}
		j += be.n - 1
	}
	return out
}

// personCue reports whether the capitalised run [i, e) of two or more name
// words stands where a person does, though its given name is not in the
// list: before a speech, attendance or other verb of person_words.tsv
// ("Talia Okonkwo met"; not an auxiliary: "Task Force Delta has"),
// before ", who", in apposition to an office ("Ines Valdor, Undersecretary
// of Ports,"; "the Undersecretary of Ports, Ines Valdor, said") or after a
// person and "and".
func (lx *lexicon) personCue(p *para, i, e int) bool {
	toks := p.toks
	if p.has(i, kNameRank) > 0 || p.has(i, kOfficeHead) > 0 || p.has(i, kRank) > 0 {
		return false // "General Motors was", "Deputy Chief said": no given name after the rank
	}
	if p.has(e, kSpeech) > 0 || p.has(e, kAttend) > 0 || p.has(e, kNameVerb) > 0 {
		return true
	}
	if toks[e].text == "," && e+1 < len(toks) {
		j := e + 1
		if toks[j].fold == "who" {
			return true
		}
		if toks[j].fold == "the" || toks[j].fold == "a" {
			j++
		}
		if j < len(toks) && p.spanAt[j] < 0 && (p.best[j].k == kCountry || p.best[j].k == kOffice || p.has(j, kRank) > 0 || p.has(j, kOfficeHead) > 0) {
			if p.best[j].k == kCountry {
				j += p.best[j].n
				if j < len(toks) && toks[j].fold == "'s" {
					j++
				}
			}
			if j < len(toks) && (p.best[j].k == kOffice || p.has(j, kRank) > 0 || p.has(j, kOfficeHead) > 0) {
				return true
			}
		}
	}
	// "her Chilean counterpart, Zhao Renwu,"
	if i >= 1 && toks[i-1].fold == "counterpart" || i >= 2 && toks[i-1].text == "," && toks[i-2].fold == "counterpart" {
		return true
	}
	if i >= 2 {
		if k := p.spanAt[i-2]; k >= 0 {
			prev := p.spans[k]
			switch {
			case toks[i-1].text == "," && prev.kind == sOffice && prev.b == i-1:
				// "the Undersecretary of Ports, Ines Valdor, said"
				t := toks[e]
				return t.text == "," || t.text == "." || t.text == ";" || p.has(e, kSpeech) > 0
			case toks[i-1].fold == "and" && prev.kind == sPerson && prev.b == i-1:
				return true
			}
		}
	}
	return false
}

// titleCase reports whether sentence s is written in title case, as a
// headline is: four words or more, nearly all capitalised, and no full
// stop at the end (prose full of names is capitalised too).
func (p *para) titleCase(s int) bool {
	if s < 0 || s >= len(p.sents) {
		return false
	}
	if b := p.sents[s][1]; b > 0 && b <= len(p.toks) {
		switch p.toks[b-1].text {
		case ".", "!", "?", "”", "\"", ")", ":", ",", ";":
			return false
		}
	}
	words, caps := 0, 0
	for i := p.sents[s][0]; i < p.sents[s][1]; i++ {
		if t := p.toks[i]; t.kind == tWord && t.fold != "'s" {
			words++
			if t.cap {
				caps++
			}
		}
	}
	return words >= 4 && caps*10 >= words*8
}

// honorific reports whether a token is an abbreviated title or rank that
// may stand between an office and its holder: "Dr.", "Mr.", "Gen.", "Lt.".
func honorific(t token) bool {
	w, ok := strings.CutSuffix(t.text, ".")
	return ok && t.cap && abbreviations[strings.ToLower(w)]
}

// candidate returns the office (for an office span) or organization (for
// an organization span) among a span's candidates that is a country's, or
// -1.
func (lx *lexicon) candidate(s *span, c int) int {
	if c < 0 {
		return -1
	}
	for _, o := range s.cands {
		if s.kind == sOrg && lx.orgs[o].country == c || s.kind != sOrg && lx.offices[o].country == c {
			return o
		}
	}
	tmpls := lx.officeTmpls
	if s.kind == sOrg {
		tmpls = lx.orgTmpls
	}
	for _, t := range s.tmpls {
		if o := tmpls[t][c]; o >= 0 {
			return o
		}
	}
	return -1
}

// hasCandidates reports whether a span names any listed office or
// organization.
func (s *span) hasCandidates() bool { return len(s.cands) > 0 || len(s.tmpls) > 0 }

// shapeName returns the name of an office read from its shape at tokens
// [i, e), its ranks and head capitalised: "the undersecretary of Ports"
// is the "Undersecretary of Ports".
func (p *para) shapeName(i, e int) string {
	name := p.text[p.toks[i].start:p.toks[e-1].end]
	// "of the US Drug Enforcement Administration": the organization's own
	// name says whose it is, the country is left out.
	qualifier := func(k int) int {
		if c := p.countryBeforeOrg(k); c > 0 && k > i && p.toks[k-1].fold == "the" && k+c < e {
			return c
		}
		return 0
	}
	qualified := false
	for k := i + 1; k < e; k++ {
		qualified = qualified || qualifier(k) > 0
	}
	if p.toks[i].cap && !qualified {
		return name
	}
	var b strings.Builder
	last := p.toks[i].start
	for k := i; k < e; k++ {
		t := p.toks[k]
		if c := qualifier(k); c > 0 {
			k += c - 1
			last = p.toks[k].end
			continue
		}
		b.WriteString(p.text[last:t.start])
		if t.kind == tWord && !t.cap && (p.has(k, kRank) > 0 || p.has(k, kOfficeHead) > 0 || p.has(k, kOffice) > 0) {
			b.WriteString(upperFirst(t.text))
		} else {
			b.WriteString(t.text)
		}
		last = t.end
	}
	return b.String()
}
