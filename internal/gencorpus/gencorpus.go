// Package gencorpus writes a realistic corpus for benchmarks: many short
// news-like files in which a pool of invented people recurs across files
// (a few very often, most rarely, as in news), seed texts replicated under
// distinct first lines, and some exact duplicates (wire copy republished).
//
// Articles are filled from invented templates (data/templates.txt) with
// invented people (data/names.txt) holding real offices
// (data/offices.tsv). The output depends only on Options: the same options
// give the same bytes.
package gencorpus

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed data
var dataFS embed.FS

// Version names the generator's output: bump it when a change alters the
// bytes written, so that cached corpora are regenerated.
const Version = 1

// Options says what to generate.
type Options struct {
	// Size is the total size to reach, in bytes.
	Size int64
	// Seed drives every random choice.
	Seed int64
	// SeedDir, if set, holds .txt files replicated (each copy under a new
	// first line) as one article in about seven.
	SeedDir string
	// People is the size of the pool of invented people (default 3000).
	People int
}

// Stats describes a generated corpus.
type Stats struct {
	Files      int   // files written
	Bytes      int64 // their total size
	Duplicates int   // exact copies of an earlier file
	Replicated int   // seed texts under a new first line
}

// person is one invented person with the office they hold.
type person struct {
	name, last string
	off        office
}

type office struct {
	country, pos, name string
}

type generator struct {
	r        *rand.Rand
	zipf     *rand.Zipf
	people   []person
	places   []string
	sections map[string][]string
	seeds    [][]byte
}

// Generate writes a corpus of at least opts.Size bytes under dir, as
// dir/NNN/NNNNNN.txt with 1,000 files per folder. dir is created; files
// already there are overwritten.
func Generate(dir string, opts Options) (Stats, error) {
	g, err := newGenerator(opts)
	if err != nil {
		return Stats{}, err
	}
	var st Stats
	var written [][]byte // earlier articles, for duplicates
	for i := 0; st.Bytes < opts.Size; i++ {
		var text []byte
		switch k := g.r.Intn(100); {
		case k < 3 && len(written) > 0:
			text = written[g.r.Intn(len(written))]
			st.Duplicates++
		case k < 17 && len(g.seeds) > 0:
			text = g.replicate(i)
			st.Replicated++
		default:
			text = g.article()
		}
		// Keep a bounded sample to duplicate from: memory stays flat.
		if len(written) < 512 {
			written = append(written, text)
		} else {
			written[g.r.Intn(len(written))] = text
		}
		path := filepath.Join(dir, fmt.Sprintf("%03d", i/1000), fmt.Sprintf("%06d.txt", i))
		if i%1000 == 0 {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return st, fmt.Errorf("generate corpus: %w", err)
			}
		}
		if err := os.WriteFile(path, text, 0o644); err != nil {
			return st, fmt.Errorf("generate corpus: %w", err)
		}
		st.Files++
		st.Bytes += int64(len(text))
	}
	return st, nil
}

func newGenerator(opts Options) (*generator, error) {
	g := &generator{r: rand.New(rand.NewSource(opts.Seed)), sections: map[string][]string{}}
	for _, name := range []string{"templates.txt", "names.txt"} {
		if err := g.readSections(name); err != nil {
			return nil, err
		}
	}
	offices, err := readTSV("offices.tsv", 3)
	if err != nil {
		return nil, err
	}
	places, err := readTSV("places.tsv", 2)
	if err != nil {
		return nil, err
	}
	for _, p := range places {
		g.places = append(g.places, p[0])
	}
	given, surnames := strings.Fields(strings.Join(g.sections["given"], " ")), strings.Fields(strings.Join(g.sections["surname"], " "))
	n := opts.People
	if n <= 0 {
		n = 3000
	}
	// Distinct names: a given name and one or two surnames.
	seen := map[string]bool{}
	for len(g.people) < n && len(seen) < 4*n {
		last := surnames[g.r.Intn(len(surnames))]
		full := given[g.r.Intn(len(given))] + " " + last
		if g.r.Intn(3) == 0 {
			full += " " + surnames[g.r.Intn(len(surnames))]
		}
		if seen[full] {
			continue
		}
		seen[full] = true
		o := offices[g.r.Intn(len(offices))]
		g.people = append(g.people, person{name: full, last: last, off: office{o[0], o[1], o[2]}})
	}
	// A few people in most articles, most in a handful: news.
	g.zipf = rand.NewZipf(g.r, 1.1, 2, uint64(len(g.people)-1))
	if opts.SeedDir != "" {
		files, err := filepath.Glob(filepath.Join(opts.SeedDir, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("generate corpus: %w", err)
		}
		sort.Strings(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("generate corpus: %w", err)
			}
			g.seeds = append(g.seeds, b)
		}
	}
	return g, nil
}

