package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dossier-dev/dossier/graph"
)

// Meta is what is known of a document from outside its text, such as a
// corpus manifest (extract/corpus). Empty fields are unknown. Metadata wins
// over anything inferred from the text.
type Meta struct {
	Date  string // YYYY-MM-DD, YYYY-MM or YYYY (see ParseDate)
	Title string
	URL   string
}

// Fingerprint returns what m adds to the SHA-256 of a document: nothing
// when m is empty, so that a document without a manifest row has its
// file's digest; else its fields, so that a changed row changes the digest
// and reload sees it (corpus.Hash appends the same bytes).
func (m Meta) Fingerprint() []byte {
	if m == (Meta{}) {
		return nil
	}
	return []byte("\x00dossier-meta\x00" + m.Date + "\x00" + m.Title + "\x00" + m.URL)
}

// documentSHA is the hex SHA-256 of d's text and its Meta's fingerprint.
func documentSHA(d Document) string {
	h := sha256.New()
	h.Write(d.Text)
	h.Write(d.Meta.Fingerprint())
	return hex.EncodeToString(h.Sum(nil))
}

// meta is a document's metadata while it is read: Meta with where the date
// came from (graph.DateSource*).
type meta struct {
	date, dateSrc string
	title, url    string
}

// or fills the fields m lacks from o: the first source of each field wins.
func (m meta) or(o meta) meta {
	if m.date == "" {
		m.date, m.dateSrc = o.date, o.dateSrc
	}
	if m.title == "" {
		m.title = o.title
	}
	if m.url == "" {
		m.url = o.url
	}
	return m
}

// docMeta is the metadata given with d: its Meta, else a date in its file
// name.
func docMeta(d Document) meta {
	m := meta{title: strings.TrimSpace(d.Meta.Title), url: strings.TrimSpace(d.Meta.URL)}
	if date, ok := ParseDate(d.Meta.Date); ok {
		m.date, m.dateSrc = date, graph.DateSourceMetadata
	}
	if date := fileNameDate(d.Source); date != "" {
		m = m.or(meta{date: date, dateSrc: graph.DateSourceFileName})
	}
	return m
}

// frontMatterMax bounds the lines searched for the end of a front matter
// block: a "---" further down is a rule in the text, not metadata.
const frontMatterMax = 50

// readMeta takes metadata from the top of the text: a YAML front matter
// block between "---" lines (date, title, url; other keys such as source
// and language are allowed and ignored), removed from the text; else
// "date 2026-01-12" / "Date: ..." / "title: ..." lines among the first
// five. It returns the remaining lines.
func readMeta(lines []string) (meta, []string) {
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i < len(lines) && strings.TrimSpace(lines[i]) == "---" {
		for j := i + 1; j < len(lines) && j < i+frontMatterMax; j++ {
			if t := strings.TrimSpace(lines[j]); t == "---" || t == "..." {
				return frontMatter(lines[i+1 : j]), lines[j+1:]
			}
		}
	}
	var m meta
	var rest []string
	for k, l := range lines {
		if k < i+5 && metaLine(l, &m) {
			if tail := metaTail(l); tail != "" {
				rest = append(rest, tail)
			}
			continue
		}
		rest = append(rest, l)
	}
	return m, rest
}

// metaTail returns the text that follows the date of a "date 2026-01-12
// The ministers met ..." line: a sentence glued to the metadata is kept;
// a short status ("date 2026-01-12 403") is not.
func metaTail(l string) string {
	f := strings.Fields(l)
	if len(f) < 2 || strings.Contains(f[0], ":") || strings.ToLower(f[0]) != "date" {
		return ""
	}
	if tail := f[2:]; len(tail) >= 4 {
		return strings.Join(tail, " ")
	}
	return ""
}

