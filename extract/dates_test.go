package extract

import "testing"

func TestDocumentDates(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"metadata line", "date 2024-03-04\nOfficials met in Ottawa to talk about fentanyl.", "2024-03-04"},
		{"front matter", "---\ntitle: Talks\ndate: 2021-06-30\n---\nOfficials talked.", "2021-06-30"},
		{"metadata wins over the event date", "date 2024-03-04\nSenior officials held a call on Sunday to discuss arms trafficking. Secretary of State John Carver took part.", "2024-03-04"},
		{"explicit date", "On December 3, 2019, Mexico's Foreign Minister Ana Torres met Canadian officials.", "2019-12-03"},
		{"day-first date", "The talks of 14 February 2020 ended without a deal.", "2020-02-14"},
		{"ordinal day", "Officials met on January 20th, 2025 in Ottawa.", "2025-01-20"},
		{"history further down", "Officials met in Ottawa.\nThey talked.\nThey ate.\nThey left.\nThe plan dates from March 3, 2008. It was renewed on May 5, 2019.", "2019-05-05"},
		{"month and year", "In June 2021 the two governments met in Washington.", "2021-06"},
		{"Spanish date", "El 14 de diciembre de 2017 los gobiernos se reunieron en Washington.", "2017-12-14"},
		{"year from heads of government in office", "On March 10, Canadian Prime Minister Justin Trudeau met U.S. President Barack Obama.", "2016-03-10"},
		{"nothing to go on", "Officials met to discuss security.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := extractAll(t, tt.text)
			if got := g.Documents[0].Date; got != tt.want {
				t.Errorf("date = %q, want %q", got, tt.want)
			}
		})
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

