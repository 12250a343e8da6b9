package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchCorpusSize is the size of the generated corpus BenchmarkExtract reads.
const benchCorpusSize = 50 << 20

// benchCorpus builds a varied corpus of at least size bytes: the seed texts
// with their given names swapped for others and their numbers changed, and
// generated paragraphs (offices, countries, quotes, agreements, meetings)
// drawn from the lexicons. It is deterministic.
func benchCorpus(tb testing.TB, x *Extractor, size int) []Document {
	tb.Helper()
	files, _ := filepath.Glob("../data/seeds/*.txt")
	sort.Strings(files)
	var seeds []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	if len(seeds) == 0 {
		tb.Fatal("no seeds in ../data/seeds")
	}
	// The hand-kept lists only, so that the workload does not grow with the
	// generated tables (given_names_us.txt, office templates): runs before
	// and after a lexicon change read the same corpus.
	b, err := dataFS.ReadFile("data/given_names.txt")
	if err != nil {
		tb.Fatal(err)
	}
	seen := map[string]bool{}
	var given []string
	for _, line := range strings.Split(string(b), "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, w := range strings.Fields(line) {
			if g := fold(w); !seen[g] {
				seen[g] = true
				given = append(given, strings.ToUpper(g[:1])+g[1:])
			}
		}
	}
	sort.Strings(given)
	surnames := []string{"Alvarado", "Benítez", "Cordero", "Durán", "Esquivel", "Fonseca", "Galván", "Herrera",
		"Ibarra", "Jiménez", "Kowalski", "Lozano", "Medina", "Navarro", "Ortega", "Peralta", "Quintero", "Robles",
		"Sandoval", "Trejo", "Urrutia", "Valdez", "Whitaker", "Yates", "Zamora", "Brennan", "Carver", "Dalton"}
	var offices, countries []string
	for _, o := range x.lx.offices {
		if !o.generic {
			offices = append(offices, o.name)
		}
	}
	for _, c := range x.lx.countries {
		if !c.region {
			countries = append(countries, c.name)
		}
	}
	var docs []Document
	total := 0
	for i := 0; total < size; i++ {
		var b strings.Builder
		seed := seeds[i%len(seeds)]
		// Swap given names (and so the people) and numbers of the seed.
		for _, w := range strings.SplitAfter(seed, " ") {
			core := strings.TrimRight(w, " ,.’'s")
			if seen[fold(core)] && core != "" {
				w = strings.Replace(w, core, given[(i*7+len(core))%len(given)], 1)
			}
			if len(core) > 0 && core[0] >= '0' && core[0] <= '9' {
				w = strings.Replace(w, core, fmt.Sprint(i%97), 1)
			}
			b.WriteString(w)
		}
		for k := 0; k < 3; k++ {
			n := i*3 + k
			name := given[n%len(given)] + " " + surnames[n%len(surnames)]
			c1, c2 := countries[n%len(countries)], countries[(n*5+1)%len(countries)]
			fmt.Fprintf(&b, "\n\n%s %s %s met with officials of %s in %s on March %d, %d. ", c1, offices[n%len(offices)], name, c2, c1, n%28+1, 2017+n%9)
			fmt.Fprintf(&b, "“We agreed to strengthen cooperation against trafficking number %d, and we will keep working together,” %s said after the meeting. ", n, name)
			fmt.Fprintf(&b, "The governments of %s and %s agreed to share intelligence on case %d, a step both sides welcomed.", c1, c2, n)
		}
		text := b.String()
		docs = append(docs, Document{Source: fmt.Sprintf("bench/%06d.txt", i), Text: []byte(text)})
		total += len(text)
	}
	return docs
}

// BenchmarkExtract reads a generated corpus of at least 50 MB and resolves
// its graph; it reports MB/s (wall), MB per CPU-second (fairer on a shared
// machine) and the heap in use at the end. Run it with
//
//	go test -run '^$' -bench Extract -benchmem ./extract/
//
// (GOMAXPROCS=1 for one core). Memory: the per-token arrays of a document
// are reused from one document to the next (arena.go); what the corpus
// keeps is the facts each document gave (a few times the size of its text,
// strings copied out of it) and, once Graph is called, the graph itself.
func BenchmarkExtract(b *testing.B) {
	x, err := New()
	if err != nil {
		b.Fatal(err)
	}
	docs := benchCorpus(b, x, benchCorpusSize)
	total := 0
	for _, d := range docs {
		total += len(d.Text)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		c := x.NewCorpus()
		for _, d := range docs {
			if err := c.Add(d); err != nil {
				b.Fatal(err)
			}
		}
		g := c.Graph()
		if len(g.Nodes) == 0 {
			b.Fatal("empty graph")
		}
	}
	b.StopTimer()
	// On a shared machine wall time understates the speed: report MB per
	// second of this process's CPU time too (all threads, GC included).
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(total)*float64(b.N)/(1<<20)/cpu.Seconds(), "MB/cpu-s")
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
