package extract

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// MaxDocumentSize bounds the work done on one document: a larger text is
// refused with an error rather than read. News articles are a few kB; the
// bound leaves room for long reports while keeping memory per document
// small.
const MaxDocumentSize = 8 << 20

// DocumentError is the error Add returns for one document. When Skipped is
// false the document was still read (the error is a warning, e.g. a text
// recoded from Windows-1252 or stripped of HTML); when true, nothing of it is
// in the graph.
type DocumentError struct {
	Source  string // the document's Source
	Skipped bool   // true: nothing of the document is in the graph
	Err     error  // the cause: ErrEmpty, ErrBinary, ErrTooLarge, ErrEncoding, ErrHTML
}

// Error names the document and says whether it was skipped or read with a
// warning.
func (e *DocumentError) Error() string {
	if e.Skipped {
		return fmt.Sprintf("%s: skipped: %v", e.Source, e.Err)
	}
	return fmt.Sprintf("%s: warning: %v", e.Source, e.Err)
}

// Unwrap returns the cause, one of the Err values (or several, joined).
func (e *DocumentError) Unwrap() error { return e.Err }

// Errors Add wraps in a DocumentError.
var (
	ErrEmpty    = errors.New("empty document")
	ErrBinary   = errors.New("binary content, not text")
	ErrTooLarge = errors.New("document too large")
	ErrEncoding = errors.New("invalid UTF-8, read as Windows-1252")
	ErrHTML     = errors.New("HTML markup, read as text with the tags removed")
)

// cleanText turns raw bytes into normalised text: UTF-8, LF line ends, no
// BOM, no HTML tags. It returns the problems it worked around as warnings
// and a non-nil error when the document cannot be read at all.
func cleanText(b []byte) (string, []error, error) {
	if len(b) > MaxDocumentSize {
		return "", nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), MaxDocumentSize)
	}
	b, err := decodeBOM(b)
	if err != nil {
		return "", nil, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return "", nil, ErrEmpty
	}
	if looksBinary(b) {
		return "", nil, ErrBinary
	}
	var warns []error
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	var s string
	if utf8.Valid(b) {
		s = string(b)
	} else {
		out, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", nil, ErrEncoding
		}
		s = string(out)
		warns = append(warns, ErrEncoding)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	// Two apostrophes stand for a double quotation mark in some wire copy
	// (''We will ...,'' she said).
	s = strings.ReplaceAll(s, "''", "\"")
	if looksHTML(s) {
		s = stripHTML(s)
		warns = append(warns, ErrHTML)
	}
	if !needsSpaceFix(s) {
		return s, warns, nil
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\u00a0' || r == '\u2009' || r == '\u202f':
			return ' '
		case r == '\u200b' || r == '\ufeff' || r == '\u00ad':
			return -1
		case unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
	return s, warns, nil
}

// decodeBOM returns text in UTF-16 or UTF-32 with a byte order mark
// (Windows tools save "Unicode" text so) as UTF-8, and any other bytes as
// they are. Without the mark such text is refused as binary (it is full
// of NUL bytes): guessing its encoding would be guessing.
func decodeBOM(b []byte) ([]byte, error) {
	var enc encoding.Encoding
	switch {
	// UTF-32LE's mark begins with UTF-16LE's: test it first.
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0, 0}):
		enc = utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0, 0, 0xFE, 0xFF}):
		enc = utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		enc = xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		enc = xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM)
	default:
		return b, nil
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	return out, nil
}

// looksBinary reports NUL bytes or many control bytes at the start.
func looksBinary(b []byte) bool {
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl*20 > len(head)
}

func looksHTML(s string) bool {
	head := strings.ToLower(s[:min(len(s), 4096)])
	if strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") || strings.Contains(head, "<body") {
		return true
	}
	return strings.Count(head, "<p>")+strings.Count(head, "<div")+strings.Count(head, "<br") >= 3
}

// stripHTML removes tags (and script and style content), turns block tags
// into line breaks and decodes entities.
func stripHTML(s string) string {
	var b strings.Builder
	lower := asciiLower(s) // same byte offsets as s
	i := 0
	for i < len(s) {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		tag := lower[i+1 : i+end]
		i += end + 1
		name := ""
		if f := strings.Fields(tag); len(f) > 0 {
			name = strings.TrimPrefix(f[0], "/")
		}
		switch name {
		case "script", "style", "head", "noscript":
			if !strings.HasPrefix(tag, "/") {
				if k := strings.Index(lower[i:], "</"+name); k >= 0 {
					i += k
				}
			}
		case "p", "div", "br", "br/", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "title", "article", "section", "blockquote":
			b.WriteString("\n")
		}
	}
	return html.UnescapeString(b.String())
}

