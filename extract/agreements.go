package extract

import (
	"slices"
	"strings"
)

// clauseBreakers end the object of "agreed to ..." after a comma: what
// follows is an aside ("…, a joint effort that …", "…, which …").
var clauseBreakers = map[string]bool{
	"a": true, "an": true, "which": true, "who": true, "since": true, "while": true, "although": true,
	"though": true, "but": true, "namely": true, "according": true, "as": true, "from": true,
	"because": true, "with": true, "after": true, "before": true, "adding": true, "said": true,
	"whereas": true, "so": true, "where": true, "when": true,
}

var quoteMarks = strings.NewReplacer("“", "", "”", "", "\"", "")

// agreement cues: how a sentence states that parties agreed.
const (
	cueAgree      = iota // "agreed to <text>": the text follows the verb
	cueRecommit          // "reaffirmed their commitment to <text>": the verb is part of the text
	cueDecide            // "established a working group": needs two parties or a counterpart
	cueNominal           // "under an accord between A and B, <text>"
	cueAccordSay         // "the agreement also includes <text>": the whole sentence
	cueAccordFrom        // "an agreement from X to <text>": X agreed
)

// accordLead opens a sentence whose clause after the comma is what an
// accord provides: "Under an accord between A and B, ...".
var accordLead = map[string]bool{"under": true, "through": true, "by": true, "per": true, "as": true}

// accordVerbs follow an accord noun opening a sentence: "The agreement also
// includes ...", "The pact calls for ...".
var accordVerbs = map[string]bool{"includes": true, "include": true, "provides": true, "calls": true, "establishes": true,
	"commits": true, "covers": true, "contemplates": true, "foresees": true, "envisages": true, "aims": true,
	"seeks": true, "will": true, "sets": true, "requires": true, "allows": true, "obliges": true, "stipulates": true,
	"incluye": true, "establece": true, "contempla": true, "prevé": true, "preve": true}

// determiners may open an accord's noun phrase.
var determiners = map[string]bool{"a": true, "an": true, "the": true, "this": true, "that": true, "their": true, "its": true,
	"our": true, "un": true, "una": true, "el": true, "la": true, "los": true, "las": true}

// readAgreements reads what parties agreed to in sentence s:
//   - an agreement verb: "X and Y agreed to ...", "both countries pledged
//     to ...", "they committed to ...";
//   - a renewed commitment: "X and Y reaffirmed their commitment to ...";
//   - a joint decision: "X and Y established a working group ...", "X signed
//     a letter of intent with Y";
//   - an accord named as a noun: "Under an accord between X and Y, ...",
//     "an agreement was reached so that ...", "the signing of a memorandum
//     on ...", "The agreement also includes ...".
//
// The parties are the actors before the cue (people before countries), a
// counterpart after "with" or "between", a group ("the two delegations":
// the text's countries; "both leaders": the people who met), or for "we"
// and "they" the parties of the last agreement.
func (r *reader) readAgreements(p *para, s int) {
	lo, hi := p.sents[s][0], p.sents[s][1]
	for g := lo; g < hi; g++ {
		cue, n, textAt, textEnd := r.agreementCue(p, g, lo, hi)
		if n == 0 {
			continue
		}
		q := p.quoteOf[g]
		start := clauseStart(p, lo, g, q)
		var parties []ref
		var text string
		end := hi
		switch cue {
		case cueAccordFrom:
			// The parties stand between "from" and "to".
			parties = r.parties(p, g+n+1, textAt-1, q)
			text, end = r.agreementText(p, textAt, textEnd)
		case cueNominal, cueAccordSay:
			parties = r.accordParties(p, lo, hi, q)
			if cue == cueNominal {
				text, end = r.agreementText(p, textAt, textEnd)
			} else {
				text, end = r.agreementText(p, lo, hi)
			}
		default:
			if cue == cueAgree && bareAccord(p, textAt, min(textEnd, hi)) {
				// "agreed to the most unprecedented agreement anywhere": it
				// names an accord without saying what was agreed.
				g += n - 1
				continue
			}
			parties = r.parties(p, start, g, q)
			if len(parties) == 0 && q != 0 {
				// “Agreed to ...,” inside a quotation introduced by its parties:
				// "X and Y “reaffirmed their commitment to ...”".
				if open := quoteOpen(p, g); open > lo {
					parties = r.parties(p, clauseStart(p, lo, open, 0), open, 0)
				}
			}
			text, end = r.agreementText(p, textAt, textEnd)
			with := g + n
			if g+1 < hi && p.toks[g+1].fold == "with" {
				with = g + 1 // "agreed with Y to ..."
			}
			parties = r.withCounterpart(p, with, end, q, parties)
			if cue == cueDecide {
				parties = r.objectCounterpart(p, g+n, end, q, parties)
			}
			if cue == cueDecide && !plural(parties) {
				parties = nil
			}
			if len(parties) == 1 && parties[0].kind == sPerson {
				if !agreeWord(p.toks[g].fold) {
					parties = nil // "X pledged to ...": a promise, not an agreement
				} else {
					parties = r.withMeetingCounterpart(parties)
				}
			}
		}
		if len(parties) == 0 || len(strings.Fields(text)) < 2 {
			g += n - 1
			continue
		}
		parties = r.leaderCountries(parties)
		if len(parties) >= 2 {
			r.lastParties = parties
		}
		r.res.agreements = append(r.res.agreements, agreement{parties: parties, text: text, evidence: p.sentence(s)})
		g = max(g+n-1, end-1)
	}
}

