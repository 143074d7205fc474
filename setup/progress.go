package setup

import (
	"fmt"
	"io"
	"time"
)

// progressEvery is how often the progress line is redrawn at most.
const progressEvery = 100 * time.Millisecond

// ProgressLine returns a ListOptions.Progress that keeps one line on a
// terminal up to date, "accounts 412/1000" ("1000+" while the portal is still
// listing accounts), redrawn at most every 100 ms and when the last account
// is done; and a function that erases the line.
func ProgressLine(w io.Writer, now func() time.Time) (progress func(done, known int, listed bool), clear func()) {
	var last time.Time
	drawn := false
	progress = func(done, known int, listed bool) {
		final := listed && done == known
		if t := now(); final || t.Sub(last) >= progressEvery {
			last = t
			more := ""
			if !listed {
				more = "+"
			}
			fmt.Fprintf(w, "\raccounts %d/%d%s\x1b[K", done, known, more)
			drawn = true
		}
	}
	clear = func() {
		if drawn {
			fmt.Fprint(w, "\r\x1b[K")
		}
	}
	return progress, clear
}
