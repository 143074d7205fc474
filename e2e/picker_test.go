//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// pickerCommand runs ssox without a profile and shows what it ran and how
// it ended.
var pickerCommand = filepath.Join("BIN", "ssox") + ` -- sh -c 'echo "ran as $SSOX_PROFILE in $SSOX_ACCOUNT_ID"'; echo "exit=$?"; sleep 60`

func TestPickerFiltersAndRuns(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(strings.Replace(chainConfig, "[profile dol-prod]\n", "[profile dol-prod]\nsso_account_name = Doll Production\n", 1))
	h.seedToken("njoitaws", 8*time.Hour, true)
	p := h.startPane([]string{"AWS_PROFILE="}, strings.ReplaceAll(pickerCommand, "BIN", binDir))
	s := p.waitFor("the picker", `(?m)^ssox profile>$`)
	for _, line := range []string{
		`(?m)^> customer +333344445555 +Customer \(via ui-dev\)$`,
		`(?m)^  dol-prod +Doll Production \(987654321098\) +ReadOnlyAccess$`,
		`(?m)^  legacy +111122223333 +AdministratorAccess +login needed$`,
		`(?m)^  legacy-customer +333344445555 +Customer \(via legacy\) +login needed$`,
	} {
		if !regexp.MustCompile(line).MatchString(s) {
			t.Errorf("no line %s on the screen:\n%s", line, s)
		}
	}
	p.keys("doll")
	s = p.waitFor("the filtered list", `(?m)^ssox profile> doll$`)
	if strings.Count(s, "(987654321098)") != 1 || strings.Contains(s, "ui-dev ") {
		t.Fatalf("filter doll:\n%s", s)
	}
	p.keys("C-u", "deploy", "Down", "Enter")
	s = p.waitFor("the command", `(?m)^exit=0$`)
	if !strings.Contains(s, "ran as legacy-deploy in 222233334444\n") || strings.Contains(s, "ssox profile>") {
		t.Fatalf("after Enter:\n%s", s)
	}
}

func TestPickerEscExits130(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	p := h.startPane([]string{"AWS_PROFILE="}, strings.ReplaceAll(pickerCommand, "BIN", binDir))
	p.waitFor("the picker", `(?m)^ssox profile>$`)
	p.keys("ui", "Escape")
	s := p.waitFor("the exit status", `(?m)^exit=130$`)
	if strings.Contains(s, "ssox profile>") || strings.Contains(s, "ran as") || strings.Contains(s, "ssox:") {
		t.Fatalf("after Esc:\n%s", s)
	}
	h.wantOps()
}

func TestPickerHandsOffToFzf(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	// A stand-in fzf: it records its arguments and input and picks the
	// dol-prod line, or leaves as Esc does.
	bin := h.path("bin")
	h.writeFile("bin/fzf", `#!/bin/sh
printf '%s\n' "$@" > "$HOME/fzf.args"
cat > "$HOME/fzf.in"
[ -n "$FZF_ESC" ] && exit 130
grep '^dol-prod ' "$HOME/fzf.in"
`)
	if err := os.Chmod(h.path("bin/fzf"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{"AWS_PROFILE=", "SSOX_PICKER=fzf", "PATH=" + bin + ":" + h.env["PATH"]}
	p := h.startPane(env, strings.ReplaceAll(pickerCommand, "BIN", binDir))
	p.waitFor("the command", `(?m)^exit=0$`)
	if s := p.screen(); !strings.Contains(s, "ran as dol-prod in 987654321098\n") {
		t.Fatalf("screen:\n%s", s)
	}
	in, _ := os.ReadFile(h.path("fzf.in"))
	want := "dol-prod  987654321098  ReadOnlyAccess\n" +
		"legacy    111122223333  AdministratorAccess  login needed\n" +
		"ui-dev    123456789012  AdministratorAccess\n"
	if string(in) != want {
		t.Errorf("fzf read:\n%s\nwant:\n%s", in, want)
	}
	args, _ := os.ReadFile(h.path("fzf.args"))
	if string(args) != "--prompt\nssox profile> \n--height\n40%\n--layout\nreverse\n--no-multi\n--tiebreak\nindex\n" {
		t.Errorf("fzf args %q", args)
	}

	p = h.startPane(append(env, "FZF_ESC=1"), strings.ReplaceAll(pickerCommand, "BIN", binDir))
	if s := p.waitFor("the exit status", `(?m)^exit=`); !strings.Contains(s, "exit=130\n") || strings.Contains(s, "ran as") {
		t.Fatalf("fzf cancelled:\n%s", s)
	}
}

// A signal ends the picker as it ends any wait: the terminal is given back
// and the picker erased.
func TestPickerEndsOnSIGTERM(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	p := h.startPane([]string{"AWS_PROFILE="}, filepath.Join(binDir, "ssox")+` -- true; echo "exit=$?"; stty -a | grep -o -- "-icanon"; echo stty-done; sleep 60`)
	p.waitFor("the picker", `(?m)^ssox profile>$`)
	out, err := p.tmux("list-panes", "-t", "t", "-F", "#{pane_pid}")
	if err != nil {
		t.Fatal(err, out)
	}
	shell := strings.TrimSpace(out)
	children, err := os.ReadFile("/proc/" + shell + "/task/" + shell + "/children")
	if err != nil {
		t.Skip("no /proc children list to find ssox's pid:", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(children)))
	if err != nil {
		t.Fatalf("children of the pane's shell: %q", children)
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	s := p.waitFor("the terminal's mode after", `(?m)^stty-done$`)
	if strings.Contains(s, "ssox profile>") || !strings.Contains(s, "ssox: interrupted\nexit=130\n") || strings.Contains(s, "-icanon") {
		t.Fatalf("after SIGTERM:\n%s", s)
	}
}
