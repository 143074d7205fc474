// Package interrupt ends a run's context on Ctrl-C (SIGINT) or SIGTERM, from
// the moment something that may wait asks for it: a lock, a login, a network
// call. The warm path, which only reads caches and execs, installs no signal
// handler at all.
package interrupt

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

type key struct{}

type state struct {
	once   sync.Once
	cancel context.CancelFunc
	stop   func()
}

// New returns a context that Arm can make end on an interrupt, and a
// function that releases it (and the handler, if armed).
func New(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	st := &state{cancel: cancel}
	return context.WithValue(ctx, key{}, st), func() {
		if st.stop != nil {
			st.stop()
		}
		cancel()
	}
}

// Arm makes ctx (from New) end when the user interrupts ssox, and a second
// interrupt end ssox itself (as the signal does by default: a shell reports
// 130 for SIGINT); the first call installs the handler, later ones do
// nothing. Signals ssox was started with ignored (nohup, a background job)
// stay ignored: catching one would un-ignore it for the command ssox execs.
func Arm(ctx context.Context) {
	st, ok := ctx.Value(key{}).(*state)
	if !ok {
		return
	}
	st.once.Do(func() {
		var sigs []os.Signal
		for _, s := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
			if !signal.Ignored(s) {
				sigs = append(sigs, s)
			}
		}
		if len(sigs) == 0 {
			return
		}
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, sigs...)
		done := make(chan struct{})
		st.stop = func() {
			signal.Stop(ch)
			close(done)
		}
		go func() {
			select {
			case <-ch:
				// The first signal asks: ctx ends, and ssox winds down.
				// The handler goes first, so that a second one forces:
				// it has the signal's default effect and ends ssox even
				// in a call that does not heed ctx.
				signal.Stop(ch)
				st.cancel()
			case <-done:
			}
		}()
	})
}
