package shells

import (
	"errors"
	"reflect"
	"slices"
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
		// starship's four colour blocks each run the command.
		want := 1
		if tc.shell == "starship" {
			want = 4
		}
		if n := strings.Count(string(raw), placeholder); n != want {
			t.Fatalf("%s holds the placeholder %d times, want %d", tc.file, n, want)
		}
		got, err := Render(tc.shell, "/usr/local/bin/ssox")
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.ReplaceAll(string(raw), placeholder, tc.quoted); got != want {
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

func TestStarshipBlock(t *testing.T) {
	blocks := []string{"ssox", "ssox_soon", "ssox_expired", "ssox_unknown"}
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
		var keys, wantKeys []string
		for _, k := range md.Keys() {
			keys = append(keys, k.String())
		}
		for _, b := range blocks {
			wantKeys = append(wantKeys, "custom."+b)
			for _, k := range []string{"description", "when", "command", "shell", "format", "style"} {
				wantKeys = append(wantKeys, "custom."+b+"."+k)
			}
		}
		if !slices.Equal(keys, wantKeys) {
			t.Fatalf("keys %v\nwant %v", keys, wantKeys)
		}
		for b, style := range map[string]string{"ssox": "bold green", "ssox_soon": "bold yellow", "ssox_expired": "bold red", "ssox_unknown": "bold"} {
			m := cfg.Custom[b]
			want := map[string]any{
				"command": shellquote.Sh(bin) + " prompt",
				"shell":   []any{"sh"},
				"format":  "[$output]($style) ",
				"style":   style,
			}
			for k, v := range want {
				if !reflect.DeepEqual(m[k], v) {
					t.Errorf("custom.%s.%s = %#v, want %#v", b, k, m[k], v)
				}
			}
		}
		if !strings.Contains(text, "AWS_SSO_PROFILE") || !strings.Contains(text, "AWS_CREDENTIAL_EXPIRATION") {
			t.Error("the block does not mention starship's aws module and the variables it reads")
		}
	}
}
