package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/graph"
)

// The date words of data/dates.tsv, read once: fixed tables like the
// lexicon's, shared by every Extractor.
var (
	months   = map[string]int{}          // month names and abbreviations -> 1..12
	weekdays = map[string]time.Weekday{} // weekday names -> time.Weekday
	// dateWord holds every word that can start a date expression: months,
	// weekdays, "today", "yesterday", "tonight".
	dateWord = map[string]bool{}
	dateCues = map[string]dateCue{} // history and future words
)

// dateCue is what a word says about the dates of its sentence.
type dateCue uint8

const (
	cueHistory dateCue = 1 << iota // anywhere in the sentence: its dates are background
	cueSince                       // right before a date: the date is background
	cueFuture                      // anywhere in the sentence: its dates are to come
	cueBy                          // right before a date: the date is to come
	cueCaption                     // opening a paragraph: a photo caption
)

func init() {
	cues := map[string]dateCue{"history": cueHistory, "since": cueSince, "future": cueFuture, "by": cueBy, "caption": cueCaption}
	err := readTSV("dates.tsv", 2, func(c []string) error {
		w := c[1]
		switch c[0] {
		case "month", "weekday":
			n, err := strconv.Atoi(col(c, 2))
			if err != nil || (c[0] == "month" && (n < 1 || n > 12)) || (c[0] == "weekday" && (n < 0 || n > 6)) {
				return fmt.Errorf("%s %q: bad number %q", c[0], w, col(c, 2))
			}
			if c[0] == "month" {
				months[w] = n
			} else {
				weekdays[w] = time.Weekday(n)
			}
		case "relative":
		default:
			cue, ok := cues[c[0]]
			if !ok {
				return fmt.Errorf("unknown class %q", c[0])
			}
			dateCues[w] |= cue
			return nil
		}
		dateWord[w] = true
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("extract: embedded date words: %v", err))
	}
}

// dateRef is a date expression read from a sentence. Fields not given by
// the text are zero; weekday is -1 when absent; rel is "today",
// "yesterday" or "".
type dateRef struct {
	y, m, d int
	weekday time.Weekday
	rel     string
}

func (r dateRef) full() bool { return r.y > 0 && r.m > 0 && r.d > 0 }

