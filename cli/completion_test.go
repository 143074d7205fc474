package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/shells"
)

// TestCompletionIsTheCommandTable holds what `ssox init` writes into the
// scripts to the command table: every command, what its argument is, every
// flag parse takes on it (the one-letter forms aside) and no other, and as
// a flag's values only words parse takes.
func TestCompletionIsTheCommandTable(t *testing.T) {
	comp := completion()
	if len(comp.Commands) != len(table()) {
		t.Fatalf("completion has %d commands, the table %d", len(comp.Commands), len(table()))
	}
	for i, c := range table() {
		sc := comp.Commands[i]
		if sc.Name != c.name {
			t.Fatalf("command %d is %q in completion, %q in the table", i, sc.Name, c.name)
		}
		want := map[argsKind]shells.Args{noArgs: shells.NoArgs, optionalArg: shells.Profile, oneArg: shells.Profile,
			profileAndCommand: shells.ProfileCommand}[c.args]
		if c.name == "init" || c.name == "help" {
			want = shells.Words
		}
		if sc.Args != want {
			t.Errorf("%s: argument kind %d, want %d", c.invocation(), sc.Args, want)
		}
		// A line that parses but for what the flag is asked.
		line := func(flag string) []string {
			l := []string{flag}
			if !c.root {
				l = append([]string{c.name}, l...)
			}
			switch {
			case c.name == "init":
				l = append(l, "zsh")
			case c.args == oneArg:
				l = append(l, "ui-dev")
			}
			return l
		}
		for _, w := range sc.Words {
			if _, err := parse(append(line("--debug"), w), environ.Env{}); err != nil && c.name != "init" {
				t.Errorf("%s %s: %v", c.invocation(), w, err)
			}
		}
		var offered []string
		for _, f := range sc.Flags {
			offered = append(offered, f.Name)
			if f.Name == "--help" {
				continue
			}
			spec, ok := c.lookup(strings.TrimPrefix(f.Name, "--"))
			if !ok || spec.takesValue() != f.Value {
				t.Errorf("%s offers %s (takes a value: %v), which the table has not so", c.invocation(), f.Name, f.Value)
				continue
			}
			for _, v := range f.Values {
				if _, err := parse(append(line(f.Name), v), environ.Env{}); err != nil {
					t.Errorf("%s %s %s: %v", c.invocation(), f.Name, v, err)
				}
			}
			if f.ValuesFrom != nil {
				if in, err := parse(f.ValuesFrom, environ.Env{}); err != nil || in.cmd.name != "list" || !in.boolean("sso-sessions") {
					t.Errorf("%s %s: its values come from ssox %v, which is no list --sso-sessions (%v)", c.invocation(), f.Name, f.ValuesFrom, err)
				}
			}
		}
		var takes []string
		for _, f := range c.all {
			takes = append(takes, "--"+f.name)
		}
		if !slices.Equal(offered, append(takes, "--help")) {
			t.Errorf("%s offers %v, takes %v and --help", c.invocation(), offered, takes)
		}
	}
	for _, c := range []string{"login", "logout", "setup"} {
		if sc := comp.Commands[slices.Index(table(), commandNamed(c))]; !slices.ContainsFunc(sc.Flags, func(f shells.Flag) bool {
			return f.Name == "--sso-session" && f.ValuesFrom != nil
		}) {
			t.Errorf("%s --sso-session completes no sso-session names", c)
		}
	}
	init, help := commandNamed("init"), commandNamed("help")
	if got := comp.Commands[slices.Index(table(), init)].Words; !slices.Equal(got, shells.Names()) {
		t.Errorf("init completes %v, want %v", got, shells.Names())
	}
	if got := comp.Commands[slices.Index(table(), help)].Words; !slices.Equal(got, commandNames()) {
		t.Errorf("help completes %v, want %v", got, commandNames())
	}
}

// TestScriptsKeepNoListOfTheirOwn: the scripts take every command and flag
// from the table `ssox init` writes into them, and name none themselves but
// those they run (use --shell --renew, list --names, prompt --format) and
// words they use otherwise: the args kind exec, the prompt's level login,
// fish's builtin status.
func TestScriptsKeepNoListOfTheirOwn(t *testing.T) {
	comment := regexp.MustCompile(`(?m)^\s*#.*$`)
	runs := []string{"use", "list", "prompt", "exec", "login", "status", "--shell", "--renew", "--names", "--format"}
	for _, sh := range []string{"zsh", "bash", "fish"} {
		script, err := shells.Render(sh, "/bin/ssox", shells.Completion{})
		if err != nil {
			t.Fatal(err)
		}
		code := comment.ReplaceAllString(script, "")
		for _, c := range table()[1:] {
			words := []string{c.name}
			for _, f := range c.flags {
				words = append(words, "--"+f.name)
			}
			for _, w := range words {
				if !slices.Contains(runs, w) && regexp.MustCompile(`(^|[^a-z-])`+regexp.QuoteMeta(w)+`($|[^a-z-])`).MatchString(code) {
					t.Errorf("%s names %s outside the table", sh, w)
				}
			}
		}
		full, err := RenderShell(sh, "/bin/ssox")
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"credential-process", "--min-ttl", "windows-cmd", "starship", "open-url-in-container"} {
			if !strings.Contains(full, w) {
				t.Errorf("ssox init %s leaves out %s", sh, w)
			}
		}
	}
}
