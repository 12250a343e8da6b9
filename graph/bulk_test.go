package graph_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/graph"
	"github.com/dossier-dev/dossier/graph/reload/reloadtest"
)

// TestBulkImportEqualsLoad: the seeds' graph written by WriteBulkImport and
// imported with neo4j-admin into a new database of a local server
// (deploy/neo4j/neo4j.sh), then completed (CompleteBulkImport), is the graph Load writes
// through Bolt, node for node and relationship for relationship.
func TestBulkImportEqualsLoad(t *testing.T) {
	g := reloadtest.Extract(t, filepath.Join("..", "data", "seeds"))
	files := t.TempDir()
	bi, err := graph.WriteBulkImport(files, g)
	if err != nil {
		t.Fatal(err)
	}
	imported := importedStore(t, bi)
	ctx := context.Background()
	if err := imported.CompleteBulkImport(ctx); err != nil {
		t.Fatal(err)
	}
	want := newStore(t)
	if _, err := want.Load(ctx, g, graph.LoadOptions{Fingerprints: true}); err != nil {
		t.Fatal(err)
	}
	got, err := imported.Dump(ctx, graph.DumpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := want.Dump(ctx, graph.DumpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != bi.Nodes+bi.Relationships {
		t.Errorf("%d elements imported, WriteBulkImport wrote %d nodes and %d relationships", len(got), bi.Nodes, bi.Relationships)
	}
	if d := diffLines(got, loaded); d != "" {
		t.Errorf("bulk-imported graph (%d elements) differs from the loaded one (%d):\n%s", len(got), len(loaded), d)
	}
}

// importedStore imports bi with neo4j-admin into a new server home under a
// temporary directory, starts it and returns a store on it; the server is
// stopped when the test ends.
func importedStore(t *testing.T, bi graph.BulkImport) *graph.Store {
	t.Helper()
	h := newBulkHome(t)
	h.importFiles(t, bi)
	return h.start(t)
}

// bulkHome is a local server home (deploy/neo4j/neo4j.sh) for imports.
type bulkHome struct {
	script, dir, java string
	bolt, password    string
	env               []string
}

// newBulkHome installs a new home under a temporary directory. When
// neo4j.sh cannot install the server it skips (fails when
// DOSSIER_REQUIRE_NEO4J=1).
func newBulkHome(tb testing.TB) *bulkHome {
	tb.Helper()
	script, err := filepath.Abs(filepath.Join("..", "deploy", "neo4j", "neo4j.sh"))
	if err != nil {
		tb.Fatal(err)
	}
	h := &bulkHome{script: script, dir: tb.TempDir(), java: "java"}
	// Reuse the jars of a home already built from the same pom, if any:
	// neo4j.sh then skips Maven.
	for _, name := range []string{".home-test", ".home"} {
		from := filepath.Join("..", "deploy", "neo4j", name)
		if stamp, err := os.ReadFile(filepath.Join(from, ".pom.sha256")); err == nil {
			lib, _ := filepath.Abs(filepath.Join(from, "lib"))
			if os.Symlink(lib, filepath.Join(h.dir, "lib")) == nil {
				os.WriteFile(filepath.Join(h.dir, ".pom.sha256"), stamp, 0o644)
			}
			break
		}
	}
	pw := make([]byte, 12)
	rand.Read(pw)
	h.password = hex.EncodeToString(pw)
	h.bolt = freePort(tb)
	h.env = append(os.Environ(), "DOSSIER_NEO4J_HOME="+h.dir, "NEO4J_BOLT_PORT="+h.bolt, "NEO4J_HTTP_PORT="+freePort(tb),
		"DOSSIER_NEO4J_PASSWORD="+h.password, "DOSSIER_NEO4J_EXTRA_CONF=")
	// install brings Java (apt-get) and the jars (Maven) where missing.
	if out, err := h.run("install"); err != nil {
		msg := fmt.Sprintf("neo4j.sh install, needed for neo4j-admin: %v\n%s", err, out)
		if os.Getenv("DOSSIER_REQUIRE_NEO4J") == "1" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	if jh := os.Getenv("JAVA_HOME"); jh != "" {
		h.java = filepath.Join(jh, "bin", "java")
	}
	return h
}

func (h *bulkHome) run(args ...string) ([]byte, error) {
	cmd := exec.Command(h.script, args...)
	cmd.Env = h.env
	return cmd.CombinedOutput()
}

// importFiles runs neo4j-admin database import full on bi, replacing the
// home's database (the server must be stopped).
func (h *bulkHome) importFiles(tb testing.TB, bi graph.BulkImport) {
	tb.Helper()
	cmd := exec.Command(h.java, "-cp", filepath.Join(h.dir, "lib", "*"), "org.neo4j.cli.AdminTool",
		"database", "import", "full", "--overwrite-destination", "neo4j", "@"+bi.ArgsFile)
	cmd.Env = append(h.env, "NEO4J_HOME="+h.dir, "NEO4J_CONF="+filepath.Join(h.dir, "conf"))
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("neo4j-admin database import full: %v\n%s", err, out)
	}
}

// start starts the home's server, stopped when the test ends, and returns a
// store on it.
func (h *bulkHome) start(tb testing.TB) *graph.Store {
	tb.Helper()
	tb.Cleanup(func() {
		if out, err := h.run("stop"); err != nil {
			tb.Errorf("neo4j.sh stop: %v\n%s", err, out)
		}
	})
	for _, c := range []string{"start", "wait"} {
		if out, err := h.run(c); err != nil {
			tb.Fatalf("neo4j.sh %s: %v\n%s", c, err, out)
		}
	}
	s, err := graph.Open(context.Background(), graph.Connection{URI: "bolt://127.0.0.1:" + h.bolt, User: "neo4j", Password: h.password})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// freePort returns a TCP port on the loopback interface that was free a
// moment ago.
func freePort(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

// diffLines lists the lines only in a and only in b, both sorted, at most
// ten of each.
func diffLines(a, b []string) string {
	in := func(xs []string) map[string]int {
		m := map[string]int{}
		for _, x := range xs {
			m[x]++
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for _, side := range []struct {
		name string
		xs   []string
		this map[string]int
		that map[string]int
	}{{"only imported", a, ma, mb}, {"only loaded", b, mb, ma}} {
		n := 0
		for _, x := range side.xs {
			if side.this[x] > side.that[x] && n < 10 {
				out = append(out, side.name+": "+x)
				n++
			}
		}
	}
	return strings.Join(out, "\n")
}

// TestWriteBulkImportFiles: the files for neo4j-admin hold Load's rows
// (the dangling SAID left out), typed headers with a per-label id space,
// quoted strings, lists joined with U+001F, and the DURING links of the
// dated document; import.args names every file pair.
func TestWriteBulkImportFiles(t *testing.T) {
	dir := t.TempDir()
	g := readFixture(t, "small.json")
	bi, err := graph.WriteBulkImport(dir, g)
	if err != nil {
		t.Fatal(err)
	}
	// The fingerprints Load writes: contentHash of nodes, factsHash of
	// documents.
	hash := map[string]string{}
	for _, n := range g.Nodes {
		hash[n.ID] = graph.ContentHash(graph.NodeProperties(n))
	}
	for _, d := range graph.PlanSync(g, nil, nil).Replace {
		hash[d.Document.ID] = d.FactsHash
	}
	admins, err := graph.Administrations()
	if err != nil {
		t.Fatal(err)
	}
	// 10 nodes + the administrations; 11 relationships + 2 DURING (US and
	// Mexico administrations on 2018-03-02).
	if bi.Nodes != 10+len(admins) || bi.Relationships != 13 {
		t.Errorf("%d nodes, %d relationships; want %d, 13", bi.Nodes, bi.Relationships, 10+len(admins))
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct{ file, want string }{
		{"nodes-Person.header.csv", "aliasText:string,aliases:string[],contentHash:string,country:string,id:ID(Person),name:string\n"},
		{"nodes-Person.csv", `"Ruiz","Ruiz","` + hash["person-ana-ruiz"] + `","Mexico","person-ana-ruiz","Ana Ruiz"` + "\n" +
			`"","","` + hash["person-john-doe"] + `","United States","person-john-doe","John Doe"` + "\n"},
		{"nodes-Country.csv", `"Mexican","Mexican","` + hash["country-mexico"] + `","country-mexico","Mexico"` + "\n" +
			`"U.S. | US","U.S.` + "\x1f" + `US","` + hash["country-united-states"] + `","country-united-states","United States"` + "\n"},
		{"nodes-Document.header.csv", "date:string,factsHash:string,id:ID(Document),sha256:string,source:string,title:string\n"},
		{"nodes-Document.csv", `"2018-03-02","` + hash["doc-a"] + `","doc-a","aa","a.txt","Talks in Mexico City"` + "\n" +
			`,"` + hash["doc-b"] + `","doc-b","bb","b.txt","A call"` + "\n"},
		{"rels-SAID-Person-Statement.header.csv", ":START_ID(Person),:END_ID(Statement),doc:string,evidence:string\n"},
		{"rels-SAID-Person-Statement.csv", `"person-ana-ruiz","statement-1","doc-a","""We will work together,"" Ruiz said."` + "\n"},
		{"rels-DURING-Document-Administration.header.csv",
			":START_ID(Document),:END_ID(Administration),certain:boolean,doc:string,evidence:string,precision:string\n"},
	}
	for _, tt := range tests {
		if got := read(tt.file); got != tt.want {
			t.Errorf("%s:\n%q\nwant\n%q", tt.file, got, tt.want)
		}
	}
	if n := strings.Count(read("rels-DURING-Document-Administration.csv"), "\n"); n != 2 {
		t.Errorf("%d DURING links, want 2 (doc-a's date, two countries)", n)
	}
	args := strings.Split(strings.TrimSpace(read("import.args")), "\n")
	if strings.Join(args, "\n") != strings.Join(bi.Args, "\n") {
		t.Errorf("import.args differs from Args")
	}
	if want := "--nodes=Person=" + filepath.Join(dir, "nodes-Person.header.csv") + "," + filepath.Join(dir, "nodes-Person.csv"); !slices.Contains(args, want) {
		t.Errorf("import.args lacks %s:\n%s", want, strings.Join(args, "\n"))
	}
	if len(args) != 4+8+7 { // options, labels, relationship files
		t.Errorf("%d arguments, want 19:\n%s", len(args), strings.Join(args, "\n"))
	}
}

// BenchmarkBulkImport extracts a generated realistic corpus (10 MB; more
// with DOSSIER_BENCH_MB), writes its files with WriteBulkImport and reports
// the elements per second of neo4j-admin's import (JVM start included),
// and of a Bolt Load of the same graph into the test server for
// comparison:
//
//	./deploy/with-test-neo4j.sh go test -run '^$' -bench BulkImport -benchtime 1x ./graph/
func BenchmarkBulkImport(b *testing.B) {
	g := benchCorpus(b, 10)
	bi, err := graph.WriteBulkImport(b.TempDir(), g)
	if err != nil {
		b.Fatal(err)
	}
	h := newBulkHome(b)
	elements := float64(bi.Nodes + bi.Relationships)
	b.ResetTimer()
	for b.Loop() {
		h.importFiles(b, bi)
	}
	b.StopTimer()
	b.ReportMetric(elements*float64(b.N)/b.Elapsed().Seconds(), "import-elements/s")
	b.ReportMetric(elements, "elements")
	s := newStore(b)
	stats, err := s.Load(context.Background(), g, graph.LoadOptions{Fingerprints: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(stats.Elements)/stats.Duration.Seconds(), "bolt-elements/s")
}
