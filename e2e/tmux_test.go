//go:build unix

package e2e

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testwait"
)

// TestInteractiveZsh starts `ssox ui-dev` in a tmux pane, with an
// interactive zsh as $SHELL whose .zshrc loads `ssox init zsh`, and reads
// the screen as the user sees it: the segment in the right prompt, profile
// names and then commands on TAB, and the shell gone after `exit`.
func TestInteractiveZsh(t *testing.T) {
	needShell(t, "zsh")
	needShell(t, "tmux")
	tmuxPath, _ := exec.LookPath("tmux")
	zsh, _ := exec.LookPath("zsh")
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.writeFile("zdot/.zshrc", `PROMPT='ssox-test> '
autoload -Uz compinit && compinit -u -d "$ZDOTDIR/.zcompdump"
`+sourceInit["zsh"]+"\n")

	// A private server: its own socket, no config, our environment.
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	tmux := func(args ...string) (string, error) {
		cmd := h.command([]string{"SHELL=" + zsh, "ZDOTDIR=" + h.path("zdot"), "TERM=xterm-256color"})
		cmd.Path, cmd.Args = tmuxPath, append([]string{"tmux", "-S", sock, "-f", "/dev/null"}, args...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := tmux("new-session", "-d", "-s", "ssox", "-x", "120", "-y", "20", filepath.Join(binDir, "ssox")+" ui-dev"); err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}
	t.Cleanup(func() { _, _ = tmux("kill-server") })

	screen := func() string {
		out, _ := tmux("capture-pane", "-p", "-t", "ssox")
		return out
	}
	waitFor := func(what string, ok func(string) bool) string {
		t.Helper()
		var s string
		testwait.Until(t, what+" on the screen", func() bool { s = screen(); return ok(s) }, func() string { return s })
		return s
	}

	segment := regexp.MustCompile(`(?m)^ssox-test> +ui-dev (59m|1h00m) *$`)
	waitFor("prompt with the segment", segment.MatchString)

	if _, err := tmux("send-keys", "-t", "ssox", "ssox exec ", "Tab"); err != nil {
		t.Fatal(err)
	}
	listing := regexp.MustCompile(`(?m)^dol-prod +legacy +ui-dev *$`)
	s := waitFor("profile names", listing.MatchString)
	if strings.Contains(s, "ssox:") {
		t.Fatalf("completion printed an error:\n%s", s)
	}

	// After the profile, the command completes as it would without ssox.
	if _, err := tmux("send-keys", "-t", "ssox", "C-u", "ssox ui-dev -- trunc", "Tab"); err != nil {
		t.Fatal(err)
	}
	waitFor("the command completed", regexp.MustCompile(`(?m)^ssox-test> ssox ui-dev -- truncate `).MatchString)

	if _, err := tmux("send-keys", "-t", "ssox", "C-u", "exit", "Enter"); err != nil {
		t.Fatal(err)
	}
	testwait.Until(t, "the shell to exit", func() bool { _, err := tmux("has-session", "-t", "ssox"); return err != nil })
}
