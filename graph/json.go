package graph

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
)

// Sort puts documents, nodes and relationships in their canonical order, so
// that the same graph always serialises to the same bytes.
func (g *Graph) Sort() {
	slices.SortFunc(g.Documents, func(a, b Document) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID))
	})
	slices.SortFunc(g.Nodes, func(a, b Node) int { return cmp.Compare(a.ID, b.ID) })
	for i := range g.Nodes {
		slices.Sort(g.Nodes[i].Aliases)
	}
	// The extractor hands over relationships already in order: checking is
	// linear, sorting again is not.
	if !slices.IsSortedFunc(g.Relationships, compareRelationships) {
		slices.SortFunc(g.Relationships, compareRelationships)
	}
}

// compareRelationships orders by type, ends, document and evidence. It
// stops at the first difference: the property look-ups are the costly part.
func compareRelationships(a, b Relationship) int {
	if c := cmp.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	if c := cmp.Compare(a.From, b.From); c != 0 {
		return c
	}
	if c := cmp.Compare(a.To, b.To); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Doc(), b.Doc()); c != 0 {
		return c
	}
	return cmp.Compare(a.Evidence(), b.Evidence())
}

// WriteJSON writes g in the graph JSON format (docs/graph-json.md), sorted and
// indented, so that the same graph gives byte-identical output.
func WriteJSON(w io.Writer, g *Graph) error {
	g.Sort()
	out := *g
	// Empty lists are written as [] rather than null: consumers index them.
	if out.Documents == nil {
		out.Documents = []Document{}
	}
	if out.Nodes == nil {
		out.Nodes = []Node{}
	}
	if out.Relationships == nil {
		out.Relationships = []Relationship{}
	}
	for i, n := range out.Nodes {
		if n.Aliases == nil {
			out.Nodes[i].Aliases = []string{}
		}
		if n.Properties == nil {
			out.Nodes[i].Properties = map[string]any{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write graph json: %w", err)
	}
	return nil
}

// ReadJSON reads a graph written by WriteJSON.
func ReadJSON(r io.Reader) (*Graph, error) {
	var g Graph
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("read graph json: %w", err)
	}
	return &g, nil
}

// ReadJSONFile reads the graph JSON file at path.
func ReadJSONFile(path string) (*Graph, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g, err := ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// Counts returns the number of nodes per label (Documents included) and of
// relationships per type.
func (g *Graph) Counts() (nodes, rels map[string]int) {
	nodes = map[string]int{LabelDocument: len(g.Documents)}
	for _, n := range g.Nodes {
		nodes[n.Label]++
	}
	rels = map[string]int{}
	for _, r := range g.Relationships {
		rels[r.Type]++
	}
	return nodes, rels
}

// MarshalJSON writes an unknown date as null, as the graph JSON format says.
func (d Document) MarshalJSON() ([]byte, error) {
	type plain Document // without this method
	var date *string
	if d.Date != "" {
		date = &d.Date
	}
	return json.Marshal(struct {
		plain
		Date *string `json:"date"`
	}{plain(d), date})
}

// UnmarshalJSON reads a null date as unknown.
func (d *Document) UnmarshalJSON(b []byte) error {
	type plain Document
	var v struct {
		plain
		Date *string `json:"date"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = Document(v.plain)
	if v.Date != nil {
		d.Date = *v.Date
	}
	return nil
}
