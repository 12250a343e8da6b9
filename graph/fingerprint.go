package graph

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"maps"
	"math"
	"slices"
	"sync"
)

// factsHashFormat starts what factsHash hashes. A document's facts used to
// be hashed as JSON; a store synced before this format holds hashes that
// differ from every new one, so the first sync after the upgrade rewrites
// every document once, then only what changed. Change it whenever the
// encoding below changes.
const factsHashFormat = "dossier facts v2"

// fingerprint writes values to a hash in a stable encoding: each value a
// one-byte kind, then a length-prefixed body, so that no two sequences of
// values encode alike. Map keys are written sorted.
type fingerprint struct {
	h   hash.Hash
	buf []byte
}

// fingerprints are reused: a plan hashes every document.
var fingerprints = sync.Pool{New: func() any {
	return &fingerprint{h: sha256.New(), buf: make([]byte, 0, 16<<10)}
}}

// newFingerprint returns an empty fingerprint; sum gives it back.
func newFingerprint() *fingerprint {
	f := fingerprints.Get().(*fingerprint)
	f.h.Reset()
	f.buf = f.buf[:0]
	return f
}

// flush hands the buffered bytes to the hash: one Write per many values
// rather than per value.
func (f *fingerprint) flush() {
	f.h.Write(f.buf) // a hash's Write never fails
	f.buf = f.buf[:0]
}

// room flushes the buffer unless n more bytes fit in it.
func (f *fingerprint) room(n int) {
	if len(f.buf)+n > cap(f.buf) {
		f.flush()
	}
}

// Value kinds.
const (
	fpString byte = iota + 1
	fpStrings
	fpInt
	fpFloat
	fpBool
	fpNil
	fpMap
	fpOther
)

func (f *fingerprint) str(s string) {
	f.room(1 + binary.MaxVarintLen64 + len(s))
	f.buf = append(f.buf, fpString)
	f.buf = binary.AppendUvarint(f.buf, uint64(len(s)))
	f.buf = append(f.buf, s...)
}

// value writes a property value as Neo4j would hold it (storable).
func (f *fingerprint) value(v any) {
	if s, ok := v.(string); ok { // most values: no need for storable
		f.str(s)
		return
	}
	f.room(64)
	switch v := storable(v).(type) {
	case string:
		f.str(v)
	case []string:
		f.buf = append(f.buf, fpStrings)
		f.buf = binary.AppendUvarint(f.buf, uint64(len(v)))
		for _, s := range v {
			f.str(s)
		}
	case int:
		f.buf = binary.AppendVarint(append(f.buf, fpInt), int64(v))
	case int64:
		f.buf = binary.AppendVarint(append(f.buf, fpInt), v)
	case float64:
		f.buf = binary.BigEndian.AppendUint64(append(f.buf, fpFloat), math.Float64bits(v))
	case bool:
		b := byte(0)
		if v {
			b = 1
		}
		f.buf = append(f.buf, fpBool, b)
	case nil:
		f.buf = append(f.buf, fpNil)
	default:
		// Not a type the extractor writes; its printed form with its type
		// still tells changes apart.
		f.buf = append(f.buf, fpOther)
		f.str(fmt.Sprintf("%T:%v", v, v))
	}
}

// props writes a property map, keys sorted.
func (f *fingerprint) props(m map[string]any) {
	f.room(1 + binary.MaxVarintLen64)
	f.buf = append(f.buf, fpMap)
	f.buf = binary.AppendUvarint(f.buf, uint64(len(m)))
	var small [8]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f.str(k)
		f.value(m[k])
	}
}

// sum returns the hex digest of what was written; f is not to be used
// after.
func (f *fingerprint) sum() string {
	f.flush()
	var d [sha256.Size]byte
	s := hex.EncodeToString(f.h.Sum(d[:0]))
	fingerprints.Put(f)
	return s
}

// factsHash fingerprints a document's properties and what Sync writes for
// its facts: the relationship statement of the plan (relCypher, the same
// for every document, given by the caller), then each relationship as a
// row of it (type, ends with their labels, properties), in
// compareRelationships' order, dropped as relationshipRows drops them
// (unknown ends, a type that is no identifier, duplicates). Any change to
// what Sync would write for the document changes it.
func factsHash(d Document, facts []Relationship, labelOf map[string]string, relCypher string) string {
	if !slices.IsSortedFunc(facts, compareRelationships) {
		facts = slices.Clone(facts)
		slices.SortFunc(facts, compareRelationships)
	}
	return sortedFactsHash(d, facts, labelOf, relCypher)
}

// sortedFactsHash is factsHash of facts known to be in
// compareRelationships' order.
func sortedFactsHash(d Document, facts []Relationship, labelOf map[string]string, relCypher string) string {
	f := newFingerprint()
	f.str(factsHashFormat)
	f.props(DocumentProperties(d))
	wroteCypher := false
	var prev *Relationship
	for i := range facts {
		r := &facts[i]
		fl, tl := labelOf[r.From], labelOf[r.To]
		if fl == "" || tl == "" || !isIdentifier(r.Type) {
			continue
		}
		// Sorted: a duplicate (same type, ends and document) follows the
		// one kept.
		if prev != nil && prev.Type == r.Type && prev.From == r.From && prev.To == r.To && prev.Doc() == r.Doc() {
			continue
		}
		prev = r
		if !wroteCypher {
			f.str(relCypher)
			wroteCypher = true
		}
		f.str(r.Type)
		f.str(r.From)
		f.str(fl)
		f.str(r.To)
		f.str(tl)
		f.props(r.Properties)
	}
	return f.sum()
}

// ContentHash fingerprints a node's properties, any stored contentHash
// aside, in factsHash's encoding.
func ContentHash(props map[string]any) string {
	if _, ok := props[PropContentHash]; ok {
		props = maps.Clone(props)
		delete(props, PropContentHash)
	}
	f := newFingerprint()
	f.str(contentHashFormat)
	f.props(props)
	return f.sum()
}

// contentHashFormat starts what ContentHash hashes: as with
// factsHashFormat, nodes synced when it was JSON are rewritten once.
const contentHashFormat = "dossier node v2"

// isIdentifier reports whether s is a label or relationship type Cypher
// takes unquoted: a letter, then letters, digits and underscores (ASCII).
// Labels and types are spliced into Cypher (Cypher cannot parameterise
// them in MERGE), so they must be plain identifiers; text content never
// is. A loop, not a regular expression: it runs for every relationship of
// a sync's plan.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		case i > 0 && ('0' <= c && c <= '9' || c == '_'):
		default:
			return false
		}
	}
	return true
}
