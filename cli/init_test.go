package cli

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/shells"
)

func TestInitCommand(t *testing.T) {
	for _, shell := range shells.Names() {
		t.Run(shell, func(t *testing.T) {
			io, _, out, errOut := iostreams.Test()
			d := &deps{io: io, env: environ.Env{}, log: debuglog.New(nil)}
			bin := func() (string, error) { return "/opt/my tools/ssox", nil }
			if err := d.runInit(InitOptions{Shell: shell, Binary: bin}); err != nil {
				t.Fatal(err)
			}
			want, _ := shells.Render(shell, "/opt/my tools/ssox")
			if out.String() != want || errOut.Len() != 0 {
				t.Fatalf("stdout:\n%s\nstderr: %s", out, errOut)
			}
		})
	}
}

func TestInitErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
		code int
	}{
		{[]string{"init", "tcsh"}, "ssox: unknown shell \"tcsh\" (expected: zsh, bash, fish, starship)\n", 2},
		{[]string{"init"}, "ssox: init needs zsh|bash|fish|starship\nhint: usage: ssox init zsh|bash|fish|starship; more in 'ssox init --help'\n", 2},
		{[]string{"init", "zsh", "bash"}, "ssox: init takes one argument, got zsh bash\nhint: usage: ssox init zsh|bash|fish|starship; more in 'ssox init --help'\n", 2},
	} {
		out, errOut, code := runIn(environ.Env{}, false, tc.args...)
		if out != "" || errOut != tc.err || code != tc.code {
			t.Errorf("%v: stdout %q stderr %q exit %d; want stderr %q exit %d", tc.args, out, errOut, code, tc.err, tc.code)
		}
	}
}

func TestInitWithoutBinary(t *testing.T) {
	io, _, out, _ := iostreams.Test()
	d := &deps{io: io, env: environ.Env{}, log: debuglog.New(nil)}
	err := d.runInit(InitOptions{Shell: "bash", Binary: func() (string, error) { return "", errors.New("no /proc") }})
	if err == nil || err.Error() != "find the ssox binary for the bash script: no /proc" || out.Len() != 0 {
		t.Fatalf("err %v, stdout %q", err, out)
	}
}

// The scripts run the ssox found on PATH when it is this binary, so a
// package manager's stable symlink is kept; otherwise this binary's path.
func TestExecutablePrefersPathLink(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "ssox")
	if err := os.Symlink(self, link); err != nil {
		t.Fatal(err)
	}
	d := &deps{env: environ.Env{"PATH": dir}}
	if got, err := d.executable(); err != nil || got != link {
		t.Fatalf("executable() = %q, %v; want %q", got, err, link)
	}
	resolved, _ := filepath.EvalSymlinks(self)
	d.env = environ.Env{"PATH": t.TempDir()}
	if got, err := d.executable(); err != nil || got != resolved {
		t.Fatalf("executable() = %q, %v; want %q", got, err, resolved)
	}
}
