package main

import (
	"context"
	"fmt"

	"github.com/dossier-dev/dossier/extract"
	"github.com/dossier-dev/dossier/extract/corpus"
	"github.com/dossier-dev/dossier/graph"
)

// extraction is the graph read from a set of input paths, with the files
// that could not be read or extracted.
type extraction struct {
	graph  *graph.Graph
	files  int
	failed []error // one per failed file, each naming it
}

// extractPaths reads every text under paths into one resolved graph, on
// every core (the graph is the same whatever their number). A bad file, or
// a directory that cannot be read, is logged and skipped; the others are
// still read.
func (a *app) extractPaths(ctx context.Context, paths []string) (*extraction, error) {
	scan, err := corpus.Walk(paths)
	if err != nil {
		return nil, userError{err}
	}
	files := scan.Files
	x, err := extract.New()
	if err != nil {
		return nil, fmt.Errorf("extractor: %w", err)
	}
	c := x.NewCorpus()
	// A directory or link that could not be read counts as one failed input.
	res := &extraction{files: len(files) + len(scan.Problems)}
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
		return nil, err
	}
	p.Finish()
	res.graph = c.Graph()
	return res, nil
}

// failure turns per-file failures into the command's exit status, once the
// rest of the work is done.
func (e *extraction) failure() error {
	if len(e.failed) == 0 {
		return nil
	}
	return exitError{code: 1, msg: fmt.Sprintf("%d of %d files failed (see the warnings above); the others were processed", len(e.failed), e.files)}
}
