package graph

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// DefaultBatchSize is the number of rows sent per UNWIND statement: large
// enough to amortise the round trip, small enough to keep transactions light.
const DefaultBatchSize = 2000

// LoadOptions tunes Load.
type LoadOptions struct {
	BatchSize int // rows per transaction; DefaultBatchSize when 0
	// Progress, when set, is called after every transaction with the
	// number of graph elements written so far and the number to write.
	Progress func(done, total int)
	// Fingerprints writes the bookkeeping properties Sync writes
	// (BookkeepingProperties), as `dossier load` does: a document or node
	// loaded again unchanged is then not rewritten, and the first sync
	// (`dossier reload`) after a load of the same corpus writes nothing.
	Fingerprints bool
}

// LoadStats reports what a load did.
type LoadStats struct {
	// Elements counts the documents, nodes and relationships of the graph
	// now in the store, whether written or found there already.
	Elements int
	// Written counts the elements sent; the others were stored with
	// equal fingerprints (LoadOptions.Fingerprints).
	Written              int
	NodesCreated         int
	RelationshipsCreated int
	RelationshipsDeleted int // a document's old facts, replaced
	PropertiesSet        int
	Skipped              int // nodes and relationships no store can hold, see SyncPlan.Skipped
	Transactions         int
	Duration             time.Duration
}

// Load writes g into the store, adding to what it holds: the write path of
// Sync (ApplySync's nodes and documents stages) without its removals.
// Nodes are upserted by label and id, in batches; each document is written
// with its facts in one transaction that first deletes the facts the store
// holds of it, so that they are created, never merged, between ends found
// by element id (see write.go). Loading the same graph twice leaves the
// same graph; with Fingerprints, the second load writes nothing.
// Relationships that name no document of g are upserted last.
func (s *Store) Load(ctx context.Context, g *Graph, opts LoadOptions) (LoadStats, error) {
	start := time.Now()
	plan, err := s.planSync(ctx, g, nil, nil)
	if err != nil {
		return LoadStats{}, fmt.Errorf("load: %w", err)
	}
	// Load adds: documents and nodes g lacks stay.
	plan.Remove, plan.Orphans = nil, nil
	a := s.newApplier(ctx, plan, opts.BatchSize, opts.Fingerprints)
	defer a.sess.Close(ctx)
	loose, skipped := planRelationships(plan.unattributed, plan.labelOf)
	stats := LoadStats{Elements: plan.elements, Skipped: plan.Skipped + skipped}
	total := plan.elements - plan.unchanged
	for _, w := range loose {
		stats.Elements += len(w.rows)
		total += len(w.rows)
	}
	progress := func(n int) {
		stats.Written += n
		if opts.Progress != nil {
			opts.Progress(stats.Written, total)
		}
	}
	err = a.upsertNodes(ctx, progress)
	if err == nil {
		err = a.replaceDocuments(ctx, func(_, elements int) { progress(elements) })
	}
	for _, w := range loose {
		if err != nil {
			break
		}
		for batch := range slices.Chunk(w.rows, a.size) {
			st := statement{what: "relationships without a document", cypher: w.cypher, rows: batch}
			if err = a.commit(ctx, st.what, []statement{st}, nil); err != nil {
				break
			}
			progress(len(batch))
		}
	}
	stats.NodesCreated, stats.RelationshipsCreated = a.stats.NodesCreated, a.stats.RelationshipsCreated
	stats.RelationshipsDeleted, stats.PropertiesSet = a.stats.RelationshipsDeleted, a.stats.PropertiesSet
	stats.Transactions = a.stats.Transactions
	if err != nil {
		return stats, fmt.Errorf("load: %w", err)
	}
	// Documents may be new or re-dated: place them in time (administration.go).
	if err := s.SyncAdministrations(ctx); err != nil {
		return stats, fmt.Errorf("load: %w", err)
	}
	stats.Duration = time.Since(start)
	return stats, nil
}

