// Package queries holds Dossier's saved Cypher queries, the questions
// analysts ask of the graph, and runs them.
//
// Every query is a .cypher file whose leading // comment block is its
// header:
//
//	// Holders of an office over time
//	// name: office-holders
//	// description: Who held an office, and when: ...
//	//   continued on lines indented by two spaces or more.
//	// param: office string "Secretary of State" Office name or part of it.
//	// param: limit int 25 Most rows returned.
//	MATCH ...
//
// The first line is the title (Neo4j Browser uses the first comment line of
// a favorite as its name). "name" equals the file name without .cypher.
// Each "param" line gives a parameter's name, type (string, int, float or
// bool), default (a JSON literal) and description. The Cypher below the
// header uses exactly the declared parameters, as $name.
//
// The files of this directory are embedded in the binary; Catalog adds a
// directory of the analyst's own.
package queries

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

//go:embed *.cypher
var embedded embed.FS

// Param is a declared query parameter.
type Param struct {
	Name        string
	Type        string // string, int, float or bool
	Default     any    // string, int64, float64 or bool, per Type
	Description string
}

// Query is one saved query.
type Query struct {
	Name        string  // file name without .cypher, e.g. "office-holders"
	Title       string  // one line, the header's first line
	Description string  // one paragraph
	Params      []Param // in header order
	Cypher      string  // the statement, header removed
	Text        string  // the whole file, header included
	Source      string  // where it was read from: "embedded:NAME.cypher" or a path
	// Explain is the Cypher that says what an empty answer depends on
	// (explain/NAME.cypher, see Why); "" when there is none.
	Explain string
}

