package queries

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestEmbeddedCatalog(t *testing.T) {
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"administrations", "agreements", "documents-mentioning-both", "meeting-attendees",
		"meeting-timeline", "office-holder-changes", "office-holders", "officials-across-administrations",
		"organizations-by-country", "person-meetings", "person-profile", "person-statements",
		"provenance", "search-entities", "who-met-whom",
	}
	if got := c.Names(); !slices.Equal(got, want) {
		t.Errorf("names:\n got %q\nwant %q", got, want)
	}
	for _, q := range c.All() {
		// Browser names a favorite after its first comment line.
		if first, _, _ := strings.Cut(q.Text, "\n"); first != "// "+q.Title {
			t.Errorf("%s: first line %q, want %q", q.Name, first, "// "+q.Title)
		}
		if q.Source != "embedded:"+q.Name+".cypher" {
			t.Errorf("%s: source %q", q.Name, q.Source)
		}
		if strings.Contains(q.Cypher, "// name:") || strings.HasPrefix(q.Cypher, "//") {
			t.Errorf("%s: header left in the Cypher:\n%s", q.Name, q.Cypher)
		}
	}
}

const validQuery = `// Holders of an office
// name: office-holders
// description: Who held an office,
//   and when.
//
// param: office string "Secretary of State" Office name, or part of it.
// param: limit int 25 Most rows.
// param: ratio float 0.5 A ratio.
// param: strict bool false Exact names only.
MATCH (o:Office) WHERE o.name CONTAINS $office AND $strict = false AND $ratio > 0
// a comment mentioning $notAParam is not a use
RETURN o.name LIMIT $limit
`

func TestParse(t *testing.T) {
	q, err := Parse("dir/office-holders.cypher", []byte(validQuery))
	if err != nil {
		t.Fatal(err)
	}
	want := &Query{
		Name:        "office-holders",
		Title:       "Holders of an office",
		Description: "Who held an office, and when.",
		Params: []Param{
			{Name: "office", Type: "string", Default: "Secretary of State", Description: "Office name, or part of it."},
			{Name: "limit", Type: "int", Default: int64(25), Description: "Most rows."},
			{Name: "ratio", Type: "float", Default: 0.5, Description: "A ratio."},
			{Name: "strict", Type: "bool", Default: false, Description: "Exact names only."},
		},
		Cypher: "MATCH (o:Office) WHERE o.name CONTAINS $office AND $strict = false AND $ratio > 0\n" +
			"// a comment mentioning $notAParam is not a use\nRETURN o.name LIMIT $limit",
		Text:   validQuery,
		Source: "dir/office-holders.cypher",
	}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("Parse:\n got %#v\nwant %#v", q, want)
	}
}

