package extract

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// ResultFormat is the version of the binary form of a Result
// (MarshalBinary), its first byte. Bump it whenever the encoding or the
// fields of docResult and its parts change; a cache keys its entries by it
// with Version, so that entries written by another build are not read.
const ResultFormat = 1

// The binary form of a Result, all integers varints (encoding/binary):
//
//	format byte (ResultFormat)
//	string table: count, then each string as length and bytes
//	body: the Result's fields in declaration order, strings as indexes
//	      into the table, slices as length+1 (0: nil)
//	CRC-32C of everything before it, 4 bytes little-endian
//
// The table stores each distinct string once: the evidence sentence of a
// mention, the offices held and the statements read from it is one entry.

// errKind says what error a Result holds.
const (
	errNone     = 0
	errDocument = 1 // a *DocumentError
	errOther    = 2 // any other error: its message only
)

// sentinels are the causes a decoded DocumentError still matches with
// errors.Is, as bits of its encoding.
var sentinels = [...]error{ErrEmpty, ErrBinary, ErrTooLarge, ErrEncoding, ErrHTML}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrBadResult is the error of UnmarshalResult for data that is not a
// Result this build wrote: truncated, corrupt, or of another format.
var ErrBadResult = errors.New("bad encoded extraction result")

// MarshalBinary encodes the result compactly: everything AddResult needs,
// including its error (message, Skipped, and which of the Err values it
// wraps). Extractor.UnmarshalResult decodes it.
func (r *Result) MarshalBinary() ([]byte, error) {
	e := encoder{index: map[string]int{}}
	e.str(r.source)
	e.encodeErr(r.err)
	if r.res == nil {
		e.uint(0)
	} else {
		e.uint(1)
		e.doc(r.res)
	}
	size := 1 + binary.MaxVarintLen64 + len(e.body) + 4
	for _, s := range e.strs {
		size += binary.MaxVarintLen64 + len(s)
	}
	out := make([]byte, 0, size)
	out = append(out, ResultFormat)
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	for _, s := range e.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	out = append(out, e.body...)
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, castagnoli)), nil
}

// UnmarshalResult decodes a Result encoded by MarshalBinary with the same
// lexicons (the same Version). Data that is truncated, corrupt, of
// another ResultFormat or naming offices, organizations or countries this
// lexicon lacks gives an error wrapping ErrBadResult, never a panic.
func (x *Extractor) UnmarshalResult(data []byte) (res *Result, err error) {
	if len(data) < 5 {
		return nil, fmt.Errorf("%w: %d bytes", ErrBadResult, len(data))
	}
	if data[0] != ResultFormat {
		return nil, fmt.Errorf("%w: format %d, want %d", ErrBadResult, data[0], ResultFormat)
	}
	n := len(data) - 4
	if crc32.Checksum(data[:n], castagnoli) != binary.LittleEndian.Uint32(data[n:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrBadResult)
	}
	d := decoder{buf: data[1:n], lx: x.lx}
	// Each string is its own copy, not a slice of data: a caller keeping
	// a few of them (a summary's names) must not pin all the evidence.
	count := d.count()
	d.strs = make([]string, count)
	for i := range d.strs {
		d.strs[i] = d.raw()
	}
	r := &Result{}
	r.source = d.str()
	r.err = d.decodeErr(r.source)
	if d.uint() != 0 {
		r.res = d.doc()
	}
	if d.err == nil && len(d.buf) > 0 {
		d.fail("%d bytes left over", len(d.buf))
	}
	if d.err != nil {
		return nil, d.err
	}
	return r, nil
}

// encoder builds the body and the string table of one Result.
type encoder struct {
	body  []byte
	strs  []string
	index map[string]int
}

func (e *encoder) uint(v uint64) { e.body = binary.AppendUvarint(e.body, v) }
func (e *encoder) int(v int)     { e.body = binary.AppendVarint(e.body, int64(v)) }

