//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// shellArgv runs a script in each shell with no rc file of any kind.
var shellArgv = map[string][]string{
	"zsh":  {"zsh", "-f"},
	"bash": {"bash", "--norc", "--noprofile"},
	"fish": {"fish", "--no-config"},
}

// sourceInit is how each shell's rc file loads ssox, per `ssox init`'s
// help; it must succeed, as rc files chain commands on it.
var sourceInit = map[string]string{
	"zsh":  `eval "$(ssox init zsh)" || echo "ssox init zsh: status $?"`,
	"bash": `eval "$(ssox init bash)" || echo "ssox init bash: status $?"`,
	"fish": `ssox init fish | source; or echo "ssox init fish: status $status"`,
}

// needShell skips the test when sh is not installed; with CI=true (.ci/run
// installs zsh, fish and tmux) it fails instead: a skip is not a pass.
func needShell(t *testing.T, sh string) {
	t.Helper()
	if _, err := exec.LookPath(sh); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (.ci/run installs it)", sh)
		}
		t.Skipf("%s is not installed", sh)
	}
}

// inShell runs script in sh, interactive or not, with the harness
// environment, every rc and data folder inside the temporary HOME, and
// extra ("KEY=VALUE" sets, "-KEY" removes). It returns stdout, and fails
// the test if the script wrote anything on stderr but bash's notice that
// an interactive shell without a terminal has no job control.
func (h *harness) inShell(sh string, interactive bool, extra []string, script string) string {
	h.t.Helper()
	argv := append([]string{}, shellArgv[sh]...)
	if interactive {
		argv = append(argv, "-i")
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		h.t.Fatal(err)
	}
	isolated := []string{
		"ZDOTDIR=" + h.home,
		"XDG_CONFIG_HOME=" + h.path(".config"),
		"XDG_DATA_HOME=" + h.path(".local/share"),
		"XDG_CACHE_HOME=" + h.path(".cache"),
		"TERM=xterm-256color",
	}
	cmd := h.command(append(isolated, extra...))
	cmd.Path, cmd.Args = path, append(argv, "-c", script)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || jobControl.ReplaceAllString(stderr.String(), "") != "" {
		h.t.Fatalf("%s %v: %v\nstdout:\n%s\nstderr:\n%s", sh, argv, err, out, stderr.String())
	}
	return string(out)
}

var jobControl = regexp.MustCompile(`(?m)^bash: (cannot set terminal process group \(\d+\): Inappropriate ioctl for device|no job control in this shell)\n`)

// expiresIn is SSOX_EXPIRES for credentials with d left; the half minute
// keeps the text steady while the shell starts.
func expiresIn(d time.Duration) string {
	return "SSOX_EXPIRES=" + strconv.FormatInt(time.Now().Add(d+30*time.Second).Unix(), 10)
}

// profileEnv is the environment of `ssox ui-dev` with d left.
func profileEnv(d time.Duration, extra ...string) []string {
	return append([]string{"SSOX_PROFILE=ui-dev", "SSOX_ACCOUNT_ID=123456789012", "SSOX_ROLE_NAME=AdministratorAccess",
		"SSOX_SSO_SESSION=njoitaws", "AWS_REGION=us-east-1", "AWS_SSO_PROFILE=ui-dev", expiresIn(d)}, extra...)
}

