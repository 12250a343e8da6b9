package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"sync"
)

// rulesRevision names the revision of the extraction rules in code. Bump it
// whenever a change to the rules changes what the extractor reads out of an
// unchanged text; lexicon edits are noticed by themselves (Version hashes
// the data files).
const rulesRevision = "2026-11-30.34"

// Version identifies what this extractor reads out of a text: its rules
// revision and a digest of its embedded lexicons. A reload compares it with
// the version that last synced the graph, so that an upgraded extractor
// re-reads an unchanged corpus instead of reporting "no change".
var Version = sync.OnceValue(func() string {
	h := sha256.New()
	h.Write([]byte(rulesRevision))
	// WalkDir visits files in lexical order: the digest is stable.
	_ = fs.WalkDir(dataFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(dataFS, path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return rulesRevision + "+" + hex.EncodeToString(h.Sum(nil))[:12]
})