func (e *encoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *encoder) str(s string) {
	i, ok := e.index[s]
	if !ok {
		i = len(e.strs)
		e.index[s] = i
		e.strs = append(e.strs, s)
	}
	e.uint(uint64(i))
}

// length writes a slice's length, 0 for nil, so that nil and empty decode
// as they were.
func length[T any](e *encoder, s []T) {
	if s == nil {
		e.uint(0)
	} else {
		e.uint(uint64(len(s)) + 1)
	}
}

func (e *encoder) ints(s []int) {
	length(e, s)
	for _, v := range s {
		e.int(v)
	}
}

func (e *encoder) ref(r ref) {
	e.uint(uint64(r.kind))
	e.str(r.name)
	e.int(r.idx)
	e.bool(r.weak)
}

func (e *encoder) encodeErr(err error) {
	var de *DocumentError
	switch {
	case err == nil:
		e.uint(errNone)
	case errors.As(err, &de) && de == err:
		e.uint(errDocument)
		e.bool(de.Skipped)
		msg := ""
		if de.Err != nil {
			msg = de.Err.Error()
		}
		e.str(msg)
		var bits uint64
		for i, s := range sentinels {
			if errors.Is(de.Err, s) {
				bits |= 1 << i
			}
		}
		e.uint(bits)
	default:
		e.uint(errOther)
		e.str(err.Error())
	}
}

func (e *encoder) doc(d *docResult) {
	for _, s := range [...]string{d.id, d.source, d.sha, d.title, d.date, d.dateSrc, d.url} {
		e.str(s)
	}
	length(e, d.rng)
	for _, r := range d.rng {
		e.str(r.from)
		e.str(r.to)
	}
	length(e, d.mentions)
	for _, m := range d.mentions {
		e.ref(m.ref)
		e.ints(m.alts)
		e.str(m.holder)
		e.bool(m.role)
		e.str(m.surface)
		e.str(m.evidence)
	}
	length(e, d.holds)
	for _, h := range d.holds {
		e.str(h.person)
		e.int(h.office)
		e.ints(h.alts)
		e.str(h.evidence)
		e.int(h.pos)
	}
	length(e, d.stmts)
	for _, s := range d.stmts {
		e.ref(s.speaker)
		e.ints(s.with)
		e.str(s.text)
		e.str(s.evidence)
		e.int(s.para)
	}
	length(e, d.agreements)
	for _, a := range d.agreements {
		length(e, a.parties)
		for _, p := range a.parties {
			e.ref(p)
		}
		e.str(a.text)
		e.str(a.evidence)
	}
	length(e, d.meetings)
	for _, m := range d.meetings {
		e.str(m.name)
		e.str(m.date)
		e.bool(m.stated)
		e.str(m.place)
		e.str(m.evidence)
	}
	length(e, d.attends)
	for _, a := range d.attends {
		e.ref(a.who)
		e.int(a.meeting)
		e.str(a.evidence)
	}
	e.ints(d.pair)
	length(e, d.offices)
	for _, o := range d.offices {
		e.int(o.country)
		e.str(o.name)
		e.str(o.id)
		e.str(o.fold)
		e.bool(o.generic)
		e.str(o.role)
	}
}

// decoder reads a body; the first problem is kept in err and every later
// read returns a zero value, so that the decode functions need no checks
// of their own and stop at once.
type decoder struct {
	buf  []byte
	strs []string
	lx   *lexicon
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrBadResult, fmt.Sprintf(format, args...))
	}
	d.buf = nil
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail("truncated or overlong number")
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.buf)
	if n <= 0 || v < math.MinInt32 || v > math.MaxInt32 {
		d.fail("truncated or out of range number")
		return 0
	}
	d.buf = d.buf[n:]
	return int(v)
}

func (d *decoder) bool() bool {
	switch d.uint() {
	case 0:
		return false
	case 1:
		return true
	}
	d.fail("bad boolean")
	return false
}

