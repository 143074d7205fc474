// Package testwait is the one polling wait of ssox's tests: a test that
// must see another process act waits for the event itself, never for a time.
package testwait

import (
	"testing"
	"time"
)

// Until polls ok until it holds, and fails the test naming what it waited
// for after a bound generous enough for a loaded machine. show, when given,
// says what the test saw last (a screen, a buffer).
func Until(t testing.TB, what string, ok func() bool, show ...func() string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			msg := "gave up waiting for " + what
			for _, s := range show {
				msg += ":\n" + s()
			}
			t.Fatal(msg)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
