//go:build unix

// These tests run the scripts in zsh, bash, fish and sh (starship runs its
// `when` and `command` with sh).

package shells

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/prompt"
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

// Each `when` of the starship blocks runs in sh, as starship runs it: for
// every expiry exactly the block of the prompt's own level shows (none
// outside ssox), and a hostile SSOX_EXPIRES runs nothing.
func TestStarshipWhenPicksThePromptsColour(t *testing.T) {
	text, err := Render("starship", "/bin/ssox")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Custom map[string]struct{ When string } `toml:"custom"`
	}
	if _, err := toml.Decode(text, &cfg); err != nil {
		t.Fatal(err)
	}
	block := map[prompt.Level]string{prompt.OK: "ssox", prompt.Expiring: "ssox_soon", prompt.Expired: "ssox_expired", prompt.Unknown: "ssox_unknown"}
	dir := t.TempDir()
	// Far enough from the 15-minute and zero edges that the second ticking
	// between this process and sh's date cannot move a case.
	now := time.Now().Unix()
	for _, expires := range []string{
		"", "abc", "-5", "a[$(touch pwned)]",
		fmt.Sprint(now + 3600), fmt.Sprint(now + 600), fmt.Sprint(now - 60), "0",
	} {
		for _, profile := range []string{"ui-dev", ""} {
			env := environ.Env{"SSOX_PROFILE": profile, "SSOX_EXPIRES": expires}
			var shown []string
			for name, b := range cfg.Custom {
				cmd := exec.Command("sh", "-c", b.When)
				cmd.Dir = dir
				cmd.Env = []string{"PATH=/usr/bin:/bin", "SSOX_PROFILE=" + profile, "SSOX_EXPIRES=" + expires}
				if cmd.Run() == nil {
					shown = append(shown, name)
				}
			}
			var want []string
			if seg, ok := prompt.Read(env, time.Unix(now, 0)); ok {
				want = []string{block[seg.Level]}
			}
			if !slices.Equal(shown, want) {
				t.Errorf("SSOX_PROFILE=%q SSOX_EXPIRES=%q: blocks %v show, want %v", profile, expires, shown, want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Fatal("a hostile SSOX_EXPIRES ran a command")
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
