package extract

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// entryKind says what a lexicon phrase names.
type entryKind uint8

const (
	kCountry entryKind = iota + 1
	kCity
	kOffice
	kOrg
	kSpeech
	kSource
	kAttend
	kMeeting
	kEventHead
	kAgree
	kTitle
	kParticle
	kHappen
	kOrgHead
	kOrgFront
	kNotName
	kRecommit    // "reaffirmed" before a commitment noun
	kCommitment  // "commitment": what parties recommit to
	kDecide      // a joint decision verb: "established", "signed"
	kAccord      // a noun naming an agreement: "accord", "memorandum"
	kPartyGroup  // a plural naming the countries: "delegations"
	kPeopleGroup // a plural naming the people: "leaders"
	kNumeral     // "two", "three", "both": the size of a group
	kAttendWith  // "spoke": attended with whoever follows "with"
	kNotAttend   // "cancelled": a verb before "the meeting" that is no attendance
	kRoster      // "participants included": who took part in the meeting told of
	kDelegation  // "delegation": the people a text listed as travelling together
	kGovHead     // "government": "the Chilean government" is Chile
	kOfficeHead  // a word that heads an office's name: "Minister", "Undersecretary"
	kRank        // a rank before an office: "Deputy", "Principal Deputy Assistant"
	kNameVerb    // a verb whose subject a capitalised run before it is: "met", "has"
	kNameStop    // a capitalised word that ends a name: "Over", "Faces"
	kNameRank    // a military or police rank before a name: "General", "Colonel"
	kNotPerson   // a noun ending a place's or a text's name: "Airport", "Act"
	kRefuse      // "refused to", "did not": the attendance verb after it did not happen
	kMultiParty  // "multilateral": an accord of every country the text is about
	kNominee     // "nominee for": the office after it is not held (yet)
	kPurpose     // "to establish": a joint act the people met for
	kLastKind    // not a kind: the number of kinds
)

// entry is one phrase of a lexicon. ref indexes the table of its kind
// (countries, offices, ...).
type entry struct {
	kind     entryKind
	ref      int
	surface  string // the phrase as written in the data file
	exact    bool   // "=" forms: the text must match case-sensitively
	needQual bool   // "~" forms: need a country qualifier (or a name after)
	capReq   bool   // the text's first token must be capitalised
	adj      bool   // an adjective or demonym of a country
	tmpl     bool   // ref indexes officeTmpls or orgTmpls: the form is every country's
	words    int    // number of tokens
}

// trieNode is a node of the token trie: one edge per folded token.
type trieNode struct {
	next    map[string]*trieNode
	entries []*entry
}

// match is a phrase found at a position: n tokens long.
type match struct {
	n int
	e *entry
}

// country is a row of countries.tsv.
type country struct {
	name, iso2, iso3 string
	region           bool
	adj              string // first adjective: "Peruvian"
	id               string // node id, computed once
}

// office is a row of offices.tsv (or of office_templates.tsv for one
// country).
type office struct {
	country int
	name    string
	id      string
	fold    string // fold(name), once
	generic bool   // from office_templates.tsv: every country has one
	role    string // the office_templates.tsv row it is or plays ("Minister of Foreign Affairs"), or ""
}

// org is a row of organizations.tsv.
type org struct {
	country int // -1: none
	name    string
	kind    string
	id      string
}

// city is a row of cities.tsv.
type city struct {
	name    string
	country int
}

// term is a row of administrations.tsv.
type term struct {
	country    int
	office     string
	officeFold string // fold(office), once
	person     string
	fold       []string // folded name tokens
	start, end string
}

// noiseRule is a row of noise.tsv.
type noiseRule struct {
	rule, pattern string
	maxWords      int
}

// lexicon holds every embedded table and the trie over their phrases.
type lexicon struct {
	root       *trieNode
	countries  []country
	countryIdx map[string]int // canonical name -> index
	offices    []office
	officeIdx  map[officeKey]int // (country, canonical name) -> index into offices
	orgs       []org
	cities     []city
	terms      []term
	noise      []noiseRule
	given      map[string]bool
	nicks      map[string][]string // folded given name -> the full names it is a form of (itself included)
	orgForms   map[officeKey]bool  // (country, folded form) of organizations.tsv lines
	// officeTmpls and orgTmpls are the rows of the template files: per
	// country, the office or organization the row gives it (-1: none).
	officeTmpls [][]int
	orgTmpls    [][]int
}