// signingOf reports whether token a follows "the signing of" (adoption,
// firma): the accord named from a is the agreement's text.
func signingOf(p *para, a int) bool {
	return a >= 2 && p.toks[a-1].fold == "of" && (p.toks[a-2].fold == "signing" || p.toks[a-2].fold == "adoption" || p.toks[a-2].fold == "firma")
}

// bareAccord reports whether tokens [a, b) are only an accord's noun
// phrase: determiners and modifiers, the accord noun, and nothing after it
// that says what it is on ("a deal on tariffs", "an accord to share data").
func bareAccord(p *para, a, b int) bool {
	for k := a; k < b && k < a+10; k++ {
		if n := p.has(k, kAccord); n > 0 {
			if k+n >= b {
				return true
			}
			switch p.toks[k+n].fold {
			case "on", "to", "for", "that", "with", "against", "between", "regarding", "covering", "of", "under", "sobre", "para", "con", "de", "entre", "(":
				return false
			}
			return true
		}
		t := p.toks[k]
		if p.spanAt[k] >= 0 || t.kind == tWord && !t.cap && (determiners[t.fold] || !functionWords[t.fold]) || t.text == "," {
			continue
		}
		return false
	}
	return false
}

// agreementCue reports whether an agreement cue starts at token g: its
// kind, its length in tokens (0: none) and the token where the agreed text
// starts.
func (r *reader) agreementCue(p *para, g, lo, hi int) (cue, n, textAt, textEnd int) {
	cue, n, textAt = r.cueAt(p, g, lo, hi)
	textEnd = hi
	if n > 0 && cue == cueNominal && textAt < g && !signingOf(p, textAt) {
		textEnd = g - 2 // "<text> under an agreement": the clause before
		if textAt > lo && isBe(p.toks[g-1].fold) {
			textEnd = g // "the pact was signed": the accord's phrase
		}
	}
	return cue, n, textAt, textEnd
}

// agreeWord reports whether a cue's verb says that parties agreed, which
// one party can do with its counterpart ("she agreed to"), unlike a pledge.
func agreeWord(f string) bool {
	return strings.HasPrefix(f, "agree") || strings.HasPrefix(f, "acord") || f == "reached"
}

