package queries

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats Write accepts.
var Formats = []string{"table", "json", "csv"}

// WriteOptions tunes Write.
type WriteOptions struct {
	// MaxCell cuts table cells longer than this many characters, marking the
	// cut with "…"; 0 keeps them whole. JSON and CSV are never cut.
	MaxCell int
}

// Write writes res to w as "table" (aligned columns for a terminal), "json"
// (an array of objects, keys in column order) or "csv" (a header row, then
// one record per row).
func Write(w io.Writer, res *Result, format string, opts WriteOptions) error {
	var err error
	switch format {
	case "table":
		err = writeTable(w, res, opts.MaxCell)
	case "json":
		err = writeJSON(w, res)
	case "csv":
		err = writeCSV(w, res)
	default:
		return fmt.Errorf("format %q: want table, json or csv", format)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", format, err)
	}
	return nil
}

func writeTable(w io.Writer, res *Result, maxCell int) error {
	cells := make([][]string, 0, len(res.Rows)+1)
	cells = append(cells, res.Columns)
	for _, row := range res.Rows {
		line := make([]string, len(row))
		for i, v := range row {
			line[i] = cut(oneLine(Text(v)), maxCell)
		}
		cells = append(cells, line)
	}
	width := make([]int, len(res.Columns))
	for _, line := range cells {
		for i, c := range line {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b bytes.Buffer
	writeLine := func(line []string) {
		var l strings.Builder
		for i, c := range line {
			if i > 0 {
				l.WriteString("  ")
			}
			l.WriteString(c)
			l.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	writeLine(cells[0])
	rule := make([]string, len(width))
	for i, n := range width {
		rule[i] = strings.Repeat("-", n)
	}
	writeLine(rule)
	for _, line := range cells[1:] {
		writeLine(line)
	}
	fmt.Fprintf(&b, "(%d %s)\n", len(res.Rows), plural(len(res.Rows), "row", "rows"))
	_, err := w.Write(b.Bytes())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func writeJSON(w io.Writer, res *Result) error {
	// encoding/json sorts map keys; build the objects by hand so that keys
	// keep the query's column order.
	var b bytes.Buffer
	b.WriteByte('[')
	for r, row := range res.Rows {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for i, col := range res.Columns {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeJSON(&b, col); err != nil {
				return err
			}
			b.WriteByte(':')
			if err := encodeJSON(&b, row[i]); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// encodeJSON writes v without HTML escaping: evidence sentences keep their
// quotes and ampersands readable.
func encodeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

func writeCSV(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(res.Columns); err != nil {
		return err
	}
	for _, row := range res.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = Text(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Text renders one value as a cell: strings as they are, null as "", a list
// of scalars joined by "; ", anything else as JSON.
func Text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			switch e.(type) {
			case []any, map[string]any:
				return jsonText(v)
			}
			parts[i] = Text(e)
		}
		return strings.Join(parts, "; ")
	}
	return jsonText(v)
}

func jsonText(v any) string {
	var b bytes.Buffer
	if err := encodeJSON(&b, v); err != nil {
		return fmt.Sprint(v)
	}
	return b.String()
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func cut(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:max(n-1, 0)]) + "…"
}
