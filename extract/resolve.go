package extract

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/graph"
)

// builder turns the per-document results into one graph: it resolves
// people across documents, roles to the people who held them, and meetings
// reported by several documents.
type builder struct {
	lx *lexicon
	// c holds the documents: resolution reads each one's summary
	// (summaryOf, into sc) in turn.
	c       *Corpus
	sc      summaryScratch
	g       *graph.Graph
	nodes   map[string]*graph.Node
	aliases map[string]map[string]bool
	rels    map[relKey]struct{}
	people  map[string]*personCluster
	holders map[int][]holderFact
	// tableHolder is the cluster of each person of the administrations
	// table that holderFromTable named.
	tableHolder map[string]*personCluster
	dates       []string // per document: its date (or the start of its bound)
	days        []int64  // per document: dayOf(dates[i]), read once (noDay: not yet)
	// officeDoc marks the offices whose node and OF link a document has
	// already given.
	officeDoc map[[2]string]bool
	// confident holds the countries of the offices each person is read to
	// hold where the text said which country.
	confident map[*personCluster]map[int]bool
	byOffice  map[int]*holderIndex
	clusters  []*personCluster
	orgDoc    map[officeDoc]bool // organizations already linked for a document
	// sameDoc is the holder each document names for each office: document
	// i's in sameDoc[sameAt[i]:sameAt[i+1]], by office.
	sameDoc []docHolder
	sameAt  []int32
	groups  []*meetingGroup
	// mtgOf is the group of each meeting of each document: document i's
	// are mtgOf[mtgAt[i]:mtgAt[i+1]].
	mtgOf []*meetingGroup
	mtgAt []int
	// cur is the index of the document being emitted.
	cur int
	// order lists the documents (indexes in Corpus.docs) in the export's
	// order.
	order []int32
	// unnamed are the nodes of unnamed meetings, sorted by id: most of the
	// nodes of a corpus, one or two a document, so made only as they are
	// handed out (meetingNode); g.Nodes holds the others.
	unnamed []*meetingGroup
	// emitting is set for the second pass over the documents, which hands
	// out their relationships (batch); the first pass gathers only what
	// the nodes need: the offices each person holds (officesOf).
	emitting bool
	batch    []graph.Relationship
	// keep makes the first pass keep each document's relationships too,
	// in kept (resolveWhole).
	keep      bool
	kept      [][]graph.Relationship
	officesOf map[string]map[string]bool // person id -> office ids
	dropped   map[string]bool            // unnamed meetings nobody known attended
}

// relKey identifies a relationship: one per type, ends and document.
type relKey struct{ typ, from, to, doc string }

type holderFact struct {
	c   *personCluster
	doc int // index in Corpus.docs
}

// meetingGroup is one meeting, possibly reported by several documents.
// Most are unnamed meetings, one or two a document: it is kept small.
type meetingGroup struct {
	id, name, date, place string
	// attendees are the ids of the people who attended, then once
	// resolved (finish), for an unnamed meeting, their names.
	attendees []string
	// unnamed is 1 + the index of the document of an unnamed meeting; 0
	// for a named one.
	unnamed int32
	emitted bool // unnamed: a document reports it, so it has a node
	stated  bool // a document states date; else its meetings took their documents' dates
}

// resolve resolves the corpus from the per-document results into a
// stream: documents and nodes whole, relationships a document at a time.
// Reading every document twice, once for the nodes and once for the
// relationships, is what keeps the relationships of the whole corpus out
// of memory. Graph may be called again after more Adds.
func (c *Corpus) resolve() (*graph.Stream, error) {
	b, err := c.resolveNodes(false)
	if err != nil {
		return nil, err
	}
	// The documents in the order of the export, each read again for its
	// relationships when the stream is ranged over.
	return &graph.Stream{Documents: c.documentSeq(b.order), Nodes: b.nodeSeq(), Relationships: func(yield func([]graph.Relationship, error) bool) {
		b.emitting = true
		defer func() { b.emitting = false }()
		for _, k := range b.order {
			i := int(k)
			d, err := c.full(i)
			if err != nil {
				yield(nil, err)
				return
			}
			b.emitDoc(i, d)
			slices.SortFunc(b.batch, graph.CompareInDocument)
			if !yield(b.batch, nil) {
				return
			}
		}
	}}, nil
}

