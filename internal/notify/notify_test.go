package notify

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/testwait"
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

// Send runs the command found on the given PATH with the given
// environment, and nothing when there is none.
func TestSend(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("a stand-in notify-send is a shell script")
	}
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	script := "#!/bin/sh\nprintf '%s|' \"$@\" >>\"$NOTIFY_LOG\"\n"
	if err := os.WriteFile(filepath.Join(dir, "notify-send"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	if Send(environ.Env{"PATH": t.TempDir(), "DISPLAY": ":0"}, "ssox", "body") {
		t.Fatal("Send started something with no notify-send on PATH")
	}
	if Send(environ.Env{"PATH": dir, "NOTIFY_LOG": log}, "ssox", "body") {
		t.Fatal("Send started notify-send without a desktop session")
	}
	if !Send(environ.Env{"PATH": dir, "NOTIFY_LOG": log, "DISPLAY": ":0"}, "ssox", "the session ended") {
		t.Fatal("Send did not start notify-send")
	}
	var got []byte
	testwait.Until(t, "the notification", func() bool { got, _ = os.ReadFile(log); return len(got) > 0 })
	if want := "--app-name=ssox|--|ssox|the session ended|"; strings.TrimSpace(string(got)) != want {
		t.Fatalf("notify-send got %q, want %q", got, want)
	}
}
