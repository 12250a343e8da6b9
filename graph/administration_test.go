package graph

import (
	"slices"
	"strings"
	"testing"
)

func TestAdministrationsEmbedded(t *testing.T) {
	admins, err := Administrations()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range admins {
		got = append(got, a.ID+" "+a.Start+" "+a.End)
	}
	want := []string{
		"mx-1988-salinas 1988-12-01 1994-11-30",
		"mx-1994-zedillo 1994-12-01 2000-11-30",
		"mx-2000-fox 2000-12-01 2006-11-30",
		"mx-2006-calderon 2006-12-01 2012-11-30",
		"mx-2012-pena-nieto 2012-12-01 2018-11-30",
		"mx-2018-lopez-obrador 2018-12-01 2024-09-30",
		"mx-2024-sheinbaum 2024-10-01 ",
		"us-1989-bush 1989-01-20 1993-01-20",
		"us-1993-clinton 1993-01-20 2001-01-20",
		"us-2001-bush 2001-01-20 2009-01-20",
		"us-2009-obama 2009-01-20 2017-01-20",
		"us-2017-trump 2017-01-20 2021-01-20",
		"us-2021-biden 2021-01-20 2025-01-20",
		"us-2025-trump 2025-01-20 ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("administrations:\n got %q\nwant %q", got, want)
	}
	// The returned slice is a copy: callers cannot corrupt the embedded data.
	admins[0].Head = "x"
	again, _ := Administrations()
	if again[0].Head != "Carlos Salinas de Gortari" {
		t.Errorf("Administrations shares its slice: head %q", again[0].Head)
	}
}

func TestAdministrationNameAndProperties(t *testing.T) {
	tests := []struct {
		a    Administration
		name string
		end  any
	}{
		{Administration{ID: "us-2017-trump", Country: "United States", Head: "Donald Trump", Start: "2017-01-20", End: "2021-01-20"}, "Donald Trump (2017–2021)", "2021-01-20"},
		{Administration{ID: "mx-2024-sheinbaum", Country: "Mexico", Head: "Claudia Sheinbaum", Start: "2024-10-01"}, "Claudia Sheinbaum (2024–)", nil},
	}
	for _, tt := range tests {
		if got := tt.a.Name(); got != tt.name {
			t.Errorf("%s: Name() = %q, want %q", tt.a.ID, got, tt.name)
		}
		p := tt.a.Properties()
		if p["id"] != "administration-"+tt.a.ID || p["name"] != tt.name || p["start"] != tt.a.Start || p["end"] != tt.end {
			t.Errorf("%s: Properties() = %v", tt.a.ID, p)
		}
		if _, ok := p["end"]; ok != (tt.end != nil) {
			t.Errorf("%s: end present = %v, want %v", tt.a.ID, ok, tt.end != nil)
		}
	}
}

func TestDateSpan(t *testing.T) {
	tests := []struct {
		date, from, to, precision string
		ok                        bool
	}{
		{"2017-12-14", "2017-12-14", "2017-12-14", "day", true},
		{"2024-02", "2024-02-01", "2024-02-29", "month", true}, // leap year
		{"2023-02", "2023-02-01", "2023-02-28", "month", true},
		{"2018-12", "2018-12-01", "2018-12-31", "month", true},
		{"2018", "2018-01-01", "2018-12-31", "year", true},
		{"", "", "", "", false},
		{"2018-13", "", "", "", false},
		{"2018-1-2", "", "", "", false},
		{"December 2018", "", "", "", false},
		{"2018-12-32", "", "", "", false},
	}
	for _, tt := range tests {
		from, to, precision, ok := DateSpan(tt.date)
		if from != tt.from || to != tt.to || precision != tt.precision || ok != tt.ok {
			t.Errorf("DateSpan(%q) = %q, %q, %q, %v; want %q, %q, %q, %v",
				tt.date, from, to, precision, ok, tt.from, tt.to, tt.precision, tt.ok)
		}
	}
}

