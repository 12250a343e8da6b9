package extract

import "strings"

// readHolds reads who holds which office: an office followed by a name
// ("Foreign Minister Ana Ferrando"), an appositive ("Ana Ferrando,
// Mexico's foreign minister,") and a relative clause ("Hale, who is also
// serving as national security advisor,").
func (r *reader) readHolds() {
	for _, p := range r.paras {
		for k, s := range p.spans {
			pos := p.idx<<20 | s.a
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
				// "Mexico's foreign minister, Elena Ortiz, said"
				if e := s.b; e+1 < len(p.toks) && p.toks[e].text == "," {
					if h := p.spanAt[e+1]; h >= 0 && p.spans[h].kind == sPerson && p.spans[h].a == e+1 {
						if after := p.spans[h].b; after >= len(p.toks) || p.toks[after].text == "," || p.has(after, kSpeech) > 0 {
							r.addHold(p.spans[h].name, s.ref, p.sentence(s.sent), pos)
						}
					}
				}
			}
		}
	}
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
				if !strings.Contains(fold(t.office), s.word) || !nameCompatible(name, t.fold) || !r.during(t) {
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
