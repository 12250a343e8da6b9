// Package graph is Dossier's domain model: the documents read, the entities
// found in them (people, offices, countries, organizations, meetings,
// statements, agreements) and the relationships between them, each
// relationship carrying the document and sentence it was read from.
//
// The model knows nothing of Neo4j; the store lives in graph/neo4j.
package graph

import "iter"

// Node labels. Every node has exactly one.
const (
	LabelPerson       = "Person"
	LabelOffice       = "Office"
	LabelCountry      = "Country"
	LabelOrganization = "Organization"
	LabelMeeting      = "Meeting"
	LabelStatement    = "Statement"
	LabelAgreement    = "Agreement"
	LabelDocument     = "Document"
	// LabelRegion is a group of countries or a part of one ("Central
	// America", "the border region") that speakers name as a party.
	LabelRegion = "Region"
	// LabelAdministration marks reference data, not extracted entities: a
	// head of government's tenure (graph/data/administrations.tsv).
	LabelAdministration = "Administration"
)

// Relationship types.
const (
	RelHoldsOffice = "HOLDS_OFFICE" // (Person)-[:HOLDS_OFFICE]->(Office)
	RelAttended    = "ATTENDED"     // (Person)-[:ATTENDED]->(Meeting)
	RelSaid        = "SAID"         // (Person|Organization|Country)-[:SAID]->(Statement)
	RelAgreedTo    = "AGREED_TO"    // (Person|Organization|Country)-[:AGREED_TO]->(Agreement)
	RelOf          = "OF"           // (Office|Organization)-[:OF]->(Country)
	RelMentionedIn = "MENTIONED_IN" // (any entity)-[:MENTIONED_IN]->(Document)
	RelMemberOf    = "MEMBER_OF"    // (Person)-[:MEMBER_OF]->(Organization)
	RelDuring      = "DURING"       // (Document)-[:DURING]->(Administration), derived from dates
)

// EntityLabels lists the labels of extracted entities, in a fixed order.
var EntityLabels = []string{
	LabelPerson, LabelOffice, LabelCountry, LabelOrganization,
	LabelMeeting, LabelStatement, LabelAgreement,
}

// Document is one input text: the provenance of every fact read from it.
type Document struct {
	ID     string `json:"id"`     // stable id, "doc-" + a prefix of SHA256
	Source string `json:"source"` // path relative to the input root
	SHA256 string `json:"sha256"` // hex digest of the file's bytes (and manifest row, see extract.Meta)
	Date   string `json:"date"`   // YYYY-MM-DD, YYYY-MM, YYYY or "" when unknown
	Title  string `json:"title"`
	// DateSource says where Date came from: one of the DateSource values,
	// "" when Date is unknown.
	DateSource string `json:"dateSource,omitempty"`
	URL        string `json:"url,omitempty"` // where the text was published, from its metadata
}

// Where a document's date came from, most trusted first.
const (
	DateSourceMetadata = "metadata"  // front matter, a metadata line or the corpus manifest
	DateSourceFileName = "file name" // a date in the file name: 2021-06-16-visit.txt
	DateSourceText     = "text"      // a date the text states: a dateline, "on June 3, 2021"
	// DateSourceInferred is a date the text bounds without stating it: a
	// month and day whose year only the office holders named allow, or
	// the date another document gives a meeting this one reports.
	DateSourceInferred = "inferred"
)

// Node is an entity. Its ID is stable across runs on the same input.
type Node struct {
	ID         string         `json:"id"`
	Label      string         `json:"label"`
	Name       string         `json:"name"`
	Aliases    []string       `json:"aliases"`
	Properties map[string]any `json:"properties"`
}

// Relationship is a fact between two nodes, read from one document.
// Properties always holds "doc" (a Document ID) and, for facts read from a
// sentence, "evidence".
type Relationship struct {
	Type       string         `json:"type"`
	From       string         `json:"from"`
	To         string         `json:"to"`
	Properties map[string]any `json:"properties"`
}

// Property keys every relationship may carry.
const (
	PropDoc      = "doc"
	PropEvidence = "evidence"
)

// Doc returns the ID of the document the relationship was read from.
func (r Relationship) Doc() string {
	s, _ := r.Properties[PropDoc].(string)
	return s
}

// Evidence returns the sentence the relationship was read from.
func (r Relationship) Evidence() string {
	s, _ := r.Properties[PropEvidence].(string)
	return s
}

// Graph is a set of documents with the nodes and relationships read from
// them. It is the unit the extractor produces, the JSON export holds and the
// store loads.
type Graph struct {
	Documents     []Document     `json:"documents"`
	Nodes         []Node         `json:"nodes"`
	Relationships []Relationship `json:"relationships"`
}

// Stream is a graph handed over in parts, so that a large one is never held
// whole: its documents, its nodes, then its relationships a document at a
// time, each as batches. The extractor resolves a corpus into one;
// WriteJSON writes it as it comes. Each part yields its batches in Sort's
// order; a batch is the caller's until the next one is asked for, and a
// part stops after an error. A nil part is empty.
type Stream struct {
	Documents iter.Seq2[[]Document, error]
	Nodes     iter.Seq2[[]Node, error]
	// Relationships yields the relationships of each document in turn, in
	// the order of Documents, each batch in CompareInDocument's order.
	Relationships iter.Seq2[[]Relationship, error]
}

// Batch returns list as a part of a Stream: one batch.
func Batch[T any](list []T) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		if len(list) > 0 {
			yield(list, nil)
		}
	}
}

// Stream returns g as a Stream of one batch a part; g must be sorted.
func (g *Graph) Stream() *Stream {
	return &Stream{Documents: Batch(g.Documents), Nodes: Batch(g.Nodes), Relationships: Batch(g.Relationships)}
}

// Collect returns the whole graph of s, sorted.
func (s *Stream) Collect() (*Graph, error) {
	g := &Graph{}
	var err error
	if g.Documents, err = collect(s.Documents); err != nil {
		return nil, err
	}
	if g.Nodes, err = collect(s.Nodes); err != nil {
		return nil, err
	}
	if g.Relationships, err = collect(s.Relationships); err != nil {
		return nil, err
	}
	return g, nil
}

// collect appends the batches of part into one list.
func collect[T any](part iter.Seq2[[]T, error]) ([]T, error) {
	var all []T
	if part == nil {
		return all, nil
	}
	for batch, err := range part {
		if err != nil {
			return nil, err
		}
		all = append(all, batch...)
	}
	return all, nil
}
