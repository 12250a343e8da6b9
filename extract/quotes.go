package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Statement sizes: a quotation longer than maxStatementWords is split at
// sentence boundaries into statements of at most that many words, and a
// last piece shorter than minStatementWords stays with the one before.
// Quotes of fewer than minQuoteWords words are scare quotes or terms
// ("“kinetic” strike"), not statements.
const (
	maxStatementWords = 80
	minStatementWords = 12
	minQuoteWords     = 4
)

// readQuote reads quotation qi of paragraph p: its words, split into
// statements, and its speaker - the subject of a speech verb before it in
// the sentence ("X said, “...”"), the attribution after it ("“...,” X
// said", "according to X"), the speaker of an open quotation it continues,
// or of the quote just before it.
func (r *reader) readQuote(p *para, qi int) {
	q := p.quotes[qi]
	a := 0
	if q.open >= 0 {
		a = p.toks[q.open].end
	}
	b := len(p.text)
	if q.close < len(p.toks) {
		b = p.toks[q.close].start
	}
	if a >= b {
		return
	}
	first := q.open + 1
	if q.open < 0 {
		first = 0
	}
	continued := p.cont && qi == 0 && q.open <= 0
	sent := p.sentOf[min(first, len(p.toks)-1)]
	lo := p.sents[sent][0]
	if qi > 0 && p.quotes[qi-1].close < len(p.toks) && p.sentOf[p.quotes[qi-1].close] == sent && !scareQuote(p, p.quotes[qi-1]) {
		// The quote before has its own speaker; a scare quote ("accept
		// only “convicted criminals” and ...") is no statement: the verb
		// before it still introduces this one.
		lo = p.quotes[qi-1].close + 1
	}
	var who []ref
	verbBefore := -1
	if q.open > lo {
		who, verbBefore = r.speakerBefore(p, lo, q.open)
	}
	if len(who) == 0 && q.close < len(p.toks) {
		who = r.attributionAfter(p, q.close+1)
	}
	if len(who) == 0 && q.open > lo {
		// "According to X, the plan rests on “...”": X's words.
		who = r.sourceBefore(p, p.sents[sent][0], q.open)
	}
	if len(who) == 0 && verbBefore >= 0 && r.lastSay != nil && r.lastSay.para == p.idx {
		// "..., and added, “...”": the subject of the earlier verb.
		who = []ref{r.lastSay.speaker}
	}
	pieces := r.statementPieces(p, a, b)
	if len(pieces) == 0 {
		return
	}
	evidence := p.sentence(sent)
	if q.close >= len(p.toks) {
		// The quotation runs on into the next paragraph.
		if len(who) > 0 && r.pendWho == nil {
			w := who[0]
			r.pendWho = &w
		}
		for _, t := range pieces {
			r.pending = append(r.pending, stmt{text: t, evidence: evidence, para: p.idx})
		}
		return
	}
	if continued || len(r.pending) > 0 {
		for _, t := range pieces {
			r.pending = append(r.pending, stmt{text: t, evidence: evidence, para: p.idx})
		}
		var w *ref
		if len(who) > 0 {
			w = &who[0]
		}
		r.flushPending(w)
		return
	}
	if len(who) == 0 {
		// A bare quote opening its sentence continues the last speaker; a
		// quote after a verb whose subject is unknown is nobody's.
		if verbBefore >= 0 || q.open > lo || r.lastSay == nil || r.lastSay.para < p.idx-2 {
			return
		}
		// A bare quote after the one just attributed is the same speaker's
		// next statement, kept apart: each quote is one fact.
		who = []ref{r.lastSay.speaker}
	}
	if len(pieces) > 0 && r.lastSay != nil && r.lastSay.evidence == evidence && r.lastSay.speaker == who[0] && startsLower(pieces[0]) {
		// “We will not accept this,” she said, “and we will respond.”
		last := &r.res.stmts[len(r.res.stmts)-1]
		if len(strings.Fields(last.text))+len(strings.Fields(pieces[0])) <= 3*maxStatementWords/2 {
			last.text += ", " + pieces[0]
			pieces = pieces[1:]
		}
	}
	for _, t := range pieces {
		r.addStatement(who[0], t, evidence, p.idx)
	}
}

func startsLower(s string) bool { return unicode.IsLower(firstRune(s)) }

