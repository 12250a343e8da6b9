package extract

import (
	"slices"
	"strings"
)

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
	if i+2 < hi && (p.toks[i].fold == "at" || p.toks[i].fold == "during") {
		// "During the meeting, ...", "During X's visit, A and B signed
		// ...": the people of the sentence were there.
		j := i + 1
		if k := p.spanAt[j]; k >= 0 && p.spans[k].kind == sPerson && p.spans[k].poss && p.spans[k].b+1 < hi {
			j = p.spans[k].b + 1
		} else if f := p.toks[j].fold; f == "the" || f == "his" || f == "her" || f == "their" {
			j++
		} else {
			j = hi
		}
		if j < hi && (p.has(j, kMeeting) > 0 || (p.spanAt[j] >= 0 && p.spans[p.spanAt[j]].kind == sEvent)) {
			cueQuotes[p.quoteOf[i]] = true
			cue = true
		}
	}
	mentionsMeeting := cue
	happened := cue
	var verbs []int // attendance verbs: their clause attended
	between := [2]int{-1, -1}
cues:
	for j := lo; j < hi; j++ {
		if p.spanAt[j] >= 0 {
			continue
		}
		for _, c := range attendanceCues {
			if n := c.read(p, j, hi); n > 0 {
				if refused(p, lo, j) || p.has(j, kMeeting) > 0 && cancelled(p, j) {
					// "X refused to meet with Y", "X cancelled a meeting
					// with Y": no meeting took place.
					j += n - 1
					continue cues
				}
				verbs = append(verbs, j)
				cue, happened = true, true
				mentionsMeeting = mentionsMeeting || c.noun
				if f := p.toks[j+n-1].fold; c.noun && (f == "between" || f == "entre") && between[0] < 0 {
					// "the meeting between A and B": A and B met, whoever
					// the sentence's subject is.
					between = [2]int{j + n, betweenList(p, j+n, hi)}
				}
				j += n - 1
				continue cues
			}
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
	// An event a headline names is the one the text reports.
	headlined := p.idx == 0 && len(p.sents) == 1 && headline(p.text)
	// duringOnly: the event is the sentence's only because its action took
	// place "during" it. Not when the sentence tells of "X's visit": that
	// is X's own, another event.
	duringOnly := false
	ownVisit := false
	for _, k := range p.inSentence(s) {
		sp := p.spans[k]
		ownVisit = ownVisit || sp.kind == sPerson && sp.poss && sp.b+1 < len(p.toks) && p.has(sp.b+1, kMeeting) > 0
	}
	for _, k := range events {
		sp := p.spans[k]
		// "X and Y established the Committee during the Summit": what
		// the sentence tells took place at the event.
		// "the meeting between A and B during the Summit": their own
		// meeting, the Summit only its occasion.
		at := headlined || (happened || during(p, sp.a) && !ownVisit) && !timeReference(p, sp.a) && between[0] < 0
		m := r.namedMeeting(sp.name, p.sentence(s), at)
		if at && !headlined && !happened {
			duringOnly = true
		}
		if at {
			mtg = m
			cueQuotes[sp.quote] = true
			cue = true
		}
		// "before the Dialogue, in which they are also scheduled to
		// discuss ...": the people the text met take part in it.
		if !at && theyTakePart(p, sp.b, p.sents[s][1]) && r.curMtg >= 0 {
			if ppl := r.peopleOf(r.curMtg); len(ppl) >= 2 {
				r.attend(ppl, m, p.sentence(s))
			}
		}
	}
	// People named after an event that only dates the sentence ("ahead
	// of the Summit with Z") are the event's, not the meeting's.
	cut := hi
	for _, k := range events {
		if timeReference(p, p.spans[k].a) {
			cut = min(cut, p.spans[k].a)
		}
	}
	var who []ref
	for _, k := range p.inSentence(s) {
		sp := p.spans[k]
		if sp.a >= cut {
			break
		}
		if between[0] >= 0 && (sp.a < between[0] || sp.a >= between[1]) {
			continue // only the names after "between" met
		}
		attends := false
		switch sp.kind {
		case sPerson:
			if duringOnly {
				// Only the subject did it during the event: "X and Y
				// established ... during the Summit".
				attends = !sp.poss && !sp.relCl && leadsSentence(p, lo, sp.a)
			} else if sp.poss && sp.b+1 < len(p.toks) && p.has(sp.b+1, kMeeting) > 0 {
				attends = true
			} else {
				attends = !sp.poss && !sp.relCl && (cueQuotes[sp.quote] || sameClause(p, verbs, sp) && !askedToMeet(p, verbs, sp)) && !reporter(p, verbs, sp) && !kinOf(p, sp)
				// "X, who met Y in Lima on Monday, said": Y met X.
				attends = attends || !sp.poss && sp.relCl && metInRelative(p, verbs, sp)
			}
		case sOffice, sTitle:
			attends = sp.holder < 0 && !sp.poss && !sp.relCl && (cueQuotes[sp.quote] || sameClause(p, verbs, sp))
		case sPronoun:
			// "I just left a working session with ...", "We held talks
			// with ...": the speaker of the quote or the transcript's turn.
			if (sp.word == "i" || sp.word == "we") && sameClause(p, verbs, sp) && !askedToMeet(p, verbs, sp) {
				if rf := r.firstPerson(p, s, sp.quote); rf.kind != 0 {
					who = appendRef(who, rf)
				}
			}
			// "X was headed to Peru, where she was to meet with Y": the
			// person before the pronoun in the sentence.
			if (sp.word == "he" || sp.word == "she") && sp.quote == 0 && sameClause(p, verbs, sp) && !askedToMeet(p, verbs, sp) {
				if rf := r.personBefore(p, s, sp.a); rf.kind == sPerson {
					who = appendRef(who, rf)
				} else if leadsSentence(p, lo, sp.a) && r.lastWho.kind == sPerson {
					// "X arrived in Lima on Monday. He will meet Y on
					// Tuesday": the subject of the sentences before.
					who = appendRef(who, r.lastWho)
				}
			}
			// "They will meet with Z" opening a sentence: the people of
			// the meeting the text is telling.
			if sp.word == "they" && sp.quote == 0 && r.curMtg >= 0 && leadsSentence(p, lo, sp.a) && len(verbs) > 0 && sp.a < verbs[0] && sameClause(p, verbs, sp) {
				for _, w := range r.peopleOf(r.curMtg) {
					who = appendRef(who, w)
				}
				mtg = r.curMtg
			}
			continue
		}
		if !attends {
			continue
		}
		rf, ok := r.refOf(p, k)
		if !ok || (rf.kind != sPerson && rf.kind != sOffice) {
			continue
		}
		who = appendRef(who, rf)
	}
	if len(verbs) > 0 && r.delegMtg >= 0 && !actorBefore(p, lo, verbs[0]) && hasClass(p, lo, verbs[0], kDelegation) {
		// "The full delegation met with ...": the people the text listed
		// in the delegation.
		for _, w := range r.peopleOf(r.delegMtg) {
			who = appendRef(who, w)
		}
	}
	if len(verbs) > 0 && r.turn.kind != 0 && p.quoteOf[verbs[0]] == 0 && !actorBefore(p, lo, verbs[0]) {
		// "MINISTER X: It is a pleasure to receive Y": the speaker hosts.
		who = appendRef(who, r.turn)
	}
	if len(verbs) > 0 {
		// "The presidents of A and B met": the holders the group names.
		if g, named := r.groupIn(p, lo, verbs[0], 0); named {
			for _, rf := range g {
				if rf.kind == sPerson {
					who = appendRef(who, rf)
				}
			}
		}
	}
	if between[0] >= 0 && r.curMtg >= 0 {
		// A meeting named by who took part in it is told in passing
		// ("X's visit follows the meeting between A and B"): the text
		// goes on about the meeting it was telling.
		defer func(cur int) { r.curMtg = cur }(r.curMtg)
	}
	if mtg < 0 && (cue || mentionsMeeting) {
		if len(who) > 0 {
			mtg = r.currentMeeting(p, s, who, between[0] >= 0)
		} else {
			mtg = r.mainMeeting(p.sentence(s))
		}
	}
	if mtg >= 0 && (cue || mentionsMeeting) {
		r.meetingContext(p, s, mtg)
	}
	if len(who) == 0 {
		return
	}
	if r.separateMeetings(p, s, verbs, who) {
		return
	}
	if mtg < 0 {
		mtg = r.currentMeeting(p, s, who, between[0] >= 0)
	}
	r.attend(who, mtg, p.sentence(s))
	r.metToAct(p, s, verbs, who)
	if r.delegMtg < 0 && hasClass(p, lo, hi, kDelegation) {
		r.delegMtg = mtg // the meeting whose people make up "the delegation"
	}
}

// separateMeetings reads "X has met both A and B" (or "A and B
// separately"): X met each of them, in meetings of their own, the one with
// A being the one the text told already if it did. It reports whether the
// sentence was read so.
func (r *reader) separateMeetings(p *para, s int, verbs []int, who []ref) bool {
	if len(verbs) != 1 {
		return false
	}
	v, hi := verbs[0], p.sents[s][1]
	n := p.has(v, kAttend)
	j := v + n
	if n == 0 || j >= hi || p.toks[j].fold != "both" {
		return false
	}
	var objects []ref
	for _, k := range p.inSentence(s) {
		if sp := p.spans[k]; sp.a > j && sp.kind == sPerson && sp.quote == p.quoteOf[v] {
			if rf, ok := r.refOf(p, k); ok && rf.kind == sPerson {
				objects = appendRef(objects, rf)
			}
		}
	}
	var subjects []ref
	for _, w := range who {
		if !slices.Contains(objects, w) {
			subjects = append(subjects, w)
		}
	}
	if len(objects) < 2 || len(subjects) == 0 {
		return false
	}
	for _, o := range objects {
		people := append(slices.Clone(subjects), o)
		m := r.meetingOf(people)
		if m < 0 {
			m = r.newMeeting(p.sentence(s))
		}
		r.attend(people, m, p.sentence(s))
	}
	return true
}

// attend records that each of who attended meeting m.
func (r *reader) attend(who []ref, m int, evidence string) {
	for _, w := range who {
		r.res.attends = append(r.res.attends, attendance{who: w, meeting: m, evidence: evidence})
	}
}

// meetingOf returns the meeting of the text whose people are exactly
// people, or -1.
func (r *reader) meetingOf(people []ref) int {
	for m := range r.res.meetings {
		met := r.peopleOf(m)
		if len(met) != len(people) {
			continue
		}
		all := true
		for _, w := range people {
			all = all && slices.ContainsFunc(met, func(x ref) bool { return samePerson(x, w) })
		}
		if all {
			return m
		}
	}
	return -1
}

// hasClass reports whether a phrase of kind k starts in tokens [lo, hi).
func hasClass(p *para, lo, hi int, k entryKind) bool {
	for j := lo; j < hi; j++ {
		if p.has(j, k) > 0 {
			return true
		}
	}
	return false
}

// possessiveDet reports whether f is a possessive determiner: "their
// first meeting" is a meeting of the sentence's people.
func possessiveDet(f string) bool {
	switch f {
	case "their", "his", "her", "our", "su", "sus":
		return true
	}
	return false
}

// meetsObject reports whether an attendance verb ending before token j is
// "meet" followed by an object that is no one: "met the goal", "meet that
// target".
func meetsObject(p *para, j, hi int) bool {
	if j < 1 || j >= hi {
		return false
	}
	switch p.toks[j-1].fold {
	case "meet", "met", "meets":
	default:
		return false
	}
	if !determiners[p.toks[j].fold] {
		return false
	}
	for k := j + 1; k < hi && k <= j+3; k++ {
		if p.spanAt[k] >= 0 || p.has(k, kMeeting) > 0 || p.has(k, kPeopleGroup) > 0 || p.has(k, kPartyGroup) > 0 {
			return false
		}
	}
	return true
}

// attendanceCues are the shapes of a clause whose people took part in a
// meeting, tried in order at each token: each returns the cue's length in
// tokens (0: none); noun says the cue names the meeting itself.
var attendanceCues = []struct {
	read func(p *para, j, hi int) int
	noun bool
}{
	{attendVerb, false}, // "met", "received", "the delegation included"
	{verbMeeting, true}, // "X chaired the talks"
	{attendWith, false}, // "spoke on Monday by phone with"
	{heldMeeting, true}, // "held a bilateral meeting", "in a phone call", "talks with"
}

// attendVerb returns the length of an attendance phrase at token j, or 0
// ("met that goal" is none).
func attendVerb(p *para, j, hi int) int {
	n := p.has(j, kAttend)
	if n == 0 || meetsObject(p, j+n, hi) {
		return 0
	}
	// "together with Minister X" lists who was there; "work together with
	// the aim of ..." does not.
	if n > 1 && p.toks[j+n-1].fold == "with" && !entityAt(p, j+n, hi) {
		return 0
	}
	return n
}

// entityAt reports whether a person, office, title, organization or
// country starts at token i, after a determiner or two.
func entityAt(p *para, i, hi int) bool {
	for k := i; k < hi && k <= i+2; k++ {
		if sp := p.spanAt[k]; sp >= 0 {
			switch p.spans[sp].kind {
			case sPerson, sOffice, sTitle, sOrg, sCountry, sJoint:
				return true
			}
			return false
		}
		if !determiners[p.toks[k].fold] {
			return false
		}
	}
	return false
}

// verbMeeting returns the length of "<verb> the <meeting>" at token j,
// right after a person: "X chaired the talks", "X joined the call". The
// verb is any word but a notattend one ("X cancelled the meeting").
func verbMeeting(p *para, j, hi int) int {
	if j == 0 || p.toks[j].kind != tWord || p.has(j, kNotAttend) > 0 || p.has(j, kSpeech) > 0 {
		return 0
	}
	if k := p.spanAt[j-1]; k < 0 || p.spans[k].kind != sPerson && p.spans[k].kind != sOffice {
		return 0
	}
	k := j + 1
	if k >= hi || !determiners[p.toks[k].fold] {
		return 0
	}
	for k++; k < hi && k <= j+4; k++ {
		if n := p.has(k, kMeeting); n > 0 {
			return k + n - j
		}
		if p.toks[k].kind != tWord || p.spanAt[k] >= 0 {
			return 0
		}
	}
	return 0
}

// attendWith returns the length of "spoke (on Monday by phone) with" at
// token j: a verb of the attendwith class, at most five words without a
// clause break, then "with"; or 0.
func attendWith(p *para, j, hi int) int {
	n := p.has(j, kAttendWith)
	if n == 0 {
		return 0
	}
	for k := j + n; k < hi && k <= j+n+5; k++ {
		t := p.toks[k]
		switch {
		case t.fold == "with" || t.fold == "con":
			return k + 1 - j
		case t.kind == tPunct && t.text != ",", subordinators[t.fold], t.fold == "and", t.fold == "to" && k > j+n && p.spanAt[k-1] < 0 && p.toks[k-1].kind != tWord:
			return 0
		}
	}
	return 0
}

// heldMeeting returns the length of a meeting phrase at token j whose
// clause took part in it: "held (a | their) (first | bilateral)* meeting",
// "in a phone call", "(after | during) talks with", "meeting between", or 0.
func heldMeeting(p *para, j, hi int) int {
	switch p.toks[j].fold {
	case "held", "had", "hold", "holds", "holding", "sostuvieron", "sostuvo":
		for k := j + 1; k < hi && k <= j+7; k++ {
			if n := p.has(k, kMeeting); n > 0 {
				return k + n - j
			}
			// A hyphen joins a modifier: "a 40-minute call".
			if t := p.toks[k]; t.kind == tPunct && t.text != "-" || p.spanAt[k] >= 0 && p.spans[p.spanAt[k]].kind == sPerson {
				return 0
			}
		}
	case "in", "during", "after", "before", "following":
		k := j + 1
		for k < hi && k <= j+4 && p.has(k, kMeeting) == 0 && p.toks[k].kind == tWord && p.spanAt[k] < 0 {
			k++
		}
		if n := p.has(k, kMeeting); n > 0 && k+n < hi && (k > j+1 || p.toks[j].fold != "in") {
			switch p.toks[k+n].fold {
			case "with", "between", "on", "con", "entre":
				return k + n - j // "after a meeting with Y", "in a phone call on Saturday"
			}
			if p.toks[j].fold == "during" && k > j+1 && determiners[p.toks[j+1].fold] {
				return k + n - j // "X said during the talks that ..."
			}
			if (p.toks[j].fold == "in" || p.toks[j].fold == "during") && k > j+1 && possessiveDet(p.toks[j+1].fold) {
				return k + n - j // "X and Y discussed ports in their first meeting"
			}
			if p.toks[j].fold == "in" && p.toks[k+n].kind == tPunct {
				return k + n - j // "X told Y in a phone call."
			}
			// "X and Y announced the plan after a bilateral meeting in
			// Ottawa": whoever announced it met; not "after a meeting of
			// the cabinet" (someone else's).
			if f := p.toks[k+n]; (p.toks[j].fold == "after" || p.toks[j].fold == "following") && k > j+1 && determiners[p.toks[j+1].fold] &&
				(f.kind == tPunct && f.text != "(" || f.fold == "in" || f.fold == "at") {
				return k + n - j
			}
		}
	}
	if n := p.has(j, kMeeting); n > 0 && j+n < hi && p.spanAt[j] < 0 {
		if f := p.toks[j+n].fold; (f == "between" || f == "entre") && determined(p, j) {
			return n + 1 // "the meeting between A and B", "Saturday's telephone conversation between A and B"
		}
		if f := p.toks[j+n].fold; f == "with" || f == "con" {
			return n + 1 // "a working session with Y", "productive talks with Y"
		}
	}
	return 0
}

// refused reports whether a refusal or a negation ends right before token
// j of a sentence starting at lo: "refused to meet", "did not meet".
func refused(p *para, lo, j int) bool { return p.phraseEndsAt(kRefuse, lo, j) }

// cancelled reports whether the meeting noun at token j is the object of
// a verb that says no one took part in it: "cancelled a planned meeting
// with Y", "postponed the talks with Y".
func cancelled(p *para, j int) bool {
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		if p.has(k, kNotAttend) > 0 || p.has(k, kRefuse) > 0 {
			return true
		}
		if t := p.toks[k]; t.kind != tWord || t.cap || p.spanAt[k] >= 0 {
			return false
		}
	}
	return false
}

