package extract

import (
	"strings"
	"testing"
)

// TestBoundedWork reads texts of one 2 MB line, the shape that once made
// one statement hundreds of kB long and memory grow many times faster
// than the text: every statement stays within its bound, every evidence
// sentence within maxSentenceTokens words, and the per-token arrays never
// hold more than one window of text (a token is at least one byte).
func TestBoundedWork(t *testing.T) {
	const size = 2 << 20 // several windows
	tests := []struct {
		name        string
		head, piece string
		stmts       bool // whether statements are read
	}{
		{"quoted sentences", "", `Minister Tavo Brellin said, “We will work with Mexico on fentanyl and arms trafficking every day.” `, true},
		{"quote continued in lower case", "", `“We will not accept this offer from Ruritania,” Minister Tavo Brellin said, “and we will respond to it,” `, true},
		{"run-on quote without periods", `Minister Tavo Brellin said, “`, `Mexico and the United States and Secretary Brellin and the Zembla Cartel `, true},
		{"mentions without end", "", `Mexico Canada Brellin Ruritania the United States Secretary of State `, false},
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.head + strings.Repeat(tt.piece, size/len(tt.piece))
			ar := &arena{}
			res := &docResult{}
			x.lx.read(text, res, meta{}, ar)
			if n := cap(ar.toks); n > maxWindow {
				t.Errorf("arena held %d tokens, want at most %d", n, maxWindow)
			}
			if got := len(res.stmts) > 0; got != tt.stmts {
				t.Errorf("statements read: %v, want %v", got, tt.stmts)
			}
			for _, s := range res.stmts {
				if n := len(strings.Fields(s.text)); n > 3*maxStatementWords/2 {
					t.Errorf("statement of %d words, want at most %d", n, 3*maxStatementWords/2)
				}
				if n := len(strings.Fields(s.evidence)); n > maxSentenceTokens {
					t.Errorf("evidence of %d words, want at most %d", n, maxSentenceTokens)
				}
			}
		})
	}
}
