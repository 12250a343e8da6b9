package main

import (
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress reports long work: a bar on a terminal, a log line every few
// seconds otherwise (cron, CI, systemd journals).
type progress struct {
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
	p := &progress{log: a.log, what: what, total: total, last: time.Now()}
	if isTerminal(a.stderr) && total > 0 {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionSetDescription(what),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// Set records that done of total units are finished.
func (p *progress) Set(done int) {
	p.done = done
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