// TestShellSegmentMatchesSsoxPrompt checks each shell's prompt function
// against `ssox prompt`: zsh and bash compute the text themselves, so the
// two must agree on every input.
func TestShellSegmentMatchesSsoxPrompt(t *testing.T) {
	rfc := func(d time.Duration, zone *time.Location, layout string) string {
		return "AWS_CREDENTIAL_EXPIRATION=" + time.Now().Add(d+30*time.Second).In(zone).Format(layout)
	}
	plus2 := time.FixedZone("", 2*3600)
	cases := []struct {
		name string
		env  []string
		want string
	}{
		{"47 minutes", profileEnv(47 * time.Minute), "ui-dev 47m"},
		{"under 15 minutes", profileEnv(10 * time.Minute), "ui-dev 10m"},
		{"hours", profileEnv(2*time.Hour + 5*time.Minute), "ui-dev 2h05m"},
		{"days", profileEnv(49 * time.Hour), "ui-dev 2d"},
		{"expired", profileEnv(-2 * time.Minute), "ui-dev expired"},
		{"no profile", []string{expiresIn(time.Hour), "AWS_REGION=us-east-1"}, ""},
		{"AWS_CREDENTIAL_EXPIRATION in UTC", profileEnv(0, "-SSOX_EXPIRES", rfc(47*time.Minute, time.UTC, time.RFC3339)), "ui-dev 47m"},
		{"AWS_CREDENTIAL_EXPIRATION with offset and fraction", profileEnv(0, "-SSOX_EXPIRES", rfc(3*time.Hour, plus2, "2006-01-02T15:04:05.000Z07:00")), "ui-dev 3h00m"},
		{"AWS_CREDENTIAL_EXPIRATION past", profileEnv(0, "-SSOX_EXPIRES", rfc(-time.Hour, time.UTC, time.RFC3339)), "ui-dev expired"},
		{"impossible date", profileEnv(0, "-SSOX_EXPIRES", "AWS_CREDENTIAL_EXPIRATION=2030-02-29T00:00:00Z"), "ui-dev"},
		{"leap day", profileEnv(0, "-SSOX_EXPIRES", "AWS_CREDENTIAL_EXPIRATION=2000-02-29T00:00:00Z"), "ui-dev expired"},
		{"no expiry", profileEnv(0, "-SSOX_EXPIRES", "-AWS_CREDENTIAL_EXPIRATION"), "ui-dev"},
		// An escape sequence in a profile name, shown, not acted on.
		{"control characters in the name", profileEnv(47*time.Minute, "SSOX_PROFILE=t\x1b]0;x\x07cx\x7f"), `t\x1b]0;x\x07cx\x7f 47m`},
		// Arithmetic on this would run the command substitution.
		{"hostile SSOX_EXPIRES", profileEnv(0, "SSOX_EXPIRES=a[$(touch pwned)]", rfc(47*time.Minute, time.UTC, time.RFC3339)), "ui-dev 47m"},
	}
	for _, sh := range []string{"zsh", "bash", "fish"} {
		t.Run(sh, func(t *testing.T) {
			needShell(t, sh)
			h := newHarness(t, fakeidc.Options{})
			for _, tc := range cases {
				got := h.inShell(sh, false, tc.env, sourceInit[sh]+"\nssox_prompt_info")
				r := h.run(tc.env, "prompt")
				if got != r.stdout || strings.TrimSuffix(got, "\n") != tc.want || r.code != 0 {
					t.Errorf("%s: %s printed %q, ssox prompt %q (exit %d %s), want %q", tc.name, sh, got, r.stdout, r.code, r.stderr, tc.want)
				}
			}
			if _, err := os.Stat(h.path("pwned")); err == nil {
				t.Fatal("a hostile SSOX_EXPIRES ran a command")
			}
		})
	}
}

// hookScripts set a prompt of the user's own (fish's shows the last
// command's status), load ssox, draw the prompt, load ssox again (as
// `source ~/.zshrc` does), draw the prompt twice more, and print the number
// of ssox hooks and the prompt.
var hookScripts = map[string]string{
	"zsh": `RPROMPT='%~'
` + sourceInit["zsh"] + `
for f in $precmd_functions; do $f; done
` + sourceInit["zsh"] + `
hooks=(${(M)precmd_functions:#_ssox_precmd})
print -r -- "hooks=$#hooks"
for f in $precmd_functions; do $f; done
for f in $precmd_functions; do $f; done
print -r -- "prompt=$RPROMPT"
print -rP -- "shown=$RPROMPT"`,
	"bash": `PS1='> '
PROMPT_COMMAND='n=$((n + 1))'
` + sourceInit["bash"] + `
for c in "${PROMPT_COMMAND[@]}"; do eval "$c"; done
` + sourceInit["bash"] + `
hook=_ssox_prompt_command all=${PROMPT_COMMAND[*]}
rest=${all//$hook/}
echo "hooks=$(( (${#all} - ${#rest}) / ${#hook} ))"
for c in "${PROMPT_COMMAND[@]}"; do eval "$c"; done
for c in "${PROMPT_COMMAND[@]}"; do eval "$c"; done
[[ $n == 3 ]] || echo "the user's own hook ran ${n-0} times"
printf 'prompt=%s\n' "$PS1"
printf 'shown=%s\n' "${PS1@P}"`,
	"fish": `function fish_right_prompt; echo -n "~$status"; end
` + sourceInit["fish"] + `
emit fish_prompt; fish_right_prompt >/dev/null
` + sourceInit["fish"] + `
echo hooks=(count (functions -a | string match -r '^__ssox_user_right_prompt$'))
emit fish_prompt; fish_right_prompt >/dev/null
set -l reset (set_color normal)
emit fish_prompt
false
echo "prompt="(fish_right_prompt | string replace -a -- $reset '<reset>')`,
}