// dateSpan is a date expression with the tokens it covers, [lo, hi).
type dateSpan struct {
	dateRef
	lo, hi int
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func atoiSmall(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

func validYear(y int) bool { return y >= 1900 && y <= 2100 }

// year reads a four-digit year token, 0 if it is not one.
func year(t token) int {
	if t.kind != tNum || len(t.text) != 4 || !validYear(atoiSmall(t.text)) {
		return 0
	}
	return atoiSmall(t.text)
}

// dateRefs reads the date expressions of a sentence (see dateSpans).
func dateRefs(toks []token) []dateRef {
	spans := dateSpans(toks)
	out := make([]dateRef, len(spans))
	for i, s := range spans {
		out[i] = s.dateRef
	}
	return out
}

var (
	// dottedRe is a day-first date written with dots: 16.06.2021.
	dottedRe = regexp.MustCompile(`^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$`)
	// gluedRe is a day and a month written as one word: 25jun, 3June.
	gluedRe = regexp.MustCompile(`^([0-9]{1,2})([a-z]+\.?)$`)
	// gluedMonthRe is a month and a day written as one word: June3.
	gluedMonthRe = regexp.MustCompile(`^([a-z]+)([0-9]{1,2})$`)
)

// dateSpans reads the date expressions of a sentence: "December 14, 2017",
// "14 December 2017", "Dec. 14", "December 2017", "2017-12-14",
// "16.06.2021", "14 de diciembre de 2017", dates glued to a word ("25jun",
// "June 3,2021"), weekdays ("on Sunday", "Friday, May 17, 2024": the
// weekday is kept with the date), "today", "yesterday".
func dateSpans(toks []token) []dateSpan {
	var out []dateSpan
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tWord && !dateWord[t.fold] && !(t.fold != "" && isDigit(t.fold[len(t.fold)-1]) && gluedMonthRe.MatchString(t.fold)) {
			continue // one look-up rules out most words
		}
		if t.kind == tPunct {
			continue
		}
		if s, ok := numericDate(toks, i); ok {
			out = append(out, s)
			i = s.hi - 1
			continue
		}
		if s, ok := monthDate(toks, i); ok {
			// A weekday just before: "Friday, May 17" or "Friday May 17".
			k := s.lo - 1
			if k >= 0 && toks[k].text == "," {
				k--
			}
			if n := len(out); k >= 0 && n > 0 && out[n-1].lo == k && out[n-1].m == 0 && out[n-1].rel == "" {
				s.weekday, s.lo = out[n-1].weekday, k
				out = out[:n-1]
			}
			out = append(out, s)
			i = s.hi - 1
			continue
		}
		if wd, ok := weekdays[t.fold]; ok && t.cap {
			out = append(out, dateSpan{dateRef{weekday: wd}, i, i + 1})
			continue
		}
		switch t.fold {
		case "today", "yesterday", "tonight":
			out = append(out, dateSpan{dateRef{weekday: -1, rel: t.fold}, i, i + 1})
		}
	}
	return out
}

// numericDate reads 2017-12-14 or 16.06.2021 at toks[i].
func numericDate(toks []token, i int) (dateSpan, bool) {
	t := toks[i]
	if t.kind != tNum {
		return dateSpan{}, false
	}
	if year(t) > 0 && i+4 < len(toks) && toks[i+1].text == "-" && toks[i+3].text == "-" {
		s := t.text + "-" + toks[i+2].text + "-" + toks[i+4].text
		if d, err := time.Parse(time.DateOnly, s); err == nil {
			return dateSpan{dateRef{y: d.Year(), m: int(d.Month()), d: d.Day(), weekday: -1}, i, i + 5}, true
		}
	}
	if strings.Count(t.text, ".") != 2 {
		return dateSpan{}, false
	}
	if m := dottedRe.FindStringSubmatch(t.text); m != nil {
		s := fmt.Sprintf("%s-%02d-%02d", m[3], atoiSmall(m[2]), atoiSmall(m[1]))
		if d, err := time.Parse(time.DateOnly, s); err == nil && validYear(d.Year()) {
			return dateSpan{dateRef{y: d.Year(), m: int(d.Month()), d: d.Day(), weekday: -1}, i, i + 1}, true
		}
	}
	return dateSpan{}, false
}

// monthDate reads a date built on a month name at toks[i]: "December 14,
// 2017", "Dec. 14", "December 2017", "14 December 2017" (i at the day),
// "14 de diciembre de 2017", "25jun", "June3". A month needs a capital or
// a day or year beside it; lower-case "may" is a verb.
func monthDate(toks []token, i int) (dateSpan, bool) {
	t := toks[i]
	lo, mi, day := i, i, 0
	month, ok := months[t.fold]
	switch {
	case t.kind == tNum:
		// A day before its month: "14 December", "14 de diciembre", "25jun".
		if g := gluedRe.FindStringSubmatch(t.fold); g != nil {
			if month, ok = months[g[2]]; ok {
				day = dayNumber(g[1])
				break
			}
		}
		day = dayNumber(t.text)
		mi = i + 1
		if mi < len(toks) && toks[mi].fold == "de" {
			mi++
		}
		if day == 0 || mi >= len(toks) {
			return dateSpan{}, false
		}
		if month, ok = months[toks[mi].fold]; !ok || toks[mi].fold == "may" && !toks[mi].cap {
			return dateSpan{}, false
		}
	case !ok:
		g := gluedMonthRe.FindStringSubmatch(t.fold)
		if g == nil {
			return dateSpan{}, false
		}
		if month, ok = months[g[1]]; !ok {
			return dateSpan{}, false
		}
		day = dayNumber(g[2])
	case t.fold == "may" && !t.cap:
		return dateSpan{}, false
	}
	r := dateRef{m: month, d: day, weekday: -1}
	j := mi + 1
	if day == 0 && j < len(toks) && toks[j].kind == tNum {
		// "June 3", "June 3,2021" (one token), "June 3rd".
		d, y, _ := strings.Cut(toks[j].text, ",")
		if r.d = dayNumber(d); r.d > 0 {
			j++
			if y != "" {
				if r.y = atoiSmall(y); !validYear(r.y) || len(y) != 4 {
					r.y = 0
				}
			}
		}
	}
	if r.y == 0 {
		k := j
		if k < len(toks) && (toks[k].text == "," || toks[k].fold == "de") {
			k++
		}
		if k < len(toks) && year(toks[k]) > 0 {
			r.y, j = year(toks[k]), k+1
		}
	}
	// A lone capitalised month ("March", "May") is no date.
	if r.d == 0 && r.y == 0 {
		return dateSpan{}, false
	}
	if !t.cap && t.kind == tWord && len(t.fold) <= 4 && r.d == 0 {
		return dateSpan{}, false // "mar 2020" is not a date, "Mar 2020" is
	}
	return dateSpan{r, lo, j}, true
}

// resolveRef turns a date expression into a date given an anchor (the
// document's date, YYYY-MM-DD or ""). A weekday is the latest such day on
// or before the anchor; a month and day without a year take the anchor's
// year or the only year of the allowed range.
func resolveRef(r dateRef, anchor string, rng dateRange) string {
	switch {
	case r.full():
		return fmt.Sprintf("%04d-%02d-%02d", r.y, r.m, r.d)
	case r.rel != "":
		if a, err := time.Parse(time.DateOnly, anchor); err == nil {
			if r.rel == "yesterday" {
				a = a.AddDate(0, 0, -1)
			}
			return a.Format(time.DateOnly)
		}
	case r.weekday >= 0 && r.m == 0:
		if a, err := time.Parse(time.DateOnly, anchor); err == nil {
			for k := 0; k < 7; k++ {
				if a.Weekday() == r.weekday {
					return a.Format(time.DateOnly)
				}
				a = a.AddDate(0, 0, -1)
			}
		}
	case r.y > 0 && r.m > 0:
		return fmt.Sprintf("%04d-%02d", r.y, r.m)
	case r.m > 0 && r.d > 0:
		if len(anchor) >= 4 {
			return fmt.Sprintf("%s-%02d-%02d", anchor[:4], r.m, r.d)
		}
		return rng.onlyYearOf(r.m, r.d, -1)
	}
	return ""
}

// dateRange is an interval of possible dates, YYYY-MM-DD; empty bounds are
// open.
type dateRange struct{ from, to string }

func (a dateRange) intersect(b dateRange) dateRange {
	if b.from > a.from {
		a.from = b.from
	}
	if b.to != "" && (a.to == "" || b.to < a.to) {
		a.to = b.to
	}
	return a
}

func (a dateRange) empty() bool { return a.from != "" && a.to != "" && a.from > a.to }

// contains reports whether the date (YYYY[-MM[-DD]]) can lie in the range.
func (a dateRange) contains(date string) bool {
	from, to, _, ok := graph.DateSpan(date)
	return ok && (a.to == "" || from <= a.to) && (a.from == "" || to >= a.from)
}

// onlyYearOf returns the date of month m, day d (on weekday wd, unless -1)
// if exactly one year of the range has it; a range open at either end has
// too many.
func (a dateRange) onlyYearOf(m, d int, wd time.Weekday) string {
	found, n := a.datesOf(m, d, wd)
	if n != 1 {
		return ""
	}
	return found
}

// datesOf returns the last date of month m, day d (on weekday wd, unless
// -1) in the range and how many there are; -1 for a range open at either
// end.
func (a dateRange) datesOf(m, d int, wd time.Weekday) (string, int) {
	if a.from == "" || a.to == "" {
		return "", -1
	}
	found, n := "", 0
	for y := atoiSmall(a.from[:4]); y <= atoiSmall(a.to[:4]); y++ {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || (wd >= 0 && t.Weekday() != wd) {
			continue // 29 February, or the wrong weekday
		}
		if s := t.Format(time.DateOnly); s >= a.from && s <= a.to {
			found, n = s, n+1
		}
	}
	return found, n
}

// onlyDateIn returns the date of month m, day d (on weekday wd, unless -1)
// if the ranges hold exactly one such date between them, else "".
func onlyDateIn(rng []dateRange, m, d int, wd time.Weekday) string {
	found := ""
	for _, g := range rng {
		s, n := g.datesOf(m, d, wd)
		if n < 0 || n > 1 || (n == 1 && found != "" && s != found) {
			return ""
		}
		if n == 1 {
			found = s
		}
	}
	return found
}

// leadParas is how many paragraphs from the top may state the text's date:
// the headline, a standfirst, the dateline and the lead. Further down,
// dates are the story's background.
const leadParas = 4

// readDates sets the document's date: the metadata's; else the date the
// text states for itself or for the event it reports (statedDate); else
// none. It never guesses: the office holders the text names bound the
// date, and may give a stated month and day its year, but never date a
// text on their own.
func (r *reader) readDates(m meta) {
	r.res.rng = r.termRange()
	if m.date != "" {
		r.res.date, r.res.dateSrc = m.date, m.dateSrc
		return
	}
	r.res.date, r.res.dateSrc = r.statedDate()
}

// statedDate returns the first date of the lead that dates the text, with
// its source, or "" when there is none or it is contradicted.
//
// A date dates the text when it opens the text as a dateline ("Mexico
// City, Jan 9 (EFE).-") or stands in a lead sentence that is not about the
// past or the future (no "since", "founded", "last", "will", "by"), outside
// quotations and photo captions. A month and day needs a dateline, "on", a
// weekday or the sentence's start ("On February 6-7, ..."), and gets its
// year only when the office holders named allow one year alone; a month
// and year ("In June 2021, ...") must open its sentence. The date is
// dropped when the holders' terms exclude it, or when the text reports a
// later date as past: that makes it background.
func (r *reader) statedDate() (string, string) {
	var date, src, latest string // latest: the latest past date the text states
	for pi, p := range r.paras {
		caption := isCaption(p)
		for si, s := range p.sents {
			toks := p.toks[s[0]:s[1]]
			spans := dateSpans(toks)
			if len(spans) == 0 {
				continue
			}
			cue := sentenceCues(toks)
			for _, d := range spans {
				before := dateCue(0)
				if d.lo > 0 {
					before = dateCues[toks[d.lo-1].fold]
				}
				if cue&cueFuture != 0 || before&cueBy != 0 {
					continue
				}
				if d.y > 0 {
					if from, _, _, ok := graph.DateSpan(resolveRef(d.dateRef, "", dateRange{})); ok && from > latest {
						latest = from
					}
				}
				if date != "" || caption || pi >= leadParas || p.quoteOf[s[0]+d.lo] != 0 ||
					cue&cueHistory != 0 || before&cueSince != 0 {
					continue
				}
				dateline := si == 0 && d.lo <= 8 && isDateline(toks, d)
				if got, how := r.resolveStated(d, toks, dateline); got != "" {
					date, src = got, how
				}
			}
		}
	}
	if date == "" {
		return "", ""
	}
	// Dated before a date the text reports as past: background after all.
	if from, _, _, _ := graph.DateSpan(date); latest != "" && dayOf(latest)-dayOf(from) > 31 {
		return "", ""
	}
	if r.res.rng != nil {
		in := false
		for _, g := range r.res.rng {
			in = in || g.contains(date)
		}
		if !in {
			return "", ""
		}
	}
	return date, src
}

// resolveStated dates the text by one date expression of its lead, if the
// expression can: see statedDate.
func (r *reader) resolveStated(d dateSpan, toks []token, dateline bool) (string, string) {
	opens := d.lo == 0 || (d.lo == 1 && (toks[0].fold == "in" || toks[0].fold == "on" || toks[0].fold == "el" || toks[0].fold == "en"))
	switch {
	case d.rel != "" || d.m == 0:
		return "", "" // a weekday or "today" needs an anchor: it is not one
	case d.full():
		return resolveRef(d.dateRef, "", dateRange{}), graph.DateSourceText
	case d.y > 0: // month and year
		if opens || dateline {
			return resolveRef(d.dateRef, "", dateRange{}), graph.DateSourceText
		}
	case d.d > 0: // month and day: the year from the office holders' terms
		on := d.lo > 0 && (toks[d.lo-1].fold == "on" || toks[d.lo-1].fold == "el")
		if !(dateline || on || opens || d.weekday >= 0) {
			return "", ""
		}
		if s := onlyDateIn(r.res.rng, d.m, d.d, d.weekday); s != "" {
			return s, graph.DateSourceInferred
		}
	}
	return "", ""
}

// sentenceCues returns the history and future cues of a sentence's words.
func sentenceCues(toks []token) dateCue {
	var c dateCue
	for _, t := range toks {
		if t.kind == tWord {
			c |= dateCues[t.fold] & (cueHistory | cueFuture)
		}
	}
	return c
}

// isDateline reports whether date d follows a place and a comma at the
// start of the sentence and is followed by an agency or a dash: "MEXICO
// CITY, Jan 9 (EFE).-", "Washington, June 3, 2021 -".
func isDateline(toks []token, d dateSpan) bool {
	if d.lo < 2 || toks[d.lo-1].text != "," || !toks[0].cap {
		return false
	}
	for _, t := range toks[:d.lo-1] {
		if t.kind != tWord || !t.cap && t.fold != "de" {
			return false
		}
	}
	if d.hi >= len(toks) {
		return false
	}
	switch toks[d.hi].text {
	case "(", "-", "—", "–", ":", ".":
		return true
	}
	return false
}

// isCaption reports whether a paragraph is a photo caption or credit: its
// first words include "Photo", "FILE" and the like.
func isCaption(p *para) bool {
	for k, t := range p.toks {
		if k >= 3 {
			break
		}
		if t.kind == tWord && dateCues[t.fold]&cueCaption != 0 {
			return true
		}
	}
	return false
}

// settleDate gives the document its metadata date, which wins over
// anything read from the text, and records where the date came from.
func (res *docResult) settleDate(m meta) {
	switch {
	case m.date != "":
		res.date, res.dateSrc = m.date, m.dateSrc
	case res.date == "":
		res.dateSrc = ""
	case res.dateSrc == "":
		res.dateSrc = graph.DateSourceText
	}
}

// termRange intersects the terms of the heads of state the document names
// in office: a text naming "Mexican President X" was written during one of
// X's terms. nil means no bound.
func (r *reader) termRange() []dateRange {
	var acc []dateRange
	bound := false
	seen := map[[2]string]bool{}
	for _, h := range r.res.holds {
		k := [2]string{h.person, itoa(h.office)}
		if seen[k] {
			continue
		}
		seen[k] = true
		o := r.lx.offices[h.office]
		name := nameTokens(h.person)
		var terms []dateRange
		for _, t := range r.lx.terms {
			if t.country == o.country && t.office == o.name && nameCompatible(name, t.fold) {
				terms = append(terms, dateRange{from: t.start, to: t.end})
			}
		}
		if len(terms) == 0 {
			continue
		}
		if !bound {
			acc, bound = terms, true
			continue
		}
		var next []dateRange
		for _, a := range acc {
			for _, b := range terms {
				if x := a.intersect(b); !x.empty() {
					next = append(next, x)
				}
			}
		}
		acc = next
	}
	return acc
}

// dayNumber reads a day of the month: "14", "14th", "1st"; 0 if it is not one.
func dayNumber(s string) int {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		s = strings.TrimSuffix(s, suf)
	}
	if len(s) == 0 || len(s) > 2 {
		return 0
	}
	n := atoiSmall(s)
	if n < 1 || n > 31 {
		return 0
	}
	return n
}
