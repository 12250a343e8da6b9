package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/graph"
)

// months maps month names and abbreviations (English and Spanish) to 1..12.
var months = map[string]int{
	"january": 1, "jan": 1, "jan.": 1, "enero": 1,
	"february": 2, "feb": 2, "feb.": 2, "febrero": 2,
	"march": 3, "mar.": 3, "marzo": 3,
	"april": 4, "apr": 4, "apr.": 4, "abril": 4,
	"may": 5, "mayo": 5,
	"june": 6, "jun.": 6, "junio": 6,
	"july": 7, "jul.": 7, "julio": 7,
	"august": 8, "aug": 8, "aug.": 8, "agosto": 8,
	"september": 9, "sep.": 9, "sept": 9, "sept.": 9, "septiembre": 9,
	"october": 10, "oct": 10, "oct.": 10, "octubre": 10,
	"november": 11, "nov": 11, "nov.": 11, "noviembre": 11,
	"december": 12, "dec": 12, "dec.": 12, "diciembre": 12,
}

// weekdays maps weekday names (English and Spanish) to time.Weekday.
var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"domingo": time.Sunday, "lunes": time.Monday, "martes": time.Tuesday, "miercoles": time.Wednesday,
	"jueves": time.Thursday, "viernes": time.Friday, "sabado": time.Saturday,
}

// dateWord holds every word that can start a date expression: months,
// weekdays, "today", "yesterday", "tonight".
var dateWord = func() map[string]bool {
	m := map[string]bool{"today": true, "yesterday": true, "tonight": true}
	for w := range months {
		m[w] = true
	}
	for w := range weekdays {
		m[w] = true
	}
	return m
}()

// dateRef is a date expression read from a sentence. Fields not given by
// the text are zero; weekday is -1 when absent; rel is "today",
// "yesterday" or "".
type dateRef struct {
	y, m, d int
	weekday time.Weekday
	rel     string
}

func (r dateRef) full() bool { return r.y > 0 && r.m > 0 && r.d > 0 }

// parseISO reads YYYY-MM-DD or YYYY-MM at the start of s.
func parseISO(s string) (string, bool) {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil && (len(s) == 10 || !isDigit(s[10])) {
			return t.Format("2006-01-02"), true
		}
	}
	if len(s) >= 7 && s[4] == '-' && (len(s) == 7 || !isDigit(s[7])) {
		if t, err := time.Parse("2006-01", s[:7]); err == nil {
			return t.Format("2006-01"), true
		}
	}
	return "", false
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