// personBefore returns the last person acting before token a in sentence
// s, outside quotes. Not the subject of the sentences before: an
// attendance given to the wrong person is worse than one missed.
func (r *reader) personBefore(p *para, s, a int) ref {
	var last ref
	for _, k := range p.inSentence(s) {
		sp := p.spans[k]
		if sp.a >= a {
			break
		}
		if sp.quote == 0 && sp.kind == sPerson && actor(sp) {
			if rf, ok := r.refOf(p, k); ok && rf.kind == sPerson {
				last = rf
			}
		}
	}
	return last
}

// determined reports whether the noun at token j opens with a determiner
// or a possessive, past up to three lowercase modifiers: "the meeting",
// "a telephone conversation", "last Saturday's phone call".
func determined(p *para, j int) bool {
	if j == 0 || p.sentOf[j-1] != p.sentOf[j] {
		return true // "Talks between A and B ended ...": the sentence opens with it
	}
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		t := p.toks[k]
		if determiners[t.fold] || t.fold == "'s" {
			return true
		}
		if t.kind != tWord || t.cap || p.spanAt[k] >= 0 {
			return false
		}
	}
	return false
}

// betweenList returns the end of the names after "between" at token b:
// "between President A and President B on ...": whatever follows the
// last name, or its comma, is no longer the list.
func betweenList(p *para, b, hi int) int {
	e := b
	for e < hi {
		switch t := p.toks[e]; {
		case p.spanAt[e] >= 0, t.fold == "and", t.fold == "y", t.text == ",":
			e++
			continue
		}
		break
	}
	return e
}