func TestAdministrationsOn(t *testing.T) {
	admins, err := Administrations()
	if err != nil {
		t.Fatal(err)
	}
	// Each link as "id" (certain) or "id?" (overlaps only part of the span).
	tests := []struct {
		date string
		want []string
	}{
		{"2017-12-14", []string{"mx-2012-pena-nieto", "us-2017-trump"}},
		{"2025-09-03", []string{"mx-2024-sheinbaum", "us-2025-trump"}},
		// Inauguration day belongs to both presidents; Mexico hands over at midnight.
		{"2021-01-20", []string{"mx-2018-lopez-obrador", "us-2017-trump", "us-2021-biden"}},
		{"2018-11-30", []string{"mx-2012-pena-nieto", "us-2017-trump"}},
		{"2018-12-01", []string{"mx-2018-lopez-obrador", "us-2017-trump"}},
		{"2024-09-30", []string{"mx-2018-lopez-obrador", "us-2021-biden"}},
		{"2024-10-01", []string{"mx-2024-sheinbaum", "us-2021-biden"}},
		// Partial dates: every administration the month or year overlaps.
		{"2018", []string{"mx-2012-pena-nieto?", "mx-2018-lopez-obrador?", "us-2017-trump"}},
		{"2023", []string{"mx-2018-lopez-obrador", "us-2021-biden"}},
		{"2024", []string{"mx-2018-lopez-obrador?", "mx-2024-sheinbaum?", "us-2021-biden"}},
		{"2025-01", []string{"mx-2024-sheinbaum", "us-2021-biden?", "us-2025-trump?"}},
		{"2030", []string{"mx-2024-sheinbaum", "us-2025-trump"}},
		{"1987", nil},
		{"1988", []string{"mx-1988-salinas?"}},
		{"", nil},
		{"garbage", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, l := range AdministrationsOn(tt.date, admins) {
			id := l.Administration.ID
			if !l.Certain {
				id += "?"
			}
			got = append(got, id)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("AdministrationsOn(%q) = %q, want %q", tt.date, got, tt.want)
		}
	}
}

func TestParseAdministrationsErrors(t *testing.T) {
	const ok = "a-1\tX\tHead A\t2000-01-01\t2004-01-01\n"
	tests := []struct {
		name, data, want string
	}{
		{"fields", "a-1\tX\tHead\t2000-01-01\n", "line 1: 4 tab-separated fields, want 5"},
		{"id", "A 1\tX\tHead\t2000-01-01\t\n", `line 1: id "A 1"`},
		{"duplicate", ok + ok, `line 2: duplicate id "a-1"`},
		{"empty head", "a-1\tX\t\t2000-01-01\t\n", "line 1: empty country or head"},
		{"start", "a-1\tX\tHead\t01/01/2000\t\n", `line 1: start "01/01/2000"`},
		{"end", "a-1\tX\tHead\t2000-01-01\t2000-02-30\n", `line 1: end "2000-02-30"`},
		{"order", "a-1\tX\tHead\t2000-01-01\t1999-01-01\n", "line 1: end 1999-01-01 before start 2000-01-01"},
		{"overlap", ok + "b-1\tX\tHead B\t2003-01-01\t\n", "a-1 and b-1 overlap"},
		{"open overlap", "a-1\tX\tHead A\t2000-01-01\t\nb-1\tX\tHead B\t2003-01-01\t\n", "a-1 and b-1 overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAdministrations(strings.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseAdministrationsHandover(t *testing.T) {
	// A shared day (handover), a gap, another country, comments and CRLF are fine.
	data := "# comment\r\n" +
		"b-2\tX\tHead B\t2004-01-01\t\r\n" +
		"a-1\tX\tHead A\t2000-01-01\t2004-01-01\r\n" +
		"\n" +
		"c-1\tY\tHead C\t2001-01-01\t2002-01-01\n" +
		"c-2\tY\tHead D\t2003-01-01\t\n"
	admins, err := ParseAdministrations(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range admins {
		ids = append(ids, a.ID)
	}
	if want := []string{"a-1", "b-2", "c-1", "c-2"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
}
