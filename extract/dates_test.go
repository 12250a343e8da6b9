package extract

import (
	"testing"
	"time"
)

// TestDocumentDates checks that a text is dated only by a date it states
// for itself or its event, and that every other date (history, captions,
// quotations, the future) and every weekday without an anchor leaves it
// undated. Sentences are invented; the office holders are the lexicon's.
func TestDocumentDates(t *testing.T) {
	tests := []struct {
		name, text, want, source string
	}{
		{"metadata line", "date 2024-03-04\nOfficials met in Ottawa to talk about fentanyl.", "2024-03-04", "metadata"},
		{"front matter", "---\ntitle: Talks\ndate: 2021-06-30\n---\nOfficials talked.", "2021-06-30", "metadata"},
		{"metadata wins over the event date", "date 2024-03-04\nSenior officials held a call on Sunday to discuss arms trafficking. Secretary of State John Carver took part.", "2024-03-04", "metadata"},

		// Dates the text states.
		{"explicit date", "On December 3, 2019, Mexico's Foreign Minister Ana Torres met Canadian officials.", "2019-12-03", "text"},
		{"day-first date", "The talks of 14 February 2020 ended without a deal.", "2020-02-14", "text"},
		{"ordinal day", "Officials met on January 20th, 2025 in Ottawa.", "2025-01-20", "text"},
		{"weekday and date", "The ministers met today, Friday, June 4, 2021, in Ottawa.", "2021-06-04", "text"},
		{"dotted day-first date", "OTTAWA, 16.06.2021 - Officials met to discuss arms trafficking.", "2021-06-16", "text"},
		{"date glued to the month", "Officials met on June3,2021 in Ottawa.", "2021-06-03", "text"},
		{"day glued to the month", "Officials met on 3June 2021 in Ottawa.", "2021-06-03", "text"},
		{"ISO date", "Officials met in Ottawa on 2021-06-16 to discuss arms trafficking.", "2021-06-16", "text"},
		{"dateline with a year", "WASHINGTON, June 3, 2021 (Wire) - Officials met to discuss arms trafficking.", "2021-06-03", "text"},
		{"month and year opening the lead", "In June 2021 the two governments met in Washington.", "2021-06", "text"},
		{"Spanish date", "El 14 de diciembre de 2017 los gobiernos se reunieron en Washington.", "2017-12-14", "text"},
		{"headline first", "Talks on arms trafficking\n\nOfficials met in Ottawa on 3 June 2021.", "2021-06-03", "text"},

		// A stated month and day, its year narrowed by the office holders.
		{"holders allow one year", "On March 10, Secretary of State John Kerry met Mexico's Foreign Minister Claudia Ruiz Massieu.", "2016-03-10", "inferred"},
		{"dateline, holders allow one year", "MEXICO CITY, March 10 (Wire) - Secretary of State John Kerry met Mexico's Foreign Minister Claudia Ruiz Massieu.", "2016-03-10", "inferred"},
		{"holders allow two years", "On December 14, Secretary of State John Kerry met Mexico's Foreign Minister Claudia Ruiz Massieu.", "", ""},
		{"weekday narrows the holders' years", "On Monday, December 14, Secretary of State Hillary Clinton met Mexico's Foreign Minister Patricia Espinosa in Washington.", "2009-12-14", "inferred"},
		{"holders allow three years", "On December 14, Secretary of State Hillary Clinton met Mexico's Foreign Minister Patricia Espinosa and Secretary of Homeland Security Janet Napolitano. Mexican President Felipe Calderón joined them.", "", ""},

		// Never a year from the holders alone, never a weekday alone.
		{"holders alone", "Canadian Prime Minister Stephen Harper met U.S. President Barack Obama in Ottawa.", "", ""},
		{"weekday without an anchor", "Officials met on Sunday to discuss security.", "", ""},
		{"month and day without holders", "Officials met on June 3 to discuss security.", "", ""},

		// Dates that do not date the text.
		{"history further down", "Officials met in Ottawa.\nThey talked.\nThey ate.\nThey left.\nThe plan dates from March 3, 2008. It was renewed on May 5, 2019.", "", ""},
		{"history in the lead", "The accord dates from March 3, 2008, officials said on Tuesday.", "", ""},
		{"since a date", "Since June 3, 2019, the two countries have shared intelligence.", "", ""},
		{"a past event followed", "The visit follows the meeting of the two presidents on November 16, 2021.", "", ""},
		{"month and year inside a sentence", "Officials discussed a plan announced in February 2021 by both governments.", "", ""},
		{"photo caption", "Photo: officials in Ottawa on June 3, 2019.\n\nOfficials met on Thursday to discuss arms trafficking.", "", ""},
		{"quotation", "“On June 3, 2019 we signed the accord,” the minister said on Thursday.", "", ""},
		{"future", "Officials will meet in Ottawa on June 3, 2030.", "", ""},
		{"deadline", "The two countries pledged to halve coca cultivation by 2023, and officials met on Thursday.", "", ""},
		{"a later past date makes the lead's background", "On March 3, 2008 officials met in Ottawa.\n\nThe accord was renewed in May 2019, officials said.", "", ""},
		{"outside the terms of the holders named", "On March 3, 2001, Canadian Prime Minister Stephen Harper met officials in Ottawa.", "", ""},
		{"nothing to go on", "Officials met to discuss security.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := extractAll(t, tt.text).Documents[0]
			if d.Date != tt.want || d.DateSource != tt.source {
				t.Errorf("date = %q (%q), want %q (%q)", d.Date, d.DateSource, tt.want, tt.source)
			}
		})
	}
}

