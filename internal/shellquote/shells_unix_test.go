//go:build unix

// These tests run sh, bash, zsh and fish.

package shellquote

import (
	"os/exec"
	"testing"
)

// Each quoting, read back by its real shell, is the string again.
func TestRoundTripInRealShells(t *testing.T) {
	for _, tc := range []struct {
		argv  []string
		quote func(string) string
		show  string
	}{
		{[]string{"sh", "-c"}, Sh, `printf %s "$v"`},
		{[]string{"bash", "--norc", "--noprofile", "-c"}, Sh, `printf %s "$v"`},
		{[]string{"zsh", "-f", "-c"}, Sh, `printf %s "$v"`},
		{[]string{"fish", "--no-config", "-c"}, Fish, `printf %s "$v"`},
	} {
		for _, in := range []string{hostile, "=ls", "", "plain/+=@,:."} {
			script := "v=" + tc.quote(in) + "; " + tc.show
			if tc.argv[0] == "fish" {
				script = "set v " + tc.quote(in) + "; " + tc.show
			}
			out, err := exec.Command(tc.argv[0], append(tc.argv[1:], script)...).Output()
			if err != nil || string(out) != in {
				t.Errorf("%s read %q back as %q (%v)", tc.argv[0], in, out, err)
			}
		}
	}
}

// hostile has what breaks naive quoting in one shell or another.
const hostile = "it's \"x\" $(touch pwned) `y` \\n \\' %F{red} $HOME\n=\t~ *"