// currentMeeting returns the unnamed meeting a sentence's attendees took
// part in: the current one, unless they are all new to it and the sentence
// does not point back to it ("the meeting", "the talks"), which makes a
// second meeting of the text ("on Tuesday she toured the port with ...").
func (r *reader) currentMeeting(p *para, s int, who []ref, named bool) int {
	cur := r.curMtg
	if cur < 0 || (r.mainMtg >= 0 && r.res.meetings[r.mainMtg].name != "" && cur == r.mainMtg) {
		cur = r.mainMeeting(p.sentence(s))
		if r.curMtg < 0 {
			r.curMtg = cur
		}
	}
	// "the meeting" points back, unless the sentence names who met ("the
	// call between A and B").
	if !named && r.pointsBack(p, s) {
		return cur
	}
	// "On Monday X met Y; on Tuesday she toured the port with Z": a day of
	// its own starts another meeting.
	if d, ok := r.mtgDate[cur]; ok {
		lo, hi := p.sents[s][0], p.sents[s][1]
		if ds := dateRefs(p.toks[lo:hi]); len(ds) > 0 && otherDay(ds[0], d) {
			return r.newMeeting(p.sentence(s))
		}
	}
	met := r.peopleOf(cur)
	if len(met) < 2 {
		return cur // "X's visit" then "X met Y": the counterpart completes it
	}
	// The same people again: the same meeting told further. Someone new
	// meeting them is another meeting ("X met Y in Lima ... X has also
	// met Z"). A lone capitalised word may be no one.
	for _, w := range who {
		if !w.weak && !slices.ContainsFunc(met, func(x ref) bool { return samePerson(x, w) }) {
			return r.newMeeting(p.sentence(s))
		}
	}
	return cur
}