// cueAt reads the cue at token g for agreementCue.
func (r *reader) cueAt(p *para, g, lo, hi int) (cue, n, textAt int) {
	if k := p.spanAt[g]; k >= 0 && (p.has(g, kAccord) == 0 || p.spans[k].kind == sPerson) {
		return 0, 0, 0
	}
	if n = max(p.has(g, kAgree), datedAgree(p, g, hi)); n > 0 {
		if g > lo && (isBe(p.toks[g-1].fold) || p.toks[g-1].fold == "being") {
			return 0, 0, 0 // "are committed to": a stance, not an act
		}
		if hasClass(p, g+1, g+n, kAccord) {
			// "signed a memorandum of understanding on port security": the
			// accord is part of what was agreed.
			return cueAgree, n, g
		}
		return cueAgree, n, g + n
	}
	if n = p.has(g, kRecommit); n > 0 {
		// "reaffirmed (their | the two countries') commitment (to | on)"
		for j := g + n; j < hi && j <= g+n+8; j++ {
			if c := p.has(j, kCommitment); c > 0 {
				return cueRecommit, j + c - g, g
			}
			if p.toks[j].kind == tPunct && p.toks[j].text != "'" && p.toks[j].text != "’" {
				break
			}
		}
		return 0, 0, 0
	}
	if n = p.has(g, kDecide); n > 0 {
		if g > lo && (determiners[p.toks[g-1].fold] || p.has(g-1, kAccord) > 0) {
			return 0, 0, 0 // "the signed accord": an adjective
		}
		if g > lo && (isBe(p.toks[g-1].fold) || p.toks[g-1].fold == "being") {
			// Passive: "the pact was signed in May", "an agreement was
			// reached so that ...": the accord opens the clause.
			if a := accordBefore(p, lo, g-1); a >= 0 {
				if j := g + n; j < hi && (p.toks[j].fold == "so" || p.toks[j].fold == "to" || p.toks[j].fold == "that") {
					return cueNominal, n, j
				}
				return cueNominal, n, a
			}
			return 0, 0, 0
		}
		if g+n < hi && p.toks[g+n].kind != tPunct {
			return cueDecide, n, g
		}
		return 0, 0, 0
	}
	if n = p.has(g, kAccord); n == 0 {
		return 0, 0, 0
	}
	// "left with an agreement from X to accept ...": X agreed to it.
	if j := g + n; j < hi && p.toks[j].fold == "from" && g > lo && determiners[p.toks[g-1].fold] {
		for k := j + 2; k < hi && k <= j+10; k++ {
			if p.toks[k].kind == tPunct {
				break
			}
			if p.toks[k].fold == "to" && p.spanAt[k] < 0 && k+1 < hi && p.toks[k+1].kind == tWord && !p.toks[k+1].cap && !determiners[p.toks[k+1].fold] {
				return cueAccordFrom, n, k + 1
			}
		}
	}
	first := lo
	for first < g && isQuoteTok(p.toks[first]) {
		first++
	}
	// "Under an accord between A and B, <text>": the clause after the comma.
	if g > first && accordLead[p.toks[first].fold] && g-first <= 6 {
		for j := g + n; j < hi && j <= g+n+12; j++ {
			if p.toks[j].text == "," {
				return cueNominal, n, j + 1
			}
		}
		return 0, 0, 0
	}
	// "The agreement (between A and B) (also) includes <text>", opening
	// the sentence.
	if g > first && g-first <= 3 && determiners[p.toks[first].fold] {
		j := g + n
		if j < hi && (p.toks[j].fold == "between" || p.toks[j].fold == "entre") {
			j = betweenList(p, j+1, hi)
		}
		if j < hi && (p.toks[j].fold == "also" || p.toks[j].fold == "further") {
			j++
		}
		if j < hi && accordVerbs[p.toks[j].fold] {
			return cueAccordSay, n, lo
		}
	}
	// "the signing of a memorandum on <text>": the accord is the text.
	for j := g - 1; j >= lo && j >= g-6; j-- {
		if signingOf(p, j+1) {
			return cueNominal, n, j + 1
		}
	}
	// "<text> under an agreement (between A and B)": the clause before.
	if g >= 2 && p.toks[g-2].fold == "under" && determiners[p.toks[g-1].fold] {
		a := lo
		for j := g - 3; j > lo; j-- {
			if v := p.has(j, kSpeech); v > 0 && p.spanAt[j] < 0 {
				a = j + v
				for a < g && (p.toks[a].fold == "that" || p.spanAt[a] >= 0 || p.toks[a].fold == "on" || p.toks[a].fold == "in") {
					a++ // "said on X Tuesday that": the channel and time belong to the verb
				}
				break
			}
		}
		if g-2-a >= 4 {
			return cueNominal, n, a
		}
	}
	return 0, 0, 0
}

