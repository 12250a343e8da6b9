package extract

import (
	"slices"
	"strings"
)

// readHolds reads who holds which office: an office followed by a name
// ("Foreign Minister Ana Ferrando"), an appositive ("Ana Ferrando,
// Mexico's foreign minister,") and a relative clause ("Hale, who is also
// serving as national security advisor,").
func (r *reader) readHolds() {
	for _, p := range r.paras {
		r.readCounterparts(p)
		r.readGroupHolds(p)
		for k, s := range p.spans {
			pos := p.idx<<20 | s.a
			if s.kind == sOffice && nominated(p, s) {
				continue
			}
			switch {
			case s.kind == sOffice && s.holder >= 0 && s.ref >= 0:
				r.addHold(p.spans[s.holder].name, s.ref, p.sentence(s.sent), pos)
				if s.guess {
					r.res.holds[len(r.res.holds)-1].alts = s.cands
				}
			case s.kind == sPerson && !s.relCl:
				if o := r.appositive(p, k); o >= 0 {
					r.addHold(s.name, p.spans[o].ref, p.sentence(s.sent), pos)
				}
			case s.kind == sOffice && s.holder < 0 && s.ref >= 0:
				// "Mexico's foreign minister, Elena Ortiz, said"; "the
				// director of the agency (DEA), Paul Ruiz, said".
				if e := skipParenthesis(p, s.b); e+1 < len(p.toks) && p.toks[e].text == "," {
					if h := p.spanAt[e+1]; h >= 0 && p.spans[h].kind == sPerson && p.spans[h].a == e+1 {
						if after := p.spans[h].b; after >= len(p.toks) || p.toks[after].text == "," || p.toks[after].text == ";" || p.toks[after].text == "." ||
							p.toks[after].fold == "and" || p.has(after, kSpeech) > 0 {
							r.addHold(p.spans[h].name, s.ref, p.sentence(s.sent), pos)
						}
					}
				}
			}
		}
	}
}

// readGroupHolds reads a plural office shared out among countries: "The
// presidents of Mexico, Ana Ruiz, and Peru, Oren Halloway, met": each holds
// the office of the country named before the name.
func (r *reader) readGroupHolds(p *para) {
	toks := p.toks
	for i := 0; i+2 < len(toks); i++ {
		n := p.has(i, kPeopleGroup)
		if n == 0 || toks[i+n].fold != "of" {
			continue
		}
		word := strings.TrimSuffix(strings.TrimSpace(p.text[toks[i].start:toks[i+n-1].end]), "s")
		j := i + n + 1
		for j+2 < len(toks) {
			c, h := p.spanAt[j], p.spanAt[j+2]
			if c < 0 || h < 0 || p.spans[c].kind != sCountry || p.spans[c].adj || toks[p.spans[c].b].text != "," || p.spans[h].kind != sPerson || p.spans[h].a != j+2 {
				break
			}
			if o := r.lx.officeIndex(p.spans[c].ref, word); o >= 0 {
				r.addHold(p.spans[h].name, o, p.sentence(p.spans[h].sent), p.idx<<20|p.spans[h].a)
			}
			j = p.spans[h].b
			for j < len(toks) && (toks[j].text == "," || toks[j].fold == "and") {
				j++
			}
		}
		i += n - 1
	}
}

// nominated reports whether an office is one its person is named for, not
// one they hold: "the nominee for U.S. ambassador to Mexico, X".
func nominated(p *para, s span) bool {
	a := s.a
	if a > 0 && p.spanAt[a-1] >= 0 && p.spans[p.spanAt[a-1]].kind == sCountry {
		a = p.spans[p.spanAt[a-1]].a // "for U.S. ambassador"
	}
	return p.phraseEndsAt(kNominee, 0, a)
}

// skipParenthesis returns the token after a short parenthesis opening at
// token i ("(DEA)"), or i when none opens there.
func skipParenthesis(p *para, i int) int {
	if i >= len(p.toks) || p.toks[i].text != "(" {
		return i
	}
	for j := i + 1; j < len(p.toks) && j <= i+4; j++ {
		if p.toks[j].text == ")" {
			return j + 1
		}
	}
	return i
}