func TestShellPromptHook(t *testing.T) {
	type want struct{ zsh, bash, fish string }
	const (
		green  = "\x1b[32m"
		yellow = "\x1b[33m"
		red    = "\x1b[31m"
	)
	for _, tc := range []struct {
		name string
		env  []string
		want want
	}{
		{"47 minutes", profileEnv(47 * time.Minute), want{
			"prompt=%F{green}ui-dev 47m%f %~\nshown=" + green + "ui-dev 47m\x1b[39m " + "~",
			"prompt=\\[\\e[32m\\]${_ssox_text}\\[\\e[0m\\] > \nshown=\x01" + green + "\x02ui-dev 47m\x01\x1b[0m\x02 > ",
			"prompt=" + green + "ui-dev 47m<reset> ~1"}},
		{"under 15 minutes", profileEnv(14 * time.Minute), want{
			"prompt=%F{yellow}ui-dev 14m%f %~\nshown=" + yellow + "ui-dev 14m\x1b[39m " + "~",
			"prompt=\\[\\e[33m\\]${_ssox_text}\\[\\e[0m\\] > \nshown=\x01" + yellow + "\x02ui-dev 14m\x01\x1b[0m\x02 > ",
			"prompt=" + yellow + "ui-dev 14m<reset> ~1"}},
		{"expired", profileEnv(-time.Hour), want{
			"prompt=%F{red}ui-dev expired%f %~\nshown=" + red + "ui-dev expired\x1b[39m " + "~",
			"prompt=\\[\\e[31m\\]${_ssox_text}\\[\\e[0m\\] > \nshown=\x01" + red + "\x02ui-dev expired\x01\x1b[0m\x02 > ",
			"prompt=" + red + "ui-dev expired<reset> ~1"}},
		{"NO_COLOR", profileEnv(47*time.Minute, "NO_COLOR=1"), want{
			"prompt=ui-dev 47m %~\nshown=ui-dev 47m ~",
			"prompt=${_ssox_text} > \nshown=ui-dev 47m > ",
			"prompt=ui-dev 47m ~1"}},
		{"SSOX_NO_PROMPT", profileEnv(47*time.Minute, "SSOX_NO_PROMPT=1"), want{
			"prompt=%~\nshown=~",
			"prompt=> \nshown=> ",
			"prompt=~1"}},
		{"no profile", []string{expiresIn(time.Hour)}, want{
			"prompt=%~\nshown=~",
			"prompt=> \nshown=> ",
			"prompt=~1"}},
		// A profile name is shown as text, never run or read as an escape.
		{"hostile profile name", profileEnv(47*time.Minute, "SSOX_PROFILE=$(touch pwned)%F{red}\\u`id`", "NO_COLOR=1"), want{
			"prompt=$(touch pwned)%%F{red}\\u`id` 47m %~\nshown=$(touch pwned)%F{red}\\u`id` 47m ~",
			"prompt=${_ssox_text} > \nshown=$(touch pwned)%F{red}\\u`id` 47m > ",
			"prompt=$(touch pwned)%F{red}\\u`id` 47m ~1"}},
	} {
		for _, sh := range []string{"zsh", "bash", "fish"} {
			t.Run(tc.name+"/"+sh, func(t *testing.T) {
				needShell(t, sh)
				h := newHarness(t, fakeidc.Options{})
				got := h.inShell(sh, true, tc.env, hookScripts[sh])
				w := map[string]string{"zsh": tc.want.zsh, "bash": tc.want.bash, "fish": tc.want.fish}[sh]
				if want := "hooks=1\n" + w + "\n"; got != want {
					t.Fatalf("got:\n%q\nwant:\n%q", got, want)
				}
				if _, err := os.Stat(h.path("pwned")); err == nil {
					t.Fatal("a profile name ran a command")
				}
			})
		}
	}
}