// dropNoise removes page furniture lines (noise.tsv) and stops at footers.
func (lx *lexicon) dropNoise(lines []string) []string {
	out := lines[:0:0]
lines:
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			out = append(out, "")
			continue
		}
		// Furniture is recognised by its start (and, for short lines, its
		// content): fold only the head of a long line.
		head := t
		if len(head) > 300 {
			cut := 300
			for cut > 0 && !utf8.RuneStart(head[cut]) {
				cut--
			}
			head = head[:cut]
		}
		f := fold(head)
		words := strings.Count(t, " ") + 1
		for _, r := range lx.noise {
			if r.maxWords > 0 && words > r.maxWords {
				continue
			}
			hit := false
			switch r.rule {
			case "prefix", "stop":
				hit = strings.HasPrefix(f, r.pattern)
			case "contains":
				hit = strings.Contains(f, r.pattern)
			case "exact":
				hit = strings.Trim(f, " .!") == r.pattern
			}
			if hit && r.rule == "stop" {
				break lines
			}
			if hit {
				continue lines
			}
		}
		// A line of one or two short lowercase words is a signature or a
		// tag, not prose.
		if words <= 2 && len(t) <= 4 && strings.ToLower(t) == t {
			continue
		}
		out = append(out, t)
	}
	return out
}

// paragraphs groups lines into paragraphs: a line is a paragraph, except
// that a line cut mid-sentence (no final punctuation, next line starting in
// lowercase) continues on the next line. Repeated paragraphs are dropped.
func paragraphs(lines []string) []string {
	var out []string
	seen := map[string]bool{}
	var cur strings.Builder
	flush := func() {
		p := squeeze(cur.String())
		cur.Reset()
		if p == "" {
			return
		}
		if seen[p] {
			return
		}
		seen[p] = true
		out = append(out, splitLong(p)...)
	}
	for i, l := range lines {
		if l == "" {
			flush()
			continue
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(l)
		if i+1 < len(lines) && continues(l, lines[i+1]) {
			continue
		}
		flush()
	}
	flush()
	return out
}

func continues(l, next string) bool {
	if next == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	if strings.ContainsRune(".!?:;\"”’", last) {
		return false
	}
	return unicode.IsLower(firstRune(next))
}

// headline reports whether a paragraph reads as a headline: short, no
// final period, not a quote.
func headline(p string) bool {
	words := len(strings.Fields(p))
	if words < 3 || words > 25 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(p)
	first := firstRune(p)
	return !strings.ContainsRune(".!?,;:\"”“", last) && !strings.ContainsRune("\"“", first)
}

// truncate shortens s to at most n bytes at a word boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// maxParagraph bounds the work per paragraph (the rules look at every
// mention of a sentence's paragraph): a longer paragraph - a text without
// line breaks - is cut at sentence ends into pieces of about this size.
const maxParagraph = 8 << 10

// splitLong cuts a paragraph longer than maxParagraph after ". " near the
// limit (or at a space, or anywhere, failing that).
func splitLong(p string) []string {
	var out []string
	for len(p) > maxParagraph {
		cut := strings.LastIndex(p[:maxParagraph], ". ")
		if cut < maxParagraph/2 {
			cut = strings.LastIndexByte(p[:maxParagraph], ' ')
		}
		if cut < maxParagraph/2 {
			cut = maxParagraph
			for cut > 0 && !utf8.RuneStart(p[cut]) {
				cut--
			}
		} else {
			cut++
		}
		out = append(out, strings.TrimSpace(p[:cut]))
		p = strings.TrimSpace(p[cut:])
	}
	if p != "" {
		out = append(out, p)
	}
	return out
}

// asciiLower lowercases ASCII letters only, keeping byte offsets.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// squeeze trims s and turns each run of white space into one space; text
// that needs nothing is returned as is.
func squeeze(s string) string {
	s = strings.TrimSpace(s)
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\t' || c == '\n' || (c == ' ' && i+1 < len(s) && s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// stripDateline drops a news agency dateline from the start of a sentence:
// "WASHINGTON, Jan 14 (Reuters) - Officials met" gives "Officials met".
func stripDateline(s string) string {
	head := s[:min(len(s), 80)]
	for _, sep := range []string{" - ", " — ", " – ", ".- ", " -- "} {
		i := strings.Index(head, sep)
		if i <= 0 {
			continue
		}
		prefix := head[:i]
		first, _, _ := strings.Cut(prefix, " ")
		first = strings.TrimRight(first, ",")
		if (len(first) >= 3 && strings.ToUpper(first) == first) || strings.HasSuffix(prefix, ")") {
			return strings.TrimSpace(s[i+len(sep):])
		}
	}
	return s
}

// needsSpaceFix reports whether s holds control characters (other than
// line feeds and tabs) or special spaces that cleanText maps; most texts do
// not, and a byte scan is cheaper than mapping every rune.
func needsSpaceFix(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 && c != '\n' && c != '\t', c == 0x7f:
			return true
		case c == 0xc2 || c == 0xe2 || c == 0xef:
			// U+0080-U+00BF (C1 controls, NBSP, soft hyphen), U+2000-U+2FFF
			// (thin and zero-width spaces), U+FEFF.
			return true
		}
	}
	return false
}

// Skipped reports whether err, returned by Corpus.Add, means the document is
// not in the graph. Other errors are warnings about a document that was read
// anyway (recoded, markup removed) and must not fail a run.
func Skipped(err error) bool {
	var de *DocumentError
	if errors.As(err, &de) {
		return de.Skipped
	}
	return err != nil
}
