package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ssox/ssox/shells"
)

// The completion in shells/ names ssox's subcommands and the flags that
// take a value by hand, in each shell's syntax; this test reads those lists
// back from the rendered scripts and fails when one is missing or extra
// against the command table.
func TestShellCompletionMatchesCommandTable(t *testing.T) {
	// What each word after `ssox` is followed by: a profile (whose
	// completion runs), a shell name (init), or nothing ssox completes.
	var profile, nothing []string
	values := map[string]bool{}
	for _, f := range rootCommand().flags {
		if f.takesValue() {
			values["--"+f.name] = true
		}
	}
	for _, c := range table()[1:] {
		switch {
		case c.name == "init":
			continue
		case c.args == noArgs || c.name == "help":
			nothing = append(nothing, c.name)
			continue
		}
		profile = append(profile, c.name)
		// Flags that take a value are skipped before the profile.
		for _, f := range c.flags {
			if f.takesValue() {
				values["--"+f.name] = true
			}
		}
	}
	var valueFlags []string
	for f := range values {
		valueFlags = append(valueFlags, f)
	}
	slices.Sort(profile)
	slices.Sort(nothing)
	slices.Sort(valueFlags)

	for _, tc := range []struct {
		shell                       string
		profile, nothing, valueFlag *regexp.Regexp
		init                        *regexp.Regexp
		sep                         string
		// initIsNothing: fish completes init's shells apart, and lists
		// init with the commands followed by nothing else to complete.
		initIsNothing bool
	}{
		{"zsh", regexp.MustCompile(`\(([a-z|-]+)\) sub=`), regexp.MustCompile(`\(([a-z|-]+)\) return 1 ;;`),
			regexp.MustCompile(`\((--[a-z|-]+)\) \(\( i\+\+ \)\)`), regexp.MustCompile(`compadd -- ([a-z ]+);`), "|", false},
		{"bash", regexp.MustCompile(`\n\s+([a-z |-]+)\) sub=`), regexp.MustCompile(`\n\s+([a-z |-]+)\) return 0 ;;`),
			regexp.MustCompile(`\n\s+(--[a-z |-]+)\) \(\(i\+\+\)\)`), regexp.MustCompile(`for name in ([a-z ]+); do`), " | ", false},
		{"fish", regexp.MustCompile(`case ([a-z -]+)\n\s+set -e words\[1\]`), regexp.MustCompile(`case ([a-z -]+)\n\s+return 1`),
			regexp.MustCompile(`case (--[a-z -]+)\n\s+set skip 1`), regexp.MustCompile(`-a '([a-z ]+)'\n`), " ", true},
	} {
		script, err := shells.Render(tc.shell, "/bin/ssox")
		if err != nil {
			t.Fatal(err)
		}
		wantNothing := nothing
		if tc.initIsNothing {
			wantNothing = slices.Sorted(slices.Values(append([]string{"init"}, nothing...)))
		}
		list := func(what string, re *regexp.Regexp, sep string) []string {
			m := re.FindAllStringSubmatch(script, -1)
			if len(m) != 1 {
				t.Fatalf("%s: found the %s list %d times, want once", tc.shell, what, len(m))
			}
			l := strings.Split(m[0][1], sep)
			slices.Sort(l)
			return l
		}
		for _, l := range []struct {
			what string
			got  []string
			want []string
		}{
			{"commands followed by a profile", list("profile", tc.profile, tc.sep), profile},
			{"commands followed by nothing to complete", list("nothing", tc.nothing, tc.sep), wantNothing},
			{"flags that take a value", list("value flag", tc.valueFlag, tc.sep), valueFlags},
			{"shells of init", list("init", tc.init, " "), slices.Sorted(slices.Values(shells.Names()))},
		} {
			if !slices.Equal(l.got, l.want) {
				t.Errorf("%s: %s are %v, the command table says %v", tc.shell, l.what, l.got, l.want)
			}
		}
	}
}
