// Package debuglog writes the --debug trace: one line per step, on stderr,
// with every secret the process has seen replaced by a marker.
package debuglog

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Redacted is what a secret is replaced with.
const Redacted = "[redacted]"

// Logger writes debug lines when enabled. The zero value and a nil *Logger
// are silent, so callers never check.
type Logger struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	secrets []string
}

// New returns a logger writing to w; a nil w gives a silent logger.
func New(w io.Writer) *Logger {
	return &Logger{w: w, start: time.Now()}
}

// Enabled reports whether lines are written.
func (l *Logger) Enabled() bool { return l != nil && l.w != nil }

// Secret registers values that must never be printed. Call it as soon as a
// secret is read or received, before anything might log it.
func (l *Logger) Secret(values ...string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, v := range values {
		if len(v) >= 4 {
			l.secrets = append(l.secrets, v)
		}
	}
}

// Printf writes one line, prefixed with the time since start.
func (l *Logger) Printf(format string, args ...any) {
	if !l.Enabled() {
		return
	}
	msg := l.Redact(fmt.Sprintf(format, args...))
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "ssox: debug: %6.1fms %s\n", float64(time.Since(l.start).Microseconds())/1000, msg)
}

// Redact replaces every registered secret in s.
func (l *Logger) Redact(s string) string {
	if l == nil {
		return s
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, v := range l.secrets {
		s = strings.ReplaceAll(s, v, Redacted)
	}
	return s
}
