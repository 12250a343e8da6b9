package graph

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The write path Load and Sync share. Facts of a document are written only
// in the transaction that first deletes every fact of that document (or for
// a document the store does not hold, which has none), so they are known to
// be new: they are CREATEd between ends found by element id, never MERGEd.
// A MERGE of a relationship expands every relationship of its type between
// its two ends, and a person holding an office, or an office of a country,
// named in thousands of documents has thousands of those: the load rate
// fell with the size of the graph (README, "Scale").

// createRelByElementIDCypher creates relationships whose rows give the
// element ids of their ends (from, to), their type and properties. The ends'
// ids are checked too (fromID, toID): a node deleted since its element id
// was read may have left it to another node.
const createRelByElementIDCypher = "UNWIND $rows AS row " +
	"MATCH (a) WHERE elementId(a) = row.from AND a.id = row.fromID " +
	"MATCH (b) WHERE elementId(b) = row.to AND b.id = row.toID " +
	"CREATE (a)-[r:$(row.type)]->(b) SET r = row.props"

// endKey keys an element id by the label and id of its node.
func endKey(label, id string) string { return label + "\x00" + id }

// applier writes the stages of a SyncPlan in one session.
type applier struct {
	sess  neo4j.SessionWithContext
	plan  *SyncPlan
	size  int
	stats SyncStats
	// ends holds the element id of every node known to exist, by endKey:
	// read with the plan, then every node written.
	ends map[string]string
	// bookkeeping: write factsHash and contentHash (Sync always does).
	bookkeeping bool
}

func (s *Store) newApplier(ctx context.Context, plan *SyncPlan, size int, bookkeeping bool) *applier {
	ends := plan.ends
	if ends == nil {
		ends = map[string]string{}
	}
	return &applier{
		sess: s.session(ctx, neo4j.AccessModeWrite), plan: plan,
		size: cmp.Or(size, DefaultBatchSize), ends: ends, bookkeeping: bookkeeping,
	}
}

// statement is one Cypher statement of a transaction with its rows.
type statement struct {
	what, cypher string
	rows         []map[string]any
	// ends, when set, is given every record of the statement: (label, id,
	// element id) of a node written.
	ends bool
	// want, when > 0, is the number of relationships the statement must
	// create; fewer means an end vanished since it was read.
	want int
}

// commit runs stmts in one managed transaction; build, when set, is called
// inside it with the element ids the transaction wrote so far and returns
// more statements (relationships whose ends the first ones created).
func (a *applier) commit(ctx context.Context, what string, stmts []statement, build func(written map[string]string) []statement) error {
	type result struct {
		counters []neo4j.Counters
		written  map[string]string
	}
	run := func(tx neo4j.ManagedTransaction, st statement, r *result) error {
		if len(st.rows) == 0 {
			return nil
		}
		res, err := tx.Run(ctx, st.cypher, map[string]any{"rows": st.rows})
		if err != nil {
			return fmt.Errorf("%s: %w", st.what, err)
		}
		for st.ends && res.Next(ctx) {
			v := res.Record().Values
			label, _ := v[0].(string)
			id, _ := v[1].(string)
			eid, _ := v[2].(string)
			r.written[endKey(label, id)] = eid
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", st.what, err)
		}
		c := sum.Counters()
		if st.want > 0 && c.RelationshipsCreated() != st.want {
			// Rolled back: nothing of the documents is half-written.
			return fmt.Errorf("%s: created %d relationships of %d: nodes were deleted while writing (is another load or reload running?)",
				st.what, c.RelationshipsCreated(), st.want)
		}
		r.counters = append(r.counters, c)
		return nil
	}
	r, err := neo4j.ExecuteWrite(ctx, a.sess, func(tx neo4j.ManagedTransaction) (*result, error) {
		r := &result{written: map[string]string{}}
		for _, st := range stmts {
			if err := run(tx, st, r); err != nil {
				return nil, err
			}
		}
		if build != nil {
			for _, st := range build(r.written) {
				if err := run(tx, st, r); err != nil {
					return nil, err
				}
			}
		}
		return r, nil
	})
	if err != nil {
		return fmt.Errorf("sync %s: %w", what, err)
	}
	for _, c := range r.counters {
		a.stats.add(c)
	}
	maps.Copy(a.ends, r.written)
	a.stats.Transactions++
	return nil
}

