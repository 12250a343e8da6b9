package extract

import "strings"

// clauseBreakers end the object of "agreed to ..." after a comma: what
// follows is an aside ("…, a joint effort that …", "…, which …").
var clauseBreakers = map[string]bool{
	"a": true, "an": true, "which": true, "who": true, "since": true, "while": true, "although": true,
	"though": true, "but": true, "namely": true, "according": true, "as": true, "from": true,
	"because": true, "with": true, "after": true, "before": true, "adding": true, "said": true,
	"whereas": true, "so": true, "where": true, "when": true,
}

var quoteMarks = strings.NewReplacer("“", "", "”", "", "\"", "")

// readAgreements reads "X and Y agreed to ...", "both countries agreed on
// the need to ...", "X signed an agreement to ...", "“We agreed to ...”".
// The parties are the people (or roles) before the verb, else the
// countries, else - for "both countries" or "we" - the document's pair.
func (r *reader) readAgreements(p *para, s int) {
	lo, hi := p.sents[s][0], p.sents[s][1]
	for g := lo; g < hi; g++ {
		n := p.has(g, kAgree)
		if d := datedAgree(p, g, hi); d > n {
			n = d // "agreed on Friday to ...", "agreed late Wednesday to ..."
		}
		if n == 0 {
			continue
		}
		q := p.quoteOf[g]
		start := lo
		for i := g - 1; i >= lo; i-- {
			if p.quoteOf[i] != q {
				start = i + 1
				break
			}
		}
		// "X said the two countries agreed to ...": the parties follow the
		// speech verb.
		for i := g - 1; i >= start; i-- {
			if n := p.has(i, kSpeech); n > 0 && p.spanAt[i] < 0 && p.quoteOf[i] == q {
				start = i + n
				break
			}
		}
		parties := r.parties(p, start, g, q)
		text := r.agreementText(p, g+n, hi)
		if len(parties) == 0 || len(strings.Fields(text)) < 2 {
			g += n - 1
			continue
		}
		r.res.agreements = append(r.res.agreements, agreement{parties: parties, text: text, evidence: p.sentence(s)})
		g += n - 1
	}
}

// parties returns the parties before an agreement verb in tokens [lo, hi)
// of quotation q: people (or roles), else countries, else the document's
// pair for "both countries" or "we".
func (r *reader) parties(p *para, lo, hi, q int) []ref {
	var people, countries, weak []ref
	joint := false
	for _, k := range p.spansIn(lo, hi) {
		sp := p.spans[k]
		if sp.quote != q || !actor(sp) {
			continue
		}
		switch sp.kind {
		case sJoint:
			joint = true
			continue
		case sPronoun:
			if sp.word == "we" || sp.word == "they" {
				joint = true
			}
			continue
		}
		rf, ok := r.refOf(p, k)
		if !ok {
			continue
		}
		switch {
		case rf.kind == sPerson && rf.weak:
			weak = append(weak, rf)
		case rf.kind == sPerson, rf.kind == sOffice:
			people = append(people, rf)
		case rf.kind == sCountry:
			countries = append(countries, rf)
		}
	}
	if len(people) == 0 && len(countries) == 0 {
		people = weak
	}
	switch {
	case len(people) > 0:
		return people
	case len(countries) > 0:
		return countries
	case joint:
		var out []ref
		for _, c := range r.res.pair {
			out = append(out, ref{kind: sCountry, idx: c})
		}
		return out
	}
	return nil
}

// agreementText cuts the object of an agreement: up to the end of the
// sentence or to a comma followed by an aside.
func (r *reader) agreementText(p *para, a, hi int) string {
	if a >= hi {
		return ""
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
		if ok, dir := quoteMark(t); ok && dir < 0 && p.quoteOf[a] != 0 {
			b = i
			break
		}
	}
	if b <= a {
		return ""
	}
	text := cleanQuote(p.text[p.toks[a].start:p.toks[b-1].end])
	text = quoteMarks.Replace(text)
	return strings.TrimRight(text, ".,; ")
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
	for j := g + 1; j < hi && j <= g+6; j++ {
		f := p.toks[j].fold
		_, wd := weekdays[f]
		_, mo := months[f]
		switch {
		case wd || mo || p.toks[j].kind == tNum:
			dated = true
		case dateWords[f]:
		case f == "to" && dated:
			return j + 1 - g
		default:
			return 0
		}
	}
	return 0
}