// loadLexicon reads every embedded data file into one trie; a malformed
// line is an error naming the file and line.
func loadLexicon() (*lexicon, error) {
	lx := &lexicon{root: &trieNode{}, countryIdx: map[string]int{}, given: map[string]bool{}, officeIdx: map[officeKey]int{}}
	steps := []struct {
		file string
		cols int
		fn   func([]string) error
	}{
		{"countries.tsv", 6, lx.addCountry},
		{"cities.tsv", 2, lx.addCity},
		{"cities_geonames.tsv", 2, lx.addCity},
		{"offices.tsv", 3, lx.addOffice},
		{"office_templates.tsv", 2, lx.addOfficeTemplate},
		{"office_words.tsv", 2, lx.addOfficeWord},
		{"person_words.tsv", 2, lx.addPersonWord},
		{"organizations.tsv", 4, lx.addOrg},
		{"org_templates.tsv", 3, lx.addOrgTemplate},
		{"org_words.tsv", 1, lx.addOrgWord},
		{"words.tsv", 2, lx.addWord},
		{"noise.tsv", 3, lx.addNoise},
		{"administrations.tsv", 4, lx.addTerm},
	}
	for _, s := range steps {
		if err := readTSV(s.file, s.cols, s.fn); err != nil {
			return nil, err
		}
	}
	for _, file := range []string{"given_names.txt", "given_names_us.txt"} {
		b, err := dataFS.ReadFile("data/" + file)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			for _, w := range strings.Fields(line) {
				lx.given[fold(w)] = true
			}
		}
	}
	return lx, nil
}

// readTSV calls fn for each data row of a file, skipping comments and the
// header line; rows may have trailing empty columns omitted.
func readTSV(file string, minCols int, fn func([]string) error) error {
	f, err := dataFS.Open("data/" + file)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	header := true
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < minCols {
			return fmt.Errorf("data/%s:%d: want at least %d columns, got %d", file, n, minCols, len(cols))
		}
		if err := fn(cols); err != nil {
			return fmt.Errorf("data/%s:%d: %w", file, n, err)
		}
	}
	return sc.Err()
}

func col(cols []string, i int) string {
	if i < len(cols) {
		return strings.TrimSpace(cols[i])
	}
	return ""
}

