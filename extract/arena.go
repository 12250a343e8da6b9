package extract

import (
	"slices"
	"strings"
)

// arena holds the per-token arrays of the document being read. The
// paragraphs of a document take slices of it; once the document is read the
// arena is reset and reused for the next one, so reading a corpus does not
// allocate these arrays again and again.
type arena struct {
	toks  []token
	kinds []kindSet
	best  []entMatch
	ints  []int
	folds map[string]string // folded forms of capitalised words, shared across documents
}

// maxFolds bounds the fold cache; it starts again when full.
const maxFolds = 1 << 16

// fold returns fold(w), from the cache for capitalised ASCII words, which
// recur ("Mexico", "Secretary") and would otherwise each allocate.
func (a *arena) fold(w string) string {
	if a.folds == nil || len(a.folds) >= maxFolds {
		a.folds = make(map[string]string, 1024)
	}
	if f, ok := a.folds[w]; ok {
		return f
	}
	// Keys are copied: a slice of the text would pin the whole document.
	f := strings.Clone(fold(w))
	a.folds[strings.Clone(w)] = f
	return f
}

func (a *arena) reset() {
	clear(a.best) // drop references to lexicon entry lists
	a.toks, a.kinds, a.best, a.ints = a.toks[:0], a.kinds[:0], a.best[:0], a.ints[:0]
}

// tokens tokenises s into the arena.
func (a *arena) tokens(s string) []token {
	start := len(a.toks)
	a.toks = tokenizeAppendCache(a.toks, s, a)
	return a.toks[start:len(a.toks):len(a.toks)]
}

// take returns n zeroed elements at the end of *buf, growing it.
func take[T any](buf *[]T, n int) []T {
	*buf = slices.Grow(*buf, n)
	start := len(*buf)
	*buf = (*buf)[:start+n]
	s := (*buf)[start : start+n : start+n]
	clear(s)
	return s
}

func (a *arena) intsN(n int) []int           { return take(&a.ints, n) }
func (a *arena) kindSets(n int) []kindSet    { return take(&a.kinds, n) }
func (a *arena) entMatches(n int) []entMatch { return take(&a.best, n) }
