package queries

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

var sample = &Result{
	Columns: []string{"person", "offices", "count", "note"},
	Rows: [][]any{
		{"Juan Ramón de la Fuente", []any{"Secretary of Foreign Affairs", "Ambassador"}, int64(2), nil},
		{"Marco Rubio", []any{}, int64(10), "said \"hi\",\nthen left & <went> home"},
		{"Map", []any{map[string]any{"b": int64(1), "a": true}}, 1.5, false},
	},
}

func TestWrite(t *testing.T) {
	tests := []struct {
		format string
		opts   WriteOptions
		want   string
	}{
		{"table", WriteOptions{}, `person                   offices                                   count  note
-----------------------  ----------------------------------------  -----  ----------------------------------
Juan Ramón de la Fuente  Secretary of Foreign Affairs; Ambassador  2
Marco Rubio                                                        10     said "hi", then left & <went> home
Map                      [{"a":true,"b":1}]                        1.5    false
(3 rows)
`},
		{"table", WriteOptions{MaxCell: 12}, `person        offices       count  note
------------  ------------  -----  ------------
Juan Ramón …  Secretary o…  2
Marco Rubio                 10     said "hi", …
Map           [{"a":true,…  1.5    false
(3 rows)
`},
		{"json", WriteOptions{}, `[
  {
    "person": "Juan Ramón de la Fuente",
    "offices": [
      "Secretary of Foreign Affairs",
      "Ambassador"
    ],
    "count": 2,
    "note": null
  },
  {
    "person": "Marco Rubio",
    "offices": [],
    "count": 10,
    "note": "said \"hi\",\nthen left & <went> home"
  },
  {
    "person": "Map",
    "offices": [
      {
        "a": true,
        "b": 1
      }
    ],
    "count": 1.5,
    "note": false
  }
]
`},
		{"csv", WriteOptions{}, `person,offices,count,note
Juan Ramón de la Fuente,Secretary of Foreign Affairs; Ambassador,2,
Marco Rubio,,10,"said ""hi"",
then left & <went> home"
Map,"[{""a"":true,""b"":1}]",1.5,false
`},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := Write(&b, sample, tt.format, tt.opts); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s %+v:\n got:\n%s\nwant:\n%s", tt.format, tt.opts, b.String(), tt.want)
		}
	}
}

func TestWriteEmptyAndErrors(t *testing.T) {
	empty := &Result{Columns: []string{"a"}, Rows: [][]any{}}
	for format, want := range map[string]string{
		"table": "a\n-\n(0 rows)\n",
		"json":  "[]\n",
		"csv":   "a\n",
	} {
		var b bytes.Buffer
		if err := Write(&b, empty, format, WriteOptions{}); err != nil || b.String() != want {
			t.Errorf("%s: %q, %v; want %q", format, b.String(), err, want)
		}
	}
	if err := Write(&bytes.Buffer{}, empty, "xml", WriteOptions{}); err == nil || !strings.Contains(err.Error(), `format "xml"`) {
		t.Errorf("xml: %v", err)
	}
}

func TestPlain(t *testing.T) {
	day := time.Date(2025, 9, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   any
		want any
	}{
		{nil, nil},
		{"x", "x"},
		{int64(3), int64(3)},
		{[]any{int64(1), "a"}, []any{int64(1), "a"}},
		{dbtype.Date(day), "2025-09-03"},
		{dbtype.Node{Labels: []string{"Person"}, Props: map[string]any{"name": "Marco Rubio"}},
			map[string]any{"name": "Marco Rubio", "_labels": []any{"Person"}}},
		{dbtype.Relationship{Type: "ATTENDED", Props: map[string]any{"doc": "doc-a"}},
			map[string]any{"doc": "doc-a", "_type": "ATTENDED"}},
		{map[string]any{"d": dbtype.Date(day)}, map[string]any{"d": "2025-09-03"}},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Plain(%#v) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}
