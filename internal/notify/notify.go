// Package notify shows a desktop notification, where the platform has a
// command for one: osascript on macOS, notify-send elsewhere (libnotify,
// on Linux and the BSDs). It is for news the user must not miss while
// another program holds the terminal: a login that is needed.
package notify

import (
	"os/exec"
	"runtime"
	"strings"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/lookpath"
)

// Send shows title and body, with the command found on env's PATH, and
// reports whether it started one; it does not wait for it (a notification
// daemon that does not answer must not hold ssox up). Outside macOS it
// needs a desktop session (a display or a session bus): over SSH, say,
// notify-send would only start a bus nobody sees.
func Send(env environ.Env, title, body string) bool {
	if runtime.GOOS != "darwin" && env.Get("DISPLAY") == "" && env.Get("WAYLAND_DISPLAY") == "" && env.Get("DBUS_SESSION_BUS_ADDRESS") == "" {
		return false
	}
	argv := command(runtime.GOOS, title, body)
	path, err := lookpath.Find(argv[0], env.Get("PATH"))
	if err != nil {
		return false
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Env = env.List()
	if cmd.Start() != nil {
		return false
	}
	go func() { _ = cmd.Wait() }()
	return true
}

// command is the command line that shows a notification on goos.
func command(goos, title, body string) []string {
	if goos == "darwin" {
		return []string{"osascript", "-e", "display notification " + appleScript(body) + " with title " + appleScript(title)}
	}
	return []string{"notify-send", "--app-name=ssox", "--", title, body}
}

// appleScript quotes s as an AppleScript string literal.
func appleScript(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