func (r *reader) addHold(person string, office int, evidence string, pos int) {
	if r.holdsBy == nil {
		r.holdsBy = map[int][]int{}
	}
	r.holdsBy[office] = append(r.holdsBy[office], len(r.res.holds))
	r.res.holds = append(r.res.holds, hold{person: person, office: office, evidence: evidence, pos: pos})
}

// appositive returns the office span that a comma after person span k
// attributes to the person, or -1.
func (r *reader) appositive(p *para, k int) int {
	s := p.spans[k]
	toks := p.toks
	i := s.b
	if i >= len(toks) || toks[i].text != "," {
		return -1
	}
	i++
	if i < len(toks) && (toks[i].fold == "who" || toks[i].fold == "which") {
		// The last role in the relative clause is the person's office.
		found := -1
		for j := i; j < len(toks) && toks[j].text != "," && p.sentOf[j] == s.sent; j++ {
			if o := p.spanAt[j]; o >= 0 && p.spans[o].kind == sOffice && p.spans[o].holder < 0 && p.spans[o].ref >= 0 {
				found = o
			}
		}
		return found
	}
	if i < len(toks) && (toks[i].fold == "the" || toks[i].fold == "a") {
		i++
	}
	if i >= len(toks) {
		return -1
	}
	o := p.spanAt[i]
	if o < 0 && i > 0 {
		return -1
	}
	if p.spans[o].kind == sCountry && p.spans[o].isQual {
		// "Mexico's foreign minister": the qualifier starts the office span
		// only by reference; find the office that follows.
		for j := p.spans[o].b; j < len(toks) && j <= p.spans[o].b+2; j++ {
			if q := p.spanAt[j]; q >= 0 && p.spans[q].kind == sOffice {
				o = q
				break
			}
		}
	}
	os := p.spans[o]
	if os.kind != sOffice || os.holder >= 0 || os.ref < 0 {
		return -1
	}
	if os.b < len(toks) && toks[os.b].text != "," && toks[os.b].text != "." && toks[os.b].text != ";" {
		return -1
	}
	return o
}

// readMentions records every entity a document names, for MENTIONED_IN.
func (r *reader) readMentions() {
	for _, p := range r.paras {
		for k, s := range p.spans {
			ev := p.sentence(s.sent)
			switch s.kind {
			case sPerson:
				r.res.mentions = append(r.res.mentions, mention{ref: ref{kind: sPerson, name: s.name, weak: s.word == "weak"}, surface: s.name, evidence: ev})
			case sCountry:
				r.res.mentions = append(r.res.mentions, mention{ref: ref{kind: sCountry, idx: s.ref}, surface: s.name, evidence: ev})
			case sOrg:
				if rf, ok := r.refOf(p, k); ok {
					r.res.mentions = append(r.res.mentions, mention{ref: rf, surface: s.name, evidence: ev})
				}
			case sOffice:
				if s.ref < 0 {
					continue
				}
				m := mention{ref: ref{kind: sOffice, idx: s.ref}, surface: officeSurface(s.name), evidence: ev}
				if s.guess && s.holder >= 0 {
					m.alts, m.holder = s.cands, p.spans[s.holder].name
				}
				if s.holder < 0 && r.appositiveOf(p, k) < 0 {
					if who, ok := r.refOf(p, k); ok {
						if who.kind == sPerson {
							r.res.mentions = append(r.res.mentions, mention{ref: who, surface: who.name, evidence: ev})
						} else {
							m.role = true
						}
					}
				}
				r.res.mentions = append(r.res.mentions, m)
			}
		}
	}
}

// appositiveOf returns the person span an office span is in apposition to.
func (r *reader) appositiveOf(p *para, o int) int {
	for _, k := range p.inSentence(p.spans[o].sent) {
		if s := p.spans[k]; s.kind == sPerson && r.appositive(p, k) == o {
			return k
		}
	}
	return -1
}

