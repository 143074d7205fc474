package sso

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
)

func TestSpinnerOnlyOnTerminalWithoutNoColor(t *testing.T) {
	tests := []struct {
		tty  bool
		env  environ.Env
		want bool
	}{
		{true, environ.Env{}, true},
		{true, environ.Env{"NO_COLOR": "1"}, false},
		{false, environ.Env{}, false},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		m := &Manager{IO: &iostreams.IOStreams{ErrOut: &buf, ErrTTY: tt.tty}, Env: tt.env}
		ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
		stop := m.spin(ctx, "waiting for approval in the browser", "ABCD-EFGH")
		time.Sleep(150 * time.Millisecond)
		stop()
		stop() // stopping twice is safe
		cancel()
		out := buf.String()
		if got := out != ""; got != tt.want {
			t.Fatalf("tty %v env %v: output %q", tt.tty, tt.env, out)
		}
		if tt.want && (!(strings.Contains(out, "waiting for approval in the browser (code ABCD-EFGH), 9m0s left") || strings.Contains(out, "(code ABCD-EFGH), 8m59s left")) || !strings.HasSuffix(out, "\r\033[K")) {
			t.Fatalf("spinner wrote %q", out)
		}
	}
}