// TestShellPromptSubst covers the options that make a prompt run code:
// zsh's PROMPT_SUBST, and bash without promptvars (where PS1 holds text).
func TestShellPromptSubst(t *testing.T) {
	env := profileEnv(47*time.Minute, "SSOX_PROFILE=$(touch pwned)%F{red}\\w", "NO_COLOR=1")
	for _, tc := range []struct{ sh, script, want string }{
		{"zsh", "setopt promptsubst\nRPROMPT='%~'\n" + sourceInit["zsh"] + "\n_ssox_precmd\nprint -r -- \"$RPROMPT\"\nprint -rP -- \"$RPROMPT\"",
			"${_ssox_text} %~\n$(touch pwned)%F{red}\\w 47m ~\n"},
		{"bash", "shopt -u promptvars\nPS1='> '\n" + sourceInit["bash"] + "\n_ssox_prompt_command\nprintf '%s\\n' \"$PS1\" \"${PS1@P}\"",
			"$(touch pwned)%F{red}\\\\w 47m > \n$(touch pwned)%F{red}\\w 47m > \n"},
	} {
		t.Run(tc.sh, func(t *testing.T) {
			needShell(t, tc.sh)
			h := newHarness(t, fakeidc.Options{})
			if got := h.inShell(tc.sh, true, env, tc.script); got != tc.want {
				t.Fatalf("got:\n%q\nwant:\n%q", got, tc.want)
			}
			if _, err := os.Stat(h.path("pwned")); err == nil {
				t.Fatal("a profile name ran a command")
			}
		})
	}
}

// TestBashArrayPromptCommand: bash 5.1 runs every element of an array
// PROMPT_COMMAND; ssox adds an element rather than flattening it.
func TestBashArrayPromptCommand(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	out := h.inShell("bash", true, nil, `((BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 501)) || { echo old; exit; }
PROMPT_COMMAND=('a=1' 'b=2')
`+sourceInit["bash"]+"\n"+sourceInit["bash"]+`
declare -p PROMPT_COMMAND`)
	if out == "old\n" {
		t.Skip("bash before 5.1 has no array PROMPT_COMMAND")
	}
	if want := `declare -a PROMPT_COMMAND=([0]="a=1" [1]="b=2" [2]="_ssox_prompt_command")` + "\n"; out != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}

// TestShellNonInteractive: a script that sources the rc file gets the
// functions but no hook, no completion, and the rest of the file still runs.
func TestShellNonInteractive(t *testing.T) {
	for _, tc := range []struct{ sh, check, want string }{
		{"zsh", `print -r -- "hooks=${#precmd_functions} rprompt=$RPROMPT complete=$+functions[_ssox]"`, "hooks=0 rprompt= complete=1"},
		{"bash", `echo "hooks=${PROMPT_COMMAND-} complete=$(complete -p ssox 2>/dev/null)"`, "hooks= complete="},
		{"fish", `set -l hooks (functions -q __ssox_user_right_prompt; and echo 1)
set -l complete (complete -c ssox)
echo "hooks=$hooks complete=$complete"`, "hooks= complete="},
	} {
		t.Run(tc.sh, func(t *testing.T) {
			needShell(t, tc.sh)
			h := newHarness(t, fakeidc.Options{})
			out := h.inShell(tc.sh, false, profileEnv(47*time.Minute), sourceInit[tc.sh]+"\n"+tc.check+"\nssox_prompt_info")
			if want := tc.want + "\nui-dev 47m\n"; out != want {
				t.Fatalf("got %q, want %q", out, want)
			}
		})
	}
}

