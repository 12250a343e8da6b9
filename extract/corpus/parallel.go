package corpus

import (
	"context"
	"os"
	"runtime"

	"github.com/dossier-dev/dossier/extract"
)

// AddOptions says how AddAll reads files.
type AddOptions struct {
	// MaxSize refuses larger files (DefaultMaxSize when <= 0).
	MaxSize int64
	// Workers is how many files are read and extracted at once
	// (GOMAXPROCS when <= 0).
	Workers int
	// Added, when set, is called for each file in the order of files, on
	// the caller's goroutine, once the file is added, with the error Add
	// would have returned for it (extract.Skipped tells a skipped file from
	// a warning).
	Added func(f File, err error)
	// Cache, when set, holds extraction results by file content: a file
	// found in it is neither extracted nor, when Hashes knows it, read;
	// the others are extracted and stored in it. The corpus is the same
	// with and without it.
	Cache *Cache
	// Hashes, when set with Cache, gives the Hash of files by Source, as
	// the caller computed them (reload does, to compare with the store).
	// A file without one is read and hashed before the cache is asked.
	Hashes map[string]string
	// Stats, when set, is filled with how the files were added.
	Stats *AddStats
}

// AddStats counts how AddAll added the files.
type AddStats struct {
	// Cached counts files whose result came from the cache; Extracted,
	// files read and extracted (those that could not be read are in
	// neither).
	Cached, Extracted int
}

// AddAll reads files and adds them to c, as Add on each file in turn
// would, but reads and extracts them on several goroutines: x, the
// Extractor c was made from, reads them in parallel and c takes the
// results in the order of files, so the corpus (and its graph) is the same
// whatever the number of workers. Only a few files per worker are in
// flight at once. It stops early, with ctx's error, when ctx is done.
func AddAll(ctx context.Context, x *extract.Extractor, c *extract.Corpus, files []File, opts AddOptions) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		f   File
		out chan read
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // on an early return: the feeder and workers stop
	jobs := make(chan job)
	// The results to add, in input order: its capacity bounds the files
	// read ahead of the one being added.
	pending := make(chan chan read, 4*workers)
	go func() {
		defer close(jobs)
		defer close(pending)
		for _, f := range files {
			j := job{f, make(chan read, 1)}
			select {
			case pending <- j.out:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		go func() {
			for j := range jobs {
				j.out <- readOne(x, j.f, opts)
			}
		}()
	}
	i := 0
	for out := range pending {
		if err := ctx.Err(); err != nil {
			return err // nothing is added once ctx is done
		}
		var rd read
		select {
		case rd = <-out:
		case <-ctx.Done():
			return ctx.Err()
		}
		err := rd.err
		if err == nil {
			err = c.AddResult(rd.r)
			if opts.Stats != nil {
				if rd.cached {
					opts.Stats.Cached++
				} else {
					opts.Stats.Extracted++
				}
			}
		}
		if opts.Added != nil {
			opts.Added(files[i], err)
		}
		i++
	}
	return ctx.Err()
}

// read is a file read and extracted, or found in the cache.
type read struct {
	r      *extract.Result
	err    error // of reading the file
	cached bool
}

// readOne returns f's result: from opts.Cache when it has one for f's
// hash, else read and extracted (and then stored in the cache, under the
// hash of what was read: a file changed since it was hashed is stored as
// what it now is).
func readOne(x *extract.Extractor, f File, opts AddOptions) read {
	hash := opts.Hashes[f.Source]
	if opts.Cache != nil && hash != "" && !tooLarge(f, opts.MaxSize) {
		if r, ok := opts.Cache.Get(x, f.Source, hash); ok {
			return read{r: r, cached: true}
		}
	}
	text, err := Read(f, opts.MaxSize)
	if err != nil {
		return read{err: err} // names the file
	}
	if opts.Cache == nil {
		return read{r: x.Read(extract.Document{Source: f.Source, Text: text, Meta: f.Meta})}
	}
	if got := hashContent(text, f.Meta); got != hash {
		hash = got
		if r, ok := opts.Cache.Get(x, f.Source, hash); ok {
			return read{r: r, cached: true}
		}
	}
	r := x.Read(extract.Document{Source: f.Source, Text: text, Meta: f.Meta})
	_ = opts.Cache.Put(f.Source, hash, r) // logged; a lost entry is only a miss next time
	return read{r: r}
}

// tooLarge reports whether f is over the size Read refuses, so that a
// file cached before the limit was lowered is refused as Read would.
func tooLarge(f File, max int64) bool {
	if max <= 0 {
		max = DefaultMaxSize
	}
	info, err := os.Stat(f.Path)
	return err != nil || info.Size() > max
}
