package sso

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
)

func TestSpinnerOnlyOnTerminalWithoutNoColor(t *testing.T) {
	now := time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)
	const line = "waiting for approval in the browser (code ABCD-EFGH), 9m left"
	tests := []struct {
		tty, background bool
		env             environ.Env
		want            string
	}{
		// Two frames (the first, then one tick), then the line is cleared.
		{true, false, environ.Env{}, "\r\033[K⠋ " + line + "\r\033[K⠙ " + line + "\r\033[K"},
		{true, false, environ.Env{"NO_COLOR": "1"}, ""},
		{false, false, environ.Env{}, ""},
		// Another program's screen: no spinner over it.
		{true, true, environ.Env{}, ""},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		waits := make(chan time.Duration)
		tick := make(chan time.Time)
		m := &Manager{IO: &iostreams.IOStreams{ErrOut: &buf, ErrTTY: tt.tty}, Env: tt.env, Login: LoginOptions{Background: tt.background},
			Now:   func() time.Time { return now },
			After: func(d time.Duration) <-chan time.Time { waits <- d; return tick },
		}
		ctx, cancel := context.WithDeadline(context.Background(), now.Add(9*time.Minute+30*time.Second))
		stop := m.spin(ctx, "waiting for approval in the browser", "ABCD-EFGH")
		if tt.want != "" {
			<-waits // the first frame is out
			tick <- now
			if d := <-waits; d != 100*time.Millisecond { // the second frame is out
				t.Fatalf("frame interval %s", d)
			}
		}
		stop()
		stop() // stopping twice is safe
		cancel()
		if got := buf.String(); got != tt.want {
			t.Errorf("tty %v env %v: spinner wrote %q, want %q", tt.tty, tt.env, got, tt.want)
		}
	}
}