// otherDay reports whether two date expressions name different days as
// far as both tell: two weekdays, or two days of a month.
func otherDay(a, b dateRef) bool {
	switch {
	case a.weekday >= 0 && b.weekday >= 0:
		return a.weekday != b.weekday
	case a.m > 0 && a.d > 0 && b.m > 0 && b.d > 0:
		return a.m != b.m || a.d != b.d
	}
	return false
}

// newMeeting adds an unnamed meeting and makes it the current one.
func (r *reader) newMeeting(evidence string) int {
	r.res.meetings = append(r.res.meetings, meeting{evidence: evidence})
	r.curMtg = len(r.res.meetings) - 1
	return r.curMtg
}

// samePerson reports whether two refs may name the same one: equal, or
// people with compatible names ("Rubio" and "Marco Rubio").
func samePerson(a, b ref) bool {
	if a == b {
		return true
	}
	return a.kind == sPerson && b.kind == sPerson && nameCompatible(nameTokens(a.name), nameTokens(b.name))
}

// peopleOf returns the attendees of meeting m so far.
func (r *reader) peopleOf(m int) []ref {
	var out []ref
	for _, a := range r.res.attends {
		if a.meeting == m {
			out = appendRef(out, a.who)
		}
	}
	return out
}

// unnamedWithPeople returns the unnamed meetings that have attendees.
func (r *reader) unnamedWithPeople() []int {
	var out []int
	for i, m := range r.res.meetings {
		if m.name == "" && len(r.peopleOf(i)) > 0 {
			out = append(out, i)
		}
	}
	return out
}

