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

// pane is a command running in a private tmux server (its own socket, no
// config, the harness environment), read as the user sees it.
type pane struct {
	t    *testing.T
	tmux func(args ...string) (string, error)
}

// startPane starts command in a 120×20 pane with the harness environment
// changed by extra.
func (h *harness) startPane(extra []string, command string) *pane {
	h.t.Helper()
	needShell(h.t, "tmux")
	tmuxPath, _ := exec.LookPath("tmux")
	sock := filepath.Join(h.t.TempDir(), "tmux.sock")
	p := &pane{t: h.t}
	p.tmux = func(args ...string) (string, error) {
		cmd := h.command(append([]string{"TERM=xterm-256color"}, extra...))
		cmd.Path, cmd.Args = tmuxPath, append([]string{"tmux", "-S", sock, "-f", "/dev/null"}, args...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := p.tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "20", command); err != nil {
		h.t.Fatalf("tmux new-session: %v %s", err, out)
	}
	h.t.Cleanup(func() { _, _ = p.tmux("kill-server") })
	return p
}

func (p *pane) screen() string {
	out, _ := p.tmux("capture-pane", "-p", "-t", "t")
	return out
}

// lines is what the pane shows, each line the terminal wrapped joined
// again (with trailing spaces, which tmux then keeps).
func (p *pane) lines() string {
	out, _ := p.tmux("capture-pane", "-p", "-J", "-t", "t")
	return out
}

// colours is the screen with each cell's colour as escape sequences.
func (p *pane) colours() string {
	out, _ := p.tmux("capture-pane", "-p", "-e", "-t", "t")
	return out
}

func (p *pane) keys(keys ...string) {
	p.t.Helper()
	if out, err := p.tmux(append([]string{"send-keys", "-t", "t"}, keys...)...); err != nil {
		p.t.Fatalf("send-keys: %v %s", err, out)
	}
}

func (p *pane) waitFor(what string, re string) string {
	p.t.Helper()
	ok := regexp.MustCompile(re)
	var s string
	testwait.Until(p.t, what+" on the screen", func() bool { s = p.screen(); return ok.MatchString(s) }, func() string { return s })
	return s
}

// TestInteractiveZsh starts `ssox ui-dev` in a tmux pane, with an
// interactive zsh as $SHELL whose .zshrc loads `ssox init zsh`, and reads
// the screen as the user sees it: the segment in the right prompt, profile
// names and then commands on TAB, and the shell gone after `exit`.
func TestInteractiveZsh(t *testing.T) {
	needShell(t, "zsh")
	zsh, _ := exec.LookPath("zsh")
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.writeFile("zdot/.zshrc", `PROMPT='ssox-test> '
autoload -Uz compinit && compinit -u -d "$ZDOTDIR/.zcompdump"
`+sourceInit["zsh"]+"\n")
	// No banner: the test looks for any line of ssox's on the screen.
	p := h.startPane([]string{"SHELL=" + zsh, "ZDOTDIR=" + h.path("zdot"), "SSOX_NO_BANNER=1"}, filepath.Join(binDir, "ssox")+" ui-dev")

	p.waitFor("prompt with the segment", `(?m)^ssox-test> +ui-dev (59m|1h00m) *$`)

	p.keys("ssox exec ", "Tab")
	s := p.waitFor("profile names", `(?m)^dol-prod +legacy +ui-dev *$`)
	if strings.Contains(s, "ssox:") {
		t.Fatalf("completion printed an error:\n%s", s)
	}

	// After the profile, the command completes as it would without ssox.
	p.keys("C-u", "ssox ui-dev -- trunc", "Tab")
	p.waitFor("the command completed", `(?m)^ssox-test> ssox ui-dev -- truncate `)

	p.keys("C-u", "exit", "Enter")
	testwait.Until(t, "the shell to exit", func() bool { _, err := p.tmux("has-session", "-t", "t"); return err != nil })
}

// TestZshCompletionInitBeforeCompinit presses TAB in an interactive zsh
// whose .zshrc loads `ssox init zsh` before compinit: commands, a command's
// flags and a flag's values complete all the same.
func TestZshCompletionInitBeforeCompinit(t *testing.T) {
	needShell(t, "zsh")
	zsh, _ := exec.LookPath("zsh")
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.writeFile("zdot/.zshrc", "PROMPT='ssox-test> '\n"+sourceInit["zsh"]+`
autoload -Uz compinit && compinit -u -d "$ZDOTDIR/.zcompdump"
`)
	p := h.startPane([]string{"ZDOTDIR=" + h.path("zdot")}, zsh)
	p.waitFor("the prompt", `(?m)^ssox-test> *$`)

	for _, tc := range []struct{ typed, what, want string }{
		// The first TAB inserts "log", the second lists.
		{"ssox lo\t", "the commands", `(?m)^login +logout *$`},
		{"ssox ui-dev --re", "the flags", `(?m)^--refresh +--region *$`},
		{"ssox env ui-dev --format ", "the formats", `(?m)^claude +env +env-no-export +fish +json +powershell +process +windows-cmd *$`},
		{"ssox init z", "the shell", `(?m)^ssox-test> ssox init zsh *$`},
		{"ssox env ui-dev --format=j", "the format after =", `(?m)^ssox-test> ssox env ui-dev --format=json *$`},
		{"ssox exec ", "the profiles", `(?m)^dol-prod +legacy +ui-dev *$`},
	} {
		p.keys("C-u", "C-l")
		p.waitFor("a clear screen", `^ssox-test> *\n\s*$`)
		p.keys(strings.ReplaceAll(tc.typed, "\t", ""), "Tab")
		if strings.HasSuffix(tc.typed, "\t") {
			p.waitFor("the first TAB", `ssox-test> ssox log *\n`)
			p.keys("Tab")
		}
		s := p.waitFor(tc.what+" for "+strings.TrimSpace(tc.typed), tc.want)
		if strings.Contains(s, "ssox:") {
			t.Fatalf("completion printed an error:\n%s", s)
		}
	}
}