func TestParseErrors(t *testing.T) {
	header := "// T\n// name: q\n// description: D.\n"
	tests := []struct {
		name, text, want string
	}{
		{"no title", "MATCH (n) RETURN n", "line 1: want the title as a // comment"},
		{"empty title", "//\n// name: q\n", "line 1: want the title"},
		{"field as title", "// name: q\n// description: D.\nRETURN 1", "line 1: want the title"},
		{"no name", "// T\n// description: D.\nRETURN 1", `missing "// name: ..."`},
		{"bad name", "// T\n// name: Q_1\n// description: D.\nRETURN 1", `name "Q_1": want lower-case words`},
		{"name differs", "// T\n// name: other\n// description: D.\nRETURN 1", `name "other" differs from the file name "q.cypher"`},
		{"no description", "// T\n// name: q\nRETURN 1", `missing "// description: ..."`},
		{"unknown field", header + "// author: me\nRETURN 1", `line 4: unknown header field "author"`},
		{"not a field", header + "// just words\nRETURN 1", `line 4: want "// key: value"`},
		{"no cypher", header, "no Cypher after the header"},
		{"undeclared", header + "RETURN $x", "$x is used but not declared"},
		{"unused", header + "// param: x int 1 X.\nRETURN 1", "param x is declared but the Cypher never uses $x"},
		{"twice", header + "// param: x int 1 X.\n// param: x int 2 X.\nRETURN $x", "line 5: param x declared twice"},
		{"bad type", header + "// param: x list [] X.\nRETURN $x", `line 4: param: x: type "list"`},
		{"bad default", header + "// param: x int \"1\" X.\nRETURN $x", "line 4: param: x: default: 1 is not a int"},
		{"float for int", header + "// param: x int 1.5 X.\nRETURN $x", "x: default: 1.5 is not a int"},
		{"unquoted string", header + "// param: x string abc X.\nRETURN $x", "x: default: want a JSON literal"},
		{"no description", header + "// param: x int 1\nRETURN $x", "line 4: param: x: missing description"},
		{"short", header + "// param: x int\nRETURN $x", "want NAME TYPE DEFAULT DESCRIPTION"},
		{"bad param name", header + "// param: 1x int 1 X.\nRETURN 1", `name "1x": want a Cypher identifier`},
		{"second name", header + "// name: q\nRETURN 1", "line 4: second name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("some/dir/q.cypher", []byte(tt.text))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.HasPrefix(err.Error(), "some/dir/q.cypher: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to name the file and contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	mine := "// My query\n// name: mine\n// description: Mine.\nRETURN 1 AS one\n"
	override := "// Agreements, my way\n// name: agreements\n// description: Mine.\nRETURN 2 AS two\n"
	for name, text := range map[string]string{"mine.cypher": mine, "agreements.cypher": override, "notes.txt": "ignored"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	q, ok := c.Get("mine")
	if !ok || q.Source != filepath.Join(dir, "mine.cypher") || q.Cypher != "RETURN 1 AS one" {
		t.Errorf("mine = %+v, %v", q, ok)
	}
	if q, _ := c.Get("agreements"); q.Title != "Agreements, my way" {
		t.Errorf("agreements not replaced by the directory's: %q", q.Title)
	}
	if len(c.Names()) != 16 {
		t.Errorf("%d queries, want 15 embedded + 1", len(c.Names()))
	}

	// A bad file is named in the error.
	bad := filepath.Join(dir, "broken.cypher")
	if err := os.WriteFile(bad, []byte("RETURN 1"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), bad+": line 1") {
		t.Errorf("Load with a bad file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "queries dir") {
		t.Errorf("Load of a missing dir: %v", err)
	}
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("Load of a file: %v", err)
	}
}

func TestBind(t *testing.T) {
	q, err := Parse("office-holders.cypher", []byte(validQuery))
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]any{"office": "Secretary of State", "limit": int64(25), "ratio": 0.5, "strict": false}
	tests := []struct {
		name    string
		strings map[string]string
		want    map[string]any
		err     string
	}{
		{"defaults", nil, defaults, ""},
		{"overrides", map[string]string{"office": "", "limit": " 3", "ratio": "2", "strict": "true"},
			map[string]any{"office": "", "limit": int64(3), "ratio": 2.0, "strict": true}, ""},
		{"unknown", map[string]string{"ofice": "x"}, nil, `query office-holders has no parameter "ofice" (it has: office, limit, ratio, strict)`},
		{"bad int", map[string]string{"limit": "many"}, nil, `param limit: "many" is not an int`},
		{"bad float", map[string]string{"ratio": "half"}, nil, `param ratio: "half" is not a float`},
		{"bad bool", map[string]string{"strict": "yes please"}, nil, `param strict: "yes please" is not a bool (true or false)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := q.BindStrings(tt.strings)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
	// Typed values: Go ints are accepted, wrong types are not.
	got, err := q.Bind(map[string]any{"limit": 7})
	if err != nil || got["limit"] != int64(7) {
		t.Errorf("Bind(int) = %v, %v", got, err)
	}
	if _, err := q.Bind(map[string]any{"limit": "7"}); err == nil {
		t.Error("Bind accepted a string for an int")
	}
}

func TestDefaultLiteral(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{"Secretary of State", `"Secretary of State"`},
		{`say "hi" \ bye` + "\n", `"say \"hi\" \\ bye\n"`},
		{"", `""`},
		{int64(25), "25"},
		{2.0, "2.0"},
		{0.25, "0.25"},
		{true, "true"},
	}
	for _, tt := range tests {
		if got := (Param{Default: tt.v}).DefaultLiteral(); got != tt.want {
			t.Errorf("DefaultLiteral(%#v) = %s, want %s", tt.v, got, tt.want)
		}
	}
}