// pointsBack reports whether sentence s names a meeting already told of
// ("the meeting", "the talks", "this visit") or lists who took part in it
// ("participants included").
func (r *reader) pointsBack(p *para, s int) bool {
	lo, hi := p.sents[s][0], p.sents[s][1]
	for j := lo; j < hi; j++ {
		if p.has(j, kRoster) > 0 {
			return true // "The U.S. delegation included ...": who was there
		}
		n := p.has(j, kMeeting)
		if n == 0 || j == lo {
			continue
		}
		switch p.toks[j-1].fold {
		case "the", "this", "that", "their", "these", "la", "el", "esta", "este":
		default:
			continue
		}
		// "the visit of officials to Lima" names another meeting.
		if e := j + n; e < hi {
			switch p.toks[e].fold {
			case "of", "with", "between", "to", "de", "con", "entre":
				continue
			}
		}
		return true
	}
	return false
}

// askedToMeet reports whether span sp stands before "Y to meet": "X asked
// Y to meet with Z" is a meeting of Y and Z, not of X; so is "X criticized
// the visit of Y to Lima to meet Z".
func askedToMeet(p *para, verbs []int, sp span) bool {
	for _, v := range verbs {
		if v <= sp.a || v < 2 || p.toks[v-1].fold != "to" {
			return false
		}
		other := false
		for _, k := range p.spansIn(sp.b, v-1) {
			if o := p.spans[k]; o.kind == sPerson || o.kind == sOffice || o.kind == sTitle {
				other = true
			}
		}
		// "X criticized the visit of officials to Y to meet Z": the
		// visitors meet Z.
		for j := sp.b; j+1 < v-1 && !other; j++ {
			if n := p.has(j, kMeeting); n > 0 && j+n < v-1 && (p.toks[j+n].fold == "of" || p.toks[j+n].fold == "by") {
				other = true
			}
		}
		if !other {
			return false
		}
	}
	return len(verbs) > 0
}

