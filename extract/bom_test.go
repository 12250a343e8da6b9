package extract

import (
	"testing"

	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// TestUnicodeBOM: text saved as UTF-16 or UTF-32 with a byte order mark is
// read as the same text in UTF-8; without the mark it stays refused as
// binary.
func TestUnicodeBOM(t *testing.T) {
	const text = "Secretary Tavo Brellin met Minister Ilse Vandekamp in Mexico City on March 3, 2021. “Ça va”, she said."
	tests := []struct {
		name string
		enc  encoding.Encoding
		err  error
	}{
		{"UTF-16LE", xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), nil},
		{"UTF-16BE", xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), nil},
		{"UTF-32LE", utf32.UTF32(utf32.LittleEndian, utf32.UseBOM), nil},
		{"UTF-32BE", utf32.UTF32(utf32.BigEndian, utf32.UseBOM), nil},
		{"UTF-16LE without a mark", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.enc.NewEncoder().Bytes([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			got, warns, err := cleanText(b)
			if err != tt.err || len(warns) != 0 {
				t.Fatalf("cleanText: %v, warnings %v; want %v", err, warns, tt.err)
			}
			if err == nil && got != text {
				t.Errorf("read %q, want %q", got, text)
			}
		})
	}
}