// resolveWhole is resolve for a caller that wants the whole graph: the
// first pass keeps each document's relationships, so that no document is
// read twice.
func (c *Corpus) resolveWhole() (*graph.Graph, error) {
	b, err := c.resolveNodes(true)
	if err != nil {
		return nil, err
	}
	nodes := make([]graph.Node, 0, len(b.g.Nodes)+len(b.unnamed))
	for batch := range b.nodeSeq() {
		nodes = append(nodes, batch...)
	}
	b.g.Nodes = nodes
	for batch, err := range c.documentSeq(b.order) {
		if err != nil {
			return nil, err
		}
		b.g.Documents = append(b.g.Documents, batch...)
	}
	for _, i := range b.order {
		rels := b.kept[i]
		n := len(b.g.Relationships)
		for _, r := range rels {
			if !b.dropped[r.From] && !b.dropped[r.To] {
				b.g.Relationships = append(b.g.Relationships, r)
			}
		}
		slices.SortFunc(b.g.Relationships[n:], graph.CompareInDocument)
	}
	return b.g, nil
}

// docOrder returns the indexes in c.docs in the order of the export's
// documents (graph.Sort's: by source, then id).
func (c *Corpus) docOrder() []int32 {
	order := make([]int32, len(c.docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &c.docs[i], &c.docs[j]
		return cmp.Or(strings.Compare(a.source, b.source), strings.Compare(a.id, b.id))
	})
	return order
}

// documentSeq yields the export's documents in order, made a batch at a
// time (document).
func (c *Corpus) documentSeq(order []int32) iter.Seq2[[]graph.Document, error] {
	return func(yield func([]graph.Document, error) bool) {
		batch := make([]graph.Document, 0, min(len(order), nodeBatch))
		var buf []byte
		for _, i := range order {
			d, err := c.document(int(i), &buf)
			if err != nil {
				yield(nil, err)
				return
			}
			if batch = append(batch, d); len(batch) == nodeBatch {
				if !yield(batch, nil) {
					return
				}
				batch = batch[:0]
			}
		}
		if len(batch) > 0 {
			yield(batch, nil)
		}
	}
}

// resolveNodes runs resolution up to the nodes: clusters, holders,
// meetings, and a first pass over the documents. keep makes that pass
// keep every document's relationships too (builder.kept).
func (c *Corpus) resolveNodes(keep bool) (*builder, error) {
	b := &builder{lx: c.lexicon(), c: c, g: &graph.Graph{}, nodes: map[string]*graph.Node{},
		aliases: map[string]map[string]bool{}, rels: map[relKey]struct{}{}, holders: map[int][]holderFact{},
		dates: make([]string, len(c.docs)), officesOf: map[string]map[string]bool{}}
	b.clusterPeople()
	b.confident = map[*personCluster]map[int]bool{}
	for i := range c.docs {
		d, _ := c.summaryOf(i, &b.sc)
		for _, h := range d.holds {
			if pc := b.people[h.person]; pc != nil && h.alts == nil {
				if b.confident[pc] == nil {
					b.confident[pc] = map[int]bool{}
				}
				b.confident[pc][b.lx.offices[h.office].country] = true
			}
		}
	}
	for i := range c.docs {
		d, _ := c.summaryOf(i, &b.sc)
		b.dates[i] = d.date
		if d.date == "" && len(d.rng) > 0 {
			b.dates[i] = d.rng[0].from
		}
		for _, h := range d.holds {
			if pc := b.people[h.person]; pc != nil {
				o := b.pickOffice(h.person, h.office, h.alts)
				b.holders[o] = append(b.holders[o], holderFact{pc, i})
			}
		}
	}
	b.groupMeetings()
	b.keep = keep
	if keep {
		b.kept = make([][]graph.Relationship, len(c.docs))
	}
	for i := range c.docs {
		d, err := c.full(i)
		if err != nil {
			return nil, err
		}
		b.emitDoc(i, d)
		if keep {
			b.kept[i] = slices.Clone(b.batch)
		}
	}
	b.keep = false
	b.finish()
	b.g.Sort()
	b.order = c.docOrder()
	return b, nil
}