// firstPerson returns who "I" or "we" is in sentence s: the speaker of
// quotation q when the sentence attributes it, else the transcript's turn.
func (r *reader) firstPerson(p *para, s, q int) ref {
	if q != 0 {
		if r.lastSay != nil && r.lastSay.evidence == p.sentence(s) {
			return r.lastSay.speaker
		}
		return ref{}
	}
	return r.turn
}

// actorBefore reports whether a person, role or pronoun stands in tokens
// [lo, v): the verb at v has a subject of its own.
func actorBefore(p *para, lo, v int) bool {
	for _, k := range p.spansIn(lo, v) {
		switch sp := p.spans[k]; sp.kind {
		case sPerson, sOffice, sTitle, sCountry, sOrg, sJoint:
			return true
		case sPronoun:
			if sp.word != "it" { // "It is a pleasure to receive ...": no one
				return true
			}
		}
	}
	return false
}

// timeReference reports whether the event starting at token a only dates
// the sentence: "a day ahead of the Summit", "after the Forum".
func timeReference(p *para, a int) bool {
	j := a - 1
	for j >= 0 && (determiners[p.toks[j].fold] || p.toks[j].kind == tNum) {
		j--
	}
	if j < 0 {
		return false
	}
	switch p.toks[j].fold {
	case "before", "after", "following", "since", "antes", "después", "tras":
		return true
	case "of", "to":
		return j > 0 && (p.toks[j-1].fold == "ahead" || p.toks[j-1].fold == "prior")
	}
	return false
}