// write is one parameterised statement and the rows it is run with.
type write struct {
	what   string // for errors: "Person nodes", "SAID relationships"
	cypher string
	rows   []map[string]any
}

// planWrites turns g into statements: documents first, then nodes per label,
// labels sorted, then one statement for every relationship.
func planWrites(g *Graph) (plan []write, skipped int) {
	plan = planDocuments(g.Documents)
	nodes, skipped := planNodes(g.Nodes)
	plan = append(plan, nodes...)
	rels, skippedRels := planRelationships(g.Relationships, labelIndex(g))
	return append(plan, rels...), skipped + skippedRels
}

// labelIndex maps the id of every document and well-labelled node of g to
// its label: relationship statements MATCH their ends by label and id.
func labelIndex(g *Graph) map[string]string {
	labelOf := make(map[string]string, len(g.Documents)+len(g.Nodes))
	for _, d := range g.Documents {
		labelOf[d.ID] = LabelDocument
	}
	for _, n := range g.Nodes {
		if isIdentifier(n.Label) {
			labelOf[n.ID] = n.Label
		}
	}
	return labelOf
}

// planDocuments returns the statement writing docs, if any.
func planDocuments(docs []Document) []write {
	if len(docs) == 0 {
		return nil
	}
	rows := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		rows = append(rows, map[string]any{"id": d.ID, "props": DocumentProperties(d)})
	}
	return []write{{"Document nodes", mergeNodeCypher(LabelDocument), rows}}
}

// planNodes returns one statement per label, labels sorted; nodes whose
// label is not an identifier are skipped.
func planNodes(nodes []Node) (plan []write, skipped int) {
	byLabel := map[string][]map[string]any{}
	for _, n := range nodes {
		if !isIdentifier(n.Label) {
			skipped++
			continue
		}
		byLabel[n.Label] = append(byLabel[n.Label], map[string]any{"id": n.ID, "props": NodeProperties(n)})
	}
	for _, label := range slices.Sorted(maps.Keys(byLabel)) {
		plan = append(plan, write{label + " nodes", mergeNodeCypher(label), byLabel[label]})
	}
	return plan, skipped
}

// planRelationships returns one statement for every relationship, rows in
// type order, with duplicates (same type, ends and document) dropped.
// labelOf gives the label of every end; relationships with an end it does
// not know are skipped.
//
// The statement is the same whatever the types and end labels of its rows
// (endLabels, a dynamic type): a cold server spends most of a small load
// planning statements, and one per (type, from label, to label) made the
// first load of five texts take 12 to 22 s.
func planRelationships(rels []Relationship, labelOf map[string]string) (plan []write, skipped int) {
	rows, skipped := relationshipRows(rels, labelOf)
	if len(rows) == 0 {
		return nil, skipped
	}
	return []write{{relWhat, mergeRelCypher(endLabels(labelOf)), rows}}, skipped
}

// relationshipRows returns the rows of planRelationships' statement.
func relationshipRows(rels []Relationship, labelOf map[string]string) (rows []map[string]any, skipped int) {
	byType := map[string][]map[string]any{}
	seen := map[[4]string]bool{}
	for _, r := range rels {
		fl, tl := labelOf[r.From], labelOf[r.To]
		if fl == "" || tl == "" || !isIdentifier(r.Type) {
			skipped++
			continue
		}
		k := [4]string{r.Type, r.From, r.To, r.Doc()}
		if seen[k] {
			continue
		}
		seen[k] = true
		byType[r.Type] = append(byType[r.Type], map[string]any{
			"type": r.Type, "from": r.From, "fromLabel": fl, "to": r.To, "toLabel": tl, "doc": r.Doc(),
			"props": RelationshipProperties(r),
		})
	}
	for _, typ := range slices.Sorted(maps.Keys(byType)) {
		rows = append(rows, byType[typ]...)
	}
	return rows, skipped
}

// relWhat names the relationship statement of a plan.
const relWhat = "relationships"