// completionScripts print the candidates each shell's completion offers for
// a command line, one per line.
var completionScripts = map[string]func(line []string) string{
	"zsh": func(line []string) string {
		return `autoload -Uz compinit && compinit -u -D
` + sourceInit["zsh"] + `
[[ $_comps[ssox] == _ssox ]] || { echo "not registered: $_comps[ssox]"; exit 1; }
# compadd as zsh's own: offer the words that start with what is typed.
compadd() {
  while [[ $1 == -* && $1 != -- ]]; do shift; done
  [[ $1 == -- ]] && shift
  local w
  for w; do [[ $w == "$PREFIX"* ]] && print -r -- $w; done
  return 0
}
words=(` + quoteWords(line) + `)
CURRENT=${#words}
PREFIX=$words[-1]
_ssox || :`
	},
	"bash": func(line []string) string {
		return sourceInit["bash"] + `
[[ $(complete -p ssox) == "complete -o default -F _ssox_complete ssox" ]] || { complete -p ssox; exit 1; }
COMP_WORDS=(` + quoteWords(line) + `)
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_ssox_complete
printf '%s\n' "${COMPREPLY[@]}"`
	},
	"fish": func(line []string) string {
		return sourceInit["fish"] + "\ncomplete -C " + shellQuote(strings.Join(line, " "))
	},
}