// officeSurface drops modifiers from an office as written ("Acting Attorney
// General" is an alias of "Attorney General").
func officeSurface(s string) string {
	for {
		w, rest, ok := strings.Cut(s, " ")
		if !ok || !officeModifiers[fold(strings.TrimSuffix(w, "-"))] {
			return s
		}
		s = rest
	}
}

// readTitleHolds reads the office behind a bare title before a name
// ("Secretary X"): the administrations table says which offices of that
// title X held; if one only was held in the document's time, X held it.
func (r *reader) readTitleHolds() {
	for _, p := range r.paras {
		for _, s := range p.spans {
			if s.kind != sTitle || s.holder < 0 {
				continue
			}
			name := nameTokens(p.spans[s.holder].name)
			found := -1
			for _, t := range r.lx.terms {
				if !strings.Contains(t.officeFold, s.word) || !nameCompatible(name, t.fold) || !r.during(t) {
					continue
				}
				o := r.lx.officeIndex(t.country, t.office)
				if o < 0 || (found >= 0 && found != o) {
					found = -2
					break
				}
				found = o
			}
			if found >= 0 {
				ev := p.sentence(s.sent)
				r.addHold(p.spans[s.holder].name, found, ev, p.idx<<20|s.a)
				r.res.mentions = append(r.res.mentions, mention{ref: ref{kind: sOffice, idx: found}, surface: r.lx.offices[found].name, evidence: ev})
			}
		}
	}
}

// during reports whether a term overlaps the document's time: its date, or
// the bound its heads of state give; with neither, any term does.
func (r *reader) during(t term) bool {
	overlaps := func(from, to string) bool {
		return (to == "" || t.start <= to) && (t.end == "" || from <= t.end)
	}
	if d := r.res.date; len(d) == 10 {
		return overlaps(d, d)
	}
	if len(r.res.rng) == 0 {
		return true
	}
	for _, g := range r.res.rng {
		if overlaps(g.from, g.to) {
			return true
		}
	}
	return false
}

// shapedOffice returns the index of a country's office read from its shape
// ("Undersecretary of Ports"): the listed office of that name if there is
// one, else one the document adds. The reader's lexicon becomes a copy
// whose office table holds the document's offices too, so that every
// later step reads them as it reads listed ones.
func (r *reader) shapedOffice(country int, name string) int {
	if i := r.lx.officeIndex(country, name); i >= 0 {
		return i
	}
	k := officeKey{country, foldPhrase(name)}
	if r.shaped == nil {
		r.shaped = map[officeKey]int{}
		cp := *r.lx
		cp.offices = cp.offices[:len(cp.offices):len(cp.offices)]
		r.lx = &cp
	}
	if i, ok := r.shaped[k]; ok {
		return i
	}
	o := office{country: country, name: name, fold: fold(name), id: officeID(r.lx.countries[country].name, name)}
	i := len(r.lx.offices)
	r.lx.offices = append(r.lx.offices, o)
	r.res.offices = append(r.res.offices, o)
	r.shaped[k] = i
	return i
}

