//go:build linux

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
	"github.com/ssox/ssox/internal/testwait"
)

// TestServerSignalsInTerminal runs `ssox ui-dev --server -- sh child.sh`
// from an interactive bash in a tmux pane, a real terminal, and checks what
// the child gets: the terminal's Ctrl-C, Ctrl-\ and resize once each (from
// the terminal, never again from ssox); the same signals sent to ssox's PID
// alone, and USR1, USR2 and TERM, passed on; Ctrl-Z stops the child and
// gives bash its prompt back, and fg continues it in the foreground. The
// child logs each signal it traps, so duplicates show in the log.
func TestServerSignalsInTerminal(t *testing.T) {
	tmuxPath, err := exec.LookPath("tmux")
	if err != nil {
		testneed.Missing(t, "tmux is not installed (.ci/run installs it)")
	}
	needShell(t, "bash")
	bash, _ := exec.LookPath("bash")
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	log, ready := h.path("signals.log"), h.path("ready")
	h.writeFile("child.sh", `for s in INT QUIT USR1 USR2 WINCH; do trap "echo $s >> `+log+`" $s; done
trap 'echo TERM >> `+log+`; exit 3' TERM
echo "$PPID $$" > `+ready+`
while :; do sleep 0.1; done
`)

	sock := filepath.Join(t.TempDir(), "tmux.sock")
	tmux := func(args ...string) (string, error) {
		cmd := h.command([]string{"PS1=ssox-test$ ", "TERM=xterm-256color", "HISTFILE="})
		cmd.Path, cmd.Args = tmuxPath, append([]string{"tmux", "-S", sock, "-f", "/dev/null"}, args...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := tmux("new-session", "-d", "-s", "ssox", "-x", "120", "-y", "20", bash+" --norc --noprofile -i"); err != nil {
		t.Fatalf("tmux new-session: %v %s", err, out)
	}
	t.Cleanup(func() { _, _ = tmux("kill-server") })
	keys := func(k ...string) {
		t.Helper()
		if out, err := tmux(append([]string{"send-keys", "-t", "ssox"}, k...)...); err != nil {
			t.Fatalf("send-keys %q: %v %s", k, err, out)
		}
	}
	var screen string
	waitScreen := func(what string, re *regexp.Regexp) {
		t.Helper()
		testwait.Until(t, what+" on the screen", func() bool {
			out, _ := tmux("capture-pane", "-p", "-t", "ssox")
			screen = out
			return re.MatchString(out)
		}, func() string { return screen })
	}
	var got []string
	wantLog := func(sig string) {
		t.Helper()
		got = append(got, sig)
		want := strings.Join(got, "\n") + "\n"
		var data []byte
		testwait.Until(t, "the child's log to read "+strings.Join(got, " "), func() bool {
			data, _ = os.ReadFile(log)
			return string(data) == want
		}, func() string { return string(data) })
	}

	waitScreen("bash's prompt", regexp.MustCompile(`(?m)^ssox-test\$ ?$`))
	keys("ssox ui-dev --server -- sh "+h.path("child.sh"), "Enter")
	var pids []string
	testwait.Until(t, "the child to start", func() bool {
		data, _ := os.ReadFile(ready)
		pids = strings.Fields(string(data))
		return len(pids) == 2
	})
	ssox, _ := strconv.Atoi(pids[0])
	child := pids[1]
	kill := func(sig syscall.Signal) {
		t.Helper()
		if err := syscall.Kill(ssox, sig); err != nil {
			t.Fatal(err)
		}
	}

	// The terminal's own: once each, from the terminal.
	keys("C-c")
	wantLog("INT")
	keys(`C-\`)
	wantLog("QUIT")
	if out, err := tmux("resize-window", "-t", "ssox", "-x", "100", "-y", "20"); err != nil {
		t.Fatalf("resize-window: %v %s", err, out)
	}
	wantLog("WINCH")
	// Sent to ssox alone: passed on.
	for _, s := range []struct {
		sig  syscall.Signal
		name string
	}{{syscall.SIGINT, "INT"}, {syscall.SIGQUIT, "QUIT"}, {syscall.SIGUSR1, "USR1"}, {syscall.SIGWINCH, "WINCH"}} {
		kill(s.sig)
		wantLog(s.name)
	}

	// Ctrl-Z stops the child and ssox; bash takes the terminal back.
	keys("C-z")
	waitScreen("bash's stopped job", regexp.MustCompile(`(?m)^\[1\]\+ +Stopped +ssox ui-dev --server`))
	waitScreen("bash's prompt", regexp.MustCompile(`(?m)^ssox-test\$ ?$`))
	for _, pid := range []string{pids[0], child} {
		if state := procState(t, pid); state != "T" {
			t.Fatalf("process %s is in state %s, not stopped", pid, state)
		}
	}
	// fg continues both, the child in the foreground: the terminal's keys
	// reach it again.
	keys("fg", "Enter")
	testwait.Until(t, "the child to run again", func() bool { return procState(t, child) != "T" })
	keys("C-c")
	wantLog("INT")
	kill(syscall.SIGUSR2)
	wantLog("USR2")

	kill(syscall.SIGTERM)
	wantLog("TERM")
	waitScreen("bash's prompt after ssox", regexp.MustCompile(`(?m)\^Cssox-test\$ ?$`)) // after the echo of the last Ctrl-C
	keys(`echo "exit=$?"`, "Enter")
	waitScreen("ssox's exit status", regexp.MustCompile(`(?m)^exit=3$`))
}

// procState is the state letter of process pid (R, S, T, ...).
func procState(t *testing.T, pid string) string {
	t.Helper()
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		t.Fatalf("process %s: %v", pid, err)
	}
	// pid (comm) state ...: comm may hold spaces, state follows its ')'.
	s := string(data)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0]
}
