package cli

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"

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
			want, _ := RenderShell(shell, "/opt/my tools/ssox")
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
		{[]string{"init", "tcsh"}, "ssox: unknown shell \"tcsh\" (expected: zsh, bash, fish, starship)\nhint: usage: ssox init zsh|bash|fish|starship; more in 'ssox init --help'\n", 2},
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

// Appending the starship block to a starship.toml that has it makes the
// file invalid (the TOML parser says so); init then warns on stderr, and
// still prints the block, for a user who replaces the old one. ssox's old
// blocks, which ran processes at each prompt, get a warning of their own.
func TestInitStarshipWarnsWhenTheBlockIsThere(t *testing.T) {
	block, err := RenderShell("starship", "/bin/ssox")
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if _, err := toml.Decode(block, &v); err != nil {
		t.Fatalf("one block: %v", err)
	}
	if _, err := toml.Decode("add_newline = false\n"+block+block, &v); err == nil {
		t.Fatal("the TOML parser accepts the block twice: the warning would be wrong")
	}
	const twice = "already has ssox's [env_var.SSOX_LOGIN_NEEDED] block; replace it with this output rather than append (starship refuses a file that declares it twice)\n"
	const old = "has ssox's old [custom.ssox] blocks, which start processes at every prompt; remove them: this output replaces them\n"
	home := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "star.toml")
	for _, tc := range []struct {
		name     string
		env      environ.Env
		file     string // written to this path
		content  string
		warnings string
	}{
		{"no starship.toml", environ.Env{"HOME": home}, "", "", ""},
		{"without the block", environ.Env{"HOME": home}, filepath.Join(home, ".config", "starship.toml"), "add_newline = false\n[aws]\nformat = 'x'\n", ""},
		{"with the block", environ.Env{"HOME": home}, filepath.Join(home, ".config", "starship.toml"), "add_newline = false\n" + block,
			"ssox: warning: ~/.config/starship.toml " + twice},
		{"STARSHIP_CONFIG, the old blocks", environ.Env{"HOME": home, "STARSHIP_CONFIG": elsewhere}, elsewhere, "[ custom.\"ssox_soon\" ]\nwhen = 'true'\n",
			"ssox: warning: $STARSHIP_CONFIG " + old},
	} {
		if tc.file != "" {
			if err := os.MkdirAll(filepath.Dir(tc.file), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(tc.file, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		io, _, out, errOut := iostreams.Test()
		d := &deps{io: io, env: tc.env, log: debuglog.New(nil)}
		if err := d.runInit(InitOptions{Shell: "starship", Binary: func() (string, error) { return "/bin/ssox", nil }}); err != nil {
			t.Fatal(err)
		}
		if out.String() != block || errOut.String() != tc.warnings {
			t.Errorf("%s: stderr %q, want %q (stdout is the block: %v)", tc.name, errOut.String(), tc.warnings, out.String() == block)
		}
	}
}
