//go:build unix

// These tests run the scripts in zsh, bash and fish.

package shells

import (
	"os/exec"
	"testing"
)

// TestPathSurvivesEachShell sources each rendered script in the real shell
// and reads the path back: the quoting is right only if the shell agrees.
func TestPathSurvivesEachShell(t *testing.T) {
	for _, tc := range []struct {
		shell string
		argv  []string
		show  string
	}{
		{"zsh", []string{"zsh", "-f", "-c"}, `print -rn -- "$_ssox_bin"`},
		{"bash", []string{"bash", "--norc", "--noprofile", "-c"}, `printf %s "$_ssox_bin"`},
		{"fish", []string{"fish", "--no-config", "-c"}, `printf %s "$__ssox_bin"`},
	} {
		t.Run(tc.shell, func(t *testing.T) {
			needShell(t, tc.argv[0])
			script, err := Render(tc.shell, oddPath, Completion{})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			cmd := exec.Command(tc.argv[0], append(tc.argv[1:], script+"\n"+tc.show)...)
			cmd.Dir = dir
			cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin", "ZDOTDIR=" + dir, "XDG_CONFIG_HOME=" + dir, "XDG_DATA_HOME=" + dir}
			out, err := cmd.CombinedOutput()
			if err != nil || string(out) != oddPath {
				t.Fatalf("%v: path read back as %q, want %q", err, out, oddPath)
			}
		})
	}
}
