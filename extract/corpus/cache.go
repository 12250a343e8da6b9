package corpus

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dossier-dev/dossier/extract"
)

// Cache keeps the extraction result of each file by its content, so that a
// reload re-reads only the files that changed. It lives in a directory
// that may be deleted at any time: an entry is a file named by a digest of
// the extractor's Version, the result format, the file's Source and its
// Hash (content and manifest row), written whole (a temporary file
// renamed), under a directory per extractor version and a two-level
// fan-out of 256 directories. An entry that cannot be read or decoded is a
// miss, logged at debug level, and is written again; a failed write is
// logged and changes nothing else. Safe for concurrent use, by several
// processes too: two writers of an entry write the same bytes.
type Cache struct {
	dir  string // root, as given
	vdir string // this extractor version's directory under it
	log  *slog.Logger
	// Errors counts entries that could not be read, decoded or written.
	errors atomic.Int64
}

// cacheVersionPrefix starts the name of each extractor version's directory
// under the cache root: Prune removes only directories named so.
const cacheVersionPrefix = "results-"

// cacheTag is the file that marks the directory as a cache, for backup
// tools (https://bford.info/cachedir/).
const cacheTag = "CACHEDIR.TAG"

// pruneAfter is how long a version's directory is kept unused before
// Prune removes it: an older binary still running beside a new one (a
// cron job, a watcher) keeps its entries.
const pruneAfter = 7 * 24 * time.Hour

// OpenCache opens the cache in dir, creating the directory (owner only:
// entries hold the texts' sentences) if needed. log receives debug lines
// about bad entries (slog.Default() when nil).
func OpenCache(dir string, log *slog.Logger) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("extraction cache: no directory")
	}
	sum := sha256.Sum256([]byte(extract.Version() + "\x00" + strconv.Itoa(extract.ResultFormat)))
	c := &Cache{dir: dir, vdir: filepath.Join(dir, cacheVersionPrefix+hex.EncodeToString(sum[:8])), log: cmp.Or(log, slog.Default())}
	if err := os.MkdirAll(c.vdir, 0o700); err != nil {
		return nil, fmt.Errorf("extraction cache %s: %w", dir, err)
	}
	tag := filepath.Join(dir, cacheTag)
	if _, err := os.Stat(tag); errors.Is(err, fs.ErrNotExist) {
		_ = writeAtomic(tag, []byte("Signature: 8a477f597d28d172789f06886806bc55\n# dossier's extraction cache: safe to delete\n"), 0o644)
	}
	// Prune tells the versions in use by their directory's time.
	now := time.Now()
	_ = os.Chtimes(c.vdir, now, now)
	return c, nil
}

// Dir returns the cache's root directory.
func (c *Cache) Dir() string { return c.dir }

// Errors returns how many entries could not be read, decoded or written
// since the cache was opened (each is a miss or a lost write, not a
// failure).
func (c *Cache) Errors() int { return int(c.errors.Load()) }

// path returns the entry's file for a document of source whose Hash is
// hash.
func (c *Cache) path(source, hash string) string {
	sum := sha256.Sum256([]byte(extract.Version() + "\x00" + strconv.Itoa(extract.ResultFormat) + "\x00" + source + "\x00" + hash))
	key := hex.EncodeToString(sum[:])
	return filepath.Join(c.vdir, key[:2], key[2:])
}

// Get returns the result cached for a document of source whose Hash is
// hash, decoded by x, or false.
func (c *Cache) Get(x *extract.Extractor, source, hash string) (*extract.Result, bool) {
	p := c.path(source, hash)
	data, err := os.ReadFile(p)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			c.errors.Add(1)
			c.log.Debug("extraction cache: unreadable entry, extracting again", "source", source, "entry", p, "error", err)
		}
		return nil, false
	}
	r, err := x.UnmarshalResult(data)
	if err != nil {
		c.errors.Add(1)
		c.log.Debug("extraction cache: bad entry, extracting again", "source", source, "entry", p, "error", err)
		return nil, false
	}
	return r, true
}

// Put stores r as the result of a document of source whose Hash is hash.
// An error is also logged at debug level; it leaves the cache as it was.
func (c *Cache) Put(source, hash string, r *extract.Result) error {
	data, err := r.MarshalBinary()
	if err == nil {
		p := c.path(source, hash)
		if err = writeAtomic(p, data, 0o600); errors.Is(err, fs.ErrNotExist) {
			// The fan-out directory is made on first use, or again after
			// the cache was deleted under a running process.
			if err = os.MkdirAll(filepath.Dir(p), 0o700); err == nil {
				err = writeAtomic(p, data, 0o600)
			}
		}
	}
	if err != nil {
		c.errors.Add(1)
		err = fmt.Errorf("extraction cache: %s: %w", source, err)
		c.log.Debug("extraction cache: could not store a result", "error", err)
	}
	return err
}

// Prune removes the entries of other extractor versions that no process
// opened for a week, and returns how many version directories it removed.
// Only directories this package names are touched, whatever else the
// cache's directory holds.
func (c *Cache) Prune() (int, error) {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return 0, fmt.Errorf("extraction cache %s: %w", c.dir, err)
	}
	removed := 0
	var errs []error
	for _, e := range entries {
		p := filepath.Join(c.dir, e.Name())
		if !e.IsDir() || !strings.HasPrefix(e.Name(), cacheVersionPrefix) || p == c.vdir {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < pruneAfter {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	if err := errors.Join(errs...); err != nil {
		return removed, fmt.Errorf("extraction cache %s: %w", c.dir, err)
	}
	return removed, nil
}

// writeAtomic writes data to path through a temporary file in the same
// directory, renamed into place: a reader sees the whole entry or none.
// There is no fsync: an entry cut short by a crash fails its checksum and
// is a miss.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && perm != 0o600 { // CreateTemp's
		err = os.Chmod(f.Name(), perm)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// hashContent is Hash of a file whose content is text: the document's
// SHA256, computed from what was read rather than read again.
func hashContent(text []byte, m extract.Meta) string {
	h := sha256.New()
	h.Write(text)
	h.Write(m.Fingerprint())
	return hex.EncodeToString(h.Sum(nil))
}
