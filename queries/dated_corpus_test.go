package queries

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
)

// extractDir reads a corpus directory the way `dossier load` does: Find
// (with the directory's manifest), then Add file by file.
func extractDir(t *testing.T, dir string) *graph.Graph {
	t.Helper()
	files, err := corpus.Find([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	c := x.NewCorpus()
	for _, f := range files {
		if err := corpus.Add(c, f, 0); err != nil {
			t.Fatal(err)
		}
	}
	return c.Graph()
}

// TestOfficialsAcrossAdministrationsOnDatedCorpus answers the headline
// question end to end on an invented corpus dated by each metadata form
// (testdata/dated-corpus): extraction, load, administration links, query.
// The officials who recur under two presidents of their own country are
// found; the document with no reliable date stays undated and links to no
// administration.
func TestOfficialsAcrossAdministrationsOnDatedCorpus(t *testing.T) {
	g := extractDir(t, "testdata/dated-corpus")
	var dates []string
	for _, d := range g.Documents {
		dates = append(dates, d.Source+" "+d.Date+" "+d.DateSource)
	}
	wantDates := []string{
		"2018-06-12-border-talks.txt 2018-06-12 file name",
		"fentanyl-working-group.txt 2019-04-03 metadata",
		"undated-accord-review.txt  ",
		"wire/canada-forum.txt 2021-03-15 metadata",
		"wire/security-dialogue.txt 2025-02 metadata",
	}
	if !slices.Equal(dates, wantDates) {
		t.Fatalf("document dates:\n got %q\nwant %q", dates, wantDates)
	}

	srv := loadGraph(t, g)
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	res := runQuery(t, srv, c, "officials-across-administrations", nil)
	want := []string{
		`["Elena Garza Ruiz","Mexico",["Secretary of Foreign Affairs"],["Enrique Peña Nieto (2012–2018)","Andrés Manuel López Obrador (2018–2024)"],["2018-06-12-border-talks.txt","fentanyl-working-group.txt"]]`,
		`["Tomás Ibarra Lugo","Mexico",["Secretary of Security and Citizen Protection"],["Andrés Manuel López Obrador (2018–2024)","Claudia Sheinbaum (2024–)"],["fentanyl-working-group.txt","wire/security-dialogue.txt"]]`,
		`["Daniel Whitcombe","United States",["Secretary of Homeland Security"],["Donald Trump (2017–2021)","Joe Biden (2021–2025)"],["2018-06-12-border-talks.txt","fentanyl-working-group.txt","wire/canada-forum.txt"]]`,
	}
	if got := rowJSON(t, res); !slices.Equal(got, want) {
		t.Errorf("officials-across-administrations:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The undated document names two of them, yet links to no
	// administration; the dated ones link to exactly their presidents.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	links, err := neo4j.ExecuteQuery(ctx, srv.Driver, `
MATCH (d:Document)
OPTIONAL MATCH (d)-[r:DURING]->(a:Administration)
WITH d, a ORDER BY a.country, a.start
RETURN d.source AS source, d.url AS url, collect(a.name) AS administrations
ORDER BY source`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(srv.Database))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range links.Records {
		source, _ := r.Get("source")
		url, _ := r.Get("url")
		admins, _ := r.Get("administrations")
		var names []string
		for _, a := range admins.([]any) {
			names = append(names, a.(string))
		}
		u, _ := url.(string)
		got = append(got, source.(string)+" <"+u+"> "+strings.Join(names, ", "))
	}
	wantLinks := []string{
		"2018-06-12-border-talks.txt <> Enrique Peña Nieto (2012–2018), Donald Trump (2017–2021)",
		"fentanyl-working-group.txt <https://news.example.org/2019/04/03/fentanyl-working-group> Andrés Manuel López Obrador (2018–2024), Donald Trump (2017–2021)",
		"undated-accord-review.txt <> ",
		"wire/canada-forum.txt <https://news.example.org/2021/03/15/canada-forum> Andrés Manuel López Obrador (2018–2024), Joe Biden (2021–2025)",
		"wire/security-dialogue.txt <> Claudia Sheinbaum (2024–), Donald Trump (2025–)",
	}
	if !slices.Equal(got, wantLinks) {
		t.Errorf("administration links:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLinks, "\n"))
	}
}