// count reads a count of items that take at least a byte each: more than
// the bytes left is corrupt, which bounds what a bad count allocates.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.buf)) {
		d.fail("count %d beyond the %d bytes left", n, len(d.buf))
		return 0
	}
	return int(n)
}

// length reads a slice length written by length: -1 for nil.
func (d *decoder) length() int {
	n := d.uint()
	if n == 0 || d.err != nil {
		return -1
	}
	if n-1 > uint64(len(d.buf)) {
		d.fail("length %d beyond the %d bytes left", n-1, len(d.buf))
		return -1
	}
	return int(n - 1)
}

// slice returns a slice of the length read, nil for -1.
func slice[T any](d *decoder) []T {
	n := d.length()
	if n < 0 {
		return nil
	}
	return make([]T, n)
}

func (d *decoder) raw() string {
	n := d.uint()
	if n > uint64(len(d.buf)) {
		d.fail("string of %d bytes beyond the %d left", n, len(d.buf))
		return ""
	}
	s := string(d.buf[:n])
	d.buf = d.buf[n:]
	return s
}

func (d *decoder) str() string {
	i := d.uint()
	if i >= uint64(len(d.strs)) {
		if d.err == nil {
			d.fail("string %d of a table of %d", i, len(d.strs))
		}
		return ""
	}
	return d.strs[i]
}

// index reads an index that must lie in [lo, hi).
func (d *decoder) index(lo, hi int, what string) int {
	v := d.int()
	if v < lo || v >= hi {
		d.fail("%s %d out of [%d, %d)", what, v, lo, hi)
		return 0
	}
	return v
}

func (d *decoder) ints(lo, hi int, what string) []int {
	s := slice[int](d)
	for i := range s {
		s[i] = d.index(lo, hi, what)
	}
	return s
}

func (d *decoder) ref(offices int) ref {
	var r ref
	k := d.uint()
	if k > uint64(sCand) {
		d.fail("entity kind %d", k)
	}
	r.kind = spanKind(k)
	r.name = d.str()
	// The index is a lexicon row only for these kinds; a new organization
	// stores -2 minus its country (or -1 for none).
	switch r.kind {
	case sOffice:
		r.idx = d.index(0, offices, "office")
	case sCountry:
		r.idx = d.index(0, len(d.lx.countries), "country")
	case sOrg:
		r.idx = d.index(-1-len(d.lx.countries), len(d.lx.orgs), "organization")
	case sJoint:
		// The countries are in the name (joinIdx).
		r.idx = d.int()
		for _, c := range jointCountries(r) {
			if c >= len(d.lx.countries) {
				d.fail("joint country %d of %d", c, len(d.lx.countries))
			}
		}
	default:
		r.idx = d.int()
	}
	r.weak = d.bool()
	return r
}

func (d *decoder) decodeErr(source string) error {
	switch kind := d.uint(); kind {
	case errNone:
		return nil
	case errDocument:
		de := &DocumentError{Source: source, Skipped: d.bool()}
		msg, bits := d.str(), d.uint()
		cause := &decodedErr{msg: msg}
		for i, s := range sentinels {
			if bits&(1<<i) != 0 {
				cause.wraps = append(cause.wraps, s)
			}
		}
		if bits>>len(sentinels) != 0 {
			d.fail("error bits %b", bits)
		}
		de.Err = cause
		return de
	case errOther:
		return errors.New(d.str())
	default:
		d.fail("error kind %d", kind)
		return nil
	}
}

// decodedErr is the cause of a decoded DocumentError: the original's
// message, and the Err values it wrapped, for errors.Is.
type decodedErr struct {
	msg   string
	wraps []error
}

// Error returns the original message.
func (e *decodedErr) Error() string { return e.msg }

// Unwrap returns the Err values the original wrapped.
func (e *decodedErr) Unwrap() []error { return e.wraps }

