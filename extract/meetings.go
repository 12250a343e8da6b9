package extract

import "strings"

// readMeetingCues reads who attended what in a sentence:
//   - a named event in the sentence, or a sentence opening "At the
//     meeting," / "During the call,": the people of the sentence attended;
//   - an attendance verb ("participated", "met with", "headed"): the people
//     of its clause attended;
//   - "X's visit", "X's trip": X attended.
//
// People inside a quotation count only with a cue inside the same
// quotation. A sentence with a cue also gives the meeting its date and
// place.
func (r *reader) readMeetingCues(p *para, s int) {
	lo, hi := p.sents[s][0], p.sents[s][1]
	mtg := -1
	cueQuotes := map[int]bool{}
	cue := false
	events := []int{}
	for _, k := range p.inSentence(s) {
		if p.spans[k].kind == sEvent {
			events = append(events, k)
		}
	}
	i := lo
	for i < hi {
		if ok, _ := quoteMark(p.toks[i]); ok {
			i++
			continue
		}
		break
	}
	if i+2 < hi && (p.toks[i].fold == "at" || p.toks[i].fold == "during") && p.toks[i+1].fold == "the" {
		if p.has(i+2, kMeeting) > 0 || (p.spanAt[i+2] >= 0 && p.spans[p.spanAt[i+2]].kind == sEvent) {
			cueQuotes[p.quoteOf[i]] = true
			cue = true
		}
	}
	mentionsMeeting := cue
	happened := cue
	var verbs []int // attendance verbs: their clause attended
	for j := lo; j < hi; j++ {
		if p.spanAt[j] >= 0 {
			continue
		}
		if n := p.has(j, kAttend); n > 0 {
			verbs = append(verbs, j)
			cue, happened = true, true
			j += n - 1
			continue
		}
		if p.has(j, kHappen) > 0 {
			happened = true
		}
		if p.has(j, kMeeting) > 0 {
			mentionsMeeting = true
		}
	}
	// A named event is the meeting reported when the sentence says it took
	// place or who took part; otherwise it is only a topic ("discussed the
	// Security Dialogue") and the sentence's people did not attend it.
	for _, k := range events {
		sp := p.spans[k]
		m := r.namedMeeting(sp.name, p.sentence(s), happened)
		if happened {
			mtg = m
			cueQuotes[sp.quote] = true
			cue = true
		}
	}
	if mtg < 0 && (cue || mentionsMeeting) {
		mtg = r.mainMeeting(p.sentence(s))
	}
	if mtg >= 0 && (cue || mentionsMeeting) {
		r.meetingContext(p, s, mtg)
	}
	for _, k := range p.inSentence(s) {
		sp := p.spans[k]
		attends := false
		switch sp.kind {
		case sPerson:
			if sp.poss && sp.b+1 < len(p.toks) && p.has(sp.b+1, kMeeting) > 0 {
				attends = true
			} else {
				attends = !sp.poss && !sp.relCl && (cueQuotes[sp.quote] || sameClause(p, verbs, sp))
			}
		case sOffice, sTitle:
			attends = sp.holder < 0 && !sp.poss && !sp.relCl && (cueQuotes[sp.quote] || sameClause(p, verbs, sp))
		}
		if !attends {
			continue
		}
		rf, ok := r.refOf(p, k)
		if !ok || (rf.kind != sPerson && rf.kind != sOffice) {
			continue
		}
		if mtg < 0 {
			mtg = r.mainMeeting(p.sentence(s))
		}
		r.res.attends = append(r.res.attends, attendance{who: rf, meeting: mtg, evidence: p.sentence(s)})
	}
}

// namedMeeting returns the document's meeting of that name, adding it.
// An event that happened becomes the meeting the document is about.
func (r *reader) namedMeeting(name, evidence string, happened bool) int {
	key := foldPhrase(name)
	i := -1
	for j, m := range r.res.meetings {
		if m.name != "" && foldPhrase(m.name) == key {
			i = j
			break
		}
	}
	if i < 0 {
		r.res.meetings = append(r.res.meetings, meeting{name: name, evidence: evidence})
		i = len(r.res.meetings) - 1
	}
	if happened && (r.mainMtg < 0 || r.res.meetings[r.mainMtg].name == "") {
		r.mainMtg = i
	}
	return i
}

// mainMeeting returns the meeting the document is about: its first named
// event, else one unnamed meeting.
func (r *reader) mainMeeting(evidence string) int {
	if r.mainMtg < 0 {
		r.res.meetings = append(r.res.meetings, meeting{evidence: evidence})
		r.mainMtg = len(r.res.meetings) - 1
	}
	return r.mainMtg
}

