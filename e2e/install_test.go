//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// install.sh says what it does before the minutes of a first build, and
// the line it gives to put the install folder on PATH works, in the user's
// shell (both kinds when it cannot tell): the test follows it in a fresh
// HOME and asks a new shell for its PATH.
func TestInstallScript(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// A stand-in go that says how it was asked and writes a stand-in ssox:
	// the build itself is the e2e binaries' (buildFlags), minutes of it
	// under load each time.
	bin := t.TempDir()
	fakeGo := "#!/bin/sh\necho \"go $1\"\nwhile [ $# -gt 0 ]; do [ \"$1\" = -o ] && out=$2; shift; done\n" +
		"printf '#!/bin/sh\\necho ssox test\\n' >\"$out\"\nchmod +x \"$out\"\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	install := func(t *testing.T, shell string) (string, []string) {
		t.Helper()
		// A folder whose name each shell must have quoted.
		home, dir := t.TempDir(), filepath.Join(t.TempDir(), `my "bin" $HOME 'x' \`)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("./install.sh")
		cmd.Dir = root
		cmd.Env = []string{"HOME=" + home, "SSOX_INSTALL_DIR=" + dir, "SHELL=" + shell, "PATH=" + bin + ":/usr/bin:/bin"}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		lines := strings.Split(string(out), "\n")
		if !strings.HasPrefix(lines[0], "building ssox ") || !strings.Contains(lines[0], "the first build downloads and compiles the AWS SDK: a few minutes") || lines[1] != "go build" {
			t.Errorf("install.sh does not say what it builds before the build:\n%s", out)
		}
		var advice []string
		for _, l := range lines {
			if strings.HasPrefix(l, "  ") {
				advice = append(advice, strings.TrimPrefix(l, "  "))
			}
		}
		return dir, advice
	}
	for _, tc := range []struct {
		shell string
		// follow runs the advice in a fresh HOME and prints the PATH of a
		// new shell there.
		follow func(t *testing.T, home, line string) string
	}{
		{"zsh", rcFile(".zshrc", "zsh", "-i", "-c", `print -r -- "$PATH"`)},
		{"bash", rcFile(".bashrc", "bash", "-i", "-c", `echo "$PATH"`)},
		{"fish", func(t *testing.T, home, line string) string {
			run(t, home, "fish", "-c", line)
			return run(t, home, "fish", "-c", `string join : $PATH`)
		}},
	} {
		t.Run(tc.shell, func(t *testing.T) {
			needShell(t, tc.shell)
			dir, advice := install(t, "/usr/bin/"+tc.shell)
			if len(advice) != 1 {
				t.Fatalf("want one line of advice for %s, got %q", tc.shell, advice)
			}
			if path := tc.follow(t, t.TempDir(), advice[0]); !strings.Contains(":"+path+":", ":"+dir+":") {
				t.Fatalf("followed %q: a new %s's PATH is %s", advice[0], tc.shell, path)
			}
		})
	}
	// A shell it does not know gets both lines.
	if _, advice := install(t, "/bin/tcsh"); len(advice) != 2 || !strings.HasPrefix(advice[0], "export PATH=") || !strings.HasPrefix(advice[1], "fish_add_path ") {
		t.Fatalf("advice %q, want an export line and a fish_add_path line", advice)
	}
}

// rcFile follows advice to add a line to an rc file, then starts the shell.
func rcFile(name string, shell ...string) func(t *testing.T, home, line string) string {
	return func(t *testing.T, home, line string) string {
		f, err := os.OpenFile(filepath.Join(home, name), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(line + "\n")
		f.Close()
		return run(t, home, shell...)
	}
}

// run runs a shell with HOME and every XDG folder inside home, and returns
// its output's last line.
func run(t *testing.T, home string, argv ...string) string {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = []string{"HOME=" + home, "ZDOTDIR=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local/share"), "XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"PATH=/usr/bin:/bin", "TERM=dumb"}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%q: %v\n%s", argv, err, out)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	return lines[len(lines)-1]
}
