//go:build unix

// bash reads the words back: a Unix host's test.

package visible

import (
	"os/exec"
	"testing"
)

// ShellWord's output, read back by bash, is the string given.
func TestShellWord(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	for _, in := range []string{"ui-dev", "a b", "t\x1bcx", "it's\x07", "back\\slash\r", "\u202e", "bad\xff"} {
		w := ShellWord(in)
		if !clean(w) {
			t.Errorf("ShellWord(%q) = %q shows control characters", in, w)
		}
		out, err := exec.Command("bash", "-c", "printf %s "+w).Output()
		if err != nil || string(out) != in {
			t.Errorf("bash read %s as %q (%v), want %q", w, out, err, in)
		}
	}
}
