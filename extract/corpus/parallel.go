package corpus

import (
	"context"
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
	type read struct {
		r   *extract.Result
		err error // of reading the file
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
				text, err := Read(j.f, opts.MaxSize)
				if err != nil {
					j.out <- read{err: err} // names the file
					continue
				}
				j.out <- read{r: x.Read(extract.Document{Source: j.f.Source, Text: text, Meta: j.f.Meta})}
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
		}
		if opts.Added != nil {
			opts.Added(files[i], err)
		}
		i++
	}
	return ctx.Err()
}