func isBe(f string) bool {
	switch f {
	case "was", "were", "is", "are", "been", "be", "fue", "fueron":
		return true
	}
	return false
}

func isQuoteTok(t token) bool { ok, _ := quoteMark(t); return ok }

// accordBefore returns the first token of an accord noun phrase ending just
// before token e ("the new security pact" was ...), or -1.
func accordBefore(p *para, lo, e int) int {
	for j := e - 1; j >= lo && j >= e-8; j-- {
		if n := p.has(j, kAccord); n > 0 && j+n >= e-3 {
			a := j
			for a > lo && a > j-4 && p.toks[a-1].kind == tWord && !isBe(p.toks[a-1].fold) {
				a--
				if determiners[p.toks[a].fold] {
					break
				}
			}
			return a
		}
	}
	return -1
}

// clauseStart returns where the clause of the cue at g begins: after the
// last token of another quotation, or after a speech verb ("X said the two
// countries agreed to ...": the parties follow the verb).
func clauseStart(p *para, lo, g, q int) int {
	start := lo
	for i := g - 1; i >= lo; i-- {
		if p.quoteOf[i] != q {
			start = i + 1
			break
		}
	}
	for i := g - 1; i >= start; i-- {
		if n := p.has(i, kSpeech); n > 0 && p.spanAt[i] < 0 && p.quoteOf[i] == q {
			return i + n
		}
	}
	return start
}

// quoteOpen returns the opening mark of the quotation holding token g, or -1.
func quoteOpen(p *para, g int) int {
	for _, qs := range p.quotes {
		if qs.id == p.quoteOf[g] {
			return qs.open
		}
	}
	return -1
}

// plural reports whether parties name two or more sides.
func plural(parties []ref) bool {
	return len(parties) >= 2 || (len(parties) == 1 && parties[0].kind == sJoint)
}

// parties returns the parties before an agreement verb in tokens [lo, hi)
// of quotation q: people (or roles), else countries, else a group.
func (r *reader) parties(p *para, lo, hi, q int) []ref {
	var people, countries, weak, group []ref
	for _, k := range p.spansIn(lo, hi) {
		sp := p.spans[k]
		if sp.quote != q || !actor(sp) {
			continue
		}
		switch sp.kind {
		case sJoint:
			group = r.topCountries(groupSize(p, sp.a, sp.b))
			continue
		case sPronoun:
			if sp.word == "we" && sp.quote != 0 {
				// A leader's "we agreed": the speaker and the counterpart met.
				if who := r.quoteSpeaker(p, sp); who.kind == sPerson {
					if ppl := r.withMeetingCounterpart([]ref{who}); len(ppl) >= 2 {
						group = ppl
						continue
					}
				}
			}
			if sp.word == "we" || sp.word == "they" {
				group = r.pluralRef()
				continue
			}
		}
		rf, ok := r.refOf(p, k)
		if !ok {
			continue
		}
		switch {
		case rf.kind == sPerson && rf.weak:
			weak = append(weak, rf)
		case rf.kind == sPerson, rf.kind == sOffice:
			people = appendRef(people, rf)
		case rf.kind == sCountry:
			countries = appendRef(countries, rf)
		}
	}
	if g, named := r.groupIn(p, lo, hi, q); named {
		return g // "the presidents of A and B": the countries name the group
	} else if len(g) > 0 {
		group = g
	}
	if len(people) == 0 && len(countries) == 0 {
		people = weak
	}
	if len(people) == 0 && len(countries) == 0 {
		if c := r.ownGovernment(p, lo, hi, q); c >= 0 {
			countries = append(countries, ref{kind: sCountry, idx: c})
		}
	}
	switch {
	case len(people) > 0:
		return people
	case len(countries) > 0:
		return countries
	}
	return group
}