// upsertNodes writes plan.Upsert, a label at a time, keeping their element
// ids; done is called after every transaction with the nodes written.
func (a *applier) upsertNodes(ctx context.Context, done func(n int)) error {
	nodeWrites, _ := planNodes(a.plan.Upsert)
	for _, w := range nodeWrites {
		if a.bookkeeping {
			for _, row := range w.rows {
				props := row["props"].(map[string]any)
				props[PropContentHash] = ContentHash(props)
			}
		}
		cypher := w.cypher + " RETURN labels(n)[0], n.id, elementId(n)"
		for batch := range slices.Chunk(w.rows, a.size) {
			created := a.stats.NodesCreated
			if err := a.commit(ctx, w.what, []statement{{what: w.what, cypher: cypher, rows: batch, ends: true}}, nil); err != nil {
				return err
			}
			// MERGE found the others: they existed and were set anew.
			a.stats.NodesUpdated += len(batch) - (a.stats.NodesCreated - created)
			done(len(batch))
		}
	}
	return nil
}

// replaceDocuments writes plan.Replace in transactions of whole documents
// (groupDocuments): each sets the Document nodes, deletes the facts the
// store holds of them and creates their facts; done is called after every
// transaction with the documents and the elements written.
func (a *applier) replaceDocuments(ctx context.Context, done func(docs, elements int)) error {
	for group := range groupDocuments(a.plan.Replace, a.size) {
		docs := make([]Document, len(group))
		var facts []Relationship
		var stored []map[string]any
		elements := len(group)
		for i, d := range group {
			docs[i] = d.Document
			facts = append(facts, d.Facts...)
			elements += len(d.Facts)
			if d.stored {
				stored = append(stored, map[string]any{"id": d.Document.ID})
			}
		}
		set := planDocuments(docs)[0]
		if a.bookkeeping {
			for i, row := range set.rows {
				row["props"].(map[string]any)[PropFactsHash] = group[i].FactsHash
			}
		}
		stmts := []statement{
			{what: "documents", cypher: set.cypher + " RETURN 'Document', n.id, elementId(n)", rows: set.rows, ends: true},
			// A document the store lacks has no facts there: Sync and Load
			// write a document's node and facts in one transaction, and
			// remove them in one. (A 7-subquery statement per transaction
			// of a first load cost more than the documents' writes.)
			{what: "old facts", cypher: deleteFactsCypher(a.plan.factTypes), rows: stored},
		}
		build := func(written map[string]string) []statement {
			return a.factStatements(facts, written)
		}
		if err := a.commit(ctx, "documents", stmts, build); err != nil {
			return err
		}
		done(len(group), elements)
	}
	return nil
}

// factStatements returns the statements creating facts (new relationships
// of documents whose old facts are gone): by element id where both ends'
// are known (a.ends, or written by this transaction), else by label and
// id (createRelCypher), which writes nothing for an end not in the store.
func (a *applier) factStatements(facts []Relationship, written map[string]string) []statement {
	rows, _ := relationshipRows(facts, a.plan.labelOf)
	if len(rows) == 0 {
		return nil
	}
	eid := func(label, id string) string {
		k := endKey(label, id)
		if e, ok := written[k]; ok {
			return e
		}
		return a.ends[k]
	}
	var byID, byLabel []map[string]any
	for _, row := range rows {
		from := eid(row["fromLabel"].(string), row["from"].(string))
		to := eid(row["toLabel"].(string), row["to"].(string))
		if from == "" || to == "" {
			byLabel = append(byLabel, row)
			continue
		}
		byID = append(byID, map[string]any{"type": row["type"], "from": from, "to": to,
			"fromID": row["from"], "toID": row["to"], "props": row["props"]})
	}
	return []statement{
		{what: relWhat, cypher: createRelByElementIDCypher, rows: byID, want: len(byID)},
		{what: relWhat + " by id", cypher: createRelCypher(a.plan.relCypher), rows: byLabel},
	}
}

// createRelCypher turns merge, a mergeRelCypher statement, into one for
// relationships known to be new: the same ends, then a CREATE.
func createRelCypher(merge string) string {
	return strings.TrimSuffix(merge, upsertRelCypher) + "CREATE (a)-[r:$(row.type)]->(b) SET r = row.props"
}