// during reports whether the event starting at token a is where the
// sentence's action took place: "during the Summit", "durante la Cumbre".
func during(p *para, a int) bool {
	j := a - 1
	for j >= 0 && (determiners[p.toks[j].fold] || p.toks[j].kind == tNum) {
		j--
	}
	if j >= 2 && p.toks[j].fold == "of" && p.toks[j-1].fold == "sidelines" {
		return true // "on the sidelines of the Summit"
	}
	return j >= 0 && (p.toks[j].fold == "during" || p.toks[j].fold == "durante")
}

// metToAct reads "A and B met (in Ottawa) to establish the forum": the
// people who met agreed to the act they met for.
func (r *reader) metToAct(p *para, s int, verbs []int, who []ref) {
	if len(verbs) == 0 || len(who) < 2 {
		return
	}
	hi := p.sents[s][1]
	for j := verbs[0] + 1; j < hi; j++ {
		if p.toks[j].kind == tPunct && p.toks[j].text != "," && p.toks[j].text != "." || subordinators[p.toks[j].fold] {
			return
		}
		if n := p.has(j, kPurpose); n > 0 && p.quoteOf[j] == p.quoteOf[verbs[0]] {
			text, _ := r.agreementText(p, j+1, hi)
			if len(strings.Fields(text)) >= 2 {
				r.res.agreements = append(r.res.agreements, agreement{parties: slices.Clone(who), text: text, evidence: p.sentence(s)})
			}
			return
		}
	}
}

// theyTakePart reports whether tokens from e (after an event's name) go on
// "in which they" / "at which they" / "where they" within a few words.
func theyTakePart(p *para, e, hi int) bool {
	for j := e; j+2 < hi && j <= e+5; j++ {
		if p.toks[j].kind == tPunct && p.toks[j].text != "," {
			return false
		}
		f := p.toks[j].fold
		if (f == "in" || f == "at" || f == "during") && p.toks[j+1].fold == "which" && p.toks[j+2].fold == "they" {
			return true
		}
		if f == "where" && p.toks[j+1].fold == "they" {
			return true
		}
	}
	return false
}

// metInRelative reports whether person sp is the object of an attendance
// verb inside the same relative clause: ", who met Y ...,".
func metInRelative(p *para, verbs []int, sp span) bool {
	for _, v := range verbs {
		if v >= sp.a {
			continue
		}
		clause := true
		for i := v; i < sp.a; i++ {
			clause = clause && p.toks[i].text != ","
		}
		if !clause {
			continue
		}
		for i := v - 1; i > 0; i-- {
			if p.toks[i].text == "," {
				break
			}
			if p.toks[i].fold == "who" && p.toks[i-1].text == "," {
				return true
			}
		}
	}
	return false
}

// kinOf reports whether a person is named only to say who someone else is,
// in an apposition after a name: "Ana Ruiz, the wife of President X,
// visited ...": X did not.
func kinOf(p *para, sp span) bool {
	j := p.phraseStart(sp.a) - 1 // "of Mexican President X"
	if j < 2 || p.toks[j].fold != "of" && p.toks[j].fold != "to" {
		return false
	}
	for k := j - 1; k > 0 && k >= j-4; k-- {
		t := p.toks[k]
		if t.text == "," {
			prev := p.spanAt[k-1]
			return prev >= 0 && p.spans[prev].kind == sPerson && determiners[p.toks[k+1].fold]
		}
		if t.kind != tWord || t.cap || p.spanAt[k] >= 0 {
			return false
		}
	}
	return false
}

