package extract

import (
	"slices"
	"testing"

	"github.com/dossier-dev/dossier/graph"
)

// body is an invented article whose text gives no date of its own.
const body = "Officials of Mexico and the United States met to discuss arms trafficking.\n\n" +
	"Mexico's Foreign Minister Ana Torres said the talks went well.\n"

// TestDocumentMetadata checks each metadata form and their precedence:
// front matter, then the manifest (Document.Meta), then the file name; the
// front matter never reaches the text.
func TestDocumentMetadata(t *testing.T) {
	tests := []struct {
		name   string
		source string
		text   string
		meta   Meta
		want   graph.Document // Date, DateSource, Title, URL
	}{
		{"front matter", "a.txt",
			"---\ndate: 2021-06-16\ntitle: \"Talks on arms: a first round\"\nurl: https://news.example.org/talks\nsource: Example Wire\nlanguage: en\n---\n" + body,
			Meta{}, graph.Document{Date: "2021-06-16", DateSource: "metadata", Title: "Talks on arms: a first round", URL: "https://news.example.org/talks"}},
		{"front matter timestamp: the date as written, in its own zone", "a.txt",
			"---\ndate: 2021-06-16T22:30:00-05:00\n---\n" + body,
			Meta{}, graph.Document{Date: "2021-06-16", DateSource: "metadata", Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"front matter year only", "a.txt",
			"---\ndate: 2021\n---\n" + body,
			Meta{}, graph.Document{Date: "2021", DateSource: "metadata", Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"front matter not YAML, read by line", "a.txt",
			"---\ntitle: Torres' \"visit\n date: 2022-03-01\n---\n" + body,
			Meta{}, graph.Document{Date: "2022-03-01", DateSource: "metadata", Title: "Torres' \"visit"}},
		{"front matter bad date", "a.txt",
			"---\ndate: 2021-02-30\n---\n" + body,
			Meta{}, graph.Document{Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"manifest", "sub/a.txt", body,
			Meta{Date: "2020-11-03", Title: "From the manifest", URL: "https://news.example.org/m"},
			graph.Document{Date: "2020-11-03", DateSource: "metadata", Title: "From the manifest", URL: "https://news.example.org/m"}},
		{"front matter wins over manifest, field by field", "a.txt",
			"---\ndate: 2021-06-16\n---\n" + body,
			Meta{Date: "2020-11-03", Title: "From the manifest"},
			graph.Document{Date: "2021-06-16", DateSource: "metadata", Title: "From the manifest"}},
		{"manifest wins over file name", "2019-01-02-talks.txt", body,
			Meta{Date: "2020-11-03"},
			graph.Document{Date: "2020-11-03", DateSource: "metadata", Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"file name with dashes", "2021/2021-06-16-visit.txt", body, Meta{},
			graph.Document{Date: "2021-06-16", DateSource: "file name", Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"file name compact", "20210616_visit.txt", body, Meta{},
			graph.Document{Date: "2021-06-16", DateSource: "file name", Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"file name date at the end", "visit.2021_06_16.txt", body, Meta{},
			graph.Document{Date: "2021-06-16", DateSource: "file name", Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"digits inside a digest are no date", "000_a20210616b.txt", body, Meta{},
			graph.Document{Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"mixed separators are no date", "2021-0616-visit.txt", body, Meta{},
			graph.Document{Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"impossible file name date", "2021-13-16-visit.txt", body, Meta{},
			graph.Document{Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
		{"file name wins over the text", "2021-06-16-visit.txt",
			"Officials met in Mexico City on March 3, 2021.\n", Meta{},
			graph.Document{Date: "2021-06-16", DateSource: "file name", Title: "Officials met in Mexico City on March 3, 2021."}},
		{"date line", "a.txt", "date 2026-01-12 403\n" + body, Meta{},
			graph.Document{Date: "2026-01-12", DateSource: "metadata", Title: "Officials of Mexico and the United States met to discuss arms trafficking."}},
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := x.NewCorpus()
			if err := c.Add(Document{Source: tt.source, Text: []byte(tt.text), Meta: tt.meta}); err != nil {
				t.Fatalf("Add: %v", err)
			}
			docs := c.Graph().Documents
			if len(docs) != 1 {
				t.Fatalf("%d documents, want 1", len(docs))
			}
			d := docs[0]
			got := graph.Document{Date: d.Date, DateSource: d.DateSource, Title: d.Title, URL: d.URL}
			if got != tt.want {
				t.Errorf("document = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestParseDate checks the metadata date forms and what is refused.
func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2021-06-16", "2021-06-16"},
		{" 2021-06-16 ", "2021-06-16"},
		{"2021/06/16", "2021-06-16"},
		{"20210616", "2021-06-16"},
		{"2021-06-16T09:30:00Z", "2021-06-16"},
		{"2021-06-16T09:30:00", "2021-06-16"},
		{"2021-06-16 09:30", "2021-06-16"},
		{"2021-06-16x", ""},
		{"2021-06", "2021-06"},
		{"2021", "2021"},
		{"2021-02-30", ""},
		{"1850-01-01", ""},
		{"June 16, 2021", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// TestMetaLineKeepsText checks that a sentence sharing a line with a
// "date <ISO>" stamp is read, while a short status after it is not.
func TestMetaLineKeepsText(t *testing.T) {
	g := extractAll(t, "date 2024-05-02 Minister Laura Quintero met Minister Tomas Ridley in Santiago.\n")
	if got, want := attendees(g), []string{"person-laura-quintero -> 1", "person-tomas-ridley -> 1"}; !slices.Equal(got, want) {
		t.Errorf("ATTENDED = %q, want %q", got, want)
	}
	if got := g.Documents[0].Date; got != "2024-05-02" {
		t.Errorf("date = %q, want 2024-05-02", got)
	}
	if got := metaTail("date 2024-05-02 403"); got != "" {
		t.Errorf("metaTail(status) = %q, want none", got)
	}
}