// internOffices returns a document's result with the offices it read from
// their shape renumbered into the corpus's numbering (after the lexicon's
// offices), so that every document names an office by one index. The
// result given is left as it is (it may be added to another corpus): the
// one returned has its own copies of what changed.
func (c *Corpus) internOffices(res *docResult) *docResult {
	if len(res.offices) == 0 {
		return res
	}
	cp := *res
	res = &cp
	res.mentions = slices.Clone(res.mentions)
	res.holds = slices.Clone(res.holds)
	res.stmts = slices.Clone(res.stmts)
	res.agreements = slices.Clone(res.agreements)
	res.attends = slices.Clone(res.attends)
	for k := range res.mentions {
		res.mentions[k].alts = slices.Clone(res.mentions[k].alts)
	}
	for k := range res.holds {
		res.holds[k].alts = slices.Clone(res.holds[k].alts)
	}
	for k := range res.agreements {
		res.agreements[k].parties = slices.Clone(res.agreements[k].parties)
	}
	base := len(c.x.lx.offices)
	if c.officeOf == nil {
		c.officeOf = map[string]int{}
	}
	to := make([]int, len(res.offices))
	for j, o := range res.offices {
		i, ok := c.officeOf[o.id]
		if !ok {
			i = base + len(c.offices)
			c.officeOf[o.id] = i
			c.offices = append(c.offices, o)
		}
		to[j] = i
	}
	re := func(i int) int {
		if i >= base {
			return to[i-base]
		}
		return i
	}
	reRef := func(r *ref) {
		if r.kind == sOffice {
			r.idx = re(r.idx)
		}
	}
	reAll := func(xs []int) {
		for k := range xs {
			xs[k] = re(xs[k])
		}
	}
	for k := range res.mentions {
		reRef(&res.mentions[k].ref)
		reAll(res.mentions[k].alts)
	}
	for k := range res.holds {
		res.holds[k].office = re(res.holds[k].office)
		reAll(res.holds[k].alts)
	}
	for k := range res.stmts {
		reRef(&res.stmts[k].speaker)
	}
	for k := range res.agreements {
		for j := range res.agreements[k].parties {
			reRef(&res.agreements[k].parties[j])
		}
	}
	for k := range res.attends {
		reRef(&res.attends[k].who)
	}
	res.offices = nil
	return res
}

// lexicon returns the lexicon with the corpus's shaped offices after the
// listed ones, for resolving the corpus.
func (c *Corpus) lexicon() *lexicon {
	if len(c.offices) == 0 {
		return c.x.lx
	}
	cp := *c.x.lx
	cp.offices = append(cp.offices[:len(cp.offices):len(cp.offices)], c.offices...)
	return &cp
}

// chooseShaped picks the country of an office read from its shape and
// returns its index: the qualifier ("Honduran", "of Peru", "that
// country's"), the country of the listed office under its rank, of the
// organization or place it names or is "at", its holder's own country, the
// office before it in a list, or the document's first country.
func (r *reader) chooseShaped(p *para, s *span, prev map[int]int) int {
	c := s.qual
	if c < 0 && s.anaph {
		c = r.lastCountry(p, s.a)
	}
	if c < 0 && s.hasCandidates() {
		base := *s
		base.shape = ""
		if o := r.chooseOffice(p, &base, prev); o >= 0 && !base.guess {
			c = r.lx.offices[o].country
		}
	}
	if c < 0 {
		c = s.hint
	}
	if c < 0 && s.holder >= 0 {
		c = r.holderCountry(p.spans[s.holder].name, "")
	}
	if c < 0 {
		if pc, ok := prev[s.sent]; ok {
			c = pc
		}
	}
	if c < 0 && len(r.order) > 0 {
		c = r.order[0]
	}
	if c < 0 {
		return -1
	}
	return r.shapedOffice(c, officeSurface(s.shape))
}

// lastCountry returns the country named last before token a of paragraph
// p, in it or in the paragraphs before; -1 if none.
func (r *reader) lastCountry(p *para, a int) int {
	for pi := len(r.paras) - 1; pi >= 0; pi-- {
		q := r.paras[pi]
		if q.idx > p.idx {
			continue
		}
		best, at := -1, -1
		for _, s := range q.spans {
			if s.kind == sCountry && !r.lx.countries[s.ref].region && (q.idx < p.idx || s.a < a) && s.a > at {
				best, at = s.ref, s.a
			}
		}
		if best >= 0 {
			return best
		}
	}
	return -1
}

// holderCountry returns a person's own country: the one the
// administrations table gives them (in an office of this name if one is
// given, else in any office), else the one the document gives them by
// qualifying an office they hold ("Honduran Security Minister X" makes
// "Minister X" Honduran); -1 when unknown or ambiguous.
func (r *reader) holderCountry(name, officeName string) int {
	toks := nameTokens(name)
	if len(toks) == 0 {
		return -1
	}
	if officeName != "" {
		if c := r.lx.headOfState(name, officeName); c >= 0 {
			return c
		}
	}
	found := -1
	for _, t := range r.lx.terms {
		if !nameCompatible(toks, t.fold) {
			continue
		}
		if found >= 0 && found != t.country {
			found = -2
			break
		}
		found = t.country
	}
	if found >= 0 {
		return found
	}
	found = -1
	for _, k := range r.known {
		if !nameCompatible(toks, k.name) {
			continue
		}
		if found >= 0 && found != k.country {
			return -1
		}
		found = k.country
	}
	return found
}