// Param returns the declared parameter called name.
func (q *Query) Param(name string) (Param, bool) {
	for _, p := range q.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Catalog is a set of saved queries, by name.
type Catalog struct {
	byName map[string]*Query
}

// Load returns the embedded queries plus, when dir is not "", the .cypher
// files of dir (not recursive); a query of dir replaces an embedded query of
// the same name. Every file is validated; the error names each bad file.
func Load(dir string) (*Catalog, error) {
	c := &Catalog{byName: map[string]*Query{}}
	if err := c.addFS(embedded, "embedded:"); err != nil {
		return nil, err
	}
	if err := c.addExplanations(); err != nil {
		return nil, err
	}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("queries dir: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("queries dir %s: not a directory", dir)
		}
		if err := c.addFS(os.DirFS(dir), dir+string(filepath.Separator)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Embedded returns the catalog of the queries built into the binary.
func Embedded() (*Catalog, error) { return Load("") }

// addFS adds the .cypher files at the root of fsys; prefix + file name
// names each in errors and in Query.Source.
func (c *Catalog) addFS(fsys fs.FS, prefix string) error {
	names, err := fs.Glob(fsys, "*.cypher")
	if err != nil {
		return fmt.Errorf("queries: %w", err)
	}
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s%s: %w", prefix, name, err))
			continue
		}
		q, err := Parse(prefix+name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.byName[q.Name] = q
	}
	return errors.Join(errs...)
}

// Get returns the query called name.
func (c *Catalog) Get(name string) (*Query, bool) {
	q, ok := c.byName[name]
	return q, ok
}

// All returns every query, sorted by name.
func (c *Catalog) All() []*Query {
	out := make([]*Query, 0, len(c.byName))
	for _, k := range slices.Sorted(maps.Keys(c.byName)) {
		out = append(out, c.byName[k])
	}
	return out
}

// Names returns the names of the queries, sorted.
func (c *Catalog) Names() []string { return slices.Sorted(maps.Keys(c.byName)) }

var (
	nameRe      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	paramNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// paramUseRe finds $name parameter uses; Dossier's queries hold no
	// "$" inside string literals, which this would misread.
	paramUseRe = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)
	fieldRe    = regexp.MustCompile(`^([a-z]+):\s*(.*)$`)
)

// Types a parameter may have.
var paramTypes = []string{"string", "int", "float", "bool"}

// Parse reads one saved query; source names it in errors (a path, or
// "embedded:NAME.cypher"). The name must equal the file name of source.
func Parse(source string, data []byte) (*Query, error) {
	q, err := parse(source, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return q, nil
}

func parse(source string, data []byte) (*Query, error) {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "//") {
		return nil, errors.New("line 1: want the title as a // comment")
	}
	q := &Query{Title: strings.TrimSpace(strings.TrimPrefix(lines[0], "//")), Text: text, Source: source}
	if q.Title == "" || fieldRe.MatchString(q.Title) {
		return nil, errors.New("line 1: want the title as a // comment, e.g. \"// Holders of an office over time\"")
	}

	// The header is the leading run of // lines; a field continues on lines
	// indented by two or more spaces after the //.
	type field struct {
		key, value string
		line       int
	}
	var fields []field
	body := len(lines)
	for i := 1; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		if !strings.HasPrefix(l, "//") {
			body = i
			break
		}
		rest := strings.TrimPrefix(l, "//")
		switch {
		case strings.TrimSpace(rest) == "":
			continue
		case strings.HasPrefix(rest, "   ") && len(fields) > 0: // "//" + 2 spaces of indent
			fields[len(fields)-1].value += " " + strings.TrimSpace(rest)
		default:
			m := fieldRe.FindStringSubmatch(strings.TrimSpace(rest))
			if m == nil {
				return nil, fmt.Errorf("line %d: want \"// key: value\" (name, description, param) or an indented continuation", i+1)
			}
			fields = append(fields, field{m[1], m[2], i + 1})
		}
	}

	declared := map[string]bool{}
	for _, f := range fields {
		switch f.key {
		case "name":
			if q.Name != "" {
				return nil, fmt.Errorf("line %d: second name", f.line)
			}
			q.Name = f.value
		case "description":
			if q.Description != "" {
				return nil, fmt.Errorf("line %d: second description", f.line)
			}
			q.Description = f.value
		case "param":
			p, err := parseParam(f.value)
			if err != nil {
				return nil, fmt.Errorf("line %d: param: %w", f.line, err)
			}
			if declared[p.Name] {
				return nil, fmt.Errorf("line %d: param %s declared twice", f.line, p.Name)
			}
			declared[p.Name] = true
			q.Params = append(q.Params, p)
		default:
			return nil, fmt.Errorf("line %d: unknown header field %q (want name, description or param)", f.line, f.key)
		}
	}
	stem := strings.TrimSuffix(filepath.Base(strings.TrimPrefix(source, "embedded:")), ".cypher")
	switch {
	case q.Name == "":
		return nil, errors.New("header: missing \"// name: ...\"")
	case !nameRe.MatchString(q.Name):
		return nil, fmt.Errorf("name %q: want lower-case words joined by dashes", q.Name)
	case q.Name != stem:
		return nil, fmt.Errorf("name %q differs from the file name %q", q.Name, stem+".cypher")
	case q.Description == "":
		return nil, errors.New("header: missing \"// description: ...\"")
	}

	q.Cypher = strings.TrimSpace(strings.Join(lines[body:], "\n"))
	if q.Cypher == "" {
		return nil, errors.New("no Cypher after the header")
	}
	used := map[string]bool{}
	for _, m := range paramUseRe.FindAllStringSubmatch(stripComments(q.Cypher), -1) {
		used[m[1]] = true
	}
	for _, name := range slices.Sorted(maps.Keys(used)) {
		if !declared[name] {
			return nil, fmt.Errorf("$%s is used but not declared in the header (add \"// param: %s string \\\"\\\" ...\")", name, name)
		}
	}
	for _, p := range q.Params {
		if !used[p.Name] {
			return nil, fmt.Errorf("param %s is declared but the Cypher never uses $%s", p.Name, p.Name)
		}
	}
	return q, nil
}

// parseParam reads `NAME TYPE DEFAULT DESCRIPTION`, DEFAULT a JSON literal.
func parseParam(s string) (Param, error) {
	f := strings.Fields(s)
	if len(f) < 3 {
		return Param{}, fmt.Errorf("%q: want NAME TYPE DEFAULT DESCRIPTION", s)
	}
	p := Param{Name: f[0], Type: f[1]}
	if !paramNameRe.MatchString(p.Name) {
		return Param{}, fmt.Errorf("name %q: want a Cypher identifier", p.Name)
	}
	if !slices.Contains(paramTypes, p.Type) {
		return Param{}, fmt.Errorf("%s: type %q: want one of %s", p.Name, p.Type, strings.Join(paramTypes, ", "))
	}
	// The default is the JSON value after the type; what follows it is the
	// description.
	rest := strings.TrimSpace(s[strings.Index(s, p.Type)+len(p.Type):])
	dec := json.NewDecoder(strings.NewReader(rest))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Param{}, fmt.Errorf("%s: default: want a JSON literal: %w", p.Name, err)
	}
	def, err := typed(p.Type, v)
	if err != nil {
		return Param{}, fmt.Errorf("%s: default: %w", p.Name, err)
	}
	p.Default = def
	p.Description = strings.TrimSpace(rest[dec.InputOffset():])
	if p.Description == "" {
		return Param{}, fmt.Errorf("%s: missing description after the default", p.Name)
	}
	return p, nil
}

