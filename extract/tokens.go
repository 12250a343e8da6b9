package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// tokKind classifies a token.
type tokKind uint8

const (
	tWord  tokKind = iota // letters, with inner apostrophes
	tNum                  // digits, with inner separators
	tPunct                // one punctuation character
)

// token is one word, number or punctuation mark of a paragraph. Offsets are
// byte offsets into the paragraph, so evidence and quotes are cut from the
// original text rather than rebuilt from tokens.
type token struct {
	text  string // as written
	fold  string // lowercase, accents removed, curly apostrophes straightened
	start int
	end   int
	kind  tokKind
	cap   bool // starts with an uppercase letter
}

// abbreviations keep their trailing period, so that "Gen." or "Sept." is one
// token and does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true,
	"sgt": true, "prof": true, "adm": true, "no": true, "vs": true, "inc": true, "corp": true,
	"co": true, "ltd": true, "dept": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true,
	"dec": true, "mt": true, "ft": true, "approx": true, "etc": true,
}

// tokenize splits a paragraph into tokens in one pass.
func tokenize(s string) []token {
	return tokenizeAppend(make([]token, 0, len(s)/4+4), s)
}

// tokenizeAppend appends the tokens of s to toks.
func tokenizeAppend(toks []token, s string) []token { return tokenizeAppendCache(toks, s, nil) }

// tokenizeAppendCache is tokenizeAppend folding capitalised words through
// the arena's cache when there is one.
func tokenizeAppendCache(toks []token, s string, ar *arena) []token {
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += w
		case isWordRune(r):
			j := scanWord(s, i)
			kind := tWord
			if unicode.IsDigit(r) {
				kind = tNum
			}
			// Possessive 's is its own token: "Mexico's" is Mexico + 's.
			text := s[i:j]
			if k := possessiveAt(text); k > 0 {
				toks = append(toks, mkToken(s, i, i+k, kind, ar))
				toks = append(toks, token{text: text[k:], fold: "'s", start: i + k, end: j, kind: tWord})
				i = j
				continue
			}
			toks = append(toks, mkToken(s, i, j, kind, ar))
			i = j
		default:
			toks = append(toks, mkToken(s, i, i+w, tPunct, nil))
			i += w
		}
	}
	return toks
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// scanWord returns the end of the word starting at i: letters and digits,
// inner apostrophes, inner separators of numbers ("64,000", "2.5"), dotted
// abbreviations ("U.S.", "D.C.", "EE.UU.") and known abbreviations ("Gen.").
func scanWord(s string, i int) int {
	j := i
	digits := true
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			if !unicode.IsDigit(r) {
				digits = false
			}
			j += w
			continue
		}
		if j+w < len(s) {
			r2, _ := utf8.DecodeRuneInString(s[j+w:])
			if isApostrophe(r) && unicode.IsLetter(r2) {
				j += w
				continue
			}
			if digits && (r == ',' || r == '.') && unicode.IsDigit(r2) {
				j += w
				continue
			}
		}
		break
	}
	if j < len(s) && s[j] == '.' {
		word := s[i:j]
		n := utf8.RuneCountInString(word)
		if n <= 2 && !digits {
			// Dotted abbreviation: letter groups of one or two each followed by '.'.
			k := j + 1
			for {
				e := k
				for e < len(s) {
					r, w := utf8.DecodeRuneInString(s[e:])
					if !unicode.IsLetter(r) {
						break
					}
					e += w
				}
				if e > k && utf8.RuneCountInString(s[k:e]) <= 2 && e < len(s) && s[e] == '.' {
					k = e + 1
					continue
				}
				break
			}
			if k > j+1 || (n == 1 && unicode.IsUpper(firstRune(word))) {
				return k
			}
		}
		if abbreviations[strings.ToLower(word)] && j+1 < len(s) && s[j+1] == ' ' {
			return j + 1
		}
	}
	return j
}

// possessiveAt returns the offset of a trailing "'s" in a word, or 0.
func possessiveAt(w string) int {
	if strings.HasSuffix(w, "'s") && len(w) > 2 {
		return len(w) - 2
	}
	if strings.HasSuffix(w, "’s") && len(w) > 4 {
		return len(w) - 4
	}
	return 0
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func mkToken(s string, a, b int, kind tokKind, ar *arena) token {
	t := s[a:b]
	c := unicode.IsUpper(firstRune(t))
	var f string
	if c && ar != nil {
		f = ar.fold(t)
	} else {
		f = fold(t)
	}
	return token{text: t, fold: f, start: a, end: b, kind: kind, cap: c}
}

// fold returns the matching form of a word: lowercase, without accents, with
// curly apostrophes straightened. ASCII words take a fast path.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= 'A' && c <= 'Z' {
				return strings.ToLower(s)
			}
		}
		return s
	}
	// Latin letters with accents fold through a table; anything else goes
	// through Unicode decomposition.
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		case r == '’' || r == '‘':
			b.WriteByte('\'')
		case r < 0x180 && latinFold[r] != 0:
			b.WriteByte(latinFold[r])
		case !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r):
			b.WriteRune(r) // punctuation and symbols have nothing to fold
		default:
			return slowFold(s)
		}
	}
	return b.String()
}

// latinFold maps the accented Latin-1 and Latin Extended-A letters to their
// lowercase ASCII base letter.
var latinFold = func() (t [0x180]byte) {
	for r := rune(0xC0); r < 0x180; r++ {
		d := norm.NFD.String(string(r))
		if c := d[0]; c < utf8.RuneSelf && unicode.IsLetter(rune(c)) {
			t[r] = byte(unicode.ToLower(rune(c)))
		}
	}
	return t
}()

func slowFold(s string) string {
	s = apostrophes.Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// foldPhrase folds every token of a phrase and joins them with spaces: the
// key used to compare names.
func foldPhrase(s string) string {
	toks := tokenize(s)
	parts := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.kind == tPunct && t.text != "-" && t.text != "&" {
			continue
		}
		parts = append(parts, t.fold)
	}
	return strings.Join(parts, " ")
}

// slug turns a name into an id fragment: folded, ASCII letters and digits,
// words joined by '-'.
func slug(s string) string {
	f := fold(s)
	var b strings.Builder
	dash := false
	for _, r := range f {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if r == '\'' {
			continue
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// quoteMark reports whether a punctuation token is a double quotation mark,
// and whether it opens (1), closes (-1) or may do either (0).
func quoteMark(t token) (bool, int) {
	switch t.text {
	case "“", "«", "„":
		return true, 1
	case "”", "»":
		return true, -1
	case "\"":
		return true, 0
	}
	return false, 0
}

// textKey is the identity of a quoted or agreed text: folded, letters and
// digits only, single spaces. Two reports of the same words share it.
func textKey(s string) string {
	f := fold(s)
	var b strings.Builder
	b.Grow(len(f))
	space := false
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
