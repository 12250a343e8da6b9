package graph

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Bookkeeping properties. Sync writes them so that the next sync can tell,
// without reading every property back, what differs from the graph it wants.
// Load does not write them: a graph loaded by Load is rewritten once by the
// first sync, then only where it differs.
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
}

// DocumentStates returns the stored documents by id.
func (s *Store) DocumentStates(ctx context.Context) (map[string]DocumentState, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver,
		`MATCH (d:Document) RETURN d.id, d.source, d.sha256, d[$factsHash]`,
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
		out[d.ID] = d
	}
	return out, nil
}

// NodeState is what the store holds of one entity node.
type NodeState struct {
	Label       string
	ContentHash string // "" when the node was not written by Sync
}

// NodeStates returns the stored nodes of the given labels by id.
func (s *Store) NodeStates(ctx context.Context, labels []string) (map[string]NodeState, error) {
	out := map[string]NodeState{}
	for _, label := range labels {
		if !identifier.MatchString(label) {
			return nil, fmt.Errorf("read nodes: bad label %q", label)
		}
		res, err := neo4j.ExecuteQuery(ctx, s.driver,
			"MATCH (n:"+label+") RETURN n.id, n[$contentHash]",
			map[string]any{"contentHash": PropContentHash}, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			return nil, fmt.Errorf("read %s nodes: %w", label, err)
		}
		for _, r := range res.Records {
			id, _ := r.Values[0].(string)
			hash, _ := r.Values[1].(string)
			out[id] = NodeState{Label: label, ContentHash: hash}
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
	labelOf      map[string]string // wanted ids to labels, for relationship ends
	factTypes    []string          // relationship types a document's old facts may have
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
	p := &SyncPlan{labelOf: labelIndex(wanted)}

	types := map[string]bool{}
	for _, t := range factTypes {
		types[t] = true
	}
	facts := map[string][]Relationship{}
	for _, r := range wanted.Relationships {
		types[r.Type] = true
		if p.labelOf[r.Doc()] != LabelDocument {
			p.Unattributed++
			continue
		}
		facts[r.Doc()] = append(facts[r.Doc()], r)
	}
	p.factTypes = slices.Sorted(maps.Keys(types))

	wantedDocs := map[string]bool{}
	for _, d := range wanted.Documents {
		wantedDocs[d.ID] = true
		df := DocumentFacts{Document: d, Facts: facts[d.ID]}
		df.FactsHash = factsHash(d, df.Facts, p.labelOf)
		if st, ok := docs[d.ID]; ok && st.FactsHash == df.FactsHash {
			p.Unchanged++
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
		if !identifier.MatchString(n.Label) {
			continue // Load skips it too
		}
		wantedNodes[n.ID] = true
		st, ok := nodes[n.ID]
		if ok && st.Label != n.Label {
			// Same id, new label: the old node goes, a new one comes.
			p.Orphans = append(p.Orphans, NodeRef{ID: n.ID, Label: st.Label})
			ok = false
		}
		if !ok || st.ContentHash != ContentHash(NodeProperties(n)) {
			p.Upsert = append(p.Upsert, n)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(nodes)) {
		if !wantedNodes[id] {
			p.Orphans = append(p.Orphans, NodeRef{ID: id, Label: nodes[id].Label})
		}
	}
	return p
}

// ContentHash fingerprints a node's properties, any stored contentHash
// aside: the hex SHA-256 of their JSON, keys sorted.
func ContentHash(props map[string]any) string {
	if _, ok := props[PropContentHash]; ok {
		props = maps.Clone(props)
		delete(props, PropContentHash)
	}
	b, err := json.Marshal(props)
	if err != nil {
		// Properties come from NodeProperties and are always JSON values;
		// a hash of their printed form still tells changes apart.
		b = fmt.Appendf(nil, "%v", props)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// factsHash fingerprints a document's properties and the relationship
// statements its facts turn into, labels of the ends included, so that any
// change to what Sync would write for the document changes it.
func factsHash(d Document, facts []Relationship, labelOf map[string]string) string {
	facts = slices.Clone(facts)
	slices.SortFunc(facts, compareRelationships)
	plan, _ := planRelationships(facts, labelOf)
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode(DocumentProperties(d)) // writes to a hash cannot fail
	for _, w := range plan {
		_ = enc.Encode(w.cypher)
		_ = enc.Encode(w.rows)
	}
	return hex.EncodeToString(h.Sum(nil))
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
	docs, err := s.DocumentStates(ctx)
	if err != nil {
		return nil, SyncStats{}, err
	}
	labels := map[string]bool{}
	for _, l := range EntityLabels {
		labels[l] = true
	}
	for _, n := range wanted.Nodes {
		if identifier.MatchString(n.Label) && n.Label != LabelDocument {
			labels[n.Label] = true
		}
	}
	nodes, err := s.NodeStates(ctx, slices.Sorted(maps.Keys(labels)))
	if err != nil {
		return nil, SyncStats{}, err
	}
	plan := PlanSync(wanted, docs, nodes)
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

// ApplySync writes plan in four stages, each committed in batches:
//
//  1. nodes new or changed (MERGE … SET n = props), so that every fact
//     below finds its ends;
//  2. documents new or changed: in one transaction per group of whole
//     documents, the Document node is set, every relationship with its id in
//     doc is deleted and its facts are created;
//  3. documents removed: their facts and their node are deleted;
//  4. nodes no document supports any more are deleted.
//
// A stage interrupted (crash, lost server) leaves every document either
// old or new, never half-written; the next sync finishes the job.
func (s *Store) ApplySync(ctx context.Context, plan *SyncPlan, opts SyncOptions) (SyncStats, error) {
	start := time.Now()
	var stats SyncStats
	size := cmp.Or(opts.BatchSize, DefaultBatchSize)
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	commit := func(what string, stmts []write) error {
		counters, err := neo4j.ExecuteWrite(ctx, sess, func(tx neo4j.ManagedTransaction) ([]neo4j.Counters, error) {
			var all []neo4j.Counters
			for _, w := range stmts {
				c, err := runBatch(ctx, tx, w.cypher, w.rows)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", w.what, err)
				}
				all = append(all, c)
			}
			return all, nil
		})
		if err != nil {
			return fmt.Errorf("sync %s: %w", what, err)
		}
		for _, c := range counters {
			stats.add(c)
		}
		stats.Transactions++
		return nil
	}
	notify := func(stage string, done, total int) {
		if opts.OnCommit != nil {
			opts.OnCommit(stage, done, total)
		}
	}

	// 1. Nodes.
	nodeWrites, _ := planNodes(plan.Upsert)
	done := 0
	for _, w := range nodeWrites {
		for _, row := range w.rows {
			props := row["props"].(map[string]any)
			props[PropContentHash] = ContentHash(props)
		}
		for batch := range slices.Chunk(w.rows, size) {
			created := stats.NodesCreated
			if err := commit(w.what, []write{{w.what, w.cypher, batch}}); err != nil {
				return stats, err
			}
			// MERGE found the others: they existed and were set anew.
			stats.NodesUpdated += len(batch) - (stats.NodesCreated - created)
			done += len(batch)
			notify("nodes", done, len(plan.Upsert))
		}
	}

	// 2. Documents new or changed, whole documents per transaction.
	done = 0
	for group := range groupDocuments(plan.Replace, size) {
		if err := commit("documents", plan.replaceWrites(group)); err != nil {
			return stats, err
		}
		done += len(group)
		notify("documents", done, len(plan.Replace))
	}

	// 3. Documents removed.
	for i, batch := range slices.Collect(slices.Chunk(plan.Remove, size)) {
		rows := make([]map[string]any, len(batch))
		for j, id := range batch {
			rows[j] = map[string]any{"id": id}
		}
		if err := commit("removed documents", []write{{"removed documents", removeDocumentsCypher(plan.factTypes), rows}}); err != nil {
			return stats, err
		}
		notify("removed", min((i+1)*size, len(plan.Remove)), len(plan.Remove))
	}

	// 4. Orphans, per label.
	byLabel := map[string][]map[string]any{}
	for _, n := range plan.Orphans {
		if identifier.MatchString(n.Label) {
			byLabel[n.Label] = append(byLabel[n.Label], map[string]any{"id": n.ID})
		}
	}
	done = 0
	for _, label := range slices.Sorted(maps.Keys(byLabel)) {
		cypher := "UNWIND $rows AS row MATCH (n:" + label + " {id: row.id}) DETACH DELETE n"
		for batch := range slices.Chunk(byLabel[label], size) {
			if err := commit(label+" orphans", []write{{label + " orphans", cypher, batch}}); err != nil {
				return stats, err
			}
			done += len(batch)
			notify("orphans", done, len(plan.Orphans))
		}
	}
	stats.Duration = time.Since(start)
	return stats, nil
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

// replaceWrites returns the statements of one document transaction: set the
// Document nodes, delete their old facts, create their new ones.
func (p *SyncPlan) replaceWrites(group []DocumentFacts) []write {
	docs := make([]Document, len(group))
	var facts []Relationship
	ids := make([]map[string]any, len(group))
	for i, d := range group {
		docs[i] = d.Document
		facts = append(facts, d.Facts...)
		ids[i] = map[string]any{"id": d.Document.ID}
	}
	stmts := planDocuments(docs)
	for i, row := range stmts[0].rows {
		row["props"].(map[string]any)[PropFactsHash] = group[i].FactsHash
	}
	stmts = append(stmts, write{"old facts", deleteFactsCypher(p.factTypes), ids})
	rels, _ := planRelationships(facts, p.labelOf)
	return append(stmts, rels...)
}

// factEnds returns the ids of the nodes the facts of the given documents
// link, one query per relationship type so that each uses its doc index.
func (s *Store) factEnds(ctx context.Context, docs, types []string) (map[string]bool, error) {
	ends := map[string]bool{}
	for _, t := range types {
		if !identifier.MatchString(t) {
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
		if identifier.MatchString(t) {
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
