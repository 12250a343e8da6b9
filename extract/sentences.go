package extract

import "strings"

// readParagraph reads the facts of each sentence in order: statements,
// agreements, meetings and dates; then it remembers the sentence's subject
// so that a later "he", "she" or "it" can be resolved.
func (r *reader) readParagraph(p *para) {
	quotesOf := make([][]int, len(p.sents))
	for qi, q := range p.quotes {
		first := min(max(q.open+1, 0), len(p.toks)-1)
		if first >= 0 {
			s := p.sentOf[first]
			quotesOf[s] = append(quotesOf[s], qi)
		}
	}
	r.turn = ref{}
	if who, at := r.turnLabel(p); at > 0 {
		// "MINISTER QUINTERO: It is a pleasure to receive ...": a
		// transcript's turn is its speaker's statement.
		r.turn = who
		for _, t := range r.statementPieces(p, p.toks[at].start, len(p.text)) {
			r.addStatement(who, t, p.sentence(p.sentOf[at]), p.idx)
		}
	}
	for s := range p.sents {
		for _, qi := range quotesOf[s] {
			r.readQuote(p, qi)
		}
		r.readIndirect(p, s)
		r.readAgreements(p, s)
		r.readMeetingCues(p, s)
		r.updateSubject(p, s)
	}
}

// updateSubject remembers the first person and the first organization
// acting in a sentence (outside quotes).
func (r *reader) updateSubject(p *para, s int) {
	who, org := false, false
	var weak ref
	for _, k := range p.inSentence(s) {
		sp := p.spans[k]
		if sp.quote != 0 || !actor(sp) || sp.kind == sPronoun || sp.kind == sJoint {
			continue
		}
		rf, ok := r.refOf(p, k)
		if !ok {
			continue
		}
		switch {
		case rf.kind == sPerson && rf.weak:
			// A lone capitalised word may be no one ("Experts such as
			// Ana Ruiz say"): a full name after it is the subject.
			if !who && weak.kind == 0 {
				weak = rf
			}
		case (rf.kind == sPerson || rf.kind == sOffice) && !who:
			r.lastWho, who = rf, true
		case (rf.kind == sOrg || rf.kind == sCountry) && !org:
			r.lastOrg, org = rf, true
		}
	}
	if !who && weak.kind != 0 {
		r.lastWho = weak
	}
}

// speakerBefore returns the subject of the last speech verb in tokens
// [lo, hi) of a sentence, outside quotes: the last actor before the verb.
// found reports whether there was a verb at all.
func (r *reader) speakerBefore(p *para, lo, hi int) (who []ref, verb int) {
	verb = -1
	for i := hi - 1; i >= lo; i-- {
		if p.quoteOf[i] == 0 && p.toks[i].kind == tWord && p.has(i, kSpeech) > 0 && p.spanAt[i] < 0 {
			verb = i
			break
		}
	}
	if verb < 0 {
		return nil, -1
	}
	// "X met Y and told him ...", "X pledged ..., telling Y ...": a verb
	// coordinated with an earlier one has the clause's subject, not the
	// last person named before it.
	if j := verb - 1; j > lo && (p.toks[j].fold == "and" || p.toks[j].text == ",") {
		if who := r.actorsIn(p, lo, verb, 0, false); len(who) > 1 {
			return who[:1], verb
		}
	}
	return r.actorsIn(p, lo, verb, 0, true), verb
}

// actorsIn returns the entities acting in tokens [lo, hi) with quote id q:
// the last actor, or every country of a list ("the U.S. and Mexico"), or
// the document's pair for "both countries". last keeps only the last.
func (r *reader) actorsIn(p *para, lo, hi, q int, last bool) []ref {
	var out []ref
	var countries []ref
	for _, k := range p.spansIn(lo, hi) {
		sp := p.spans[k]
		if sp.quote != q || !actor(sp) {
			continue
		}
		if sp.kind == sJoint {
			out = []ref{r.jointRef()}
			countries = nil
			continue
		}
		rf, ok := r.refOf(p, k)
		if !ok {
			continue
		}
		if rf.kind == sCountry {
			countries = append(countries, rf)
		} else {
			countries = nil
		}
		out = append(out, rf)
	}
	if len(countries) >= 2 && len(out) > 0 && out[len(out)-1].kind == sCountry {
		return []ref{{kind: sJoint, idx: -1, name: joinIdx(countries)}}
	}
	if last && len(out) > 1 {
		out = out[len(out)-1:]
	}
	return out
}

// jointRef stands for the document's pair of countries.
func (r *reader) jointRef() ref {
	var cs []ref
	for _, c := range r.res.pair {
		cs = append(cs, ref{kind: sCountry, idx: c})
	}
	if len(cs) == 0 {
		return ref{}
	}
	if len(cs) == 1 {
		return cs[0]
	}
	return ref{kind: sJoint, idx: -1, name: joinIdx(cs)}
}

// joinIdx encodes a list of country refs in a joint ref's name.
func joinIdx(cs []ref) string {
	b := make([]byte, 0, len(cs)*4)
	for _, c := range cs {
		b = append(b, byte(c.idx>>8), byte(c.idx))
	}
	return string(b)
}

// jointCountries decodes a joint ref into country indexes.
func jointCountries(rf ref) []int {
	var out []int
	for i := 0; i+1 < len(rf.name); i += 2 {
		out = append(out, int(rf.name[i])<<8|int(rf.name[i+1]))
	}
	return out
}

// turnLabel reads a transcript's speaker label opening paragraph p: one to
// five upper-case words, then a colon ("MINISTER QUINTERO:", "MS. VALE:").
// It returns the speaker - the person of the text whose name holds the
// label's name words, else a person of those words - and the first token
// after the colon; 0 when there is no label.
func (r *reader) turnLabel(p *para) (ref, int) {
	var words []string
	k := 0
	for ; k < len(p.toks) && k < 6; k++ {
		t := p.toks[k]
		if t.text == ":" {
			break
		}
		if t.kind != tWord || t.text != strings.ToUpper(t.text) || strings.ToLower(t.text) == t.text {
			return ref{}, 0
		}
		if p.has(k, kTitle) == 0 && p.best[k].k != kOffice && p.has(k, kOfficeHead) == 0 && p.has(k, kRank) == 0 {
			words = append(words, t.fold)
		}
	}
	if k == 0 || k >= len(p.toks)-1 || p.toks[k].text != ":" || len(words) == 0 {
		return ref{}, 0
	}
	for _, q := range r.paras {
		for _, sp := range q.spans {
			if sp.kind == sPerson && containsAll(nameTokens(sp.name), words) && len(nameTokens(sp.name)) > len(words) {
				return ref{kind: sPerson, name: sp.name}, k + 1
			}
		}
	}
	name := make([]string, len(words))
	for i, w := range words {
		name[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return ref{kind: sPerson, name: strings.Join(name, " "), weak: len(words) == 1}, k + 1
}

// containsAll reports whether every word of ws is in toks.
func containsAll(toks, ws []string) bool {
	for _, w := range ws {
		found := false
		for _, t := range toks {
			found = found || t == w
		}
		if !found {
			return false
		}
	}
	return true
}
