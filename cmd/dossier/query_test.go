package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/neo4jtest"
)

// dossier runs the CLI in-process with a clean configuration environment
// and returns its exit code, stdout and stderr.
func dossier(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(t.TempDir()) // no dossier.yaml of the repository
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, k := range []string{"DOSSIER_QUERIES_DIR", "DOSSIER_CONFIG"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

const myQuery = "// My own question\n// name: mine\n// description: Mine.\n// param: n int 3 A number.\nRETURN $n AS n\n"

func writeQueryDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "mine.cypher"), []byte(myQuery), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestQueryList(t *testing.T) {
	code, out, errs := dossier(t, nil, "query", "--list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(out, "administrations                   Documents by administration\n") {
		t.Errorf("first lines:\n%s", strings.Join(lines[:3], "\n"))
	}
	for _, want := range []string{
		"officials-across-administrations  Officials across administrations\n",
		`    --param office="Secretary of State"  (string)` + "\n",
		"    --param minAdministrations=2  (int)\n",
		"15 saved queries; dossier query NAME --cypher shows one\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--list lacks %q:\n%s", want, out)
		}
	}
}

func TestQueriesDir(t *testing.T) {
	dir := writeQueryDir(t)
	cfgFile := filepath.Join(t.TempDir(), "dossier.yaml")
	if err := os.WriteFile(cfgFile, []byte("queries:\n  dir: "+dir+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"flag", nil, []string{"query", "--list", "--queries-dir", dir}},
		{"short flag", nil, []string{"query", "--list", "--dir", dir}},
		{"env", map[string]string{"DOSSIER_QUERIES_DIR": dir}, []string{"query", "--list"}},
		{"config file", nil, []string{"query", "--list", "--config", cfgFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := dossier(t, tt.env, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			// Names are padded to the longest, officials-across-administrations.
			indent := strings.Repeat(" ", len("officials-across-administrations")+4)
			want := "mine                              My own question\n" +
				indent + "--param n=3  (int)\n" +
				indent + "from " + filepath.Join(dir, "mine.cypher") + "\n"
			if !strings.Contains(out, want) || !strings.Contains(out, "16 saved queries") {
				t.Errorf("--list lacks the directory's query:\n%s", out)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "oops.cypher"), []byte("RETURN 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"query"}, "dossier: name a query to run (dossier query --list shows them)\n"},
		{[]string{"query", "nope"}, "dossier: no saved query \"nope\" (dossier query --list shows them)\n"},
		{[]string{"query", "office-holders", "--format", "xml"}, "dossier: --format \"xml\": want table, json or csv\n"},
		{[]string{"query", "office-holders", "--param", "office"}, "dossier: --param \"office\": want NAME=VALUE\n"},
		{[]string{"query", "office-holders", "--param", "ofice=x"}, "dossier: query office-holders has no parameter \"ofice\" (it has: office, country)\n"},
		{[]string{"query", "who-met-whom", "-p", "minMeetings=two"}, "dossier: param minMeetings: \"two\" is not an int\n"},
		{[]string{"query", "--list", "--dir", bad}, "dossier: " + filepath.Join(bad, "oops.cypher") + ": line 1: want the title as a // comment\n"},
		{[]string{"query", "a", "b"}, "dossier: accepts at most 1 arg(s), received 2\n"},
	}
	for _, tt := range tests {
		code, out, errs := dossier(t, nil, tt.args...)
		if code != 1 || out != "" || errs != tt.want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.args, code, out, errs, tt.want)
		}
	}
}

func TestQueryCypherAndFavorites(t *testing.T) {
	code, out, errs := dossier(t, nil, "query", "office-holders", "--cypher")
	if code != 0 || !strings.HasPrefix(out, "// Holders of an office over time\n// name: office-holders\n") || !strings.Contains(out, "MATCH (o:Office)") {
		t.Errorf("--cypher: exit %d, %q, %s", code, out, errs)
	}

	dir := filepath.Join(t.TempDir(), "favorites")
	code, out, errs = dossier(t, nil, "query", "--export-favorites", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := "wrote 15 favorites to " + dir + "; in Neo4j Browser, open Favorites (the star) and drop the files on it\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 15 || !slices.Contains(names, "officials-across-administrations.cypher") {
		t.Errorf("favorites: %q", names)
	}
	// Browser names a dropped favorite after its first comment line.
	data, err := os.ReadFile(filepath.Join(dir, "who-met-whom.cypher"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "// Who met whom\n") {
		t.Errorf("favorite starts %q", string(data)[:40])
	}
}

func TestBrowserGuideCommand(t *testing.T) {
	code, out, errs := dossier(t, nil, "browser", "guide", "--base", "http://example.test:1", "--dir", writeQueryDir(t))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"<title>Dossier: saved queries</title>",
		`<pre class="runnable">:style http://example.test:1/style.grass</pre>`,
		"<h3>My own question</h3>",
		`<pre class="runnable">:param n =&gt; 3;</pre>`,
		`<pre class="runnable" data-query="mine">RETURN $n AS n</pre>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("guide lacks %q", want)
		}
	}
	if n := strings.Count(out, "<slide "); n != 17 {
		t.Errorf("%d slides, want 17 (introduction + 16 queries)", n)
	}
}

func TestBrowserServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Chdir(t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var out, errb bytes.Buffer
	done := make(chan int)
	pr, pw := io.Pipe()
	go func() {
		code := run(ctx, []string{"browser", "serve", "--addr", "127.0.0.1:0"}, pw, &errb)
		pw.Close()
		done <- code
	}()
	// The first line names the address the kernel chose.
	buf := make([]byte, 4096)
	n, err := pr.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	out.Write(buf[:n])
	go io.Copy(io.Discard, pr)
	first, _, _ := strings.Cut(out.String(), "\n")
	base := strings.TrimPrefix(first[strings.Index(first, " at ")+4:], "")
	if !strings.HasPrefix(first, "serving 15 saved queries at http://127.0.0.1:") {
		t.Fatalf("first line %q", first)
	}
	for path, want := range map[string]string{
		"/guide.html":                         "<h3>Who met whom</h3>",
		"/style.grass":                        "node.Person {",
		"/favorites/office-holders.cypher":    "// Holders of an office over time\n",
		"/":                                   ":guide " + base + "/guide.html",
		"/favorites/office-holders.cypher.gz": "404 page not found",
	} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s: %s %q, CORS %q; want %q", path, resp.Status, body, resp.Header.Get("Access-Control-Allow-Origin"), want)
		}
	}
	// Browser's fetch sends Pragma and Cache-Control: a preflight.
	req, _ := http.NewRequest(http.MethodOptions, base+"/guide.html", nil)
	req.Header.Set("Origin", "http://127.0.0.1:7474")
	req.Header.Set("Access-Control-Request-Headers", "pragma,cache-control")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Pragma") {
		t.Errorf("preflight: %s %v", resp.Status, resp.Header)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
}

// TestQueryRuns runs saved queries through the CLI against a real server
// loaded with the queries package's fixture, asserting the exact output.
func TestQueryRuns(t *testing.T) {
	srv := neo4jtest.Server(t)
	srv.Reset(t)
	f, err := os.Open(filepath.Join("..", "..", "queries", "testdata", "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.ReadJSON(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store := graph.NewStore(srv.Driver, srv.Database)
	if err := store.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(ctx, g, graph.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"DOSSIER_NEO4J_URI": srv.URI, "DOSSIER_NEO4J_USER": srv.User,
		"DOSSIER_NEO4J_PASSWORD": srv.Password, "DOSSIER_NEO4J_DATABASE": srv.Database,
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"query", "officials-across-administrations", "--format", "csv", "--param", "country=United States"},
			"person,country,offices,administrations,documents\n" +
				"Donald Trump,United States,President of the United States,Donald Trump (2017–2021); Donald Trump (2025–),2017-12-14-dialogue.txt; 2025-09-03-rubio-sheinbaum.txt\n"},
		{[]string{"query", "officials-across-administrations", "--max-cell", "30"},
			`person          country        offices                         administrations                 documents
--------------  -------------  ------------------------------  ------------------------------  ------------------------------
Luis Videgaray  Mexico         Secretary of Foreign Affairs    Enrique Peña Nieto (2012–2018…  2017-12-14-dialogue.txt; 2018…
Marcelo Ebrard  Mexico         Secretary of Economy; Secreta…  Andrés Manuel López Obrador (…  2019-03-10-ebrard-pompeo.txt;…
Donald Trump    United States  President of the United States  Donald Trump (2017–2021); Don…  2017-12-14-dialogue.txt; 2025…
(3 rows)
`},
		{[]string{"query", "who-met-whom", "-p", "name=Rubio", "-p", "minMeetings=2", "-f", "json"},
			`[
  {
    "person": "Marco Rubio",
    "metWith": "Juan Ramón de la Fuente",
    "meetingCount": 2,
    "meetings": [
      "Meeting of Rubio and Sheinbaum",
      "Working dinner of Rubio and de la Fuente"
    ]
  }
]
`},
		{[]string{"query", "mine", "--dir", writeQueryDir(t), "-p", "n=41", "-f", "csv"}, "n\n41\n"},
		// An empty answer says what it depends on (on stderr beside CSV).
		{[]string{"query", "office-holder-changes", "-p", "country=Peru"},
			`office  country  fromAdministration  holdersBefore  toAdministration  holdersAfter
------  -------  ------------------  -------------  ----------------  ------------
(0 rows)
why: 5 of 6 documents are dated; no office has holders shown in documents of two administrations of its country
`},
		{[]string{"query", "office-holder-changes", "-p", "country=Peru", "-f", "csv"},
			"office,country,fromAdministration,holdersBefore,toAdministration,holdersAfter\n"},
	}
	for _, tt := range tests {
		code, out, errs := dossier(t, env, tt.args...)
		if code != 0 || out != tt.want {
			t.Errorf("%q: exit %d, stderr %s\n got:\n%s\nwant:\n%s", tt.args, code, errs, out, tt.want)
		}
	}
	// make run's summary: the overview, then the showcase queries.
	code, out, errs := dossier(t, env, "overview", "--rows", "1")
	if code != 0 {
		t.Errorf("overview: exit %d, stderr %s", code, errs)
	}
	for _, head := range []string{
		"What the graph holds:\n",
		"\nTimeline of meetings (dossier query meeting-timeline): first 1 of 5 rows\n",
		"\nWho met whom (dossier query who-met-whom): first 1 of 8 rows\n",
		"\nOfficials across administrations (dossier query officials-across-administrations): first 1 of 3 rows\n",
	} {
		if !strings.Contains(out, head) {
			t.Errorf("overview lacks %q:\n%s", head, out)
		}
	}
}