// flushPending gives the statements of a finished quotation run their
// speaker: the one named before the run, else who, else the last speaker.
func (r *reader) flushPending(who *ref) {
	if len(r.pending) == 0 {
		r.pendWho = nil
		return
	}
	w := r.pendWho
	if w == nil {
		w = who
	}
	if w == nil && r.lastSay != nil {
		w = &r.lastSay.speaker
	}
	if w != nil {
		sp := *w
		for _, s := range r.pending {
			r.addStatement(sp, s.text, s.evidence, s.para)
		}
	}
	r.pending = r.pending[:0]
	r.pendWho = nil
}

// addStatement records a statement and makes its speaker the one "he",
// "she" or "it" refer to next.
func (r *reader) addStatement(who ref, text, evidence string, para int) {
	if who.kind == 0 || who.kind == sPronoun {
		return
	}
	st := stmt{speaker: who, text: text, evidence: evidence, para: para}
	r.res.stmts = append(r.res.stmts, st)
	r.lastSay = &r.res.stmts[len(r.res.stmts)-1]
	switch who.kind {
	case sPerson, sOffice:
		r.lastWho = who
	case sOrg, sCountry:
		r.lastOrg = who
	}
}

// attributionAfter reads the speaker named right after a closing quote:
// "“...,” the two governments said", "“...,” said X", "“...,” according to
// a press release issued by X".
func (r *reader) attributionAfter(p *para, i int) []ref {
	toks := p.toks
	end := min(len(toks), i+14)
	for j := i; j < end; j++ {
		t := toks[j]
		if ok, _ := quoteMark(t); ok {
			return nil
		}
		if t.kind == tPunct && (t.text == "." || t.text == "?" || t.text == "!" || t.text == ";") {
			return nil
		}
		if n := p.has(j, kSpeech); n > 0 && p.spanAt[j] < 0 {
			if who := r.actorsIn(p, i, j, p.quoteOf[j], false); len(who) > 0 {
				return who[len(who)-1:]
			}
			return r.firstActor(p, j+n, min(len(toks), j+n+6))
		}
		if n := p.has(j, kSource); n > 0 {
			return r.firstActor(p, j+n, min(len(toks), j+n+10))
		}
	}
	return nil
}

// firstActor returns the first person, role, organization or country in
// tokens [lo, hi) of the same sentence.
func (r *reader) firstActor(p *para, lo, hi int) []ref {
	if lo >= len(p.toks) {
		return nil
	}
	sent := p.sentOf[lo]
	for _, k := range p.spansIn(lo, hi) {
		sp := p.spans[k]
		if sp.sent != sent || sp.kind == sPronoun || sp.kind == sJoint || !actor(sp) {
			continue
		}
		if rf, ok := r.refOf(p, k); ok {
			return []ref{rf}
		}
	}
	return nil
}

// statementPieces cuts the quoted text p.text[a:b] into statements.
func (r *reader) statementPieces(p *para, a, b int) []string {
	whole := cleanQuote(p.text[a:b])
	if len(strings.Fields(whole)) < minQuoteWords {
		return nil
	}
	var sents []string
	for _, s := range p.sents[p.sentAt(a):] {
		if s[0] >= s[1] {
			continue
		}
		if p.toks[s[0]].start >= b {
			break
		}
		sa, sb := p.toks[s[0]].start, p.toks[s[1]-1].end
		sa, sb = max(sa, a), min(sb, b)
		if sa < sb {
			if t := cleanQuote(p.text[sa:sb]); t != "" {
				sents = append(sents, t)
			}
		}
	}
	return chunk(sents)
}

// chunk groups sentences greedily into pieces of at most maxStatementWords
// words; a short last piece joins the one before. A sentence longer than
// that (a run-on quotation) is cut into pieces of maxStatementWords words,
// so no statement grows with the text.
func chunk(sents []string) []string {
	var out []string
	var cur []string
	words := 0
	for _, s := range splitRunOn(sents) {
		n := len(strings.Fields(s))
		if words > 0 && words+n > maxStatementWords {
			out = append(out, strings.Join(cur, " "))
			cur, words = nil, 0
		}
		cur = append(cur, s)
		words += n
	}
	if len(cur) > 0 {
		if words < minStatementWords && len(out) > 0 {
			out[len(out)-1] += " " + strings.Join(cur, " ")
		} else {
			out = append(out, strings.Join(cur, " "))
		}
	}
	return out
}