// TestDateSpans checks the date expressions read from one sentence.
func TestDateSpans(t *testing.T) {
	tests := []struct {
		text string
		want []dateRef
	}{
		{"Friday, May 17, 2024", []dateRef{{y: 2024, m: 5, d: 17, weekday: time.Friday}}},
		{"on Thursday, June 3", []dateRef{{m: 6, d: 3, weekday: time.Thursday}}},
		{"Tegucigalpa, 25jun (Wire)", []dateRef{{m: 6, d: 25, weekday: -1}}},
		{"16.06.2021 and 31.02.2021", []dateRef{{y: 2021, m: 6, d: 16, weekday: -1}}},
		{"14th December 2017", []dateRef{{y: 2017, m: 12, d: 14, weekday: -1}}},
		{"el 14 de diciembre de 2017", []dateRef{{y: 2017, m: 12, d: 14, weekday: -1}}},
		{"Dec. 14", []dateRef{{m: 12, d: 14, weekday: -1}}},
		{"in June 2021", []dateRef{{y: 2021, m: 6, weekday: -1}}},
		{"they may meet in March", nil},
		{"35 police on Thursday", []dateRef{{weekday: time.Thursday}}},
		{"covid19 cases", nil},
		{"met yesterday", []dateRef{{weekday: -1, rel: "yesterday"}}},
	}
	for _, tt := range tests {
		got := dateRefs(tokenize(tt.text))
		if len(got) != len(tt.want) {
			t.Errorf("dateRefs(%q) = %+v, want %+v", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("dateRefs(%q) = %+v, want %+v", tt.text, got, tt.want)
			}
		}
	}
}

func TestResolveWeekday(t *testing.T) {
	tests := []struct {
		ref    dateRef
		anchor string
		want   string
	}{
		{dateRef{weekday: 0}, "2026-01-12", "2026-01-11"}, // Sunday before a Monday
		{dateRef{weekday: 1}, "2026-01-12", "2026-01-12"}, // the same day
		{dateRef{weekday: 3}, "2026-01-12", "2026-01-07"},
		{dateRef{weekday: -1, rel: "yesterday"}, "2026-01-01", "2025-12-31"},
		{dateRef{weekday: -1, m: 12, d: 14}, "2017-05-01", "2017-12-14"},
		{dateRef{weekday: 3}, "", ""},
	}
	for _, tt := range tests {
		if got := resolveRef(tt.ref, tt.anchor, dateRange{}); got != tt.want {
			t.Errorf("resolveRef(%+v, %q) = %q, want %q", tt.ref, tt.anchor, got, tt.want)
		}
	}
}

// TestOnlyDateIn checks that the holders' terms give a month and day its
// year only when they allow one date alone.
func TestOnlyDateIn(t *testing.T) {
	tests := []struct {
		rng  []dateRange
		m, d int
		wd   time.Weekday
		want string
	}{
		{[]dateRange{{"2017-12-06", "2018-03-31"}}, 12, 14, -1, "2017-12-14"},
		{[]dateRange{{"2017-12-06", "2019-03-31"}}, 12, 14, -1, ""},
		{[]dateRange{{"2009-01-21", "2012-11-30"}}, 12, 14, time.Monday, "2009-12-14"},
		{[]dateRange{{"2017-12-06", "2018-03-31"}, {"2025-01-20", "2025-06-01"}}, 12, 14, -1, "2017-12-14"},
		{[]dateRange{{"2017-12-06", "2018-03-31"}, {"2025-01-20", ""}}, 12, 14, -1, ""},
		{[]dateRange{{"2016-01-01", "2017-12-31"}}, 2, 29, -1, "2016-02-29"},
		{nil, 12, 14, -1, ""},
	}
	for _, tt := range tests {
		if got := onlyDateIn(tt.rng, tt.m, tt.d, tt.wd); got != tt.want {
			t.Errorf("onlyDateIn(%v, %d, %d, %d) = %q, want %q", tt.rng, tt.m, tt.d, tt.wd, got, tt.want)
		}
	}
}

// TestDateFromAnotherDocument checks that an undated text reporting a
// named event takes the date another text states for it, and never the
// date a text merely carries while naming the event in passing.
func TestDateFromAnotherDocument(t *testing.T) {
	tests := []struct {
		name, dated, undated, want, source string
	}{
		{"the event's stated date",
			"The Fourth Border Security Dialogue was held in Ottawa on June 3, 2021, with Canada's Minister of Public Safety Laura Brennan and U.S. Secretary of Homeland Security Daniel Whitcombe.",
			"The Fourth Border Security Dialogue concluded today in Ottawa. Laura Brennan and Daniel Whitcombe agreed to share passenger data.",
			"2021-06-03", "inferred"},
		{"an event named in passing",
			"On July 25, 2023, Canada's Minister of Public Safety Laura Brennan met U.S. Secretary of Homeland Security Daniel Whitcombe in Ottawa. They set up a working group created at the Fourth Border Security Dialogue.",
			"The Fourth Border Security Dialogue concluded in Ottawa. Laura Brennan and Daniel Whitcombe agreed to share passenger data.",
			"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := extractAll(t, tt.dated, tt.undated).Documents[1]
			if d.Date != tt.want || d.DateSource != tt.source {
				t.Errorf("date = %q (%q), want %q (%q)", d.Date, d.DateSource, tt.want, tt.source)
			}
		})
	}
}
