//go:build unix

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testwait"
)

// renewRC are each shell's rc file for the renewal test: a plain prompt, no
// history file (its write at exit would race the test's cleanup), ssox's
// integration with its binary replaced by one that counts its runs
// (ssox-count), and a hook after ssox's that writes, at each prompt, the
// last process id given out in the shell's own pid namespace (with builtins
// only): the difference between two prompts is every process and thread
// started in between.
var renewRC = map[string]struct{ file, text string }{
	"zsh": {"zdot/.zshrc", `PROMPT='ssox-test> '
` + sourceInit["zsh"] + `
_ssox_bin=$HOME/ssox-count
zmodload zsh/system
_test_log() {
  local n='?'
  # One read(2): zsh's read takes a byte at a time, and a sysctl file
  # answers only the first.
  [[ -r /proc/sys/kernel/ns_last_pid ]] && sysread n </proc/sys/kernel/ns_last_pid
  print -r -- ${n%$'\n'} >>$HOME/prompts
}
precmd_functions+=(_test_log)
`},
	"bash": {".bashrc", `PS1='ssox-test> '
unset HISTFILE
` + sourceInit["bash"] + `
_ssox_bin=$HOME/ssox-count
_test_log() {
  local n='?'
  [[ -r /proc/sys/kernel/ns_last_pid ]] && read -r n </proc/sys/kernel/ns_last_pid
  printf '%s\n' "$n" >>"$HOME/prompts"
}
PROMPT_COMMAND+=$'\n_test_log'
`},
	"fish": {".config/fish/config.fish", `function fish_prompt; echo -n 'ssox-test> '; end
function fish_greeting; end
set -g fish_private_mode 1
` + sourceInit["fish"] + `
set -g __ssox_bin $HOME/ssox-count
function _test_log --on-event fish_prompt
    set -l n '?'
    test -r /proc/sys/kernel/ns_last_pid; and read n </proc/sys/kernel/ns_last_pid
    echo $n >>$HOME/prompts
end
`},
}

// pidNamespace is the command that runs the pane's command as the first
// process of a pid namespace of its own, where process ids are given out
// one after another to it and its descendants alone; "" where namespaces
// cannot be made (CI, with CI=true, fails instead).
func pidNamespace(t *testing.T) string {
	t.Helper()
	ns := "unshare --user --map-root-user --pid --fork --mount-proc"
	if out, err := exec.Command("sh", "-c", ns+" true").CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot make a pid namespace to count processes: %v %s", err, out)
		}
		t.Logf("not counting processes: no pid namespace (%v %s)", err, strings.TrimSpace(string(out)))
		return ""
	}
	return ns + " "
}