// leaderCountries adds to parties the country each person among them leads
// in the document (its president or prime minister): a head of state or
// government agrees for the country ("Y left with an agreement from that
// country's president to ..." is also the country's).
func (r *reader) leaderCountries(parties []ref) []ref {
	out := parties
	for _, pr := range parties {
		if pr.kind != sPerson {
			continue
		}
		for _, h := range r.res.holds {
			if o := r.lx.offices[h.office]; h.person == pr.name && o.country >= 0 && (o.fold == "president" || o.fold == "prime minister") {
				out = appendRef(out, ref{kind: sCountry, idx: o.country})
				break
			}
		}
	}
	return out
}

// ownGovernment returns the country of "his government" or "her
// government" in tokens [lo, hi): that of the person named before it in
// the sentence ("Minister X said her government had agreed ..."), or -1.
func (r *reader) ownGovernment(p *para, lo, hi, q int) int {
	for i := lo; i+1 < hi; i++ {
		if f := p.toks[i].fold; (f != "his" && f != "her") || p.quoteOf[i] != q || p.spanAt[i+1] >= 0 || p.has(i+1, kGovHead) == 0 {
			continue
		}
		if who := r.personBefore(p, p.sentOf[i], i); who.kind == sPerson {
			return r.holderCountry(who.name, "")
		}
		return -1
	}
	return -1
}

// quoteSpeaker returns the speaker of the quotation holding span sp when
// its sentence has been attributed, else a zero ref.
func (r *reader) quoteSpeaker(p *para, sp span) ref {
	if r.lastSay != nil && r.lastSay.evidence == p.sentence(sp.sent) {
		return r.lastSay.speaker
	}
	return ref{}
}

// groupIn reads a plural noun standing for the parties in tokens [lo, hi):
// "the two delegations" (the text's countries), "both leaders" (the people
// who met), "the presidents of A and B" (the presidents of those countries).
func (r *reader) groupIn(p *para, lo, hi, q int) (group []ref, named bool) {
	for i := hi - 1; i >= lo; i-- {
		if p.quoteOf[i] != q || p.spanAt[i] >= 0 {
			continue
		}
		size := groupSize(p, lo, i)
		if n := p.has(i, kPartyGroup); n > 0 && i+n <= hi {
			if cs := r.countriesAfterOf(p, i+n, hi); len(cs) >= 2 {
				return cs, true
			}
			return r.topCountries(size), false
		}
		if n := p.has(i, kPeopleGroup); n > 0 && i+n <= hi {
			word := strings.TrimSuffix(p.toks[i].fold, "s")
			if cs := r.countriesAfterOf(p, i+n, hi); len(cs) >= 2 {
				var out []ref
				for _, c := range cs {
					out = append(out, r.holderIn(c.idx, word, c))
				}
				return out, true
			}
			// "Both leaders agreed": the leaders for their countries; the
			// countries are parties too.
			out := r.topCountries(size)
			if ppl := r.meetingPeople(); len(ppl) == size {
				out = append(ppl, out...)
			}
			return out, false
		}
	}
	return nil, false
}