// clusterPeople gathers every person name of the corpus and groups them.
func (b *builder) clusterPeople() {
	strong := map[string]map[string]bool{}
	weak := map[string]map[string]bool{}
	add := func(r ref, doc string) {
		if r.kind != sPerson || r.name == "" {
			return
		}
		m := strong
		if r.weak {
			m = weak
		}
		if m[r.name] == nil {
			m[r.name] = map[string]bool{}
		}
		m[r.name][doc] = true
	}
	for i := range b.c.docs {
		d, named := b.c.summaryOf(i, &b.sc)
		for _, r := range named {
			add(r, d.id)
		}
		for _, m := range d.mentions {
			add(m.ref, d.id)
		}
		for _, h := range d.holds {
			add(ref{kind: sPerson, name: h.person}, d.id)
		}
		for _, s := range d.stmts {
			add(s.speaker, d.id)
		}
		for _, a := range d.agreements {
			for _, p := range a.parties {
				add(p, d.id)
			}
		}
		for _, a := range d.attends {
			add(a.who, d.id)
		}
	}
	var clusters []*personCluster
	b.people, clusters = clusterPeople(strong, weak, b.lx.sameGiven)
	for _, c := range clusters {
		c.docs = nil // read only while clustering: a document set for each person
	}
	b.clusters = clusters
	used := map[string]int{}
	sort.Slice(clusters, func(i, j int) bool { return clusters[i].name < clusters[j].name })
	for _, c := range clusters {
		id := "person-" + slug(c.name)
		used[id]++
		if used[id] > 1 {
			id += "-" + itoa(used[id])
		}
		c.id = id
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// groupMeetings merges the named meetings of all documents whose names
// agree (one name's words within the other's, same ordinal), dates them,
// and gives undated documents the date of a meeting they report.
func (b *builder) groupMeetings() {
	type item struct {
		doc, idx int
		m        meeting
		words    map[string]bool
		ord      string
	}
	var named []item
	b.mtgAt = make([]int, len(b.c.docs)+1)
	for di := range b.c.docs {
		d, _ := b.c.summaryOf(di, &b.sc)
		b.mtgAt[di] = len(b.mtgOf)
		b.mtgOf = append(b.mtgOf, make([]*meetingGroup, len(d.meetings))...)
		for mi, m := range d.meetings {
			if m.name == "" {
				g := &meetingGroup{date: m.date, place: m.place, unnamed: int32(di) + 1}
				g.id = "meeting-" + hashID(d.id+"#"+itoa(mi))
				b.groups = append(b.groups, g)
				b.mtgOf[b.mtgAt[di]+mi] = g
				continue
			}
			w, o := meetingWords(m.name)
			named = append(named, item{di, mi, m, w, o})
		}
	}
	b.mtgAt[len(b.c.docs)] = len(b.mtgOf)
	b.mtgOf = slices.Clip(b.mtgOf)
	sort.SliceStable(named, func(i, j int) bool { return len(named[i].words) > len(named[j].words) })
	var groups []*meetingGroup
	var keys []item // the words and ordinal of each of groups
	for _, it := range named {
		m := it.m
		var g *meetingGroup
		for k, c := range groups {
			if (it.ord == "" || keys[k].ord == "" || it.ord == keys[k].ord) && subset(it.words, keys[k].words) {
				g = c
				break
			}
		}
		if g == nil {
			g = &meetingGroup{name: m.name}
			groups = append(groups, g)
			keys = append(keys, it)
			b.groups = append(b.groups, g)
		}
		if len(strings.Fields(m.name)) > len(strings.Fields(g.name)) {
			g.name = m.name
		}
		// A date a text states wins over one a meeting took from its document.
		if m.stated && !g.stated || m.stated == g.stated && betterDate(m.date, g.date) {
			g.date, g.stated = m.date, m.stated
		}
		if g.place == "" {
			g.place = m.place
		}
		b.mtgOf[b.mtgAt[it.doc]+it.idx] = g
	}
	for _, g := range groups {
		g.name = upperFirst(g.name)
		g.id = "meeting-" + truncSlug(slug(g.name), 80)
	}
	b.mergeReportedTwice()
	for di := range b.c.docs {
		if date, _ := b.c.dates(&b.c.docs[di]); date != "" {
			continue
		}
		// The number of meetings, which the summary has.
		s, _ := b.c.summaryOf(di, &b.sc)
		for mi := range s.meetings {
			// Only a stated date: a meeting that took its document's date
			// ("the summit" in a text about a later meeting) says nothing
			// of when another text was written.
			if g := b.meetingOf(di, mi); g != nil && g.unnamed == 0 && g.date != "" && g.stated {
				b.c.setDate(di, g.date, graph.DateSourceInferred)
				b.dates[di] = g.date
				break
			}
		}
	}
}

// meetingOf returns the group of meeting mi of document di, or nil.
func (b *builder) meetingOf(di, mi int) *meetingGroup {
	if mi < 0 || mi >= b.mtgAt[di+1]-b.mtgAt[di] {
		return nil
	}
	return b.mtgOf[b.mtgAt[di]+mi]
}

// betterDate reports whether date a is more precise than b.
func betterDate(a, b string) bool { return len(a) > len(b) }

func meetingWords(name string) (map[string]bool, string) {
	w := map[string]bool{}
	ord := ""
	for _, t := range strings.Fields(foldPhrase(name)) {
		switch {
		case ordinals[t]:
			ord = ordinalNumber(t)
		case eventGlue[t] || t == "-":
		default:
			w[t] = true
		}
	}
	return w, ord
}

func ordinalNumber(t string) string {
	for i, w := range []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"} {
		if t == w {
			return itoa(i + 1)
		}
	}
	return strings.TrimRight(t, "abcdefghijklmnopqrstuvwxyz")
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func truncSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.TrimRight(s[:n], "-")
}

func hashID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// node returns the node with this id, creating it.
func (b *builder) node(id, label, name string) *graph.Node {
	if n := b.nodes[id]; n != nil {
		return n
	}
	n := &graph.Node{ID: id, Label: label, Name: name, Properties: map[string]any{}}
	b.nodes[id] = n
	return n
}

func (b *builder) alias(id, s string) {
	if s == "" {
		return
	}
	if b.aliases[id] == nil {
		b.aliases[id] = map[string]bool{}
	}
	b.aliases[id][s] = true
}

// rel adds a relationship once per (type, from, to, document) to the
// batch of the document being emitted; the first pass over the documents
// notes the offices people hold, for their countries (finish).
func (b *builder) rel(typ, from, to, doc, evidence string, extra map[string]any) {
	if from == "" || to == "" {
		return
	}
	if !b.emitting {
		if typ == graph.RelHoldsOffice {
			if b.officesOf[from] == nil {
				b.officesOf[from] = map[string]bool{}
			}
			b.officesOf[from][to] = true
		}
		if !b.keep {
			return
		}
	}
	if b.dropped[from] || b.dropped[to] {
		return
	}
	k := relKey{typ, from, to, doc}
	if _, ok := b.rels[k]; ok {
		return
	}
	b.rels[k] = struct{}{}
	props := map[string]any{graph.PropDoc: doc, graph.PropEvidence: evidence}
	for k, v := range extra {
		props[k] = v
	}
	b.batch = append(b.batch, graph.Relationship{Type: typ, From: from, To: to, Properties: props})
}

// countryID returns the node of a country (or region), creating it.
func (b *builder) countryID(i int) string {
	c := b.lx.countries[i]
	id := c.id
	if b.nodes[id] != nil {
		return id
	}
	label := graph.LabelCountry
	if c.region {
		label = "Region"
	}
	n := b.node(id, label, c.name)
	if c.iso2 != "" {
		n.Properties["iso2"] = c.iso2
		n.Properties["iso3"] = c.iso3
	}
	return id
}

// officeID returns the node of an office, creating it with its OF link to
// its country for the document.
func (b *builder) officeID(i int, doc, evidence string) string {
	o := b.lx.offices[i]
	cn := b.lx.countries[o.country].name
	id := o.id
	if b.officeDoc[[2]string{id, doc}] {
		return id
	}
	if b.officeDoc == nil {
		b.officeDoc = map[[2]string]bool{}
	}
	b.officeDoc[[2]string{id, doc}] = true
	n := b.node(id, graph.LabelOffice, o.name)
	n.Properties["country"] = cn
	cid := b.countryID(o.country)
	b.rel(graph.RelOf, id, cid, doc, evidence, nil)
	// The office implies its country: the document supports that node too.
	b.rel(graph.RelMentionedIn, cid, doc, doc, evidence, nil)
	b.rel(graph.RelMentionedIn, id, doc, doc, evidence, nil)
	return id
}

// orgID returns the node of a lexicon organization, linked to its country.
func (b *builder) orgID(i int, doc, evidence string) string {
	o := b.lx.orgs[i]
	id := o.id
	if b.nodes[id] != nil && b.orgDoc[officeDoc{i, doc}] {
		return id
	}
	if b.orgDoc == nil {
		b.orgDoc = map[officeDoc]bool{}
	}
	b.orgDoc[officeDoc{i, doc}] = true
	n := b.node(id, graph.LabelOrganization, o.name)
	if o.kind != "" {
		n.Properties["kind"] = o.kind
	}
	if o.country >= 0 {
		n.Properties["country"] = b.lx.countries[o.country].name
		cid := b.countryID(o.country)
		b.rel(graph.RelOf, id, cid, doc, evidence, nil)
		b.rel(graph.RelMentionedIn, cid, doc, doc, evidence, nil)
	}
	return id
}

// personID returns the node of a person, creating it with its aliases.
func (b *builder) personID(c *personCluster) string {
	if b.nodes[c.id] != nil {
		return c.id
	}
	b.node(c.id, graph.LabelPerson, c.name)
	for s := range c.names {
		if s != c.name {
			b.alias(c.id, s)
		}
	}
	// 'Joaquín "El Chapo" Guzmán' is also found as "Joaquín Guzmán" and
	// as "El Chapo".
	if name, nick, ok := nickname(c.name); ok {
		b.alias(c.id, name)
		b.alias(c.id, nick)
	}
	return c.id
}

// nickname splits a name holding a quoted nickname into the name without
// it and the nickname.
func nickname(s string) (name, nick string, ok bool) {
	open := strings.IndexAny(s, "\"“")
	if open < 0 {
		return "", "", false
	}
	_, w := utf8.DecodeRuneInString(s[open:])
	rest := s[open+w:]
	end := strings.IndexAny(rest, "\"”")
	if end <= 0 {
		return "", "", false
	}
	_, cw := utf8.DecodeRuneInString(rest[end:])
	nick = strings.TrimSpace(rest[:end])
	name = strings.Join(strings.Fields(s[:open]+" "+rest[end+cw:]), " ")
	return name, nick, nick != "" && strings.Contains(name, " ")
}

// resolveRef returns the node id a reference designates in document d, or
// "" when it designates nothing known; with lists the other countries of a
// joint reference.
func (b *builder) resolveRef(r ref, d *docResult, evidence string) (id string, with []string) {
	switch r.kind {
	case sPerson:
		if c := b.people[r.name]; c != nil {
			return b.personID(c), nil
		}
	case sOffice:
		if c := b.holderOf(r.idx, d); c != nil {
			return b.personID(c), nil
		}
	case sOrg:
		if r.idx < 0 {
			return b.newOrgID(r, d.id, evidence), nil
		}
		return b.orgID(r.idx, d.id, evidence), nil
	case sCountry:
		return b.countryID(r.idx), nil
	case sJoint:
		cs := jointCountries(r)
		if len(cs) == 0 {
			return "", nil
		}
		for _, c := range cs[1:] {
			with = append(with, b.countryID(c))
		}
		return b.countryID(cs[0]), with
	}
	return "", nil
}

// holderOf returns who held an office at the time of document d, from what
// the corpus says: the holder the document names, else the holder named in
// the document closest in time (ties and undated documents: the smallest
// id).
func (b *builder) holderOf(office int, d *docResult) *personCluster {
	if b.byOffice == nil {
		b.indexHolders()
	}
	for _, h := range b.sameDoc[b.sameAt[b.cur]:b.sameAt[b.cur+1]] {
		if int(h.office) == office {
			return h.c
		}
	}
	ix := b.byOffice[office]
	if ix == nil {
		return b.holderFromTable(office, d)
	}
	t := b.day(b.cur)
	if t < 0 || len(ix.dated) == 0 {
		return ix.first
	}
	i := sort.Search(len(ix.dated), func(i int) bool { return ix.dated[i].day >= t })
	var best *personCluster
	bestDist := int64(-1)
	consider := func(j int) bool {
		if j < 0 || j >= len(ix.dated) {
			return false
		}
		h := ix.dated[j]
		dist := h.day - t
		if dist < 0 {
			dist = -dist
		}
		if best != nil && dist > bestDist {
			return false
		}
		if best == nil || dist < bestDist || h.c.id < best.id {
			best, bestDist = h.c, dist
		}
		return true
	}
	for j := i; consider(j); j++ {
	}
	for j := i - 1; consider(j); j-- {
	}
	return best
}

// officeDoc keys the holder a document names for an office.
type officeDoc struct {
	office int
	doc    string
}

// docHolder is the holder a document (its index) names for an office.
type docHolder struct {
	doc, office int32
	c           *personCluster
}

// holderIndex lists an office's holders by the day of the documents that
// name them.
type holderIndex struct {
	dated []datedHolder
	first *personCluster // smallest id: the answer when dates say nothing
}

type datedHolder struct {
	day int64
	c   *personCluster
}

// indexHolders sorts each office's holders by date once, for holderOf.
func (b *builder) indexHolders() {
	b.byOffice = map[int]*holderIndex{}
	var same []docHolder
	for o, hs := range b.holders {
		ix := &holderIndex{}
		for _, h := range hs {
			same = append(same, docHolder{int32(h.doc), int32(o), h.c})
			if ix.first == nil || h.c.id < ix.first.id {
				ix.first = h.c
			}
			if d := b.day(h.doc); d >= 0 {
				ix.dated = append(ix.dated, datedHolder{d, h.c})
			}
		}
		sort.Slice(ix.dated, func(i, j int) bool {
			if ix.dated[i].day != ix.dated[j].day {
				return ix.dated[i].day < ix.dated[j].day
			}
			return ix.dated[i].c.id < ix.dated[j].c.id
		})
		// A holder named on one day by many documents: once is enough
		// for holderOf, which looks for the nearest day.
		ix.dated = slices.Clip(slices.Compact(ix.dated))
		b.byOffice[o] = ix
	}
	b.holders = nil // all in the indexes now
	// Of the holders a document names for one office, the smallest id.
	slices.SortFunc(same, func(x, y docHolder) int {
		return cmp.Or(cmp.Compare(x.doc, y.doc), cmp.Compare(x.office, y.office), strings.Compare(x.c.id, y.c.id))
	})
	same = slices.CompactFunc(same, func(x, y docHolder) bool { return x.doc == y.doc && x.office == y.office })
	b.sameDoc = slices.Clone(same) // of its length: the rest is garbage
	b.sameAt = make([]int32, len(b.dates)+1)
	for k, h := range b.sameDoc {
		b.sameAt[h.doc+1] = int32(k + 1)
	}
	// Documents that name no holder start where the one before ends.
	for i := 1; i < len(b.sameAt); i++ {
		b.sameAt[i] = max(b.sameAt[i], b.sameAt[i-1])
	}
}

// noDay marks a day not parsed yet.
const noDay = -2

// day returns the day number of document i's date, parsed once.
func (b *builder) day(i int) int64 {
	if b.days == nil {
		b.days = make([]int64, len(b.dates))
		for j := range b.days {
			b.days[j] = noDay
		}
	}
	if b.days[i] == noDay {
		b.days[i] = dayOf(b.dates[i])
	}
	return b.days[i]
}

// dayOf returns a day number for a YYYY[-MM[-DD]] date, or -1.
func dayOf(s string) int64 {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix() / 86400
		}
	}
	return -1
}