// knownHolder is a person the document places in a country by qualifying
// an office they hold.
type knownHolder struct {
	name    []string
	country int
	office  int // the listed office, -1 if none
}

// heldByOther reports whether the document gives office o, by a qualified
// mention, to someone other than the person named: "President X" is then
// another country's president.
func (r *reader) heldByOther(o int, name string) bool {
	toks := nameTokens(name)
	other := false
	for _, k := range r.known {
		if k.office == o {
			if nameCompatible(k.name, toks) {
				return false
			}
			other = true
		}
	}
	return other
}

// readKnownHolders records the people whose office the text qualifies with
// a country ("Honduran Security Minister X", "Minister of Defense of Peru
// X"), before the offices' countries are chosen.
func (r *reader) readKnownHolders() {
	for _, p := range r.paras {
		for _, s := range p.spans {
			if s.kind == sOffice && s.holder >= 0 && s.qual >= 0 {
				r.known = append(r.known, knownHolder{nameTokens(p.spans[s.holder].name), s.qual, r.lx.candidate(&s, s.qual)})
			}
		}
	}
}

// byDocCountries picks among the offices of an unqualified mention by the
// countries the document is about: first an office of its two main
// countries that offices.tsv lists for that country (a text about the
// United States and Mexico means the US national security advisor, not a
// generic one of Mexico), then any office of those two, then the same for
// every country in order of mention; -1 if none.
func (r *reader) byDocCountries(byCountry func(c int) int) int {
	if r.main == nil {
		r.main = r.pairOf()
	}
	for _, cs := range [][]int{r.main, r.order} {
		for _, generic := range []bool{false, true} {
			for _, c := range cs {
				if o := byCountry(c); o >= 0 && (generic || !r.lx.offices[o].generic) {
					return o
				}
			}
		}
	}
	return -1
}

// candidateName returns the canonical name of an office span's first
// candidate ("President"), for the administrations table.
func (r *reader) candidateName(s *span) string {
	if len(s.cands) > 0 {
		return r.lx.offices[s.cands[0]].name
	}
	for _, t := range s.tmpls {
		for _, o := range r.lx.officeTmpls[t] {
			if o >= 0 {
				return r.lx.offices[o].name
			}
		}
	}
	return ""
}

// readCounterparts reads "X and his Colombian counterpart, Y": Y holds the
// office of Colombia that plays the role of X's office (the counterpart of
// a Secretary of State is a Minister of Foreign Affairs).
func (r *reader) readCounterparts(p *para) {
	toks := p.toks
	for i, t := range toks {
		if t.fold != "counterpart" || i == 0 {
			continue
		}
		j := i - 1
		if toks[j].fold == "'s" && j > 0 {
			j--
		}
		c := p.spanAt[j]
		if c < 0 || p.spans[c].kind != sCountry {
			continue
		}
		h := i + 1
		if h < len(toks) && toks[h].text == "," {
			h++
		}
		if h >= len(toks) || p.spanAt[h] < 0 || p.spans[p.spanAt[h]].kind != sPerson || p.spans[p.spanAt[h]].a != h {
			continue
		}
		// The office of the person whose counterpart this is: the last one
		// held before, in the sentence.
		role := ""
		for _, k := range p.inSentence(p.sentOf[i]) {
			if o := p.spans[k]; o.kind == sOffice && o.a < j && o.holder >= 0 && o.ref >= 0 {
				role = r.lx.offices[o.ref].role
			}
		}
		if role == "" {
			continue
		}
		if o := r.lx.officeOfRole(p.spans[c].ref, role); o >= 0 {
			r.addHold(p.spans[p.spanAt[h]].name, o, p.sentence(p.sentOf[i]), p.idx<<20|h)
		}
	}
}
