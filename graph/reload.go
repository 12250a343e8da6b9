package graph

import (
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Bookkeeping properties. Sync writes them so that the next sync can tell,
// without reading every property back, what differs from the graph it wants.
// Load writes them too when asked (LoadOptions.Fingerprints, as `dossier
// load` does); a graph loaded without them is rewritten once by the first
// sync, then only where it differs.
const (
	// PropFactsHash, on a Document, fingerprints the document's properties
	// and every relationship read from it (its facts), as written.
	PropFactsHash = "factsHash"
	// PropContentHash, on an entity node, fingerprints its other properties.
	PropContentHash = "contentHash"
)

// BookkeepingProperties lists the properties Sync adds to what Load writes.
var BookkeepingProperties = []string{PropFactsHash, PropContentHash}

// factTypes are the relationship types the extractor writes, each carrying
// the document it was read from. A document's facts are the relationships
// of these types (and of any other type the wanted graph holds) with its id
// in doc; derived links such as DURING, which SyncAdministrations owns, are
// not facts and are left alone.
var factTypes = []string{RelHoldsOffice, RelAttended, RelSaid, RelAgreedTo, RelOf, RelMentionedIn, RelMemberOf}

// DocumentState is what the store holds of one loaded document.
type DocumentState struct {
	ID        string
	Source    string
	SHA256    string
	FactsHash string // "" when the document was not written by Sync
	ElementID string // the node's, for writing its facts by element id
}

// DocumentStates returns the stored documents by id.
func (s *Store) DocumentStates(ctx context.Context) (map[string]DocumentState, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver,
		`MATCH (d:Document) RETURN d.id, d.source, d.sha256, d[$factsHash], elementId(d)`,
		map[string]any{"factsHash": PropFactsHash}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	out := make(map[string]DocumentState, len(res.Records))
	for _, r := range res.Records {
		var d DocumentState
		d.ID, _ = r.Values[0].(string)
		d.Source, _ = r.Values[1].(string)
		d.SHA256, _ = r.Values[2].(string)
		d.FactsHash, _ = r.Values[3].(string)
		d.ElementID, _ = r.Values[4].(string)
		out[d.ID] = d
	}
	return out, nil
}

// NodeState is what the store holds of one entity node.
type NodeState struct {
	Label       string
	ContentHash string // "" when the node was not written by Sync
	ElementID   string
}

// NodeStates returns the stored nodes of the given labels by id.
func (s *Store) NodeStates(ctx context.Context, labels []string) (map[string]NodeState, error) {
	out := map[string]NodeState{}
	for _, label := range labels {
		if !isIdentifier(label) {
			return nil, fmt.Errorf("read nodes: bad label %q", label)
		}
		res, err := neo4j.ExecuteQuery(ctx, s.driver,
			"MATCH (n:"+label+") RETURN n.id, n[$contentHash], elementId(n)",
			map[string]any{"contentHash": PropContentHash}, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, fmt.Errorf("read %s nodes: %w", label, err)
		}
		for _, r := range res.Records {
			id, _ := r.Values[0].(string)
			hash, _ := r.Values[1].(string)
			eid, _ := r.Values[2].(string)
			out[id] = NodeState{Label: label, ContentHash: hash, ElementID: eid}
		}
	}
	return out, nil
}

// DocumentFacts is one document as Sync writes it: its node and the
// relationships read from it, with their fingerprint.
type DocumentFacts struct {
	Document  Document
	Facts     []Relationship
	FactsHash string
	// stored: the store holds the document, so it may hold facts of it
	// to delete first.
	stored bool
}

// NodeRef names a stored node.
type NodeRef struct{ ID, Label string }

// SyncPlan is what must be written to turn the stored graph into a wanted one.
type SyncPlan struct {
	Upsert  []Node          // nodes new or changed, written first
	Replace []DocumentFacts // documents new, or whose facts differ
	Remove  []string        // ids of stored documents the wanted graph lacks
	Orphans []NodeRef       // stored nodes the wanted graph lacks, deleted last
	// Unchanged counts wanted documents whose stored facts are already right.
	Unchanged int
	// Unattributed counts relationships that name no document of the
	// graph: Sync cannot tell which document they belong to and skips them.
	Unattributed int
	// Skipped counts what no store can hold: nodes whose label and
	// relationships whose type is not an identifier, relationships whose
	// ends the wanted graph lacks. Duplicates (same type, ends and
	// document) are dropped without a count.
	Skipped      int
	labelOf      map[string]string // wanted ids to labels, for relationship ends
	relCypher    string            // planRelationships' statement for labelOf
	factTypes    []string          // relationship types a document's old facts may have
	ends         map[string]string // element ids of stored nodes, by endKey
	unattributed []Relationship    // what Unattributed counts; Load writes them
	sortedFacts  bool              // each document's facts in compareRelationships' order
	// elements counts the documents, nodes and facts of the wanted graph
	// (Skipped aside), unchanged counts those already stored as wanted.
	elements, unchanged int
}

// Empty reports whether the plan writes nothing.
func (p *SyncPlan) Empty() bool {
	return len(p.Upsert) == 0 && len(p.Replace) == 0 && len(p.Remove) == 0 && len(p.Orphans) == 0
}

// PlanSync compares the wanted graph with the stored documents and nodes
// and returns the writes that make the store equal to a fresh load of
// wanted. Only entity nodes with a label in wanted or EntityLabels are
// compared: other nodes (Administration, ReloadLock) are not the
// extractor's.
func PlanSync(wanted *Graph, docs map[string]DocumentState, nodes map[string]NodeState) *SyncPlan {
	p := &SyncPlan{labelOf: labelIndex(wanted), ends: map[string]string{}}
	// Once: endLabels reads every id of the graph.
	p.relCypher = mergeRelCypher(endLabels(p.labelOf))
	for _, d := range docs {
		if d.ElementID != "" {
			p.ends[endKey(LabelDocument, d.ID)] = d.ElementID
		}
	}
	for id, n := range nodes {
		if n.ElementID != "" {
			p.ends[endKey(n.Label, id)] = n.ElementID
		}
	}

	types := map[string]bool{}
	for _, t := range factTypes {
		types[t] = true
	}
	facts := p.groupFacts(wanted.Relationships, types)
	p.factTypes = slices.Sorted(maps.Keys(types))

	wantedDocs := map[string]bool{}
	hashes := p.factsHashes(wanted.Documents, facts)
	for i, d := range wanted.Documents {
		wantedDocs[d.ID] = true
		df := DocumentFacts{Document: d, Facts: facts[d.ID], FactsHash: hashes[i]}
		p.elements += 1 + len(df.Facts)
		st, ok := docs[d.ID]
		df.stored = ok
		if ok && st.FactsHash == df.FactsHash {
			p.Unchanged++
			p.unchanged += 1 + len(df.Facts)
			continue
		}
		p.Replace = append(p.Replace, df)
	}
	for _, id := range slices.Sorted(maps.Keys(docs)) {
		if !wantedDocs[id] {
			p.Remove = append(p.Remove, id)
		}
	}

	wantedNodes := map[string]bool{}
	for _, n := range wanted.Nodes {
		if !isIdentifier(n.Label) {
			p.Skipped++
			continue
		}
		wantedNodes[n.ID] = true
		p.elements++
		st, ok := nodes[n.ID]
		if ok && st.Label != n.Label {
			// Same id, new label: the old node goes, a new one comes.
			p.Orphans = append(p.Orphans, NodeRef{ID: n.ID, Label: st.Label})
			ok = false
		}
		if !ok || st.ContentHash != ContentHash(NodeProperties(n)) {
			p.Upsert = append(p.Upsert, n)
		} else {
			p.unchanged++
		}
	}
	for _, id := range slices.Sorted(maps.Keys(nodes)) {
		if !wantedNodes[id] {
			p.Orphans = append(p.Orphans, NodeRef{ID: id, Label: nodes[id].Label})
		}
	}
	return p
}

// groupFacts returns the relationships of rels that Sync writes, by
// document, counting the others (Unattributed, Skipped) and adding every
// type to types. Duplicates (same type, ends and document) are dropped as
// planRelationships drops them, the first kept, so that facts count what
// is written. The extractor hands relationships over a document at a time,
// each document's in compareRelationships' order: then a document's facts
// are a run of one slice, and a duplicate follows the fact it repeats.
// Other orders take a map.
func (p *SyncPlan) groupFacts(rels []Relationship, types map[string]bool) map[string][]Relationship {
	facts := map[string][]Relationship{}
	kept := make([]Relationship, 0, len(rels))
	var seen map[[4]string]bool // once the order is not the extractor's
	start, doc := 0, ""         // the run of doc's facts: kept[start:]
	var prev *Relationship      // the last fact kept, in this run
	for i := range rels {
		r := &rels[i]
		if !types[r.Type] {
			types[r.Type] = true
		}
		d := r.Doc()
		if p.labelOf[d] != LabelDocument {
			p.Unattributed++
			p.unattributed = append(p.unattributed, *r)
			continue
		}
		if p.labelOf[r.From] == "" || p.labelOf[r.To] == "" || !isIdentifier(r.Type) {
			p.Skipped++
			continue
		}
		if seen == nil && d != doc {
			if len(kept) > start {
				facts[doc] = kept[start:len(kept):len(kept)]
			}
			if _, ok := facts[d]; ok {
				seen = p.fallback(facts)
			}
			start, doc, prev = len(kept), d, nil
		}
		if seen == nil && prev != nil {
			if CompareInDocument(*prev, *r) > 0 { // same document
				seen = p.fallback(facts)
			} else if prev.Type == r.Type && prev.From == r.From && prev.To == r.To {
				continue // a duplicate: same document, sorted
			}
		}
		if seen != nil {
			if len(kept) > start {
				// The run read so far, then the rest one by one.
				for _, k := range kept[start:] {
					seen[[4]string{k.Type, k.From, k.To, k.Doc()}] = true
					facts[doc] = append(facts[doc], k)
				}
				start = len(kept)
			}
			k := [4]string{r.Type, r.From, r.To, d}
			if seen[k] {
				continue
			}
			seen[k] = true
			facts[d] = append(facts[d], *r)
			continue
		}
		kept = append(kept, *r)
		prev = &kept[len(kept)-1]
	}
	if seen == nil && len(kept) > start {
		facts[doc] = kept[start:len(kept):len(kept)]
	}
	p.sortedFacts = seen == nil
	return facts
}

// fallback turns facts, so far runs of one slice, into a map of their own
// slices and returns the keys of the facts in them, for groupFacts'
// general path.
func (p *SyncPlan) fallback(facts map[string][]Relationship) map[[4]string]bool {
	seen := map[[4]string]bool{}
	for d, fs := range facts {
		facts[d] = slices.Clone(fs)
		for _, r := range fs {
			seen[[4]string{r.Type, r.From, r.To, d}] = true
		}
	}
	return seen
}

// factsHashes returns the factsHash of every document of docs, on every
// core: most of the planning of a first load.
func (p *SyncPlan) factsHashes(docs []Document, facts map[string][]Relationship) []string {
	out := make([]string, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs)/64+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += workers {
				if p.sortedFacts {
					out[i] = sortedFactsHash(docs[i], facts[docs[i].ID], p.labelOf, p.relCypher)
				} else {
					out[i] = factsHash(docs[i], facts[docs[i].ID], p.labelOf, p.relCypher)
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// SyncOptions tunes Sync and ApplySync.
type SyncOptions struct {
	// BatchSize bounds the rows of one transaction (DefaultBatchSize when
	// 0). Documents are grouped up to it but never split: a document's old
	// facts go and its new ones come in the same transaction.
	BatchSize int
	// OnCommit, when set, is called after every committed transaction with
	// the stage ("nodes", "documents", "removed", "orphans") and the units
	// of that stage done so far and in all.
	OnCommit func(stage string, done, total int)
	// OnPlan, when set, is called by Sync with the plan before it is applied.
	OnPlan func(*SyncPlan)
	// Keep names stored documents whose facts stay as they are, though
	// the wanted graph lacks them: documents whose file exists but could
	// not be read. They are not removed, and the nodes their facts link
	// are not deleted as orphans.
	Keep []string
	// Stored, when set, is what DocumentStates returned to the caller
	// since the last write to the store (a reload reads it under its
	// lock): Sync plans over it instead of reading every document again.
	Stored map[string]DocumentState
	// Nodes, when set, is what NodeStates returned for EntityLabels since
	// the last write to the store: Sync reads only the other labels the
	// wanted graph has. A reload reads it while it extracts.
	Nodes map[string]NodeState
}

// SyncStats reports what a sync wrote.
type SyncStats struct {
	NodesCreated         int
	NodesUpdated         int // existing entity nodes whose properties were set anew
	NodesDeleted         int
	RelationshipsCreated int
	RelationshipsDeleted int
	PropertiesSet        int
	Transactions         int // write transactions committed
	Duration             time.Duration
}

// Wrote reports whether anything was written.
func (s SyncStats) Wrote() bool { return s.Transactions > 0 }

func (s *SyncStats) add(c neo4j.Counters) {
	s.NodesCreated += c.NodesCreated()
	s.NodesDeleted += c.NodesDeleted()
	s.RelationshipsCreated += c.RelationshipsCreated()
	s.RelationshipsDeleted += c.RelationshipsDeleted()
	s.PropertiesSet += c.PropertiesSet()
}

// Sync makes the store hold exactly a fresh load of wanted, writing only
// what differs: see PlanSync and ApplySync.
func (s *Store) Sync(ctx context.Context, wanted *Graph, opts SyncOptions) (*SyncPlan, SyncStats, error) {
	plan, err := s.planSync(ctx, wanted, opts.Stored, opts.Nodes)
	if err != nil {
		return nil, SyncStats{}, err
	}
	if len(opts.Keep) > 0 {
		ends, err := s.factEnds(ctx, opts.Keep, plan.factTypes)
		if err != nil {
			return nil, SyncStats{}, err
		}
		plan.keep(opts.Keep, ends)
	}
	if opts.OnPlan != nil {
		opts.OnPlan(plan)
	}
	stats, err := s.ApplySync(ctx, plan, opts)
	return plan, stats, err
}

// planSync reads the stored documents (unless given) and nodes (those of
// EntityLabels unless given) and plans the sync of wanted over them.
func (s *Store) planSync(ctx context.Context, wanted *Graph, docs map[string]DocumentState, entities map[string]NodeState) (*SyncPlan, error) {
	if docs == nil {
		var err error
		if docs, err = s.DocumentStates(ctx); err != nil {
			return nil, err
		}
	}
	labels := map[string]bool{}
	if entities == nil {
		for _, l := range EntityLabels {
			labels[l] = true
		}
	}
	for _, n := range wanted.Nodes {
		if isIdentifier(n.Label) && n.Label != LabelDocument && !slices.Contains(EntityLabels, n.Label) {
			labels[n.Label] = true
		}
	}
	nodes, err := s.NodeStates(ctx, slices.Sorted(maps.Keys(labels)))
	if err != nil {
		return nil, err
	}
	maps.Copy(nodes, entities)
	return PlanSync(wanted, docs, nodes), nil
}

// ApplySync writes plan in four stages, each committed in batches:
//
//  1. nodes new or changed (MERGE … SET n = props), so that every fact
//     below finds its ends;
//  2. documents new or changed: in one transaction per group of whole
//     documents, the Document node is set, every relationship with its id in
//     doc is deleted (if the store held the document) and its facts are
//     created, not merged, between ends found by element id (write.go);
//  3. documents removed: their facts and their node are deleted;
//  4. nodes no document supports any more are deleted.
//
// A stage interrupted (crash, lost server) leaves every document either
// old or new, never half-written; the next sync finishes the job.
func (s *Store) ApplySync(ctx context.Context, plan *SyncPlan, opts SyncOptions) (SyncStats, error) {
	start := time.Now()
	a := s.newApplier(ctx, plan, opts.BatchSize, true)
	defer a.sess.Close(ctx)
	notify := func(stage string, done, total int) {
		if opts.OnCommit != nil {
			opts.OnCommit(stage, done, total)
		}
	}

	// 1. Nodes.
	done := 0
	if err := a.upsertNodes(ctx, func(n int) {
		done += n
		notify("nodes", done, len(plan.Upsert))
	}); err != nil {
		return a.stats, err
	}

	// 2. Documents new or changed, whole documents per transaction.
	done = 0
	if err := a.replaceDocuments(ctx, func(docs, _ int) {
		done += docs
		notify("documents", done, len(plan.Replace))
	}); err != nil {
		return a.stats, err
	}

	// 3. Documents removed.
	size := a.size
	for i, batch := range slices.Collect(slices.Chunk(plan.Remove, size)) {
		rows := make([]map[string]any, len(batch))
		for j, id := range batch {
			rows[j] = map[string]any{"id": id}
		}
		st := statement{what: "removed documents", cypher: removeDocumentsCypher(plan.factTypes), rows: rows}
		if err := a.commit(ctx, st.what, []statement{st}, nil); err != nil {
			return a.stats, err
		}
		notify("removed", min((i+1)*size, len(plan.Remove)), len(plan.Remove))
	}

	// 4. Orphans, per label.
	byLabel := map[string][]map[string]any{}
	for _, n := range plan.Orphans {
		if isIdentifier(n.Label) {
			byLabel[n.Label] = append(byLabel[n.Label], map[string]any{"id": n.ID})
		}
	}
	done = 0
	for _, label := range slices.Sorted(maps.Keys(byLabel)) {
		cypher := "UNWIND $rows AS row MATCH (n:" + label + " {id: row.id}) DETACH DELETE n"
		for batch := range slices.Chunk(byLabel[label], size) {
			st := statement{what: label + " orphans", cypher: cypher, rows: batch}
			if err := a.commit(ctx, st.what, []statement{st}, nil); err != nil {
				return a.stats, err
			}
			done += len(batch)
			notify("orphans", done, len(plan.Orphans))
		}
	}
	a.stats.Duration = time.Since(start)
	return a.stats, nil
}

// groupDocuments yields runs of whole documents whose rows (the document and
// its facts) add up to about size; a larger document goes alone.
func groupDocuments(docs []DocumentFacts, size int) func(yield func([]DocumentFacts) bool) {
	return func(yield func([]DocumentFacts) bool) {
		start, rows := 0, 0
		for i, d := range docs {
			n := 1 + len(d.Facts)
			if i > start && rows+n > size {
				if !yield(docs[start:i]) {
					return
				}
				start, rows = i, 0
			}
			rows += n
		}
		if start < len(docs) {
			yield(docs[start:])
		}
	}
}

// factEnds returns the ids of the nodes the facts of the given documents
// link, one query per relationship type so that each uses its doc index.
func (s *Store) factEnds(ctx context.Context, docs, types []string) (map[string]bool, error) {
	ends := map[string]bool{}
	for _, t := range types {
		if !isIdentifier(t) {
			continue
		}
		res, err := neo4j.ExecuteQuery(ctx, s.driver,
			"UNWIND $ids AS id MATCH (a)-[r:"+t+" {doc: id}]->(b) RETURN DISTINCT a.id, b.id",
			map[string]any{"ids": docs}, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, fmt.Errorf("read kept documents' %s facts: %w", t, err)
		}
		for _, r := range res.Records {
			for _, v := range r.Values {
				if id, ok := v.(string); ok {
					ends[id] = true
				}
			}
		}
	}
	return ends, nil
}

// keep takes the documents docs out of the plan's removals and
// replacements, and the nodes ends out of its orphans.
func (p *SyncPlan) keep(docs []string, ends map[string]bool) {
	kept := map[string]bool{}
	for _, id := range docs {
		kept[id] = true
	}
	p.Remove = slices.DeleteFunc(p.Remove, func(id string) bool { return kept[id] })
	p.Replace = slices.DeleteFunc(p.Replace, func(d DocumentFacts) bool { return kept[d.Document.ID] })
	p.Orphans = slices.DeleteFunc(p.Orphans, func(n NodeRef) bool { return ends[n.ID] })
}

// deleteFactsCypher deletes every relationship of the given types whose doc
// is one of $rows' ids. One subquery per type lets each use its type's doc
// index (schema.cypher).
func deleteFactsCypher(types []string) string {
	var b strings.Builder
	b.WriteString("UNWIND $rows AS row")
	for _, t := range types {
		if isIdentifier(t) {
			fmt.Fprintf(&b, " CALL { WITH row MATCH ()-[r:%s {doc: row.id}]->() DELETE r }", t)
		}
	}
	b.WriteString(" RETURN count(*)")
	return b.String()
}

// removeDocumentsCypher deletes the facts and the node of every document of
// $rows. DETACH also drops links that are not facts (DURING).
func removeDocumentsCypher(types []string) string {
	return strings.TrimSuffix(deleteFactsCypher(types), " RETURN count(*)") +
		" WITH row MATCH (d:Document {id: row.id}) DETACH DELETE d"
}