// frontMatter reads the lines of a front matter block as YAML; a block that
// is not valid YAML (hand-written "key: value" lines with stray quotes) is
// read line by line instead.
func frontMatter(lines []string) meta {
	var m meta
	var kv map[string]any
	if err := yaml.Unmarshal([]byte(strings.Join(lines, "\n")), &kv); err != nil {
		for _, l := range lines {
			metaLine(l, &m)
		}
		return m
	}
	for k, v := range kv {
		var s string
		switch v := v.(type) {
		case string:
			s = v
		case time.Time: // YAML reads an unquoted 2021-06-16 as a timestamp
			s = v.Format(time.DateOnly)
		case int: // an unquoted year
			s = fmt.Sprint(v)
		default:
			continue
		}
		metaField(strings.ToLower(k), strings.TrimSpace(s), true, &m)
	}
	return m
}

// metaLine reads one "key value" or "key: value" line.
func metaLine(l string, m *meta) bool {
	t := strings.TrimSpace(l)
	key, val, ok := strings.Cut(t, ":")
	colon := ok && !strings.ContainsAny(key, " \t")
	if !colon {
		key, val, ok = strings.Cut(t, " ")
	}
	if !ok {
		return false
	}
	val = strings.Trim(strings.TrimSpace(val), `"'`)
	return metaField(strings.ToLower(strings.TrimSpace(key)), val, colon, m)
}

// metaField sets the field key names, if it is one Dossier keeps. A date
// may be followed by other words ("date 2026-01-12 403": a scraper's
// status line); a title needs a colon, since "Title" may begin a sentence.
func metaField(key, val string, colon bool, m *meta) bool {
	switch key {
	case "date", "published", "pubdate", "datetime", "published_at", "date_published":
		d, _, _ := strings.Cut(val, " ")
		if d, ok := ParseDate(d); ok {
			m.date, m.dateSrc = d, graph.DateSourceMetadata
			return true
		}
	case "title", "headline":
		if colon && val != "" && len(val) < 300 {
			m.title = val
			return true
		}
	case "url", "link", "canonical_url":
		if colon && (strings.HasPrefix(val, "http://") || strings.HasPrefix(val, "https://")) {
			m.url = val
			return true
		}
	}
	return false
}

// ParseDate reads a metadata date and returns it as YYYY-MM-DD, YYYY-MM or
// YYYY: "2021-06-16", "2021-06-16T09:30:00Z" (the date in its own zone),
// "2021-06-16 09:30", "2021/06/16", "20210616", "2021-06", "2021". ok is
// false for anything else, including impossible dates ("2021-02-30") and
// years outside 1900-2100.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		s = t.Format(time.DateOnly)
	} else if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10] // a timestamp without a zone
	}
	s = strings.ReplaceAll(s, "/", "-")
	for _, f := range []string{time.DateOnly, "20060102", "2006-01", "2006"} {
		if len(s) != len(f) {
			continue
		}
		t, err := time.Parse(f, s)
		if err != nil || !validYear(t.Year()) {
			continue
		}
		switch f {
		case "2006-01":
			return t.Format("2006-01"), true
		case "2006":
			return t.Format("2006"), true
		}
		return t.Format(time.DateOnly), true
	}
	return "", false
}

// nameDateRe finds a date in a file name: 2021-06-16, 2021_06_16 or
// 20210616, standing apart from letters and digits (a hex digest holding
// eight digits is not a date).
var nameDateRe = regexp.MustCompile(`(?:^|[^0-9A-Za-z])((?:19|20)[0-9]{2})([-_.]?)([01][0-9])([-_.]?)([0-3][0-9])(?:[^0-9A-Za-z]|$)`)

// fileNameDate returns the date a document's file name carries
// ("2021-06-16-visit.txt", "20210616_visit.txt"), or "". Directories do not
// count: only the base name is the scraper's choice per document.
func fileNameDate(source string) string {
	base := path.Base(strings.ReplaceAll(source, `\`, "/"))
	m := nameDateRe.FindStringSubmatch(base)
	if m == nil || m[2] != m[4] {
		return ""
	}
	d, ok := ParseDate(m[1] + "-" + m[3] + "-" + m[5])
	if !ok {
		return ""
	}
	return d
}
