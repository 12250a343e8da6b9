package main

import (
	"io"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress reports long work: a bar on a terminal, a log line every few
// seconds otherwise (cron, CI, systemd journals).
type progress struct {
	tty   bool
	out   io.Writer
	bar   *progressbar.ProgressBar
	log   *slog.Logger
	what  string
	total int
	done  int
	last  time.Time
}

// logEvery is how often progress is logged when stderr is not a terminal.
const logEvery = 5 * time.Second

func (a *app) newProgress(what string, total int) *progress {
	p := &progress{tty: isTerminal(a.stderr), out: a.stderr, log: a.log, what: what, total: total, last: time.Now()}
	if p.tty && total > 0 {
		p.bar = p.newBar(total)
	}
	return p
}

func (p *progress) newBar(total int) *progressbar.ProgressBar {
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.out),
		progressbar.OptionSetDescription(p.what),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// Set records that done of total units are finished.
func (p *progress) Set(done int) { p.Update(done, p.total) }

// Update records progress when the total is only known as work goes
// (a load learns it from the planned batches).
func (p *progress) Update(done, total int) {
	if p.bar == nil && total != p.total && total > 0 && p.tty {
		p.bar = p.newBar(total)
	}
	p.done, p.total = done, total
	if p.bar != nil {
		_ = p.bar.Set(done)
		return
	}
	if time.Since(p.last) >= logEvery {
		p.last = time.Now()
		p.log.Info(p.what, "done", done, "total", p.total)
	}
}

// Finish clears the bar.
func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
