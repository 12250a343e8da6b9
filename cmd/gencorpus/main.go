// Command gencorpus writes a realistic generated corpus for benchmarks (see
// internal/gencorpus): many short news-like files, invented people recurring
// across them, seed texts replicated under distinct first lines, some exact
// duplicates.
//
//	go run ./cmd/gencorpus -mb 50 -out /tmp/corpus-50mb
//	dossier extract /tmp/corpus-50mb --out /tmp/g.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dossier-dev/dossier/internal/gencorpus"
)

func main() {
	mb := flag.Int("mb", 50, "size of the corpus in MB (MiB)")
	seed := flag.Int64("seed", 1, "random seed: the same seed gives the same files")
	seeds := flag.String("seeds", "data/seeds", "folder of .txt texts to replicate (\"\" for none)")
	out := flag.String("out", "", "folder to write to (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -out DIR [-mb 50] [-seed 1] [-seeds data/seeds]")
		os.Exit(2)
	}
	st, err := gencorpus.Generate(*out, gencorpus.Options{Size: int64(*mb) << 20, Seed: *seed, SeedDir: *seeds})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d files, %d bytes (%d exact duplicates, %d replicated seed texts)\n",
		*out, st.Files, st.Bytes, st.Duplicates, st.Replicated)
}