// splitRunOn cuts each sentence of more than maxStatementWords words into
// pieces of that many words; it returns sents itself when none is longer.
func splitRunOn(sents []string) []string {
	long := false
	for _, s := range sents {
		if len(s) > maxStatementWords && len(strings.Fields(s)) > maxStatementWords {
			long = true
			break
		}
	}
	if !long {
		return sents
	}
	var out []string
	for _, s := range sents {
		ws := strings.Fields(s)
		for len(ws) > maxStatementWords {
			out = append(out, strings.Join(ws[:maxStatementWords], " "))
			ws = ws[maxStatementWords:]
		}
		if len(ws) > 0 {
			out = append(out, strings.Join(ws, " "))
		}
	}
	return out
}

// cleanQuote trims quotation marks, spaces and trailing commas.
func cleanQuote(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "“”\"«» ")
	s = strings.TrimRight(s, ", ")
	return squeeze(s)
}

// scareQuote reports whether quotation q is too short to be a statement.
func scareQuote(p *para, q quoteSpan) bool {
	if q.open < 0 {
		return false // continues an earlier paragraph's quotation
	}
	words := 0
	for i := q.open + 1; i < q.close && words < minQuoteWords; i++ {
		if p.toks[i].kind == tWord {
			words++
		}
	}
	return words < minQuoteWords
}

// sourceBefore returns X of a sentence that opens "According to X," before
// token q, or nil.
func (r *reader) sourceBefore(p *para, lo, q int) []ref {
	n := p.has(lo, kSource)
	if n == 0 {
		return nil
	}
	for c := lo + n; c < q && c < lo+n+12; c++ {
		if p.toks[c].text == "," {
			return r.firstActor(p, lo+n, c)
		}
	}
	return nil
}

// readIndirect reads reported speech without quotes: "X said that ...".
func (r *reader) readIndirect(p *para, s int) {
	lo, hi := p.sents[s][0], p.sents[s][1]
	// A quotation in the sentence is its own statement; scare quotes
	// ("X said that Chile would act to “isolate the regime”") are words of
	// the reported speech.
	for _, q := range p.quotes {
		if q.close >= lo && q.open < hi && !(q.open >= lo && q.close < hi && scareQuote(p, q)) {
			return
		}
	}
	// "According to X, ...": X said what follows the comma.
	if n := p.has(lo, kSource); n > 0 {
		for c := lo + n; c < hi && c < lo+n+12; c++ {
			if p.toks[c].text == "," {
				if who := r.firstActor(p, lo+n, c); len(who) > 0 && c+1 < hi {
					r.indirect(p, s, who[0], c+1, hi)
				}
				return
			}
		}
	}
	for v := lo; v < hi; v++ {
		n := p.has(v, kSpeech)
		if n == 0 || p.spanAt[v] >= 0 {
			continue
		}
		// "X said (on Tuesday | in a statement) that ...", "X told
		// reporters that ...", but not "X said the ship that ...".
		that := -1
		if j := v + n; j < hi && p.toks[j].fold != "that" && !reportLead[p.toks[j].fold] && p.toks[v].fold != "told" && p.toks[v].fold != "tells" {
			continue
		}
		for j := v + n; j < hi && j <= v+n+6; j++ {
			if p.toks[j].fold == "that" {
				that = j
				break
			}
			if p.toks[j].kind == tPunct {
				break
			}
		}
		if that < 0 {
			continue
		}
		who := r.actorsIn(p, lo, v, 0, true)
		if len(who) == 0 || who[0].kind == sJoint {
			return
		}
		r.indirect(p, s, who[0], that+1, hi)
		return
	}
}

// reportLead are the words that may open a phrase between a speech verb and
// its "that": a time or a channel ("said on Tuesday that", "said in a
// statement that").
var reportLead = map[string]bool{"on": true, "in": true, "at": true, "during": true, "late": true, "early": true,
	"last": true, "this": true, "through": true, "via": true, "after": true, "before": true, "yesterday": true,
	"today": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "publicly": true, "repeatedly": true, "again": true, "also": true}

// indirect records reported speech: tokens [a, hi) of sentence s.
func (r *reader) indirect(p *para, s int, who ref, a, hi int) {
	if a >= hi {
		return
	}
	text := strings.TrimRight(cleanQuote(p.text[p.toks[a].start:p.toks[hi-1].end]), ".")
	if len(strings.Fields(text)) >= minQuoteWords {
		r.addStatement(who, text, p.sentence(s), p.idx)
	}
}

// joinSentences joins two quoted pieces, ending the first with a period if
// the quotation marks had replaced it ("“... agreement,” he said. “The ...”").
func joinSentences(a, b string) string {
	if r, _ := utf8.DecodeLastRuneInString(a); unicode.IsLetter(r) || unicode.IsDigit(r) {
		a += "."
	}
	return a + " " + b
}
