package queries

import (
	"strings"
	"testing"
)

func TestParamsCommand(t *testing.T) {
	q, err := Parse("office-holders.cypher", []byte(validQuery))
	if err != nil {
		t.Fatal(err)
	}
	want := ":param office => \"Secretary of State\";\n:param limit => 25;\n:param ratio => 0.5;\n:param strict => false;"
	if got := ParamsCommand(q); got != want {
		t.Errorf("ParamsCommand:\n got %q\nwant %q", got, want)
	}
}

func TestWriteGuide(t *testing.T) {
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteGuide(&b, c, "http://127.0.0.1:8765/"); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if n := strings.Count(html, "<slide "); n != len(c.Names())+1 {
		t.Errorf("%d slides, want %d", n, len(c.Names())+1)
	}
	for _, want := range []string{
		"<title>Dossier: saved queries</title>",
		`<pre class="runnable">:style http://127.0.0.1:8765/style.grass</pre>`,
		// Cypher is escaped: Browser runs the element's text, not its HTML.
		"MATCH (p:Person)-[:HOLDS_OFFICE]-&gt;(o:Office)",
		`<pre class="runnable">:param office =&gt; &#34;Secretary of State&#34;;` + "\n" + `:param country =&gt; &#34;&#34;;</pre>`,
		`<pre class="runnable" data-query="officials-across-administrations">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("guide lacks %q", want)
		}
	}
	// A query without parameters gets no :param block.
	if strings.Contains(html, ":param  =&gt;") {
		t.Error("empty :param command")
	}
}
