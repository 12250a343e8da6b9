package extract

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// nameTokens returns the folded tokens of a person's name without initials
// ("Janet R. Hale" -> janet hale).
func nameTokens(name string) []string {
	var out []string
	for _, t := range strings.Fields(foldPhrase(name)) {
		if isInitial(t) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func isInitial(t string) bool {
	n := utf8.RuneCountInString(t)
	return n == 1 || (n == 2 && strings.HasSuffix(t, "."))
}

var particleSet = map[string]bool{"de": true, "del": true, "la": true, "las": true, "los": true, "y": true,
	"van": true, "von": true, "der": true, "den": true, "da": true, "di": true, "do": true, "dos": true, "das": true,
	"du": true, "le": true, "bin": true, "ibn": true, "al": true, "el": true}

// nameCompatible reports whether two names can be the same person: one is
// the other, or a shorter form of it - first name and first surname
// ("José Ruiz" of "José Luis Ruiz Cortés"), the surnames ("Ruiz
// Cortés", "de la Vega"), a tail ("Pablo de la Vega" of "Juan Pablo de
// la Vega") or one surname alone ("Cortés").
func nameCompatible(a, b []string) bool { return nameCompatibleBy(a, b, nil) }

// nameCompatibleBy is nameCompatible with looser word equality for
// clustering: given names compare with same (forms of one name: "Bob" and
// "Robert", "Liz" and "Elizabeth") and a long word matches a one-letter
// misspelling of it ("Quintero", "Quinetero"). A nil same is strict.
func nameCompatibleBy(a, b []string, same func(x, y string) bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	eq := func(x, y string) bool { return x == y }
	first := eq
	if same != nil {
		eq = func(x, y string) bool { return x == y || typo(x, y) }
		first = func(x, y string) bool { return same(x, y) || typo(x, y) }
	}
	s, l := a, b
	if len(s) > len(l) {
		s, l = l, s
	}
	if len(s) == len(l) {
		if !first(s[0], l[0]) {
			return false
		}
		for i := 1; i < len(s); i++ {
			if !eq(s[i], l[i]) {
				return false
			}
		}
		return true
	}
	if len(s) == 1 {
		for _, t := range l[1:] {
			if t == s[0] && !particleSet[t] {
				return true
			}
		}
		return false
	}
	// Contiguous run of l not starting at its first name: surnames or tail.
	for i := 1; i+len(s) <= len(l); i++ {
		ok := true
		for j := range s {
			if !eq(l[i+j], s[j]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	// Same first name, the rest a subsequence.
	if !first(s[0], l[0]) {
		return false
	}
	j := 1
	for _, t := range l[1:] {
		if j < len(s) && eq(s[j], t) {
			j++
		}
	}
	return j == len(s)
}

// typo reports whether two words of five letters or more differ by one
// letter inserted, deleted or replaced, or two adjacent letters swapped.
func typo(x, y string) bool {
	if x == y || len(x) < 5 || len(y) < 5 {
		return false
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	switch len(y) - len(x) {
	case 0:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		if x[i+1:] == y[i+1:] {
			return true
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && x[i+2:] == y[i+2:]
	case 1:
		i := 0
		for i < len(x) && x[i] == y[i] {
			i++
		}
		return x[i:] == y[i+1:]
	}
	return false
}

// personCluster is one real person: every surface form that names them.
type personCluster struct {
	rep   []string // tokens of the longest form
	names map[string]int
	docs  map[string]bool
	id    string
	name  string
}

// clusterPeople groups person names across the corpus. Longer names come
// first; a shorter name joins the one compatible cluster, preferring a
// cluster named in the same document; a weak name (a lone capitalised word)
// joins only an existing cluster.
func clusterPeople(strong, weak map[string]map[string]bool, same func(x, y string) bool) (map[string]*personCluster, []*personCluster) {
	type nm struct {
		surface string
		toks    []string
		weak    bool
	}
	var all []nm
	for s := range strong {
		if t := nameTokens(s); len(t) > 0 {
			all = append(all, nm{s, t, false})
		}
	}
	for s := range weak {
		if _, ok := strong[s]; ok {
			continue
		}
		if t := nameTokens(s); len(t) > 0 {
			all = append(all, nm{s, t, true})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if len(all[i].toks) != len(all[j].toks) {
			return len(all[i].toks) > len(all[j].toks)
		}
		if all[i].weak != all[j].weak {
			return !all[i].weak
		}
		return all[i].surface < all[j].surface
	})
	of := map[string]*personCluster{}
	var clusters []*personCluster
	byToken := tokenIndex{}
	for _, n := range all {
		docs := strong[n.surface]
		if n.weak {
			docs = weak[n.surface]
		}
		var cands []*personCluster
		for _, i := range byToken.candidates(n.toks, len(clusters)) {
			if nameCompatibleBy(n.toks, clusters[i].rep, same) {
				cands = append(cands, clusters[i])
			}
		}
		if len(cands) > 1 {
			var same []*personCluster
			for _, c := range cands {
				for d := range docs {
					if c.docs[d] {
						same = append(same, c)
						break
					}
				}
			}
			if len(same) > 0 {
				cands = same
			}
		}
		var c *personCluster
		switch {
		case len(cands) == 1 || (len(cands) > 1 && len(n.toks) > 1):
			c = cands[0]
		case len(cands) > 1 || n.weak:
			continue
		default:
			c = &personCluster{rep: n.toks, names: map[string]int{}, docs: map[string]bool{}}
			byToken.add(n.toks, len(clusters))
			clusters = append(clusters, c)
		}
		c.names[n.surface]++
		for d := range docs {
			c.docs[d] = true
		}
		of[n.surface] = c
	}
	for _, c := range clusters {
		c.name = canonicalName(c.names)
	}
	return of, clusters
}

// canonicalName picks the display name of a person: the form with the most
// name words, then without initials, then with accents; the accents of the
// other forms are restored in it ("Juan Jose de la Vega" seen with
// "José de la Vega" gives "Juan José de la Vega").
func canonicalName(names map[string]int) string {
	var forms []string
	words := map[string]int{}
	for s := range names {
		forms = append(forms, s)
		words[s] = len(nameTokens(s))
	}
	sort.Slice(forms, func(i, j int) bool {
		a, b := forms[i], forms[j]
		na, nb := words[a], words[b]
		if na != nb {
			return na > nb
		}
		ta, tb := len(strings.Fields(a)), len(strings.Fields(b))
		if ta != tb {
			return ta < tb
		}
		if xa, xb := nonASCII(a), nonASCII(b); xa != xb {
			return xa > xb
		}
		// The full given name over its short form: "Robert", not "Bob".
		if fa, fb := len(strings.Fields(a)[0]), len(strings.Fields(b)[0]); fa != fb {
			return fa > fb
		}
		return a < b
	})
	best := strings.Fields(forms[0])
	accented := map[string]string{}
	for _, f := range forms {
		for _, w := range strings.Fields(f) {
			k := fold(w)
			if cur, ok := accented[k]; !ok || nonASCII(w) > nonASCII(cur) {
				accented[k] = w
			}
		}
	}
	for i, w := range best {
		if a, ok := accented[fold(w)]; ok && nonASCII(a) > nonASCII(w) {
			best[i] = a
		}
	}
	return strings.Join(best, " ")
}

func nonASCII(s string) int {
	n := 0
	for _, r := range s {
		if r >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

// tokenIndex maps a name token to the clusters whose representative holds
// it. Compatible names always share a non-particle token (nameCompatible),
// so only those clusters need the pairwise test: clustering stays near
// linear in the number of names instead of quadratic.
type tokenIndex map[string][]int

func (x tokenIndex) add(toks []string, cluster int) {
	for _, t := range toks {
		if particleSet[t] {
			continue
		}
		if l := x[t]; len(l) == 0 || l[len(l)-1] != cluster {
			x[t] = append(l, cluster)
		}
	}
}

// candidates returns, in creation order, the clusters sharing a token with
// toks; all n clusters when toks has nothing but particles.
func (x tokenIndex) candidates(toks []string, n int) []int {
	seen := map[int]bool{}
	var out []int
	particlesOnly := true
	for _, t := range toks {
		if particleSet[t] {
			continue
		}
		particlesOnly = false
		for _, i := range x[t] {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	if particlesOnly {
		out = out[:0]
		for i := range n {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}
