package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/dossier-dev/dossier/graph"
)

type extractOptions struct {
	paths []string
	out   string // "" or "-" means stdout
}

func newExtractCmd(a *app) *cobra.Command {
	opts := &extractOptions{}
	cmd := &cobra.Command{
		Use:   "extract PATH... [--out FILE]",
		Short: "Extract the graph from texts and write it as JSON (no database)",
		Long: `Extract reads .txt files (files, or directories walked recursively), extracts
the graph and writes it as graph JSON. The same input always gives
byte-identical output. Files that cannot be read are reported and skipped;
the exit status is then 1.`,
		Example: `  dossier extract data/seeds --out graph.json
  dossier extract article.txt | jq '.nodes[] | select(.label=="Person") | .name'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runExtract(cmd.Context(), a, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write the JSON to FILE instead of stdout")
	return cmd
}

func runExtract(ctx context.Context, a *app, opts *extractOptions) error {
	res, err := a.extractStream(ctx, opts.paths)
	if err != nil {
		return err
	}
	defer res.close()
	// Counted as they are written: nodes and relationships are never all
	// held.
	s, rels := *res.stream, map[string]int{}
	total, nodes, people, statements := 0, 0, 0, 0
	s.Nodes = counting(s.Nodes, func(batch []graph.Node) {
		for _, n := range batch {
			switch n.Label {
			case graph.LabelPerson:
				people++
			case graph.LabelStatement:
				statements++
			}
		}
		nodes += len(batch)
	})
	s.Relationships = counting(s.Relationships, func(batch []graph.Relationship) {
		for _, r := range batch {
			rels[r.Type]++
		}
		total += len(batch)
	})
	if opts.out == "" || opts.out == "-" {
		if err := s.WriteJSON(a.stdout); err != nil {
			return err
		}
	} else if err := writeFileAtomic(opts.out, s.WriteJSON); err != nil {
		return userError{err}
	}
	a.log.Info("extracted", "files", res.files, "failed", len(res.failed),
		"nodes", nodes, "relationships", total,
		"people", people, "statements", statements, "said", rels[graph.RelSaid])
	return res.failure()
}

// counting yields the batches of a stream's part, each handed to count
// first.
func counting[T any](part iter.Seq2[[]T, error], count func([]T)) iter.Seq2[[]T, error] {
	if part == nil {
		return nil
	}
	return func(yield func([]T, error) bool) {
		for batch, err := range part {
			count(batch)
			if !yield(batch, err) {
				return
			}
		}
	}
}

// writeFileAtomic writes through a temporary file renamed into place, so a
// failed run never leaves a half-written export behind.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