// groupSize reads the numeral before a group noun: "the three delegations"
// is three countries; "both" or none is two.
func groupSize(p *para, lo, i int) int {
	for j := i - 1; j >= lo && j >= i-3; j-- {
		if p.has(j, kNumeral) > 0 {
			switch p.toks[j].fold {
			case "three", "tres":
				return 3
			case "four":
				return 4
			case "five":
				return 5
			}
			return 2
		}
	}
	return 2
}

// countriesAfterOf reads "of A and B" right after a group noun.
func (r *reader) countriesAfterOf(p *para, i, hi int) []ref {
	if i >= hi || (p.toks[i].fold != "of" && p.toks[i].fold != "from") {
		return nil
	}
	var out []ref
	for j := i + 1; j < hi && j <= i+12; j++ {
		if k := p.spanAt[j]; k >= 0 && p.spans[k].kind == sCountry {
			if rf, ok := r.refOf(p, k); ok {
				out = appendRef(out, rf)
			}
			j = p.spans[k].b - 1
			continue
		}
		f := p.toks[j].fold
		if f != "and" && f != "," && f != "the" && f != "both" && f != "y" {
			break
		}
	}
	return out
}

// holderIn returns the person of this document holding an office of
// country c whose name contains word ("president"): a person of the text
// listed as its holder in the office-holder table, else one the text says
// holds it; else the country.
func (r *reader) holderIn(c int, word string, country ref) ref {
	for _, p := range r.paras {
		for _, sp := range p.spans {
			if sp.kind != sPerson {
				continue
			}
			toks := nameTokens(sp.name)
			for _, t := range r.lx.terms {
				if t.country == c && strings.Contains(t.officeFold, word) && nameCompatible(toks, t.fold) {
					return ref{kind: sPerson, name: sp.name}
				}
			}
		}
	}
	for i := len(r.res.holds) - 1; i >= 0; i-- {
		h := r.res.holds[i]
		o := r.lx.offices[h.office]
		if o.country == c && strings.Contains(o.fold, word) {
			return ref{kind: sPerson, name: h.person}
		}
	}
	return country
}

// topCountries returns the n countries the text is most about.
func (r *reader) topCountries(n int) []ref {
	var out []ref
	for _, c := range r.rankedCountries(n) {
		out = append(out, ref{kind: sCountry, idx: c})
	}
	return out
}

// pluralRef is what "we" or "they" agree for: the parties of the last
// agreement, else the text's two countries.
func (r *reader) pluralRef() []ref {
	if len(r.lastParties) >= 2 {
		return r.lastParties
	}
	return r.topCountries(2)
}

// meetingPeople returns the people known so far to have attended the
// document's main meeting.
func (r *reader) meetingPeople() []ref {
	var out []ref
	m := r.curMtg
	if m < 0 {
		m = r.mainMtg
	}
	for _, a := range r.res.attends {
		if a.meeting == m && a.who.kind == sPerson && !a.who.weak {
			out = appendRef(out, a.who)
		}
	}
	return out
}

// withCounterpart adds the party after "with" or "between" in the cue's
// clause: "X signed a letter of intent with Y".
func (r *reader) withCounterpart(p *para, a, b, q int, parties []ref) []ref {
	for j := a; j < b && j < a+30; j++ {
		f := p.toks[j].fold
		if p.toks[j].kind == tPunct && f != "-" && f != "(" && f != ")" {
			return parties
		}
		if f != "with" && f != "between" && f != "con" {
			continue
		}
		for _, k := range p.spansIn(j+1, min(b, j+6)) {
			sp := p.spans[k]
			if sp.quote != q || sp.kind == sPronoun || sp.kind == sJoint || sp.poss {
				continue
			}
			rf, ok := r.refOf(p, k)
			if !ok || (rf.kind != sPerson && rf.kind != sCountry && rf.kind != sOffice) {
				continue
			}
			return appendRef(parties, rf)
		}
		return parties
	}
	return parties
}