// typed converts a decoded JSON value to the Go value of a parameter type.
func typed(typ string, v any) (any, error) {
	switch typ {
	case "string":
		if s, ok := v.(string); ok {
			return s, nil
		}
	case "int":
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				return i, nil
			}
		}
	case "float":
		if n, ok := v.(json.Number); ok {
			if f, err := n.Float64(); err == nil {
				return f, nil
			}
		}
	case "bool":
		if b, ok := v.(bool); ok {
			return b, nil
		}
	}
	return nil, fmt.Errorf("%v is not a %s", v, typ)
}

// ParseValue converts the text of a --param value to the parameter's type.
func (p Param) ParseValue(s string) (any, error) {
	switch p.Type {
	case "string":
		return s, nil
	case "int":
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("param %s: %q is not an int", p.Name, s)
		}
		return i, nil
	case "float":
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("param %s: %q is not a float", p.Name, s)
		}
		return f, nil
	case "bool":
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("param %s: %q is not a bool (true or false)", p.Name, s)
		}
		return b, nil
	}
	return nil, fmt.Errorf("param %s: unknown type %s", p.Name, p.Type)
}

// Bind returns the parameters to run q with: every declared parameter at
// its default, overridden by the values given (already typed: string,
// int64/int, float64, bool). Undeclared names and wrong types are errors.
func (q *Query) Bind(values map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(q.Params))
	for _, p := range q.Params {
		out[p.Name] = p.Default
	}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		p, ok := q.Param(k)
		if !ok {
			return nil, fmt.Errorf("query %s has no parameter %q (it has: %s)", q.Name, k, strings.Join(q.ParamNames(), ", "))
		}
		v := values[k]
		if i, ok := v.(int); ok {
			v = int64(i)
		}
		if _, err := typed(p.Type, jsonish(v)); err != nil {
			return nil, fmt.Errorf("param %s: %w", k, err)
		}
		out[k] = v
	}
	return out, nil
}

// BindStrings is Bind for values given as text (the CLI's --param k=v).
func (q *Query) BindStrings(values map[string]string) (map[string]any, error) {
	typedValues := make(map[string]any, len(values))
	for _, k := range slices.Sorted(maps.Keys(values)) {
		p, ok := q.Param(k)
		if !ok {
			return nil, fmt.Errorf("query %s has no parameter %q (it has: %s)", q.Name, k, strings.Join(q.ParamNames(), ", "))
		}
		v, err := p.ParseValue(values[k])
		if err != nil {
			return nil, err
		}
		typedValues[k] = v
	}
	return q.Bind(typedValues)
}

// jsonish maps Go numbers to what typed expects from the JSON decoder.
func jsonish(v any) any {
	switch n := v.(type) {
	case int64:
		return json.Number(strconv.FormatInt(n, 10))
	case float64:
		return json.Number(strconv.FormatFloat(n, 'g', -1, 64))
	}
	return v
}

// ParamNames returns the names of q's parameters in header order.
func (q *Query) ParamNames() []string {
	out := make([]string, 0, len(q.Params))
	for _, p := range q.Params {
		out = append(out, p.Name)
	}
	return out
}

// DefaultLiteral returns p's default as a Cypher literal, for Browser's
// :params command.
func (p Param) DefaultLiteral() string { return cypherLiteral(p.Default) }

// cypherLiteral writes a string, integer, float or bool as Cypher source.
func cypherLiteral(v any) string {
	switch v := v.(type) {
	case string:
		var b bytes.Buffer
		b.WriteByte('"')
		for _, r := range v {
			switch r {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteRune(r)
			case '\n':
				b.WriteString(`\n`)
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('"')
		return b.String()
	case float64:
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
		return s
	}
	return fmt.Sprint(v)
}

// stripComments removes // line comments outside string literals, so that
// a $word in a comment is not taken for a parameter.
func stripComments(cypher string) string {
	var b strings.Builder
	for line := range strings.Lines(cypher) {
		if i := commentStart(line); i >= 0 {
			b.WriteString(line[:i])
			b.WriteByte('\n')
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

// commentStart returns the index of a // that starts a comment in line, or -1.
func commentStart(line string) int {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '/' && i+1 < len(line) && line[i+1] == '/':
			return i
		}
	}
	return -1
}