func quoteWords(line []string) string {
	var q []string
	for _, w := range line {
		q = append(q, shellQuote(w))
	}
	return strings.Join(q, " ")
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// TestShellCompletion asks each shell's completion what it offers: ssox's
// commands and profiles first, each command's flags, the values of a flag
// that has a fixed set (nothing for a free one), a profile where one goes.
func TestShellCompletion(t *testing.T) {
	profiles := []string{"dol-prod", "legacy", "ui-dev"}
	commands := []string{"console", "credential-process", "doctor", "env", "exec", "help", "init", "list", "login",
		"logout", "prompt", "setup", "status", "use", "version"}
	for _, tc := range []struct {
		line []string
		want []string
	}{
		{[]string{"ssox", ""}, append(slices.Clone(commands), profiles...)},
		{[]string{"ssox", "lo"}, []string{"login", "logout"}},
		{[]string{"ssox", "ui"}, []string{"ui-dev"}},
		{[]string{"ssox", "--debug", "lo"}, []string{"login", "logout"}},
		{[]string{"ssox", "exec", ""}, profiles},
		{[]string{"ssox", "--region", "eu-west-1", "--no-browser", "d"}, []string{"doctor", "dol-prod"}},
		{[]string{"ssox", "login", "l"}, []string{"legacy"}},
		{[]string{"ssox", "credential-process", ""}, profiles},
		{[]string{"ssox", "init", ""}, []string{"bash", "fish", "starship", "zsh"}},
		{[]string{"ssox", "login", "ui-dev", ""}, nil},
		{[]string{"ssox", "list", ""}, nil},
		{[]string{"ssox", "help", "lo"}, []string{"login", "logout"}},
		// Flags: the command's, and after a profile the root form's.
		{[]string{"ssox", "ui-dev", "--re"}, []string{"--refresh", "--region"}},
		{[]string{"ssox", "exec", "ui-dev", "--d"}, []string{"--debug", "--device-code", "--docker"}},
		{[]string{"ssox", "--v"}, []string{"--version"}},
		{[]string{"ssox", "login", "--"}, []string{"--debug", "--device-code", "--force", "--help", "--no-browser", "--sso-session"}},
		{[]string{"ssox", "doctor", "ui-dev", "--o"}, []string{"--offline", "--online"}},
		// Values: a fixed set, else nothing (not profile names).
		{[]string{"ssox", "env", "ui-dev", "--format", ""}, []string{"claude", "env", "env-no-export", "fish", "json", "powershell", "process", "windows-cmd"}},
		{[]string{"ssox", "env", "--format", "j"}, []string{"json"}},
		{[]string{"ssox", "use", "--shell", ""}, []string{"bash", "fish", "zsh"}},
		{[]string{"ssox", "console", "--browser", "ch"}, []string{"chrome", "chromium"}},
		{[]string{"ssox", "console", "--container-ext", ""}, []string{"granted", "open-url-in-container"}},
		{[]string{"ssox", "prompt", "--format", ""}, nil},
		{[]string{"ssox", "--region", ""}, nil},
		{[]string{"ssox", "ui-dev", "--min-ttl", ""}, nil},
		{[]string{"ssox", "console", "--duration", ""}, nil},
		{[]string{"ssox", "login", "--sso-session", ""}, []string{"njoitaws"}},
		{[]string{"ssox", "setup", "--sso-session", "n"}, []string{"njoitaws"}},
		{[]string{"ssox", "env", "--format", "json", ""}, profiles},
	} {
		sort.Strings(tc.want)
		for _, sh := range []string{"zsh", "bash", "fish"} {
			t.Run(sh+"/"+strings.Join(tc.line, "_"), func(t *testing.T) {
				needShell(t, sh)
				h := newHarness(t, fakeidc.Options{})
				h.writeConfig(guideConfig)
				out := h.inShell(sh, true, nil, completionScripts[sh](tc.line))
				got := strings.Fields(out)
				if sh == "fish" {
					// fish offers files wherever ssox offers nothing.
					got = without(got, filesIn(t, h.home))
				}
				sort.Strings(got)
				if !reflect.DeepEqual(got, tc.want) && len(got)+len(tc.want) > 0 {
					t.Fatalf("%s offers %q, want %q", sh, got, tc.want)
				}
			})
		}
	}
}

// TestShellCompletionFlagEquals: --flag=value completes the value too. bash
// splits the word at the = (COMP_WORDBREAKS) and completes what follows it;
// fish completes the whole word (zsh: TestZshCompletionInitBeforeCompinit).
func TestShellCompletionFlagEquals(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	for _, tc := range []struct {
		sh   string
		line []string
		want []string
	}{
		{"bash", []string{"ssox", "env", "--format", "=", "j"}, []string{"json"}},
		{"bash", []string{"ssox", "use", "--shell", "="}, []string{"zsh", "bash", "fish"}},
		{"bash", []string{"ssox", "env", "--format", "=", "json", "u"}, []string{"ui-dev"}},
		{"bash", []string{"ssox", "env", "--format=j"}, []string{"--format=json"}},
		{"fish", []string{"ssox", "env", "--format=j"}, []string{"--format=json"}},
		{"fish", []string{"ssox", "env", "--format=json", "u"}, []string{"ui-dev"}},
		{"fish", []string{"ssox", "logout", "--sso-session=n"}, []string{"--sso-session=njoitaws"}},
		{"bash", []string{"ssox", "logout", "--sso-session", "=", ""}, []string{"njoitaws"}},
	} {
		needShell(t, tc.sh)
		got := strings.Fields(h.inShell(tc.sh, true, nil, completionScripts[tc.sh](tc.line)))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %q offers %q, want %q", tc.sh, tc.line, got, tc.want)
		}
	}
}

// TestBashCompletesTheCommand: after the profile comes a command.
func TestBashCompletesTheCommand(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	for _, line := range [][]string{{"ssox", "ui-dev", "tru"}, {"ssox", "exec", "ui-dev", "--", "tru"}} {
		out := h.inShell("bash", true, nil, completionScripts["bash"](line))
		if !strings.Contains("\n"+out, "\ntrue\n") {
			t.Errorf("%v offers %q, want true among them", line, out)
		}
	}
}

func filesIn(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name(), e.Name()+string(filepath.Separator))
	}
	return names
}

func without(list, drop []string) []string {
	var out []string
	for _, s := range list {
		keep := true
		for _, d := range drop {
			keep = keep && s != d
		}
		if keep {
			out = append(out, s)
		}
	}
	return out
}