func (d *decoder) doc() *docResult {
	r := &docResult{}
	for _, p := range [...]*string{&r.id, &r.source, &r.sha, &r.title, &r.date, &r.dateSrc, &r.url} {
		*p = d.str()
	}
	r.rng = slice[dateRange](d)
	for i := range r.rng {
		r.rng[i] = dateRange{from: d.str(), to: d.str()}
	}
	// The counts of everything indexed come before the indexes; offices
	// are last in the body, so their count bounds office indexes loosely:
	// a shaped office is numbered after the lexicon's, below this.
	countries := len(d.lx.countries)
	offices := len(d.lx.offices) + len(d.buf)
	r.mentions = slice[mention](d)
	for i := range r.mentions {
		m := &r.mentions[i]
		m.ref = d.ref(offices)
		m.alts = d.ints(0, offices, "office")
		m.holder = d.str()
		m.role = d.bool()
		m.surface = d.str()
		m.evidence = d.str()
	}
	r.holds = slice[hold](d)
	for i := range r.holds {
		h := &r.holds[i]
		h.person = d.str()
		h.office = d.index(0, offices, "office")
		h.alts = d.ints(0, offices, "office")
		h.evidence = d.str()
		h.pos = d.int()
	}
	r.stmts = slice[stmt](d)
	for i := range r.stmts {
		s := &r.stmts[i]
		s.speaker = d.ref(offices)
		s.with = d.ints(0, countries, "country")
		s.text = d.str()
		s.evidence = d.str()
		s.para = d.int()
	}
	r.agreements = slice[agreement](d)
	for i := range r.agreements {
		a := &r.agreements[i]
		a.parties = slice[ref](d)
		for j := range a.parties {
			a.parties[j] = d.ref(offices)
		}
		a.text = d.str()
		a.evidence = d.str()
	}
	r.meetings = slice[meeting](d)
	for i := range r.meetings {
		m := &r.meetings[i]
		m.name = d.str()
		m.date = d.str()
		m.stated = d.bool()
		m.place = d.str()
		m.evidence = d.str()
	}
	r.attends = slice[attendance](d)
	for i := range r.attends {
		a := &r.attends[i]
		a.who = d.ref(offices)
		a.meeting = d.index(-1, len(r.meetings), "meeting")
		a.evidence = d.str()
	}
	r.pair = d.ints(0, countries, "country")
	r.offices = slice[office](d)
	for i := range r.offices {
		o := &r.offices[i]
		o.country = d.index(0, countries, "country")
		o.name = d.str()
		o.id = d.str()
		o.fold = d.str()
		o.generic = d.bool()
		o.role = d.str()
	}
	if d.err != nil {
		return nil
	}
	// Now that the document's offices are known, the office indexes must
	// name one of the lexicon's or one of them.
	d.checkOffices(r, len(d.lx.offices)+len(r.offices))
	return r
}

// checkOffices fails the decode when an office index of r is not below n.
func (d *decoder) checkOffices(r *docResult, n int) {
	bad := func(i int) bool { return i >= n }
	badRef := func(x ref) bool { return x.kind == sOffice && bad(x.idx) }
	anyBad := func(s []int) bool {
		for _, i := range s {
			if bad(i) {
				return true
			}
		}
		return false
	}
	for _, m := range r.mentions {
		if badRef(m.ref) || anyBad(m.alts) {
			d.fail("office beyond %d", n)
		}
	}
	for _, h := range r.holds {
		if bad(h.office) || anyBad(h.alts) {
			d.fail("office beyond %d", n)
		}
	}
	for _, s := range r.stmts {
		if badRef(s.speaker) {
			d.fail("office beyond %d", n)
		}
	}
	for _, a := range r.agreements {
		for _, p := range a.parties {
			if badRef(p) {
				d.fail("office beyond %d", n)
			}
		}
	}
	for _, a := range r.attends {
		if badRef(a.who) {
			d.fail("office beyond %d", n)
		}
	}
}
