package notify

import (
	"slices"
	"testing"
)

func TestCommand(t *testing.T) {
	if got := command("linux", "ssox", `a "b" \c`); !slices.Equal(got, []string{"notify-send", "--app-name=ssox", "--", "ssox", `a "b" \c`}) {
		t.Errorf("linux: %q", got)
	}
	want := []string{"osascript", "-e", `display notification "a \"b\" \\c" with title "ssox"`}
	if got := command("darwin", "ssox", `a "b" \c`); !slices.Equal(got, want) {
		t.Errorf("darwin: %q, want %q", got, want)
	}
}
