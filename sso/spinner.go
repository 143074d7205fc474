package sso

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
)

var spinFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// spin shows what the login waits for and the time left, on a terminal
// only, never with NO_COLOR nor in the background; the returned stop
// clears the line.
func (m *Manager) spin(ctx context.Context, what, code string) (stop func()) {
	if !m.IO.ErrTTY || m.Login.Background || m.Env.Get("NO_COLOR") != "" {
		return func() {}
	}
	deadline, _ := ctx.Deadline()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			line := spinFrames[i%len(spinFrames)] + " " + what
			if code != "" {
				line += " (code " + visible.String(code) + ")"
			}
			if !deadline.IsZero() {
				line += ", " + timeleft.Until(deadline, m.now()) + " left"
			}
			fmt.Fprintf(m.IO.ErrOut, "\r\033[K%s", line)
			select {
			case <-done:
				fmt.Fprint(m.IO.ErrOut, "\r\033[K")
				return
			case <-m.after(100 * time.Millisecond):
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
		})
	}
}