// phraseStart returns where the run of mentions other than people that
// ends right before token a starts: the offices, titles and countries that
// introduce a name ("State Department spokesperson Z").
func (p *para) phraseStart(a int) int {
	for a > 0 && p.spanAt[a-1] >= 0 && p.spans[p.spanAt[a-1]].kind != sPerson {
		a = p.spans[p.spanAt[a-1]].a
	}
	return a
}

// reporter reports whether a person ends the sentence's telling as its
// source: "In the call, X thanked Y, spokesperson Z said": Z reports, Z
// did not take part; unless the cue follows: "The talks went well, Z said
// after meeting with Y".
func reporter(p *para, verbs []int, sp span) bool {
	if sp.b >= len(p.toks) || p.has(sp.b, kSpeech) == 0 || len(verbs) > 0 && verbs[len(verbs)-1] > sp.a {
		return false
	}
	// The attribution ends the sentence: "Z said (in a statement).", not
	// "At the talks, Z said that ...".
	end := p.sents[sp.sent][1]
	if end-sp.b > 6 {
		return false
	}
	for i := sp.b; i < end; i++ {
		if p.toks[i].fold == "that" || p.spanAt[i] >= 0 && p.spans[p.spanAt[i]].kind == sPerson {
			return false
		}
	}
	a := p.phraseStart(sp.a) // "spokesperson Z", "State Department spokesperson Z"
	for a > 0 && p.spanAt[a-1] < 0 && p.toks[a-1].kind == tWord && !p.toks[a-1].cap && p.has(a-1, kTitle) > 0 {
		a--
	}
	return a > 0 && p.toks[a-1].text == ","
}

// leadsSentence reports whether tokens [lo, a) are only names, titles and
// the commas and "and" of a list: whatever starts at a is in the
// sentence's leading subject.
func leadsSentence(p *para, lo, a int) bool {
	for j := lo; j < a; j++ {
		if p.spanAt[j] >= 0 {
			continue
		}
		switch p.toks[j].fold {
		case ",", "and", "y", "both":
			continue
		}
		if ok, _ := quoteMark(p.toks[j]); ok {
			continue
		}
		return false
	}
	return true
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
	// An unnamed meeting told after the named event, with one of its
	// people, is the event told again; one told before it is the text's
	// own lead meeting.
	fold := map[int]bool{}
	if only := r.unnamedWithPeople(); named >= 0 && len(r.peopleOf(named)) == 0 && len(only) == 1 {
		// The event has no people of its own and one meeting does: the
		// text tells the event through that meeting.
		fold[only[0]] = true
	} else if named >= 0 {
		ppl := map[int]map[ref]bool{}
		for _, a := range r.res.attends {
			if ppl[a.meeting] == nil {
				ppl[a.meeting] = map[ref]bool{}
			}
			ppl[a.meeting][a.who] = true
		}
		for i, m := range ms {
			if m.name != "" {
				continue
			}
			// Folded when it has no people, or when it comes after the
			// event and shares one of its people: the event told again.
			shared := len(ppl[i]) == 0
			for w := range ppl[i] {
				for x := range ppl[named] {
					shared = shared || i > named && samePerson(w, x)
				}
			}
			fold[i] = shared
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
				kept[remap[i]].date, kept[remap[i]].stated = s, true
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
	// An unnamed meeting nobody is known to have attended is not reported.
	att := map[int]bool{}
	for _, a := range r.res.attends {
		att[a.meeting] = true
	}
	for i := range kept {
		// The document's date is a meeting's only when the text reports the
		// meeting; an event named in passing ("ahead of the Summit") keeps
		// no date rather than a wrong one.
		if kept[i].date == "" && (att[i] || r.mainMtg >= 0 && remap[r.mainMtg] == i) {
			kept[i].date = r.res.date
		}
		kept[i].name = strings.TrimSpace(kept[i].name)
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
			// The cue itself may open with one: "said after meeting with X".
			if i != v && subordinators[p.toks[i].fold] && p.spanAt[i] < 0 {
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
