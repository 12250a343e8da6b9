package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
)

// extraction is the graph read from a set of input paths, with the files
// that could not be read or extracted.
type extraction struct {
	graph  *graph.Graph  // whole (extractPaths), or nil
	stream *graph.Stream // relationships computed as they are written
	spill  *os.File      // where the corpus keeps its documents' results; close when done
	files  int
	failed []error // one per failed file, each naming it
}

// extractPaths reads every text under paths into one resolved graph, on
// every core (the graph is the same whatever their number). A bad file, or
// a directory that cannot be read, is logged and skipped; the others are
// still read.
func (a *app) extractPaths(ctx context.Context, paths []string) (*extraction, error) {
	res, c, err := a.readCorpus(ctx, paths)
	if err != nil {
		return nil, err
	}
	defer res.close()
	if res.graph, err = c.Resolve(); err != nil {
		return nil, err
	}
	return res, nil
}

// extractStream is extractPaths without collecting the relationships: a
// command that writes them as they come holds only a document's at once.
// The caller closes the extraction once the stream is read.
func (a *app) extractStream(ctx context.Context, paths []string) (*extraction, error) {
	res, c, err := a.readCorpus(ctx, paths)
	if err != nil {
		return nil, err
	}
	tuned := os.Getenv("GOMEMLIMIT") == "" && os.Getenv("GOGC") == ""
	if tuned {
		// Resolution's indexes grow fast, and what it builds while it
		// clusters and groups is garbage soon after: collected at 1.3
		// times the live heap rather than 2, the heap does not overshoot
		// what it keeps by as much.
		defer debug.SetGCPercent(debug.SetGCPercent(resolveGC))
	}
	if res.stream, err = c.Stream(); err != nil {
		res.close()
		return nil, err
	}
	if tuned {
		boundHeap()
	}
	return res, nil
}

// resolveGC is the collector's GOGC while the corpus is resolved.
const resolveGC = 30

// minHeapLimit is the least soft memory limit boundHeap sets: below it
// the buffers of reading and writing weigh more than what resolution
// keeps, and a tighter limit would only cost collections.
const minHeapLimit = 128 << 20

// boundHeap sets a soft memory limit (debug.SetMemoryLimit) for the rest
// of the run, once the corpus is resolved and what stays live while the
// stream is written is known (heapLimit). The stream's garbage would
// otherwise let the heap grow past twice the live heap (GOGC's 100%), and
// by what is allocated while the collector marks. A GOMEMLIMIT or GOGC the
// user set is left alone (the caller's check).
func boundHeap() {
	runtime.GC() // what is live now, not at the last collection
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	debug.SetMemoryLimit(heapLimit(m.HeapAlloc))
}

// heapLimit is the soft memory limit for a live heap of live bytes: 1.5
// times that, with room for the stacks and the runtime's own (24 MiB),
// and at least minHeapLimit. At 200 MB of text (71 MB live) it costs
// about 8% more CPU than twice the live heap, for 20-30 MiB less.
func heapLimit(live uint64) int64 { return int64(max(live+live/2+24<<20, minHeapLimit)) }

// close releases the spill once the stream is no longer read.
func (e *extraction) close() {
	if e.spill != nil {
		e.spill.Close()
		os.Remove(e.spill.Name()) // gone already, unless the system refused that
	}
}

// readCorpus reads the texts under paths into a corpus, not yet resolved.
func (a *app) readCorpus(ctx context.Context, paths []string) (*extraction, *extract.Corpus, error) {
	scan, err := corpus.Walk(paths)
	if err != nil {
		return nil, nil, userError{err}
	}
	files := scan.Files
	x, err := extract.New()
	if err != nil {
		return nil, nil, fmt.Errorf("extractor: %w", err)
	}
	c := x.NewCorpus()
	// A directory or link that could not be read counts as one failed input.
	res := &extraction{files: len(files) + len(scan.Problems)}
	// The documents' full results wait in a temporary file until they are
	// written out, so that memory holds only what resolution needs.
	if f, err := os.CreateTemp("", "dossier-extract-*.spill"); err != nil {
		a.log.Warn("no temporary file: extracting in memory", "error", err)
	} else {
		os.Remove(f.Name()) // unlinked: gone with the process, however it ends
		res.spill = f
		c.SpillTo(f)
	}
	for _, p := range scan.Problems {
		a.log.Warn("could not read: skipped", "path", p.Path, "error", p.Err)
		res.failed = append(res.failed, p)
	}
	p := a.newProgress("extracting", len(files))
	done := 0
	err = corpus.AddAll(ctx, x, c, files, corpus.AddOptions{Added: func(f corpus.File, err error) {
		switch {
		case err == nil:
		case extract.Skipped(err):
			a.log.Warn("skipped file", "file", f.Path, "error", err)
			res.failed = append(res.failed, err)
		default:
			a.log.Warn("read file with a warning", "file", f.Path, "warning", err)
		}
		done++
		p.Set(done)
	}})
	if err != nil {
		res.close()
		return nil, nil, err
	}
	p.Finish()
	return res, c, nil
}

// failure turns per-file failures into the command's exit status, once the
// rest of the work is done.
func (e *extraction) failure() error {
	if len(e.failed) == 0 {
		return nil
	}
	return exitError{code: 1, msg: fmt.Sprintf("%d of %d files failed (see the warnings above); the others were processed", len(e.failed), e.files)}
}
