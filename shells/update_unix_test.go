//go:build unix

package shells

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

// hostile are values that break naive quoting in one shell or another.
var hostile = []string{
	"it's \"q\" $(touch pwned) `touch pwned` \\n \\' %F{red} $HOME",
	"two\nlines\n", "", "-e", "--", "bad\xffbyte", "évian-プロド", "tab\tand\rcr", "back\\slash\\", "'", "\\", "$", "; touch pwned",
}

// TestUpdateEvaluatesInEachShell writes Updates with hostile values as each
// shell's code, evaluates them in the real shell after its script, and
// reads the environment back: exactly the given variables change, an
// invalid name to unset is left alone, and the restore puts the first
// environment back byte for byte.
func TestUpdateEvaluatesInEachShell(t *testing.T) {
	set := environ.Env{"AWS_PROFILE_X": "plain"}
	for i, v := range hostile {
		set["SSOX_TEST_"+string(rune('A'+i))] = v
	}
	var setNames []string
	for k := range set {
		setNames = append(setNames, k)
	}
	first := Update{Save: append(setNames, "OLD_ONE", "SHELL_ONLY"), Unset: []string{"OLD_ONE", "AWS_SSO_X$(touch pwned)", "SHELL_ONLY"}, Set: set}
	second := Update{Save: []string{"SSOX_TEST_A", "LATER"}, SaveIfSwitched: true, Set: environ.Env{"SSOX_TEST_A": "again", "LATER": "x"}}
	cases := map[string]struct {
		argv  []string
		setup string
		eval  func(file string) string
	}{
		"zsh": {[]string{"zsh", "-f", "-c"}, "export OLD_ONE=$'old\\nvalue'; SHELL_ONLY=kept",
			func(f string) string { return `eval "$(<` + f + `)"` }},
		"bash": {[]string{"bash", "--norc", "--noprofile", "-c"}, "export OLD_ONE=$'old\\nvalue'; SHELL_ONLY=kept",
			func(f string) string { return `eval "$(<` + f + `)"` }},
		"fish": {[]string{"fish", "--no-config", "-c"}, "set -gx OLD_ONE old\\nvalue; set -g SHELL_ONLY kept",
			func(f string) string { return "source " + f }},
	}
	for sh, tc := range cases {
		t.Run(sh, func(t *testing.T) {
			path := needShell(t, tc.argv[0])
			dir := t.TempDir()
			script, err := Render(sh, "/bin/false", Completion{})
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]Update{"first": first, "second": second, "restore": {Restore: true}}
			for name, u := range files {
				var b bytes.Buffer
				if err := u.Write(&b, sh); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			shellVar := map[string]string{"zsh": "typeset -p SHELL_ONLY", "bash": "declare -p SHELL_ONLY",
				"fish": "set -q SHELL_ONLY; and not set -qx SHELL_ONLY; and echo SHELL_ONLY=$SHELL_ONLY"}[sh]
			body := strings.Join([]string{script, tc.setup,
				"env -0 >before", tc.eval("first"), "env -0 >first", tc.eval("second"), "env -0 >second",
				tc.eval("restore"), "env -0 >after", shellVar}, "\n")
			cmd := exec.Command(path, append(tc.argv[1:], body)...)
			cmd.Dir = dir
			cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "XDG_CONFIG_HOME=" + dir, "XDG_DATA_HOME=" + dir}
			out, err := cmd.CombinedOutput()
			wantOut := map[string]string{"zsh": "typeset SHELL_ONLY=kept\n", "bash": "declare -- SHELL_ONLY=\"kept\"\n", "fish": "SHELL_ONLY=kept\n"}[sh]
			if err != nil || string(out) != wantOut {
				t.Fatalf("%v: the shell printed %q, want %q", err, out, wantOut)
			}
			read := func(name string) environ.Env {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				return environ.FromList(strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00"))
			}
			before, firstEnv, secondEnv, after := read("before"), read("first"), read("second"), read("after")
			want := before.Clone()
			want.Unset("OLD_ONE")
			for k, v := range set {
				want.Set(k, v)
			}
			if !mapsEqual(firstEnv, want) {
				t.Errorf("after the first update:\n%q\nwant\n%q", firstEnv, want)
			}
			want.Set("SSOX_TEST_A", "again")
			want.Set("LATER", "x")
			if !mapsEqual(secondEnv, want) {
				t.Errorf("after the second update:\n%q\nwant\n%q", secondEnv, want)
			}
			if !slices.Equal(before.List(), after.List()) {
				t.Errorf("after the restore:\n%q\nwant, as before,\n%q", after.List(), before.List())
			}
			if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
				t.Fatal("a value ran a command")
			}
		})
	}
}

func mapsEqual(a, b environ.Env) bool { return slices.Equal(a.List(), b.List()) }