// objectCounterpart adds the object of a decision that empowers it: "X
// authorized the Y government to ..." is an agreement of X and Y.
func (r *reader) objectCounterpart(p *para, a, b, q int, parties []ref) []ref {
	for _, k := range p.spansIn(a, min(b, a+5)) {
		sp := p.spans[k]
		if sp.quote != q || sp.b >= b || p.toks[sp.b].fold != "to" && !(sp.b+1 < b && p.toks[sp.b+1].fold == "to") {
			continue
		}
		if rf, ok := r.refOf(p, k); ok && (rf.kind == sCountry || rf.kind == sPerson) {
			return appendRef(parties, rf)
		}
	}
	return parties
}

// withMeetingCounterpart gives a lone person who agreed the other people
// of the meeting: "she agreed to open two crossings" is an agreement with
// her counterpart.
func (r *reader) withMeetingCounterpart(parties []ref) []ref {
	ppl := r.meetingPeople()
	if len(ppl) < 2 || len(ppl) > 3 {
		return parties
	}
	if !slices.ContainsFunc(ppl, func(x ref) bool { return samePerson(x, parties[0]) }) {
		return parties
	}
	return ppl
}

// accordParties returns the parties of an accord named as a noun: those
// after "between" in the sentence, else the countries of the last
// agreement, else the text's two countries.
func (r *reader) accordParties(p *para, lo, hi, q int) []ref {
	for j := lo; j < hi; j++ {
		if f := p.toks[j].fold; f == "between" || f == "entre" {
			var out []ref
			for _, k := range p.spansIn(j+1, min(hi, j+10)) {
				if rf, ok := r.refOf(p, k); ok && (rf.kind == sCountry || rf.kind == sPerson) && p.spans[k].quote == q {
					out = appendRef(out, rf)
				}
			}
			if len(out) >= 2 {
				return out
			}
		}
	}
	// "The multilateral discussions mark the signing of a memorandum":
	// every country the text is about.
	if hasClass(p, lo, hi, kMultiParty) {
		var cs []ref
		for _, c := range r.order {
			if r.counts[c] >= 2 {
				cs = append(cs, ref{kind: sCountry, idx: c})
			}
		}
		if len(cs) > 2 {
			return cs
		}
	}
	// An accord is between countries unless the text says between whom.
	var cs []ref
	for _, rf := range r.lastParties {
		if rf.kind == sCountry {
			cs = append(cs, rf)
		}
	}
	if len(cs) >= 2 {
		return cs
	}
	return r.topCountries(2)
}

// appendRef appends rf unless it is already in rs.
func appendRef(rs []ref, rf ref) []ref {
	for _, x := range rs {
		if x == rf {
			return rs
		}
	}
	return append(rs, rf)
}

// agreementText cuts the object of an agreement, from token a up to the end
// of the sentence or to a comma followed by an aside. It returns the text
// and the token where it ends.
func (r *reader) agreementText(p *para, a, hi int) (string, int) {
	if a >= hi {
		return "", hi
	}
	b := hi
	for i := a; i < hi; i++ {
		t := p.toks[i]
		if t.text == "," && i+1 < hi && clauseBreakers[p.toks[i+1].fold] {
			b = i
			break
		}
		if t.text == ";" || t.text == ":" {
			b = i
			break
		}
		if ok, dir := quoteMark(t); ok && dir < 0 && p.quoteOf[a] != 0 || p.quoteOf[a] != 0 && p.quoteOf[i] != p.quoteOf[a] {
			b = i
			break
		}
		if t.text == "," && trailingAttribution(p, i+1, hi) {
			b = i // "..., the two ministries said in a statement."
			break
		}
	}
	end := b
	b = trimWhenWhere(p, a, b)
	if b <= a {
		return "", end
	}
	text := cleanQuote(p.text[p.toks[a].start:p.toks[b-1].end])
	text = quoteMarks.Replace(text)
	return strings.TrimRight(text, ".,; "), end
}

