package queries

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestExplanationsDeclared: every explanation belongs to a saved query and
// uses only its parameters (Embedded fails otherwise).
func TestExplanationsDeclared(t *testing.T) {
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var explained []string
	for _, q := range c.All() {
		if q.Explain != "" {
			explained = append(explained, q.Name)
		}
	}
	if want := []string{"office-holder-changes", "officials-across-administrations"}; !slices.Equal(explained, want) {
		t.Errorf("explained queries %q, want %q", explained, want)
	}
	for _, name := range Showcase {
		if _, ok := c.Get(name); !ok {
			t.Errorf("showcase query %s is not a saved query", name)
		}
	}
}

// TestWhyOnFixture: the explanation of an empty answer, exactly, for the
// parameters the query was run with; a query with rows is not explained
// here, but Why still answers for it.
func TestWhyOnFixture(t *testing.T) {
	srv := loadGraph(t, readFixture(t))
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query  string
		params map[string]any
		rows   int
		why    string
	}{
		{"officials-across-administrations", map[string]any{"minAdministrations": 9}, 0,
			"5 of 6 documents are dated; 9 people hold an office, and none appears in documents of 9 or more administrations of their own country (at most 2); documents dated only by a month or year that straddles a handover are left out (includeUncertain=true counts them)"},
		{"officials-across-administrations", map[string]any{"country": "Peru", "includeUncertain": true}, 0,
			"5 of 6 documents are dated; no person holds an office of Peru"},
		{"office-holder-changes", map[string]any{"country": "Peru"}, 0,
			"5 of 6 documents are dated; no office has holders shown in documents of two administrations of its country"},
		{"office-holders", nil, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := c.Get(tt.query)
			params, err := q.Bind(tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if tt.rows >= 0 {
				if res := runQuery(t, srv, c, tt.query, tt.params); len(res.Rows) != tt.rows {
					t.Fatalf("%d rows, want %d", len(res.Rows), tt.rows)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			why, err := Why(ctx, srv.Driver, srv.Database, q, params)
			if err != nil {
				t.Fatal(err)
			}
			if why != tt.why {
				t.Errorf("why:\n got %q\nwant %q", why, tt.why)
			}
		})
	}
}

// TestOverviewOnFixture: the overview's rows, exactly, and the showcase
// queries' sections.
func TestOverviewOnFixture(t *testing.T) {
	srv := loadGraph(t, readFixture(t))
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := Overview(ctx, srv.Driver, srv.Database)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`["documents",6]`,
		`["  undated (in no administration)",1]`,
		`["  in Mexico, Enrique Peña Nieto (2012–2018)",2]`,
		`["  in Mexico, Andrés Manuel López Obrador (2018–2024)",1]`,
		`["  in Mexico, Claudia Sheinbaum (2024–)",1]`,
		`["  in United States, Donald Trump (2017–2021)",4]`,
		`["  in United States, Donald Trump (2025–)",1]`,
		`["people",9]`,
		`["  holding an office",9]`,
		`["meetings",5]`,
		`["statements",5]`,
		`["agreements",3]`,
	}
	if got := rowJSON(t, res); !slices.Equal(got, want) {
		t.Errorf("overview rows:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var out bytes.Buffer
	if err := WriteOverview(ctx, &out, srv.Driver, srv.Database, c, 2, 30); err != nil {
		t.Fatal(err)
	}
	// The sections: the overview, then each showcase query's first rows.
	var heads []string
	for line := range strings.Lines(out.String()) {
		if strings.Contains(line, "(dossier query ") || strings.HasPrefix(line, "What the graph holds") {
			heads = append(heads, strings.TrimSpace(line))
		}
	}
	wantHeads := []string{
		"What the graph holds:",
		"Timeline of meetings (dossier query meeting-timeline): first 2 of 5 rows",
		"Who met whom (dossier query who-met-whom): first 2 of 8 rows",
		"Officials across administrations (dossier query officials-across-administrations): first 2 of 3 rows",
	}
	if !slices.Equal(heads, wantHeads) {
		t.Errorf("sections:\n got %q\nwant %q\n%s", heads, wantHeads, out.String())
	}
	if !strings.Contains(out.String(), "  in Mexico, Andrés Manuel López Obrador (2018–2024)  1\n") {
		t.Errorf("the overview's lines are cut:\n%s", out.String())
	}
}
