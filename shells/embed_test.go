package shells

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// oddPath has every character that breaks naive quoting in one shell or
// another.
const oddPath = "/opt/it's \"my\" $(touch pwned) `x` \\n \\' %F{red} $HOME\nssox"

func TestRenderFillsInOnlyThePathAndTable(t *testing.T) {
	comp := Completion{Commands: []Command{{Args: ProfileCommand, Flags: []Flag{{Name: "--region", Value: true}}},
		{Name: "init", Args: Words, Words: []string{"zsh", "bash"}}}}
	for _, tc := range []struct{ shell, file, quoted string }{
		{"zsh", "zsh.zsh", `/usr/local/bin/ssox`},
		{"bash", "bash.bash", `/usr/local/bin/ssox`},
		{"fish", "ssox.fish", `'/usr/local/bin/ssox'`},
		{"starship", "starship.toml", ""},
	} {
		raw, err := files.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		// starship's block runs nothing, and names no binary.
		want := 1
		if tc.shell == "starship" {
			want = 0
		}
		if n := strings.Count(string(raw), placeholder); n != want {
			t.Fatalf("%s holds the placeholder %d times, want %d", tc.file, n, want)
		}
		got, err := Render(tc.shell, "/usr/local/bin/ssox", comp)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(raw), placeholder, tc.quoted)
		if tc.shell != "starship" {
			if n := strings.Count(text, tableMark); n != 1 {
				t.Fatalf("%s holds the table mark %d times, want 1", tc.file, n)
			}
			table, err := comp.table(tc.shell)
			if err != nil || !strings.Contains(table, "init") {
				t.Fatalf("table(%s) = %q, %v", tc.shell, table, err)
			}
			text = strings.Replace(text, tableMark, table, 1)
		}
		if got != text {
			t.Errorf("Render(%s) changed more than the placeholder and the table mark", tc.shell)
		}
		if strings.Contains(got, "@SSOX@") {
			t.Errorf("Render(%s) left the placeholder", tc.shell)
		}
	}
}

func TestRenderUnknownShell(t *testing.T) {
	_, err := Render("tcsh", "/bin/ssox", Completion{})
	if !errors.Is(err, ErrUnknownShell) || err.Error() != `unknown shell "tcsh" (expected: zsh, bash, fish, starship)` {
		t.Fatalf("error = %v", err)
	}
}

// The starship block is one env_var module: no custom module, whose
// command or `when` would start a process at every prompt.
func TestStarshipBlock(t *testing.T) {
	text, err := Render("starship", oddPath, Completion{})
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	md, err := toml.Decode(text, &cfg)
	if err != nil {
		t.Fatalf("not TOML: %v\n%s", err, text)
	}
	var keys []string
	for _, k := range md.Keys() {
		keys = append(keys, k.String())
	}
	want := []string{"env_var.SSOX_LOGIN_NEEDED", "env_var.SSOX_LOGIN_NEEDED.description",
		"env_var.SSOX_LOGIN_NEEDED.format", "env_var.SSOX_LOGIN_NEEDED.style"}
	if !slices.Equal(keys, want) {
		t.Fatalf("keys %v\nwant %v", keys, want)
	}
	if m := cfg["env_var"].(map[string]any)["SSOX_LOGIN_NEEDED"].(map[string]any); m["format"] != "[login]($style) " {
		t.Errorf("format %q", m["format"])
	}
	// The settings the comment offers for the aws module are TOML too.
	var aws []string
	for _, line := range strings.Split(text, "\n") {
		if l, ok := strings.CutPrefix(line, "#   "); ok && !strings.HasPrefix(l, "#") {
			aws = append(aws, l)
		}
	}
	var awsCfg struct {
		AWS struct {
			Format           string `toml:"format"`
			ExpirationSymbol string `toml:"expiration_symbol"`
			ForceDisplay     bool   `toml:"force_display"`
		} `toml:"aws"`
	}
	if _, err := toml.Decode(strings.Join(aws, "\n"), &awsCfg); err != nil || awsCfg.AWS.Format == "" || awsCfg.AWS.ExpirationSymbol != "expired" || !awsCfg.AWS.ForceDisplay {
		t.Errorf("the [aws] settings of the comment: %v\n%s", err, strings.Join(aws, "\n"))
	}
	for _, v := range []string{"AWS_SSO_PROFILE", "AWS_CREDENTIAL_EXPIRATION", "SSOX_NO_PROMPT"} {
		if !strings.Contains(text, v) {
			t.Errorf("the block does not mention %s", v)
		}
	}
}

func TestStarshipBlocks(t *testing.T) {
	block, _ := Render("starship", "", Completion{})
	for _, tc := range []struct {
		config       string
		current, old bool
	}{
		{"add_newline = false\n[aws]\nformat = 'x'\n", false, false},
		{block, true, false},
		{"[ env_var.\"SSOX_LOGIN_NEEDED\" ]\n", true, false},
		{"[custom.ssox]\nwhen = 'true'\n[custom.ssox_soon]\n", false, true},
		{"[ custom.'ssox_expired' ]\n" + block, true, true},
		{"[[custom.ssox]]\n[env_var.OTHER]\n", false, false},
	} {
		if current, old := StarshipBlocks([]byte(tc.config)); current != tc.current || old != tc.old {
			t.Errorf("%q: current %v old %v, want %v %v", tc.config, current, old, tc.current, tc.old)
		}
	}
}