func splitForms(s string) []string {
	var out []string
	for _, f := range strings.Split(s, "|") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (lx *lexicon) addCountry(c []string) error {
	i := len(lx.countries)
	ct := country{name: col(c, 0), iso2: col(c, 1), iso3: col(c, 2), region: col(c, 5) == "region"}
	if adj := splitForms(col(c, 4)); len(adj) > 0 {
		ct.adj = strings.TrimLeft(adj[0], "=~")
	}
	ct.id = "country-" + slug(ct.name)
	if ct.region {
		ct.id = "region-" + slug(ct.name)
	}
	lx.countries = append(lx.countries, ct)
	lx.countryIdx[col(c, 0)] = i
	lx.add(col(c, 0), kCountry, i, true, false)
	for _, f := range splitForms(col(c, 3)) {
		lx.add(f, kCountry, i, true, false)
	}
	for _, f := range splitForms(col(c, 4)) {
		lx.add(f, kCountry, i, true, true)
	}
	return nil
}

func (lx *lexicon) countryRef(name string) (int, error) {
	if name == "" {
		return -1, nil
	}
	i, ok := lx.countryIdx[name]
	if !ok {
		return 0, fmt.Errorf("unknown country %q (add it to countries.tsv)", name)
	}
	return i, nil
}

func (lx *lexicon) addCity(c []string) error {
	ci, err := lx.countryRef(col(c, 1))
	if err != nil {
		return err
	}
	i := len(lx.cities)
	lx.cities = append(lx.cities, city{name: col(c, 0), country: ci})
	lx.add(col(c, 0), kCity, i, true, false)
	for _, f := range splitForms(col(c, 2)) {
		lx.add(f, kCity, i, true, false)
	}
	return nil
}

func (lx *lexicon) addOffice(c []string) error {
	ci, err := lx.countryRef(col(c, 0))
	if err != nil {
		return err
	}
	lx.newOffice(ci, col(c, 1), splitForms(col(c, 2)), false)
	return nil
}

// officeKey identifies an office: its country and folded canonical name.
type officeKey struct {
	country int
	name    string
}

// newOffice adds an office of a country with its synonyms, once.
func (lx *lexicon) newOffice(ci int, name string, forms []string, generic bool) {
	k := officeKey{ci, foldPhrase(name)}
	if _, ok := lx.officeIdx[k]; ok {
		return
	}
	i := len(lx.offices)
	lx.officeIdx[k] = i
	lx.offices = append(lx.offices, office{country: ci, name: name, fold: fold(name), id: officeID(lx.countries[ci].name, name), generic: generic})
	if generic {
		return // its forms are the template's
	}
	lx.add(name, kOffice, i, false, false)
	for _, f := range forms {
		lx.add(f, kOffice, i, false, false)
	}
}

// officeID is the node id of a country's office.
func officeID(country, name string) string { return "office-" + slug(country) + "-" + slug(name) }

// addOfficeTemplate adds an office of office_templates.tsv to every
// country but the excepted ones and those offices.tsv gave an office of
// that name.
func (lx *lexicon) addOfficeTemplate(c []string) error {
	except := map[int]bool{}
	for _, n := range splitForms(col(c, 2)) {
		ci, err := lx.countryRef(n)
		if err != nil {
			return err
		}
		except[ci] = true
	}
	role := col(c, 0)
	t := len(lx.officeTmpls)
	byCountry := make([]int, len(lx.countries))
	for ci, ct := range lx.countries {
		byCountry[ci] = -1
		if ct.region || except[ci] {
			continue
		}
		lx.newOffice(ci, role, nil, true)
		o := lx.officeIndex(ci, role)
		byCountry[ci] = o
		if lx.offices[o].role == "" {
			lx.offices[o].role = role
		}
	}
	lx.officeTmpls = append(lx.officeTmpls, byCountry)
	lx.addTemplate(role, kOffice, t)
	for _, f := range splitForms(col(c, 1)) {
		lx.addTemplate(f, kOffice, t)
	}
	for _, f := range splitForms(col(c, 3)) {
		cn, name, ok := strings.Cut(f, ":")
		ci, err := lx.countryRef(cn)
		if err != nil || !ok {
			return fmt.Errorf("same role %q: want <country>:<office>", f)
		}
		o := lx.officeIndex(ci, name)
		if o < 0 {
			return fmt.Errorf("same role %q: no such office in offices.tsv", f)
		}
		lx.offices[o].role = role
	}
	return nil
}

// officeOfRole returns a country's office that plays a role (a row of
// office_templates.tsv), or -1.
func (lx *lexicon) officeOfRole(country int, role string) int {
	if o := lx.officeIndex(country, role); o >= 0 && lx.offices[o].role == role {
		return o
	}
	for i, o := range lx.offices {
		if o.country == country && o.role == role {
			return i
		}
	}
	return -1
}

// addPersonWord reads a row of person_words.tsv.
func (lx *lexicon) addPersonWord(c []string) error {
	w := col(c, 1)
	switch col(c, 0) {
	case "verb":
		lx.add(w, kNameVerb, 0, false, false)
	case "stop":
		lx.add(w, kNameStop, 0, true, false)
	case "rank":
		lx.add(w, kNameRank, 0, true, false)
	case "place":
		lx.add(w, kNotPerson, 0, true, false)
	case "nick":
		if lx.nicks == nil {
			lx.nicks = map[string][]string{}
		}
		full := fold(w)
		for _, f := range append([]string{w}, splitForms(col(c, 2))...) {
			k := fold(f)
			if !slices.Contains(lx.nicks[k], full) {
				lx.nicks[k] = append(lx.nicks[k], full)
			}
		}
	default:
		return fmt.Errorf("unknown person word class %q", col(c, 0))
	}
	return nil
}

// sameGiven reports whether two folded given names can name one person:
// equal, or forms of one full name ("bob" and "robert", "liz" and "beth").
func (lx *lexicon) sameGiven(a, b string) bool {
	if a == b {
		return true
	}
	for _, x := range lx.nicks[a] {
		if x == b || slices.Contains(lx.nicks[b], x) {
			return true
		}
	}
	return false
}

// addOfficeWord reads a rank or head word of office_words.tsv.
func (lx *lexicon) addOfficeWord(c []string) error {
	var k entryKind
	switch col(c, 0) {
	case "rank":
		k = kRank
	case "head":
		k = kOfficeHead
	default:
		return fmt.Errorf("unknown office word class %q", col(c, 0))
	}
	// Lowercase too ("the undersecretary of Ports"): readOfficeShape then
	// wants "the" or a country before it.
	lx.add(col(c, 1), k, 0, false, false)
	return nil
}

func (lx *lexicon) addOrg(c []string) error {
	ci, err := lx.countryRef(col(c, 0))
	if err != nil {
		return err
	}
	i := len(lx.orgs)
	lx.orgs = append(lx.orgs, org{country: ci, name: col(c, 1), kind: col(c, 3), id: "org-" + slug(col(c, 1))})
	lx.add(col(c, 1), kOrg, i, false, false)
	for _, f := range splitForms(col(c, 2)) {
		lx.add(f, kOrg, i, false, false)
		if ci >= 0 {
			if lx.orgForms == nil {
				lx.orgForms = map[officeKey]bool{}
			}
			lx.orgForms[officeKey{ci, foldPhrase(strings.TrimLeft(f, "=~"))}] = true
		}
	}
	return nil
}

// addOrgTemplate adds an organization of org_templates.tsv to every
// country but the excepted ones and those whose own organizations.tsv line
// already has one of its forms.
func (lx *lexicon) addOrgTemplate(c []string) error {
	except := map[int]bool{}
	for _, n := range splitForms(col(c, 3)) {
		ci, err := lx.countryRef(n)
		if err != nil {
			return err
		}
		except[ci] = true
	}
	forms := splitForms(col(c, 1))
	t := len(lx.orgTmpls)
	byCountry := make([]int, len(lx.countries))
	for ci, ct := range lx.countries {
		byCountry[ci] = -1
		if ct.region || except[ci] {
			continue
		}
		own := false
		for _, f := range forms {
			if lx.orgForms[officeKey{ci, foldPhrase(strings.TrimLeft(f, "=~"))}] {
				own = true
				break
			}
		}
		if own {
			continue
		}
		adj := ct.adj
		if adj == "" {
			adj = ct.name
		}
		name := strings.NewReplacer("{C}", ct.name, "{A}", adj).Replace(col(c, 0))
		i := len(lx.orgs)
		lx.orgs = append(lx.orgs, org{country: ci, name: name, kind: col(c, 2), id: "org-" + slug(name)})
		lx.add(name, kOrg, i, false, false)
		byCountry[ci] = i
	}
	lx.orgTmpls = append(lx.orgTmpls, byCountry)
	for _, f := range forms {
		lx.addTemplate(f, kOrg, t)
	}
	return nil
}

// addOrgWord reads a noun of org_words.tsv that ends an organization's name.
func (lx *lexicon) addOrgWord(c []string) error {
	lx.add(col(c, 0), kOrgHead, 0, true, false)
	return nil
}

var wordClasses = map[string]entryKind{
	"speech": kSpeech, "source": kSource, "attend": kAttend, "meeting": kMeeting,
	"eventhead": kEventHead, "agree": kAgree, "title": kTitle, "particle": kParticle, "notname": kNotName, "happen": kHappen, "orghead": kOrgHead, "orgfront": kOrgFront,
	"recommit": kRecommit, "commitment": kCommitment, "decide": kDecide, "accord": kAccord,
	"partygroup": kPartyGroup, "peoplegroup": kPeopleGroup, "numeral": kNumeral, "attendwith": kAttendWith, "notattend": kNotAttend, "roster": kRoster, "delegation": kDelegation, "govhead": kGovHead,
	"refuse": kRefuse, "multiparty": kMultiParty, "nominee": kNominee, "purpose": kPurpose,
}

func (lx *lexicon) addWord(c []string) error {
	k, ok := wordClasses[col(c, 0)]
	if !ok {
		return fmt.Errorf("unknown word class %q", col(c, 0))
	}
	capReq := k == kEventHead || k == kNotName || k == kOrgHead || k == kOrgFront
	lx.add(col(c, 1), k, 0, capReq, false)
	return nil
}

func (lx *lexicon) addNoise(c []string) error {
	n := 0
	fmt.Sscan(col(c, 2), &n)
	lx.noise = append(lx.noise, noiseRule{rule: col(c, 0), pattern: col(c, 1), maxWords: n})
	return nil
}

func (lx *lexicon) addTerm(c []string) error {
	ci, err := lx.countryRef(col(c, 0))
	if err != nil {
		return err
	}
	p := col(c, 2)
	lx.terms = append(lx.terms, term{country: ci, office: col(c, 1), officeFold: fold(col(c, 1)), person: p,
		fold: nameTokens(p), start: col(c, 3), end: col(c, 4)})
	return nil
}

// add inserts one phrase. A leading "=" makes it case-sensitive and a
// leading "~" marks it as needing a qualifier.
func (lx *lexicon) add(phrase string, k entryKind, ref int, capReq, adj bool) {
	lx.insert(phrase, &entry{kind: k, ref: ref, adj: adj}, capReq)
}

// addTemplate inserts a form of a template row (office_templates.tsv,
// org_templates.tsv): one entry whatever the number of countries, so a
// lookup does not list two hundred offices for "Foreign Minister".
func (lx *lexicon) addTemplate(phrase string, k entryKind, tmpl int) {
	lx.insert(phrase, &entry{kind: k, ref: tmpl, tmpl: true}, false)
}

// insert adds an entry for a phrase to the trie, once.
func (lx *lexicon) insert(phrase string, e *entry, capReq bool) {
	for len(phrase) > 0 && (phrase[0] == '=' || phrase[0] == '~') {
		if phrase[0] == '=' {
			e.exact = true
		} else {
			e.needQual = true
		}
		phrase = phrase[1:]
	}
	e.surface = phrase
	e.capReq = capReq && unicode.IsUpper(firstRune(phrase))
	toks := tokenize(phrase)
	if len(toks) == 0 {
		return
	}
	e.words = len(toks)
	n := lx.root
	for _, t := range toks {
		if n.next == nil {
			n.next = map[string]*trieNode{}
		}
		c := n.next[t.fold]
		if c == nil {
			c = &trieNode{}
			n.next[t.fold] = c
		}
		n = c
	}
	for _, o := range n.entries {
		if o.kind == e.kind && o.ref == e.ref && o.exact == e.exact && o.needQual == e.needQual && o.capReq == e.capReq && o.adj == e.adj && o.tmpl == e.tmpl {
			return
		}
	}
	n.entries = append(n.entries, e)
}

// matches returns every phrase starting at toks[i], shortest first.
func (lx *lexicon) matches(toks []token, i int, buf []match) []match {
	buf = buf[:0]
	n := lx.root
	for j := i; j < len(toks) && j-i < 16; j++ {
		n = n.next[toks[j].fold]
		if n == nil {
			break
		}
		for _, e := range n.entries {
			if e.exact {
				if !exactMatch(e.surface, toks[i:j+1]) {
					continue
				}
			} else if e.capReq && !toks[i].cap {
				continue
			}
			buf = append(buf, match{n: j - i + 1, e: e})
		}
	}
	return buf
}

// exactMatch compares a case-sensitive phrase with the tokens' text.
func exactMatch(surface string, toks []token) bool {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return strings.ReplaceAll(surface, " ", "") == strings.ReplaceAll(b.String(), "’", "'")
}

// officeIndex returns the index of a country's office by canonical name, or -1.
func (lx *lexicon) officeIndex(country int, name string) int {
	if i, ok := lx.officeIdx[officeKey{country, foldPhrase(name)}]; ok {
		return i
	}
	return -1
}