// dateRefs reads the date expressions of a sentence: "December 14, 2017",
// "14 December 2017", "Dec. 14", "December 2017", "2017-12-14", "on
// Sunday", "late Wednesday", "today", "yesterday".
func dateRefs(toks []token) []dateRef {
	var out []dateRef
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tWord && !dateWord[t.fold] {
			continue // one look-up rules out most words
		}
		if t.kind == tNum && len(t.text) >= 7 && i+4 < len(toks) && toks[i+1].text == "-" {
			if d, ok := parseISO(t.text + "-" + toks[i+2].text + "-" + toks[i+4].text); ok && toks[i+3].text == "-" {
				r := dateRef{weekday: -1}
				fmt.Sscanf(d, "%d-%d-%d", &r.y, &r.m, &r.d)
				out = append(out, r)
				i += 4
				continue
			}
		}
		if m, ok := months[t.fold]; ok && (t.cap || len(t.fold) > 4) {
			if t.fold == "may" && !t.cap {
				continue
			}
			r := dateRef{m: m, weekday: -1}
			j := i + 1
			// Spanish: "14 de diciembre de 2017".
			if j+1 < len(toks) && toks[j].fold == "de" && toks[j+1].kind == tNum && len(toks[j+1].text) == 4 {
				j++
			}
			if j < len(toks) && toks[j].kind == tNum && dayNumber(toks[j].text) > 0 {
				r.d = dayNumber(toks[j].text)
				j++
				if j+1 < len(toks) && toks[j].text == "," && toks[j+1].kind == tNum && len(toks[j+1].text) == 4 {
					j++
				}
			}
			if j < len(toks) && toks[j].kind == tNum && len(toks[j].text) == 4 && validYear(atoiSmall(toks[j].text)) {
				r.y = atoiSmall(toks[j].text)
				j++
			}
			if i > 0 && r.d == 0 && toks[i-1].kind == tNum {
				r.d = dayNumber(toks[i-1].text)
			}
			if i > 1 && r.d == 0 && toks[i-1].fold == "de" && toks[i-2].kind == tNum {
				r.d = dayNumber(toks[i-2].text)
			}
			if r.d > 31 {
				r.d = 0
			}
			if r.d > 0 || r.y > 0 {
				out = append(out, r)
				i = j - 1
			}
			continue
		}
		if wd, ok := weekdays[t.fold]; ok && t.cap {
			out = append(out, dateRef{weekday: wd})
			continue
		}
		switch t.fold {
		case "today", "yesterday", "tonight":
			out = append(out, dateRef{weekday: -1, rel: t.fold})
		}
	}
	return out
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
		if a, err := time.Parse("2006-01-02", anchor); err == nil {
			if r.rel == "yesterday" {
				a = a.AddDate(0, 0, -1)
			}
			return a.Format("2006-01-02")
		}
	case r.weekday >= 0 && r.m == 0:
		if a, err := time.Parse("2006-01-02", anchor); err == nil {
			for k := 0; k < 7; k++ {
				if a.Weekday() == r.weekday {
					return a.Format("2006-01-02")
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
		return rng.onlyYearOf(r.m, r.d)
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

// onlyYearOf returns the date of month m, day d if exactly one year of the
// range contains it.
func (a dateRange) onlyYearOf(m, d int) string {
	if a.from == "" || a.to == "" {
		return ""
	}
	found := ""
	for y := atoiSmall(a.from[:4]); y <= atoiSmall(a.to[:4]); y++ {
		s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		if s >= a.from && s <= a.to {
			if found != "" {
				return ""
			}
			found = s
		}
	}
	return found
}

// precise returns the month or year the range lies within, if any.
func (a dateRange) precise() string {
	if a.from == "" || a.to == "" {
		return ""
	}
	if a.from[:7] == a.to[:7] {
		return a.from[:7]
	}
	if a.from[:4] == a.to[:4] {
		return a.from[:4]
	}
	return ""
}

// readDates sets the document's date: the metadata's; else the first full
// date in the text; else a month and day whose year the heads of state
// named allow only one of; else a month and year; else the month or year
// the heads of state bound it to; else unknown.
func (r *reader) readDates(m meta) {
	r.res.rng = r.termRange()
	if m.date != "" {
		r.res.date, r.res.dateSrc = m.date, m.dateSrc
		return
	}
	// A full date in the first paragraphs (dateline, byline) dates the
	// text; further down, the latest one does (earlier ones are history).
	var partial []dateRef
	latest := ""
	for pi, p := range r.paras {
		for _, s := range p.sents {
			for _, d := range dateRefs(p.toks[s[0]:s[1]]) {
				if d.full() {
					f := resolveRef(d, "", dateRange{})
					if pi < 4 {
						r.res.date = f
						return
					}
					latest = max(latest, f)
					continue
				}
				partial = append(partial, d)
			}
		}
	}
	if latest != "" {
		r.res.date = latest
		return
	}
	for _, d := range partial {
		if d.m > 0 && d.d > 0 {
			for _, rg := range r.res.rng {
				if s := rg.onlyYearOf(d.m, d.d); s != "" {
					r.res.date = s
					return
				}
			}
		}
	}
	for _, d := range partial {
		if d.y > 0 && d.m > 0 {
			r.res.date = resolveRef(d, "", dateRange{})
			return
		}
	}
	if len(r.res.rng) == 1 {
		r.res.date = r.res.rng[0].precise()
	}
}

// settleDate gives the document its metadata date, which wins over the
// date of the event the text reports, and records where the date came
// from.
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
