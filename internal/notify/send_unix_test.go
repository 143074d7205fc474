//go:build unix && !darwin

// notify-send, its desktop session and the stand-in (a shell script) are
// those of Linux and the BSDs; macOS runs osascript (TestCommand) and
// Windows has neither.

package notify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/testwait"
)

// Send runs the command found on the given PATH with the given
// environment, and nothing when there is none.
func TestSend(t *testing.T) {
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