// endLabels returns the labels a relationship end may have: the document
// and entity labels, and any other label of labelOf, sorted. It is the same
// for every graph of the extractor's labels, so the statements are too.
func endLabels(labelOf map[string]string) []string {
	set := map[string]bool{LabelDocument: true, LabelRegion: true}
	for _, l := range EntityLabels {
		set[l] = true
	}
	for _, l := range labelOf {
		set[l] = true
	}
	return slices.Sorted(maps.Keys(set))
}

func mergeNodeCypher(label string) string {
	return "UNWIND $rows AS row MERGE (n:" + label + " {id: row.id}) SET n = row.props"
}

// mergeRelCypher upserts relationships keyed by (type, from, to, doc), the
// type a row's (a dynamic type: CREATE and the Expand(Into) below need no
// index for it, and planRelationships checked it is an identifier). The ends
// are found by id under any of labels, a union of the labels' unique-id
// index seeks, and kept only if they bear the row's label: the same node as
// a MATCH on that one label, since a node may briefly share its id with a
// node of another label (reload replaces a relabelled node by a new one).
// The upsert is a MERGE written out: an Expand(Into) between the two bound
// ends, then a CREATE when nothing matched. A plain MERGE on {doc: row.doc} lets the
// planner pick the relationship doc indexes reload needs (schema.cypher),
// and on a growing graph that plan made single batches take tens of seconds
// (measured: 4 s to 45 s for the same 101k-element load). The doc test is an
// expression (coalesce) so that no index can serve it. Batches never hold
// two rows with the same key (planRelationships drops duplicates); loads are
// not meant to run concurrently (reload takes a lock).
func mergeRelCypher(labels []string) string {
	ends := strings.Join(labels, "|")
	return "UNWIND $rows AS row " +
		"MATCH (a:" + ends + " {id: row.from}) WHERE row.fromLabel IN labels(a) " +
		"MATCH (b:" + ends + " {id: row.to}) WHERE row.toLabel IN labels(b) " +
		upsertRelCypher
}

// upsertRelCypher is the part of the relationship statements after their
// ends a and b are bound.
const upsertRelCypher = "OPTIONAL MATCH (a)-[old:$(row.type)]->(b) WHERE coalesce(old.doc, '') = row.doc " +
	"SET old = row.props " + // SET on a null (no match) does nothing
	"WITH a, b, row, old WHERE old IS NULL " +
	"CREATE (a)-[r:$(row.type)]->(b) SET r = row.props"

// DocumentProperties returns the Neo4j properties of a Document node.
// Unknown dates, date sources and urls are absent rather than empty.
func DocumentProperties(d Document) map[string]any {
	p := map[string]any{"id": d.ID, "source": d.Source, "sha256": d.SHA256, "title": d.Title}
	if d.Date != "" {
		p["date"] = d.Date
	}
	if d.DateSource != "" {
		p["dateSource"] = d.DateSource
	}
	if d.URL != "" {
		p["url"] = d.URL
	}
	return p
}

// NodeProperties returns the Neo4j properties of an entity node: its
// Properties flattened beside id, name, aliases and aliasText (the aliases
// joined, for the full-text index).
func NodeProperties(n Node) map[string]any {
	p := make(map[string]any, len(n.Properties)+4)
	for k, v := range n.Properties {
		p[k] = storable(v)
	}
	aliases := n.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	p["id"], p["name"], p["aliases"] = n.ID, n.Name, aliases
	p["aliasText"] = strings.Join(aliases, " | ")
	return p
}

// RelationshipProperties returns the Neo4j properties of a relationship.
func RelationshipProperties(r Relationship) map[string]any {
	p := make(map[string]any, len(r.Properties))
	for k, v := range r.Properties {
		p[k] = storable(v)
	}
	return p
}

// storable converts JSON-shaped values to types Neo4j can hold as properties:
// lists become lists of strings, nested maps become their JSON-ish string.
func storable(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case map[string]any:
		return fmt.Sprint(v)
	case fmt.Stringer: // json.Number
		return v.String()
	}
	return v
}
