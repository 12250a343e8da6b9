package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/gencorpus"
)

// BenchmarkCLIExtract runs what a user runs, `dossier extract DIR --out
// FILE`, as a separate process on a generated realistic corpus (50 MB by
// default; internal/gencorpus), file reading and JSON writing included. It
// reports MB/s of wall time, CPU seconds per MB (user + system, every
// thread: fairer on a shared machine), the peak RSS of the process and the
// one-minute load average when it started (the machine is shared):
//
//	make bench
//	go test -run '^$' -bench CLIExtract -benchtime 1x ./cmd/dossier/
//	DOSSIER_BENCH_MB=200 GOMAXPROCS=1 go test -run '^$' -bench CLIExtract -benchtime 1x ./cmd/dossier/
//
// The corpus is generated once into $TMPDIR/dossier-bench-* and reused;
// DOSSIER_BENCH_CORPUS names another folder to read instead, and
// DOSSIER_BENCH_BIN another dossier binary to run (an older build, to
// compare). GOMAXPROCS in the environment reaches the dossier process too.
func BenchmarkCLIExtract(b *testing.B) {
	dir, size := benchCorpus(b)
	bin := os.Getenv("DOSSIER_BENCH_BIN") // a build to compare with
	if bin == "" {
		bin = buildDossier(b)
	}
	out := filepath.Join(b.TempDir(), "graph.json")
	load := loadAverage()
	var wall time.Duration
	var cpu time.Duration
	var rss int64
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin, "extract", dir, "--out", out, "--log-level", "warn")
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("dossier extract: %v", err)
		}
		wall += time.Since(start)
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		rss = max(rss, ru.Maxrss) // KiB on Linux
	}
	b.StopTimer()
	mb := float64(size) * float64(b.N) / (1 << 20)
	b.ReportMetric(mb/wall.Seconds(), "MB/s")
	b.ReportMetric(cpu.Seconds()/mb, "cpu-s/MB")
	b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
	b.ReportMetric(float64(size)/(1<<20), "corpus-MB")
	b.ReportMetric(load, "load1")
}

// benchCorpus returns the benchmark corpus folder and its size in bytes,
// generating it on first use.
func benchCorpus(b *testing.B) (string, int64) {
	b.Helper()
	if dir := os.Getenv("DOSSIER_BENCH_CORPUS"); dir != "" {
		return dir, dirSize(b, dir)
	}
	mb := 50
	if s := os.Getenv("DOSSIER_BENCH_MB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("DOSSIER_BENCH_MB=%q: want a positive number of MB", s)
		}
		mb = n
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("dossier-bench-v%d-%dmb", gencorpus.Version, mb))
	done := filepath.Join(dir, ".complete") // a dot file: not read as input
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(dir)
		st, err := gencorpus.Generate(dir, gencorpus.Options{Size: int64(mb) << 20, Seed: 1, SeedDir: "../../data/seeds"})
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			b.Fatal(err)
		}
		b.Logf("generated %s: %d files, %d bytes", dir, st.Files, st.Bytes)
	}
	return dir, dirSize(b, dir)
}

// dirSize adds up the sizes of the .txt files under dir.
func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// loadAverage returns the one-minute load average, or -1 where unknown.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		return -1
	}
	return f
}
