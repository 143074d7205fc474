package shells

import (
	"errors"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/ssox/ssox/internal/shellquote"
)

// oddPath has every character that breaks naive quoting in one shell or
// another.
const oddPath = "/opt/it's \"my\" $(touch pwned) `x` \\n \\' %F{red} $HOME\nssox"

func TestRenderFillsInOnlyThePath(t *testing.T) {
	for _, tc := range []struct{ shell, file, quoted string }{
		{"zsh", "zsh.zsh", `/usr/local/bin/ssox`},
		{"bash", "bash.bash", `/usr/local/bin/ssox`},
		{"fish", "ssox.fish", `'/usr/local/bin/ssox'`},
		{"starship", "starship.toml", `/usr/local/bin/ssox`},
	} {
		raw, err := files.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(raw), placeholder); n != 1 {
			t.Fatalf("%s holds the placeholder %d times, want once", tc.file, n)
		}
		got, err := Render(tc.shell, "/usr/local/bin/ssox")
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.Replace(string(raw), placeholder, tc.quoted, 1); got != want {
			t.Errorf("Render(%s) changed more than the placeholder", tc.shell)
		}
		if strings.Contains(got, "@SSOX@") {
			t.Errorf("Render(%s) left the placeholder", tc.shell)
		}
	}
}

func TestRenderUnknownShell(t *testing.T) {
	_, err := Render("tcsh", "/bin/ssox")
	if !errors.Is(err, ErrUnknownShell) || err.Error() != `unknown shell "tcsh" (expected: zsh, bash, fish, starship)` {
		t.Fatalf("error = %v", err)
	}
}

func TestTOMLEscape(t *testing.T) {
	for in, want := range map[string]string{
		"'/usr/bin/ssox'": `'/usr/bin/ssox'`,
		`'C:\x\"y"'`:      `'C:\\x\\\"y\"'`,
		"'a\nb\x7f'":      `'a\u000Ab\u007F'`,
	} {
		if got := tomlEscape(in); got != want {
			t.Errorf("tomlEscape(%q) = %s, want %s", in, got, want)
		}
	}
}

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
			if _, err := exec.LookPath(tc.argv[0]); err != nil {
				t.Skipf("%s is not installed", tc.argv[0])
			}
			script, err := Render(tc.shell, oddPath)
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

func TestStarshipBlock(t *testing.T) {
	for _, bin := range []string{"/usr/local/bin/ssox", oddPath} {
		text, err := Render("starship", bin)
		if err != nil {
			t.Fatal(err)
		}
		var cfg struct {
			Custom map[string]map[string]any `toml:"custom"`
		}
		md, err := toml.Decode(text, &cfg)
		if err != nil {
			t.Fatalf("not TOML: %v\n%s", err, text)
		}
		var keys []string
		for _, k := range md.Keys() {
			keys = append(keys, k.String())
		}
		wantKeys := "custom.ssox custom.ssox.description custom.ssox.when custom.ssox.command custom.ssox.shell custom.ssox.format custom.ssox.style"
		if strings.Join(keys, " ") != wantKeys {
			t.Fatalf("keys %v\nwant %s", keys, wantKeys)
		}
		m := cfg.Custom["ssox"]
		want := map[string]any{
			"when":    `test -n "$SSOX_PROFILE"`,
			"command": shellquote.Sh(bin) + " prompt",
			"shell":   []any{"sh"},
		}
		for k, v := range want {
			if !reflect.DeepEqual(m[k], v) {
				t.Errorf("custom.ssox.%s = %#v, want %#v", k, m[k], v)
			}
		}
		if f, _ := m["format"].(string); !strings.Contains(f, "$output") {
			t.Errorf("custom.ssox.format = %q does not show $output", f)
		}
		if !strings.Contains(text, "AWS_SSO_PROFILE") || !strings.Contains(text, "AWS_CREDENTIAL_EXPIRATION") {
			t.Error("the block does not mention starship's aws module and the variables it reads")
		}
	}
}

// TestStarshipCommandRunsInSh runs the block's command line with sh, the
// shell it names, and checks the path arrives as one argument.
func TestStarshipCommandRunsInSh(t *testing.T) {
	text, err := Render("starship", oddPath)
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Custom struct{ Ssox struct{ Command string } }
	}
	if _, err := toml.Decode(text, &cfg); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", "-c", `f() { printf '%s|' "$@"; }; f `+cfg.Custom.Ssox.Command).Output()
	if err != nil || string(out) != oddPath+"|prompt|" {
		t.Fatalf("%v: sh saw %q", err, out)
	}
}