// emitDoc writes the nodes and relationships read from one document.
func (b *builder) emitDoc(di int, d *docResult) {
	// Every relationship names its document: duplicates are found within
	// a document, and the offices and organizations already linked are a
	// document's, so these sets start afresh for each.
	clear(b.rels)
	clear(b.officeDoc)
	clear(b.orgDoc)
	b.batch = b.batch[:0]
	b.cur = di
	if b.emitting {
		// The nodes are final: this pass creates them again only to find
		// their ids, in a scratch set of the document's.
		clear(b.nodes)
		clear(b.aliases)
	}
	for _, m := range d.mentions {
		var id string
		switch m.ref.kind {
		case sOffice:
			id = b.officeID(b.pickOffice(m.holder, m.ref.idx, m.alts), d.id, m.evidence)
			b.alias(id, m.surface)
			if m.role {
				if c := b.holderOf(m.ref.idx, d); c != nil {
					b.rel(graph.RelMentionedIn, b.personID(c), d.id, d.id, m.evidence, nil)
				}
			}
		default:
			id, _ = b.resolveRef(m.ref, d, m.evidence)
			if id != "" && m.ref.kind != sPerson {
				b.alias(id, m.surface)
			}
		}
		b.rel(graph.RelMentionedIn, id, d.id, d.id, m.evidence, nil)
	}
	for _, h := range d.holds {
		c := b.people[h.person]
		if c == nil {
			continue
		}
		o := b.pickOffice(h.person, h.office, h.alts)
		b.rel(graph.RelHoldsOffice, b.personID(c), b.officeID(o, d.id, h.evidence), d.id, h.evidence, nil)
	}
	for _, s := range d.stmts {
		who, with := b.resolveRef(s.speaker, d, s.evidence)
		if who == "" {
			continue
		}
		id := "statement-" + hashID(textKey(s.text))
		n := b.node(id, graph.LabelStatement, truncate(s.text, 80))
		n.Properties["text"] = s.text
		var extra map[string]any
		if len(with) > 0 {
			extra = map[string]any{"jointly_with": with}
		}
		b.rel(graph.RelSaid, who, id, d.id, s.evidence, extra)
		b.rel(graph.RelMentionedIn, id, d.id, d.id, s.evidence, nil)
	}
	for _, a := range d.agreements {
		id := "agreement-" + hashID(textKey(a.text))
		made := false
		for _, p := range a.parties {
			who, _ := b.resolveRef(p, d, a.evidence)
			if who == "" {
				continue
			}
			if !made {
				n := b.node(id, graph.LabelAgreement, truncate(a.text, 80))
				n.Properties["text"] = a.text
				made = true
			}
			b.rel(graph.RelAgreedTo, who, id, d.id, a.evidence, nil)
		}
		if made {
			b.rel(graph.RelMentionedIn, id, d.id, d.id, a.evidence, nil)
		}
	}
	for mi, m := range d.meetings {
		g := b.meetingOf(di, mi)
		if g == nil {
			continue
		}
		if g.unnamed != 0 {
			g.emitted = true
		} else {
			n := b.node(g.id, graph.LabelMeeting, g.name)
			if m.name != "" && m.name != g.name {
				b.alias(g.id, m.name)
			}
			if g.date != "" {
				n.Properties["date"] = g.date
			}
			if g.place != "" {
				n.Properties["place"] = g.place
			}
		}
		b.rel(graph.RelMentionedIn, g.id, d.id, d.id, m.evidence, nil)
	}
	for _, a := range d.attends {
		if a.meeting < 0 {
			continue
		}
		g := b.meetingOf(di, a.meeting)
		who, _ := b.resolveRef(a.who, d, a.evidence)
		if g == nil || who == "" || !strings.HasPrefix(who, "person-") {
			continue
		}
		if !b.emitting && !contains(g.attendees, who) {
			g.attendees = append(g.attendees, who)
		}
		b.rel(graph.RelAttended, who, g.id, d.id, a.evidence, nil)
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// finish names the unnamed meetings after their attendees, sets aliases and
// people's countries, and moves the nodes into the graph.
func (b *builder) finish() {
	b.dropped = map[string]bool{}
	b.unnamed = b.unnamed[:0]
	for _, g := range b.groups {
		if !g.emitted {
			continue
		}
		if len(g.attendees) == 0 {
			// An unnamed meeting is known only by who attended it; when none
			// of them resolved to a person, there is nothing to report.
			b.dropped[g.id] = true
			continue
		}
		for i, a := range g.attendees {
			g.attendees[i] = b.nodes[a].Name
		}
		b.unnamed = append(b.unnamed, g)
	}
	slices.SortFunc(b.unnamed, func(x, y *meetingGroup) int { return strings.Compare(x.id, y.id) })
	// A person's country: the one country of the offices they hold.
	for id, offices := range b.officesOf {
		countries := map[string]bool{}
		for o := range offices {
			if n := b.nodes[o]; n != nil {
				countries[n.Properties["country"].(string)] = true
			}
		}
		if len(countries) == 1 {
			for c := range countries {
				b.nodes[id].Properties["country"] = c
			}
		}
	}
	ids := make([]string, 0, len(b.nodes))
	for id := range b.nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n := b.nodes[id]
		for a := range b.aliases[id] {
			if a != n.Name {
				n.Aliases = append(n.Aliases, a)
			}
		}
		sort.Strings(n.Aliases)
		b.g.Nodes = append(b.g.Nodes, *n)
	}
	// The second pass builds its own scratch nodes.
	b.nodes, b.aliases = map[string]*graph.Node{}, map[string]map[string]bool{}
}

// nodeSeq yields the nodes in order of id: g.Nodes and the unnamed
// meetings, made a batch at a time.
func (b *builder) nodeSeq() iter.Seq2[[]graph.Node, error] {
	return func(yield func([]graph.Node, error) bool) {
		batch := make([]graph.Node, 0, nodeBatch)
		ns, ms := b.g.Nodes, b.unnamed
		for len(ns) > 0 || len(ms) > 0 {
			if len(ms) == 0 || len(ns) > 0 && ns[0].ID < ms[0].id {
				batch = append(batch, ns[0])
				ns = ns[1:]
			} else {
				batch = append(batch, meetingNode(ms[0]))
				ms = ms[1:]
			}
			if len(batch) == nodeBatch {
				if !yield(batch, nil) {
					return
				}
				batch = batch[:0]
			}
		}
		if len(batch) > 0 {
			yield(batch, nil)
		}
	}
}

// nodeBatch is how many nodes nodeSeq yields at a time.
const nodeBatch = 4096

// meetingNode returns the node of an unnamed meeting, named after who
// attended it (their names: finish), where and when.
func meetingNode(g *meetingGroup) graph.Node {
	name := "Meeting"
	if len(g.attendees) > 0 {
		name += " of " + joinNames(g.attendees)
	}
	props := map[string]any{}
	if g.place != "" {
		name += " in " + g.place
		props["place"] = g.place
	}
	if g.date != "" {
		name += " on " + g.date
		props["date"] = g.date
	}
	return graph.Node{ID: g.id, Label: graph.LabelMeeting, Name: name, Properties: props}
}

func joinNames(ns []string) string {
	switch len(ns) {
	case 1:
		return ns[0]
	case 2:
		return ns[0] + " and " + ns[1]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// pickOffice chooses among the candidate offices of a mention whose text
// gave no country: the one of a country the holder is known, from other
// mentions, to serve.
func (b *builder) pickOffice(person string, office int, alts []int) int {
	if len(alts) == 0 {
		return office
	}
	if c := b.people[person]; c != nil {
		for _, o := range alts {
			if b.confident[c][b.lx.offices[o].country] {
				return o
			}
		}
	}
	return office
}

// mergeReportedTwice makes one meeting of an unnamed meeting and another
// meeting (named or not, from another document) on the same day with at
// least two of the same people, or one and the same place: two reports of
// one event.
func (b *builder) mergeReportedTwice() {
	// The people of each group on a known day (the others are never
	// merged), once each: a few, so a list rather than a set.
	people := map[*meetingGroup][]string{}
	for di := range b.c.docs {
		d, _ := b.c.summaryOf(di, &b.sc)
		for _, a := range d.attends {
			g := b.meetingOf(di, a.meeting)
			if g == nil || a.who.kind != sPerson || len(g.date) != 10 {
				continue
			}
			if c := b.people[a.who.name]; c != nil && !contains(people[g], c.id) {
				people[g] = append(people[g], c.id)
			}
		}
	}
	// Two reports share the day and at least one person: index the groups
	// by both (indexes ascending) rather than test every pair.
	type dayPerson struct{ date, person string }
	byDayPerson := map[dayPerson][]int{}
	for j, t := range b.groups {
		for _, id := range people[t] {
			k := dayPerson{t.date, id}
			byDayPerson[k] = append(byDayPerson[k], j)
		}
	}
	into := map[*meetingGroup]*meetingGroup{}
	for i, g := range b.groups {
		if g.unnamed == 0 || len(g.date) != 10 {
			continue
		}
		// The first group in b.groups order that qualifies.
		first := -1
		for _, id := range people[g] {
			for _, j := range byDayPerson[dayPerson{g.date, id}] {
				if first >= 0 && j >= first {
					break
				}
				t := b.groups[j]
				// Named meetings, and unnamed ones read before this one.
				if (t.unnamed != 0 && j >= i) || into[t] != nil || t.unnamed == g.unnamed {
					continue
				}
				shared := 0
				for _, id := range people[g] {
					if contains(people[t], id) {
						shared++
					}
				}
				if shared >= 2 || (shared == 1 && g.place != "" && g.place == t.place) {
					first = j
					break
				}
			}
		}
		if first >= 0 {
			t := b.groups[first]
			into[g] = t
			if t.place == "" {
				t.place = g.place
			}
		}
	}
	for k, g := range b.mtgOf {
		if t := into[g]; t != nil {
			b.mtgOf[k] = t
		}
	}
}

// holderFromTable answers a role the corpus names no holder for ("the
// Mexican president" in a text that never names them) from the
// administrations table, when the document's date says who was in office.
// The person is the corpus's if a compatible name is there.
func (b *builder) holderFromTable(office int, d *docResult) *personCluster {
	date := d.date
	if len(date) != 10 {
		return nil
	}
	o := b.lx.offices[office]
	var found *term
	for i, t := range b.lx.terms {
		if t.country == o.country && t.office == o.name && t.start <= date && (t.end == "" || date <= t.end) {
			if found != nil && found.person != t.person {
				return nil
			}
			found = &b.lx.terms[i]
		}
	}
	if found == nil {
		return nil
	}
	// Each person of the table is looked up among the clusters once: the
	// clusters added since come after the one found, so it stays first.
	if c, ok := b.tableHolder[found.person]; ok {
		return c
	}
	if b.tableHolder == nil {
		b.tableHolder = map[string]*personCluster{}
	}
	for _, c := range b.clusters {
		if nameCompatible(c.rep, found.fold) {
			b.tableHolder[found.person] = c
			return c
		}
	}
	c := &personCluster{rep: found.fold, names: map[string]int{found.person: 1}, docs: map[string]bool{d.id: true},
		id: "person-" + slug(found.person), name: found.person}
	b.clusters = append(b.clusters, c)
	b.people[found.person] = c
	b.tableHolder[found.person] = c
	return c
}

// newOrgID is the node of an organization read from its shape ("Supreme
// Court"): its name as written, its country from the qualifier, encoded in
// the ref's idx as -2-country (-1: none).
func (b *builder) newOrgID(r ref, doc, evidence string) string {
	country := -r.idx - 2
	name := r.name
	id := "org-" + slug(name)
	if country >= 0 {
		id = "org-" + slug(b.lx.countries[country].name) + "-" + slug(name)
	}
	if b.nodes[id] != nil && b.orgDoc[officeDoc{-1, doc + id}] {
		return id
	}
	if b.orgDoc == nil {
		b.orgDoc = map[officeDoc]bool{}
	}
	b.orgDoc[officeDoc{-1, doc + id}] = true
	n := b.node(id, graph.LabelOrganization, name)
	if country >= 0 {
		cn := b.lx.countries[country].name
		n.Properties["country"] = cn
		cid := b.countryID(country)
		b.rel(graph.RelOf, id, cid, doc, evidence, nil)
	}
	return id
}
