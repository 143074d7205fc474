package iostreams

import (
	"errors"
	"testing"
)

// What Say and Warn are given to show, a profile name or a server's error
// text, cannot drive the terminal; ssox's own format keeps its layout.
func TestSayShowsControlCharactersAsEscapes(t *testing.T) {
	s, _, _, errOut := Test()
	s.Say("log in to %s:\n\n  %s\n", "t\x1bcx", "https://x/start")
	s.Warn("credential server: %v", errors.New("portal said \x1b]0;owned\x07"))
	want := "ssox: log in to t\\x1bcx:\n\n  https://x/start\n\n" +
		"ssox: warning: credential server: portal said \\x1b]0;owned\\x07\n"
	if errOut.String() != want {
		t.Fatalf("got  %q\nwant %q", errOut.String(), want)
	}
}