// trimWhenWhere drops from the end of tokens [a, b) the time and the place
// of the act, which say when it was agreed, not what: "... on maritime
// security on Tuesday in Lima".
func trimWhenWhere(p *para, a, b int) int {
	for b-a > 3 {
		last := p.toks[b-1]
		if last.kind == tPunct && last.text == "." {
			b--
			continue
		}
		_, wd := weekdays[last.fold]
		_, mo := months[last.fold]
		if b-2 > a && (wd || mo) && (p.toks[b-2].fold == "on" || p.toks[b-2].fold == "in" || p.toks[b-2].fold == "last" || p.toks[b-2].fold == "this") {
			b -= 2 // "on Tuesday", "in July"
			continue
		}
		if b-3 > a && last.kind == tNum && (p.toks[b-3].fold == "on" || p.toks[b-3].fold == "in") {
			if _, mo := months[p.toks[b-2].fold]; mo {
				b -= 3 // "on March 3"
				continue
			}
		}
		if k := p.spanAt[b-1]; k >= 0 && (p.spans[k].kind == sCity) && p.spans[k].a-1 > a && p.toks[p.spans[k].a-1].fold == "in" {
			b = p.spans[k].a - 1 // "in Lima"
			continue
		}
		break
	}
	return b
}

// trailingAttribution reports whether tokens [a, hi) are only who said
// the sentence: "the two ministries said (in a joint statement)",
// "officials told reporters on Monday".
func trailingAttribution(p *para, a, hi int) bool {
	if a >= hi || clauseBreakers[p.toks[a].fold] || subordinators[p.toks[a].fold] || p.toks[a].fold == "which" || p.toks[a].fold == "who" {
		return false
	}
	for j := a; j < hi && j <= a+6; j++ {
		if p.toks[j].kind == tPunct {
			return false
		}
		if p.has(j, kSpeech) == 0 || p.spanAt[j] >= 0 || j == a {
			continue
		}
		if hi-j > 7 {
			return false
		}
		for k := j + 1; k < hi; k++ {
			if p.toks[k].fold == "that" || p.has(k, kAgree) > 0 {
				return false
			}
		}
		return true
	}
	return false
}

// dateWords may stand between "agreed" and "to": "agreed on Friday to".
var dateWords = map[string]bool{"on": true, "late": true, "early": true, "last": true, "this": true, ",": true}

// datedAgree returns the length of "agreed <when> to" at token g, or 0.
func datedAgree(p *para, g, hi int) int {
	switch p.toks[g].fold {
	case "agreed", "agree", "agrees":
	default:
		return 0
	}
	dated := false
	from := g + 1
	if from < hi && p.toks[from].fold == "with" {
		// "agreed with the United States (on Monday) to ...": the
		// counterpart stands between the verb and what was agreed.
		k := from + 1
		for k < hi && k <= from+8 && (p.spanAt[k] >= 0 || determiners[p.toks[k].fold] || p.toks[k].fold == "and") {
			k++
		}
		if k == from+1 || p.spanAt[k-1] < 0 {
			return 0
		}
		if k < hi && (p.toks[k].fold == "to" || p.toks[k].fold == "that") {
			return k + 1 - g
		}
		from, dated = k, true
	}
	for j := from; j < hi && j <= from+5; j++ {
		f := p.toks[j].fold
		_, wd := weekdays[f]
		_, mo := months[f]
		switch {
		case wd || mo || p.toks[j].kind == tNum:
			dated = true
		case dateWords[f]:
		case (f == "to" || f == "that") && dated:
			return j + 1 - g
		case p.spanAt[j] >= 0 && p.spans[p.spanAt[j]].kind == sCity:
			dated = true // "agreed in Lima to"
		case f == "in":
		default:
			return 0
		}
	}
	return 0
}
