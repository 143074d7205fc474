//go:build unix

// The fuzz target runs sh, bash, zsh and fish; a Windows test runs the
// windows-cmd format in cmd.exe itself (cmd_windows_test.go).

package envfmt

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/shellquote"
)

// FuzzShellFormats checks every shell format of `ssox env` against the
// grammar of its target: the output of sh/bash/zsh and fish is run by the
// real shell, that of powershell and windows-cmd by the parsers below. Each
// must set exactly the variables given, unset exactly the removed ones that
// are variable names, and leave everything else, a hostile name included,
// as it was.
//
// The parent's removed variable is AWS_SSO_ + the fuzzed name, as every
// variable ssox removes carries a prefix it owns (exec.overriding and the
// stale prefixes), so no fuzzed name hits a shell's own variables.
func FuzzShellFormats(f *testing.F) {
	for _, seed := range [][2]string{
		{"X", "ASIA/k+x="},
		{"X$(touch${IFS}/tmp/x)", "it's \"x\" $(y) `z` \\ %PATH% !x! ^&|<>()"},
		{"X Y", "a\nb"},
		{"X;echo", "\u2019'\u2018 $Env:HOME"},
		{"", "=ls ~ * ?"},
	} {
		f.Add(seed[0], seed[1])
	}
	shells := map[string][]string{
		"sh":   {"sh", "-c"},
		"bash": {"bash", "--norc", "--noprofile", "-c"},
		"zsh":  {"zsh", "-f", "-c"},
		"fish": {"fish", "--no-config", "-c"},
	}
	for name, argv := range shells {
		if _, err := exec.LookPath(argv[0]); err != nil {
			f.Fatalf("%s is needed: %v", name, err)
		}
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		removedName := "AWS_SSO_" + name
		// What an environment cannot hold is not a case.
		if strings.ContainsAny(value, "\x00") || strings.ContainsAny(removedName, "=\x00") {
			t.Skip()
		}
		vars := environ.Env{"AWS_SECRET_ACCESS_KEY": value, "SSOX_PROFILE": "p" + value}
		removed := []string{removedName, "AWS_PROFILE"}
		parent := map[string]string{"AWS_PROFILE": "stale", removedName: "old", "KEEP": value}
		want := maps.Clone(parent)
		for _, k := range removed {
			if shellquote.ValidName(k) {
				delete(want, k)
			}
		}
		maps.Copy(want, vars)

		for _, format := range []string{"env", "env-no-export", "fish", "powershell", "windows-cmd"} {
			var out bytes.Buffer
			err := Write(&out, format, vars, removed, &creds.Credentials{})
			if format == "windows-cmd" && strings.ContainsAny(value, "\r\n\x1a") {
				if !errors.Is(err, shellquote.ErrCmdUnrepresentable) || out.Len() != 0 {
					t.Fatalf("windows-cmd with a line break: %v, %q", err, out.String())
				}
				continue
			}
			if (format == "windows-cmd" || format == "powershell") && !utf8.ValidString(value) {
				if !errors.Is(err, shellquote.ErrNotText) || out.Len() != 0 {
					t.Fatalf("%s with invalid UTF-8: %v, %q", format, err, out.String())
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			wantHere := want
			if format == "env-no-export" {
				// A .env file unsets nothing.
				wantHere = maps.Clone(parent)
				maps.Copy(wantHere, vars)
			}
			switch format {
			case "env":
				for _, sh := range []string{"sh", "bash", "zsh"} {
					checkShell(t, sh, shells[sh], ". ", out.String(), parent, wantHere)
				}
			case "env-no-export":
				checkShell(t, "sh", shells["sh"], "set -a; . ", out.String(), parent, wantHere)
			case "fish":
				checkShell(t, "fish", shells["fish"], "source ", out.String(), parent, wantHere)
			case "powershell":
				checkParsed(t, format, parsePowerShell, out.String(), windows(parent), windows(wantHere))
			case "windows-cmd":
				checkParsed(t, format, parseCmd, out.String(), windows(parent), windows(wantHere))
			}
		}
	})
}

// windows is want as Windows can hold it: a variable set to "" does not
// exist there.
func windows(want map[string]string) map[string]string {
	w := maps.Clone(want)
	maps.DeleteFunc(w, func(_, v string) bool { return v == "" })
	return w
}

const split = "\x00--ssox-fuzz-split--\x00"

// checkShell runs the script in the real shell between two dumps of the
// environment and compares the change with what is wanted.
func checkShell(t *testing.T, sh string, argv []string, source, script string, parent, want map[string]string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	dump := "env -0; printf '" + strings.ReplaceAll(split, "\x00", `\000`) + "'; "
	// fish sources with `source`, the others with `.`; both then dump again.
	cmd := exec.Command(argv[0], append(argv[1:], dump+source+shellquote.Sh(file)+"; env -0; :")...)
	if sh == "fish" {
		cmd = exec.Command(argv[0], append(argv[1:], dump+source+shellquote.Fish(file)+"; env -0; :")...)
	}
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "LC_ALL=C.UTF-8"}
	for k, v := range parent {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	before, after, ok := strings.Cut(string(out), split)
	if err != nil || !ok || stderr.Len() != 0 {
		t.Fatalf("%s: %v, stderr %q, script:\n%s", sh, err, stderr.String(), script)
	}
	b, a := parseEnv0(before), parseEnv0(after)
	want = maps.Clone(want)
	// What the shell itself keeps (PWD, SHLVL, ...) is the same both times;
	// the change is what the script did.
	for k := range parent {
		if _, inBefore := b[k]; !inBefore {
			// The shell did not pass this one on (a name it rejects):
			// then it cannot have set it either.
			delete(want, k)
		}
	}
	compareChange(t, sh, script, b, a, parent, want)
}

// compareChange checks that after = before with exactly the changes from
// parent to want.
func compareChange(t *testing.T, what, script string, before, after, parent, want map[string]string) {
	t.Helper()
	expect := maps.Clone(before)
	for k := range parent {
		delete(expect, k)
	}
	maps.Copy(expect, want)
	if !maps.Equal(after, expect) {
		var diff []string
		for k, v := range expect {
			if got, ok := after[k]; !ok || got != v {
				diff = append(diff, fmt.Sprintf("%s: want %q, got %q (set %v)", k, v, got, ok))
			}
		}
		for k, v := range after {
			if _, ok := expect[k]; !ok {
				diff = append(diff, fmt.Sprintf("%s: unexpected %q", k, v))
			}
		}
		t.Fatalf("%s: %s\nscript:\n%s", what, strings.Join(diff, "\n"), script)
	}
}

func checkParsed(t *testing.T, format string, parse func(string, map[string]string) (map[string]string, error), script string, parent, want map[string]string) {
	t.Helper()
	got, err := parse(script, maps.Clone(parent))
	if err != nil {
		t.Fatalf("%s: %v\nscript:\n%q", format, err, script)
	}
	compareChange(t, format, script, map[string]string{}, got, map[string]string{}, want)
}

func parseEnv0(s string) map[string]string {
	return environ.FromList(strings.Split(s, "\x00"))
}

// parseCmd runs a batch file as cmd.exe does (delayed expansion off), for
// the lines `ssox env --format windows-cmd` may print: phase 1 expands
// %NAME% and turns %% into %; phase 2 reads quotes and carets, where an
// unescaped & | < > ( ) outside quotes would start other commands; then
// `set "NAME=VALUE"` takes the text up to the last quote.
func parseCmd(script string, env map[string]string) (map[string]string, error) {
	if script != "" && !strings.HasSuffix(script, "\r\n") {
		return nil, errors.New("last line has no CRLF")
	}
	for _, line := range strings.Split(strings.TrimSuffix(script, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n\x1a") {
			return nil, fmt.Errorf("line break inside %q", line)
		}
		// Phase 1: percent expansion.
		var p1 strings.Builder
		for i := 0; i < len(line); i++ {
			if line[i] != '%' {
				p1.WriteByte(line[i])
				continue
			}
			if i+1 < len(line) && line[i+1] == '%' {
				p1.WriteByte('%')
				i++
				continue
			}
			end := strings.IndexByte(line[i+1:], '%')
			if end < 0 {
				continue // a lone % is dropped
			}
			p1.WriteString(env[line[i+1:i+1+end]])
			i += end + 1
		}
		// Phase 2: quotes and carets.
		var p2 strings.Builder
		quoted := false
		s := p1.String()
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '"':
				quoted = !quoted
			case !quoted && c == '^':
				i++
				if i == len(s) {
					return nil, fmt.Errorf("caret at the end of %q continues the line", line)
				}
				c = s[i]
			case !quoted && strings.IndexByte("&|<>()", c) >= 0:
				return nil, fmt.Errorf("unescaped %q outside quotes in %q", c, line)
			}
			p2.WriteByte(c)
		}
		arg, ok := strings.CutPrefix(p2.String(), `@set "`)
		last := strings.LastIndexByte(arg, '"')
		if !ok || last < 0 {
			return nil, fmt.Errorf("not a quoted set: %q", line)
		}
		name, value, ok := strings.Cut(arg[:last], "=")
		if !ok || !shellquote.ValidName(name) || arg[last+1:] != "" {
			return nil, fmt.Errorf("bad set: %q", line)
		}
		if value == "" {
			delete(env, name)
		} else {
			env[name] = value
		}
	}
	return env, nil
}
