// Package reloadtest writes synthetic news corpora for reload tests and
// benchmarks: deterministic texts in the style of the seed articles, with
// recurring people, offices, countries and meetings so that documents share
// entities the way a real corpus does.
package reloadtest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

type person struct{ name, office, country string }

var people = []person{
	{"Luis Videgaray", "Foreign Minister", "Mexico"},
	{"Rex Tillerson", "Secretary of State", "United States"},
	{"Kirstjen Nielsen", "Secretary of Homeland Security", "United States"},
	{"Miguel Osorio Chong", "Secretary of Government", "Mexico"},
	{"Marcelo Ebrard", "Foreign Minister", "Mexico"},
	{"Antony Blinken", "Secretary of State", "United States"},
	{"Alejandro Mayorkas", "Secretary of Homeland Security", "United States"},
	{"Rosa Icela Rodríguez", "Secretary of Security", "Mexico"},
	{"Chrystia Freeland", "Foreign Minister", "Canada"},
	{"Mélanie Joly", "Foreign Minister", "Canada"},
	{"Gustavo Petro", "President", "Colombia"},
	{"Iván Duque", "President", "Colombia"},
	{"Nayib Bukele", "President", "El Salvador"},
	{"Alejandro Giammattei", "President", "Guatemala"},
	{"Merrick Garland", "Attorney General", "United States"},
	{"Alejandro Gertz Manero", "Attorney General", "Mexico"},
}

var meetings = []string{
	"the Strategic High-level Dialogue on Security",
	"the North American Leaders' Summit",
	"the Bicentennial Framework Security Dialogue",
	"the Regional Conference on Migration",
	"the Summit of the Americas",
	"the Trilateral Fentanyl Committee",
}

var topics = []string{
	"drug trafficking", "arms smuggling", "money laundering", "migration",
	"border security", "fentanyl production", "extradition requests", "cybercrime",
}

var cities = []string{"Washington", "Mexico City", "Ottawa", "Bogotá", "San Salvador", "Guatemala City"}

var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Article returns the text of article i of the corpus generated from seed.
// The same (seed, i) always gives the same text; version > 0 gives a
// corrected edition of it (another statement, same people).
func Article(seed uint64, i, version int) string {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func() person { return people[r.IntN(len(people))] }
	a, b := pick(), pick()
	for b.name == a.name {
		b = pick()
	}
	meeting := meetings[r.IntN(len(meetings))]
	topic := topics[r.IntN(len(topics))]
	city := cities[r.IntN(len(cities))]
	year := 2015 + r.IntN(10)
	month := months[r.IntN(12)]
	day := 1 + r.IntN(28)
	var s strings.Builder
	fmt.Fprintf(&s, "%s, %s %d, %d.\n", strings.ToUpper(city), month, day, year)
	fmt.Fprintf(&s, "%s's %s %s met %s's %s %s in %s on %s %d, %d, at %s.\n",
		a.country, a.office, a.name, b.country, b.office, b.name, city, month, day, year, meeting)
	fmt.Fprintf(&s, "The two delegations discussed %s and the protection of both countries' citizens.\n", topic)
	fmt.Fprintf(&s, "%s said: “We will work together against %s, because security is a shared responsibility.”\n", a.name, topic)
	if version > 0 {
		fmt.Fprintf(&s, "%s said: “Correction %d: our cooperation on %s will be reviewed every six months.”\n", b.name, version, topic)
	} else {
		fmt.Fprintf(&s, "%s said that %s would send a team of experts on %s before the end of %d.\n", b.name, b.country, topic, year)
	}
	fmt.Fprintf(&s, "%s and %s agreed to create a joint working group on %s.\n", a.country, b.country, topic)
	fmt.Fprintf(&s, "Officials from the %s delegation declined to give further details about the agreement.\n", a.country)
	return s.String()
}

// Name returns the file name of article i: articles are spread over ten
// subdirectories, as a crawl would store them.
func Name(i int) string {
	return filepath.Join(fmt.Sprintf("batch-%02d", i%10), fmt.Sprintf("article-%05d.txt", i))
}

// WriteCorpus writes articles 0..n-1 under dir.
func WriteCorpus(dir string, seed uint64, n int) error {
	for i := range n {
		if err := WriteArticle(dir, seed, i, 0); err != nil {
			return err
		}
	}
	return nil
}

// WriteArticle writes one article (version 0 is the original) under dir.
func WriteArticle(dir string, seed uint64, i, version int) error {
	path := filepath.Join(dir, Name(i))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(Article(seed, i, version)), 0o644)
}