// TestPromptRenewsKeys runs `ssox --min-ttl 5m ui-dev` in tmux, for each
// shell, with role credentials that live 5m08s: the keys are due for
// renewal 8 seconds after they came. Prompts before that start nothing;
// the prompt after it runs ssox once, silently, and the shell has the keys
// the fake issued next; the prompts after start nothing again. Then the
// fake ends the session (tokens revoked, refresh refused): the next due
// prompt says `ui-dev login` (magenta) and, once, which command to run,
// with no browser; the prompts after it start nothing; after `ssox login
// ui-dev` (the stand-in browser approving), the next prompt renews.
func TestPromptRenewsKeys(t *testing.T) {
	for _, sh := range []string{"zsh", "bash", "fish"} {
		t.Run(sh, func(t *testing.T) {
			needShell(t, sh)
			shell, _ := exec.LookPath(sh)
			h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: 5*time.Minute + 8*time.Second})
			h.writeConfig(guideConfig)
			h.seedToken("njoitaws", 8*time.Hour, true)
			rc := renewRC[sh]
			h.writeFile(rc.file, rc.text)
			h.writeFile("ssox-count", "#!/bin/sh\necho \"$*\" >>\"$HOME/ssox-runs\"\nexec "+filepath.Join(binDir, "ssox")+" \"$@\"\n")
			if err := os.Chmod(h.path("ssox-count"), 0o700); err != nil {
				t.Fatal(err)
			}
			ns := pidNamespace(t)
			// No banner: the test counts ssox's lines on the screen.
			env := h.withBrowserLog("SSOX_NO_BANNER=1", "SHELL="+shell, "ZDOTDIR="+h.path("zdot"), "XDG_CONFIG_HOME="+h.path(".config"),
				"XDG_DATA_HOME="+h.path(".local/share"), "XDG_CACHE_HOME="+h.path(".cache"))
			p := h.startPane(env, ns+filepath.Join(binDir, "ssox")+" --min-ttl 5m ui-dev")

			lines := func(name string) []string {
				data, _ := os.ReadFile(h.path(name))
				return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			}
			prompts := func() int {
				if l := lines("prompts"); l[0] != "" {
					return len(l)
				}
				return 0
			}
			runs := func() []string {
				if l := lines("ssox-runs"); l[0] != "" {
					return l
				}
				return nil
			}
			// enter types a command and waits for the prompt after it.
			enter := func(command string) {
				t.Helper()
				n := prompts()
				p.keys(command, "Enter")
				testwait.Until(t, "the prompt after "+command, func() bool { return prompts() > n }, p.screen)
			}
			// started is how many processes and threads the shell started
			// between the prompts before and at the last one.
			started := func() int {
				t.Helper()
				l := lines("prompts")
				if len(l) < 2 || ns == "" {
					return 0
				}
				a, err1 := strconv.Atoi(l[len(l)-2])
				b, err2 := strconv.Atoi(l[len(l)-1])
				if err1 != nil || err2 != nil {
					t.Fatalf("the prompts' log holds %q", l)
				}
				return b - a
			}
			// quiet has n prompts drawn (Enter on an empty line), none of
			// which may start a process. fish starts threads of its own at
			// a prompt (strace shows one or two clones with CLONE_THREAD,
			// ssox's line or not), which the count cannot tell from a
			// process: there, two are allowed, and ssox's runs are counted
			// apart (runs).
			own := 0
			if sh == "fish" {
				own = 2
			}
			quiet := func(n int) {
				t.Helper()
				before := len(runs())
				for range n {
					enter("")
					if s := started(); s > own {
						t.Fatalf("a prompt that renews nothing started %d processes or threads", s)
					}
				}
				if r := runs(); len(r) != before {
					t.Fatalf("ssox ran at prompts that renew nothing: %q", r)
				}
			}
			// untilRenewed types a builtin until the hook runs ssox, which
			// it must at the first prompt after the keys are due.
			untilRenewed := func() {
				t.Helper()
				before := len(runs())
				deadline := time.Now().Add(30 * time.Second)
				for len(runs()) == before {
					if time.Now().After(deadline) {
						t.Fatalf("no renewal within 30 s:\n%s", p.screen())
					}
					time.Sleep(500 * time.Millisecond)
					enter("")
				}
				if r := runs(); len(r) != before+1 || r[len(r)-1] != "use --shell "+sh+" --renew" {
					t.Fatalf("ssox ran as %q at the renewing prompt, want once, as 'use --shell %s --renew'", r[before:], sh)
				}
				if ns != "" && started() <= own {
					t.Fatalf("the renewing prompt's count shows no process (%q): the count is broken", lines("prompts"))
				}
			}
			// shows prints the keys and the login mark as the shell has them.
			shows := func(key, login string) {
				t.Helper()
				enter(`echo "key=$AWS_ACCESS_KEY_ID login=$SSOX_LOGIN_NEEDED."`)
				want := fmt.Sprintf("key=%s login=%s.", key, login)
				if !strings.Contains(p.screen(), "\n"+want+"\n") {
					t.Fatalf("the shell does not show %q:\n%s", want, p.screen())
				}
			}

			segment := func(text string) string { return segmentPattern(sh, text) }
			p.waitFor("the first prompt", segment("ui-dev 5m"))
			testwait.Until(t, "the first prompt's log", func() bool { return prompts() == 1 })
			quiet(2)
			issued := h.fake.IssuedCredentials()
			if len(issued) != 1 {
				t.Fatalf("the fake issued %d credentials before the shell started, want 1", len(issued))
			}
			shows(issued[0].AccessKeyID, "")

			untilRenewed()
			if issued = h.fake.IssuedCredentials(); len(issued) != 2 {
				t.Fatalf("the fake issued %d credentials, want 2", len(issued))
			}
			quiet(2)
			shows(issued[1].AccessKeyID, "")
			if strings.Contains(p.screen(), "ssox:") {
				t.Fatalf("the renewal was not silent:\n%s", p.screen())
			}

			// The session ends: only a login renews the keys now.
			h.fake.ExpireAccessTokens()
			h.fake.RevokeRefreshTokens()
			untilRenewed()
			s := p.waitFor("the login line", `(?m)^ssox: the SSO session of ui-dev has ended \(keys: [45]m left\): run 'ssox login ui-dev'; the next prompt renews them$`)
			if n := strings.Count(s, "ssox:"); n != 1 {
				t.Fatalf("%d lines from ssox, want one:\n%s", n, s)
			}
			// The right prompt may be drawn after the line shows.
			testwait.Until(t, "a magenta 'ui-dev login' segment", func() bool { return strings.Contains(p.colours(), "\x1b[35mui-dev login") },
				func() string { return fmt.Sprintf("%q", p.colours()) })
			quiet(3)
			shows(issued[1].AccessKeyID, "ssox login ui-dev")
			if l := h.browserLog(); len(l) != 0 {
				t.Fatalf("a browser opened from the prompt: %q", l)
			}
			if n := strings.Count(p.screen(), "ssox:"); n != 1 {
				t.Fatalf("the login line was repeated:\n%s", p.screen())
			}

			// The user logs in; the prompt after it renews.
			before := len(runs())
			enter("ssox login ui-dev")
			if r := runs(); len(r) != before+1 || r[len(r)-1] != "use --shell "+sh+" --renew" {
				t.Fatalf("the prompt after the login ran ssox as %q, want one renewal", r[before:])
			}
			if l := h.browserLog(); len(l) != 1 {
				t.Fatalf("the login opened %d browsers, want 1", len(l))
			}
			issued = h.fake.IssuedCredentials()
			shows(issued[len(issued)-1].AccessKeyID, "")
			p.waitFor("the segment", segment("ui-dev 5m"))
			quiet(2)
			h.noSecrets("the screen", p.screen())
		})
	}
}

// segmentPattern matches a prompt of the renewal tests' rc files
// ("ssox-test>") with the segment text, in the order shell shows them:
// bash's segment before the prompt (PS1), zsh's and fish's on the right.
func segmentPattern(shell, text string) string {
	if shell == "bash" {
		return regexp.QuoteMeta(text) + " ssox-test>"
	}
	return "ssox-test>.*" + regexp.QuoteMeta(text)
}