// meetingContext takes a meeting's date and place from a sentence about it.
func (r *reader) meetingContext(p *para, s, mtg int) {
	lo, hi := p.sents[s][0], p.sents[s][1]
	if _, ok := r.mtgDate[mtg]; !ok {
		for _, d := range dateRefs(p.toks[lo:hi]) {
			r.mtgDate[mtg] = d
			break
		}
	}
	m := &r.res.meetings[mtg]
	if m.place != "" {
		return
	}
	// A dateline opening the sentence's paragraph: "MEXICO CITY — Officials
	// met ..."; else "in <city>" in the sentence.
	if p.idx <= 5 && s == 0 && len(p.bySent) > 0 && len(p.bySent[0]) > 0 {
		if sp := p.spans[p.bySent[0][0]]; sp.kind == sCity && sp.a == 0 {
			m.place = r.lx.cities[sp.ref].name
			return
		}
	}
	for _, k := range p.inSentence(s) {
		sp := p.spans[k]
		if sp.kind == sCity && sp.a > 0 && p.toks[sp.a-1].fold == "in" {
			m.place = r.lx.cities[sp.ref].name
			return
		}
	}
}

// finishMeetings folds the unnamed meeting into the named event the
// document reports, when it names one, and dates the meetings.
func (r *reader) finishMeetings() {
	ms := r.res.meetings
	named := -1
	if r.mainMtg >= 0 && ms[r.mainMtg].name != "" {
		named = r.mainMtg
	}
	fold := map[int]bool{}
	if named >= 0 {
		for i, m := range ms {
			if m.name == "" {
				fold[i] = true
			}
		}
	}
	remap := make([]int, len(ms))
	var kept []meeting
	for i, m := range ms {
		if fold[i] {
			remap[i] = -1
			continue
		}
		remap[i] = len(kept)
		kept = append(kept, m)
	}
	for i, m := range ms {
		if remap[i] == -1 {
			t := &kept[remap[named]]
			if t.place == "" {
				t.place = m.place
			}
			if _, ok := r.mtgDate[named]; !ok {
				if d, ok := r.mtgDate[i]; ok {
					r.mtgDate[named] = d
				}
			}
			remap[i] = remap[named]
		}
	}
	for i := range r.res.attends {
		r.res.attends[i].meeting = remap[r.res.attends[i].meeting]
	}
	for i := range ms {
		if remap[i] < 0 {
			continue
		}
		if d, ok := r.mtgDate[i]; ok {
			if s := resolveRef(d, r.res.date, dateRange{}); s != "" && kept[remap[i]].date == "" {
				kept[remap[i]].date = s
			}
		}
	}
	// The document's date is that of the event it reports, when the text
	// dates it ("on Sunday" in a page dated Monday).
	if r.mainMtg >= 0 && remap[r.mainMtg] >= 0 {
		if _, ok := r.mtgDate[r.mainMtg]; ok {
			if d := kept[remap[r.mainMtg]].date; len(d) == 10 {
				r.res.date = d
			}
		}
	}
	for i := range kept {
		if kept[i].date == "" {
			kept[i].date = r.res.date
		}
		kept[i].name = strings.TrimSpace(kept[i].name)
	}
	// An unnamed meeting nobody is known to have attended is not reported.
	att := map[int]bool{}
	for _, a := range r.res.attends {
		att[a.meeting] = true
	}
	out := kept[:0]
	remap2 := make([]int, len(kept))
	for i, m := range kept {
		if m.name == "" && !att[i] {
			remap2[i] = -1
			continue
		}
		remap2[i] = len(out)
		out = append(out, m)
	}
	for i := range r.res.attends {
		r.res.attends[i].meeting = remap2[r.res.attends[i].meeting]
	}
	r.res.meetings = out
}

// subordinators open a clause about something else: "met on Wednesday, the
// first meeting since President X returned to office".
var subordinators = map[string]bool{"since": true, "after": true, "before": true, "when": true, "while": true,
	"because": true, "although": true, "though": true, "until": true, "whereas": true}

// sameClause reports whether span sp shares a clause with one of the
// attendance verbs: same quotation, no subordinating word between them.
func sameClause(p *para, verbs []int, sp span) bool {
	for _, v := range verbs {
		if p.quoteOf[v] != sp.quote {
			continue
		}
		a, b := min(v, sp.a), max(v, sp.a)
		ok := true
		for i := a; i < b; i++ {
			if subordinators[p.toks[i].fold] && p.spanAt[i] < 0 {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