// readSections reads a data file of "[name]" headed sections, one entry a line.
func (g *generator) readSections(name string) error {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return fmt.Errorf("generate corpus: %w", err)
	}
	sec := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			sec = line[1 : len(line)-1]
		default:
			g.sections[sec] = append(g.sections[sec], line)
		}
	}
	return nil
}

// readTSV reads a tab-separated data file whose rows have n columns.
func readTSV(name string, n int) ([][]string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("generate corpus: %w", err)
	}
	var rows [][]string
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != n {
			return nil, fmt.Errorf("generate corpus: %s: %q has %d columns, want %d", name, line, len(cols), n)
		}
		rows = append(rows, cols)
	}
	return rows, nil
}

// pick returns a random entry of a section.
func (g *generator) pick(section string) string {
	s := g.sections[section]
	return s[g.r.Intn(len(s))]
}

var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// date returns a date between 2017 and 2026 as a news text writes it.
func (g *generator) date() string {
	return fmt.Sprintf("%s %d, %d", months[g.r.Intn(12)], 1+g.r.Intn(28), 2017+g.r.Intn(10))
}

// article fills a headline, a lead and ten to seventeen paragraphs.
func (g *generator) article() []byte {
	// Three distinct people per article, the first two mostly of two
	// countries (talks between governments).
	var cast [3]person
	used := map[int]bool{}
	for i := range cast {
		k := int(g.zipf.Uint64())
		for try := 0; used[k] || (i == 1 && try < 8 && g.people[k].off.country == cast[0].off.country); try++ {
			k = int(g.zipf.Uint64())
			if try > 4 {
				k = g.r.Intn(len(g.people))
			}
		}
		used[k] = true
		cast[i] = g.people[k]
	}
	topic, city, date := g.pick("topic"), g.places[g.r.Intn(len(g.places))], g.date()
	fill := func(t string) string {
		var b strings.Builder
		for {
			i := strings.IndexByte(t, '{')
			if i < 0 {
				b.WriteString(t)
				return b.String()
			}
			j := strings.IndexByte(t[i:], '}') + i
			b.WriteString(t[:i])
			b.WriteString(g.value(t[i+1:j], &cast, topic, city, date))
			t = t[j+1:]
		}
	}
	var b strings.Builder
	b.WriteString(fill(g.pick("headline")))
	b.WriteString("\n")
	b.WriteString(fill(g.pick("lead")))
	kinds := []string{"meeting", "quote", "agreement", "office", "background", "quote", "background"}
	for n := 10 + g.r.Intn(8); n > 0; n-- {
		b.WriteString("\n")
		b.WriteString(fill(g.pick(kinds[g.r.Intn(len(kinds))])))
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// value is what a placeholder stands for in one article.
func (g *generator) value(key string, cast *[3]person, topic, city, date string) string {
	who, field, _ := strings.Cut(key, ".")
	if len(who) == 1 && who[0] >= 'A' && who[0] <= 'C' {
		p := cast[who[0]-'A']
		switch field {
		case "":
			return p.name
		case "last":
			return p.last
		case "office":
			return p.off.name
		case "pos":
			return p.off.pos
		case "country":
			return p.off.country
		}
	}
	switch key {
	case "topic":
		return topic
	case "city":
		return city
	case "date":
		// The article's date once, other dates after.
		if g.r.Intn(2) == 0 {
			return date
		}
		return g.date()
	case "n":
		return fmt.Sprint(2 + g.r.Intn(60))
	}
	return "{" + key + "}"
}

// replicate returns a seed text under a first line of its own, so that no
// two copies are the same file.
func (g *generator) replicate(i int) []byte {
	seed := g.seeds[g.r.Intn(len(g.seeds))]
	head := fmt.Sprintf("Wire digest %d, %s: %s\n", i, g.places[g.r.Intn(len(g.places))], g.pick("topic"))
	return append([]byte(head), seed...)
}
