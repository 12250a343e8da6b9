package queries

import (
	_ "embed"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Style is Dossier's Neo4j Browser style sheet (GraSS): one colour and
// caption per label. Browser's GraSS parser knows no comments, so the
// file has none; queries/README.md explains it.
//
//go:embed browser/style.grass
var Style []byte

// GuideTitle is the title Browser shows for the guide.
const GuideTitle = "Dossier: saved queries"

// WriteGuide writes a Neo4j Browser 5 guide (an HTML page of <slide>s, as
// `:guide URL` loads into the sidebar) with an introduction and one slide
// per query of c: its title, description, parameters, a runnable :params
// block setting the defaults and a runnable block with the Cypher. base is
// the URL the guide is served from (e.g. http://127.0.0.1:8765), for the
// links and the :style command of the introduction.
func WriteGuide(w io.Writer, c *Catalog, base string) error {
	esc := html.EscapeString
	var b strings.Builder
	base = strings.TrimSuffix(base, "/")
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>%s</title>
</head>
<body>
<article class="guide">
<carousel class="deck container-fluid">
`, esc(GuideTitle))

	// Introduction: how to use the slides, the style, the list of queries.
	b.WriteString(`<slide class="row-fluid">
<div class="col-sm-12">
<h3>` + esc(GuideTitle) + `</h3>
<p class="lead">The questions analysts ask of Dossier's graph of US–Mexico security cooperation, one per slide.</p>
<p>On each slide, click the first block to set the query's parameters (edit the values in the editor before running it), then the second to run the query. The <i class="fa fa-play-circle-o"></i> icon runs a block at once. Every fact in the graph carries the document and the sentence it was read from: the <em>Provenance of a fact</em> query shows them.</p>
<p>Colour the graph by label:</p>
<pre class="runnable">:style ` + esc(base) + `/style.grass</pre>
<p>Queries:</p>
<ol>
`)
	for _, q := range c.All() {
		fmt.Fprintf(&b, "<li>%s <code>%s</code></li>\n", esc(q.Title), esc(q.Name))
	}
	b.WriteString(`</ol>
<p>The same queries run from a terminal (<code>dossier query --list</code>) and import as Browser favorites (<code>dossier query --export-favorites DIR</code>, then drop the files on Favorites).</p>
</div>
</slide>
`)

	for _, q := range c.All() {
		fmt.Fprintf(&b, `<slide class="row-fluid">
<div class="col-sm-12">
<h3>%s</h3>
<p>%s</p>
`, esc(q.Title), esc(q.Description))
		if len(q.Params) > 0 {
			b.WriteString("<p>Parameters:</p>\n<table class=\"table table-condensed\">\n<tr><th>name</th><th>default</th><th>meaning</th></tr>\n")
			for _, p := range q.Params {
				fmt.Fprintf(&b, "<tr><td><code>$%s</code></td><td><code>%s</code></td><td>%s</td></tr>\n",
					esc(p.Name), esc(p.DefaultLiteral()), esc(p.Description))
			}
			b.WriteString("</table>\n")
			fmt.Fprintf(&b, "<p>1. Set the parameters:</p>\n<pre class=\"runnable\">%s</pre>\n<p>2. Run the query:</p>\n", esc(ParamsCommand(q)))
		}
		fmt.Fprintf(&b, `<pre class="runnable" data-query="%s">%s</pre>
<p><small>Saved query <code>%s</code>: <code>dossier query %s</code></small></p>
</div>
</slide>
`, esc(q.Name), esc(q.Cypher), esc(q.Name), esc(q.Name))
	}
	b.WriteString("</carousel>\n</article>\n</body>\n</html>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write guide: %w", err)
	}
	return nil
}

// ParamsCommand returns the Browser commands that set q's parameters to
// their defaults, one `:param NAME => VALUE;` per line. The arrow form has
// the server evaluate the value, so an int stays an integer; `:params
// {...}` would turn it into a JavaScript float, which LIMIT rejects.
func ParamsCommand(q *Query) string {
	lines := make([]string, len(q.Params))
	for i, p := range q.Params {
		lines[i] = ":param " + p.Name + " => " + p.DefaultLiteral() + ";"
	}
	return strings.Join(lines, "\n")
}

// ExportFavorites writes every query of c to dir as NAME.cypher, header
// included: Browser takes a dropped file's first comment line for the
// favorite's name. It returns the paths written.
func ExportFavorites(c *Catalog, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export favorites: %w", err)
	}
	var paths []string
	for _, q := range c.All() {
		path := filepath.Join(dir, q.Name+".cypher")
		text := q.Text
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return paths, fmt.Errorf("export favorites: %w", err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// Handler serves the guide to Neo4j Browser: /guide.html, /style.grass,
// /favorites/NAME.cypher and an index page at /. Browser fetches them
// from its own page (another origin), so every answer allows any origin
// and preflight requests are answered; the content is the public text of
// the queries. The guide's links use the host the request was sent to.
func Handler(c *Catalog) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /guide.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = WriteGuide(w, c, "http://"+r.Host) // a failed write is the client's disconnect
	})
	mux.HandleFunc("GET /style.grass", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(Style)
	})
	mux.HandleFunc("GET /favorites/{file}", func(w http.ResponseWriter, r *http.Request) {
		q, ok := c.Get(strings.TrimSuffix(r.PathValue("file"), ".cypher"))
		if !ok || !strings.HasSuffix(r.PathValue("file"), ".cypher") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, q.Text)
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		base := "http://" + r.Host
		fmt.Fprintf(w, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>%[1]s</title></head><body>
<h1>%[1]s</h1>
<p>In Neo4j Browser, run <code>:guide %[2]s/guide.html</code> and <code>:style %[2]s/style.grass</code>.</p>
<ul><li><a href="/guide.html">guide.html</a></li><li><a href="/style.grass">style.grass</a></li>
`, html.EscapeString(GuideTitle), html.EscapeString(base))
		for _, q := range c.All() {
			fmt.Fprintf(w, "<li><a href=\"/favorites/%[1]s.cypher\">%[1]s.cypher</a>: %[2]s</li>\n", html.EscapeString(q.Name), html.EscapeString(q.Title))
		}
		fmt.Fprint(w, "</ul></body></html>\n")
	})
	return cors(mux)
}

// cors lets Neo4j Browser, served from another port, read the answers.
// Browser sends Pragma and Cache-Control headers, which need a preflight.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Methods", "GET, OPTIONS")
			w.Header().Set("Access-Control-Allow-Headers", "Pragma, Cache-Control, Content-Type")
			w.Header().Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
