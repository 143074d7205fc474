//go:build unix

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testwait"
)

// useScripts set up a shell with variables ssox clears and replaces (one
// holding a line break, one a shell variable that is not exported), switch
// it to ui-dev, then dol-prod, then off, writing `env -0` at each step to
// a file, then show the shell variable and switch off once more.
var useScripts = map[string]string{
	"zsh":  sourceInit["zsh"] + posixUseScript("typeset -p"),
	"bash": sourceInit["bash"] + posixUseScript("declare -p"),
	"fish": sourceInit["fish"] + `
set -gx AWS_PROFILE old; set -gx AWS_ACCESS_KEY_ID stale; set -gx AWS_SECURITY_TOKEN x; set -gx GRANTED_SSO true
set -gx AWS_SSO_ACCOUNT_ID 1; set -gx SSOX_PROFILE outer; set -gx SSOX_ACCOUNT_NAME "two
lines"; set -gx SSOX_MIN_TTL 20m
set -g AWS_REGION eu-west-3
env -0 >before
ssox use ui-dev; or echo "use ui-dev: $status"
env -0 >ui-dev
ssox use dol-prod; or echo "use dol-prod: $status"
env -0 >dol-prod
ssox use --off; or echo "off: $status"
env -0 >after
set -q AWS_REGION; and not set -qx AWS_REGION; and echo "AWS_REGION=$AWS_REGION, not exported"
ssox use --off 2>&1
echo "again: $status"`,
}

// posixUseScript is useScripts' script for zsh and bash, which differ only
// in the builtin that shows a shell variable (show).
func posixUseScript(show string) string {
	return `
export AWS_PROFILE=old AWS_ACCESS_KEY_ID=stale AWS_SECURITY_TOKEN=x GRANTED_SSO=true AWS_SSO_ACCOUNT_ID=1 SSOX_PROFILE=outer SSOX_ACCOUNT_NAME=$'two\nlines' SSOX_MIN_TTL=20m
AWS_REGION=eu-west-3
env -0 >before
ssox use ui-dev || echo "use ui-dev: $?"
env -0 >ui-dev
ssox use dol-prod || echo "use dol-prod: $?"
env -0 >dol-prod
ssox use --off || echo "off: $?"
env -0 >after
` + show + ` AWS_REGION
ssox use --off 2>&1
echo "again: $?"`
}

// TestUseSwitchesAndRestoresTheShell: `ssox use` in each real shell gives
// it the variables an ssox shell gets, with the keys the fake issued;
// switching again replaces them; --off puts every variable back, the
// environment byte for byte what it was and the shell variable unexported.
func TestUseSwitchesAndRestoresTheShell(t *testing.T) {
	for _, sh := range []string{"zsh", "bash", "fish"} {
		t.Run(sh, func(t *testing.T) {
			needShell(t, sh)
			h := newHarness(t, fakeidc.Options{})
			h.writeConfig(guideConfig)
			h.seedToken("njoitaws", 8*time.Hour, true)
			out := h.inShell(sh, false, nil, useScripts[sh])
			wantShell := map[string]string{
				"zsh":  "typeset AWS_REGION=eu-west-3\n",
				"bash": "declare -- AWS_REGION=\"eu-west-3\"\n",
				"fish": "AWS_REGION=eu-west-3, not exported\n",
			}[sh]
			if want := wantShell + "ssox: this shell is not switched by 'ssox use'; nothing to switch off\nagain: 1\n"; out != want {
				t.Fatalf("the shell printed %q, want %q", out, want)
			}
			read := func(name string) map[string]string {
				data, err := os.ReadFile(h.path(name))
				if err != nil {
					t.Fatal(err)
				}
				return parseEnv(string(data))
			}
			before, after := envEntries(t, h.path("before")), envEntries(t, h.path("after"))
			if !slices.Equal(before, after) {
				t.Errorf("after --off the environment is\n%q\nwant, as before,\n%q", after, before)
			}
			issued := h.fake.IssuedCredentials()
			if len(issued) != 2 {
				t.Fatalf("the fake issued %d sets of credentials, want 2", len(issued))
			}
			for i, step := range []struct{ name, account, region string }{{"ui-dev", "123456789012", "us-east-1"}, {"dol-prod", "987654321098", "eu-west-1"}} {
				env := read(step.name)
				for k, v := range map[string]string{
					"AWS_ACCESS_KEY_ID": issued[i].AccessKeyID, "AWS_SECRET_ACCESS_KEY": issued[i].SecretAccessKey,
					"AWS_SESSION_TOKEN": issued[i].SessionToken, "AWS_CREDENTIAL_EXPIRATION": expiration(issued[i].Expiration),
					"SSOX_PROFILE": step.name, "AWS_SSO_PROFILE": step.name, "SSOX_ACCOUNT_ID": step.account, "AWS_ACCOUNT_ID": step.account,
					"AWS_REGION": step.region, "AWS_DEFAULT_REGION": step.region, "SSOX_SSO_SESSION": "njoitaws", "SSOX_MIN_TTL": "20m",
				} {
					if env[k] != v {
						t.Errorf("after 'ssox use %s': %s=%q, want %q", step.name, k, env[k], v)
					}
				}
				for _, k := range []string{"AWS_PROFILE", "AWS_SECURITY_TOKEN", "GRANTED_SSO", "AWS_SSO_ACCOUNT_ID", "SSOX_ACCOUNT_NAME"} {
					if v, ok := env[k]; ok {
						t.Errorf("after 'ssox use %s': %s=%q is still set", step.name, k, v)
					}
				}
			}
			h.noSecrets("the shell's output", out)
		})
	}
}

// envEntries are the entries of an `env -0` file, sorted: bytes, not a
// map, so that nothing is compared loosely.
func envEntries(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries := strings.Split(strings.TrimSuffix(string(data), "\x00"), "\x00")
	slices.Sort(entries)
	return entries
}

// TestUseRenewsAtThePrompt: in a shell ssox did not start, each real shell
// in tmux, `ssox use` with no profile opens the picker; the profile picked
// switches the shell, its segment shows, and with role credentials that
// live 5m08s and --min-ttl 5m, the first prompt 8 seconds on runs ssox
// once (`ssox use --renew`) and the shell holds the keys the fake issued
// next; `ssox use --off` ends it: no segment, no keys, and the prompts
// after run nothing.
func TestUseRenewsAtThePrompt(t *testing.T) {
	for _, sh := range []string{"zsh", "bash", "fish"} {
		t.Run(sh, func(t *testing.T) {
			needShell(t, sh)
			shell, _ := exec.LookPath(sh)
			h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: 5*time.Minute + 8*time.Second})
			h.writeConfig(guideConfig)
			h.seedToken("njoitaws", 8*time.Hour, true)
			rc := renewRC[sh]
			h.writeFile(rc.file, rc.text)
			h.writeFile("ssox-count", "#!/bin/sh\necho \"$*\" >>\"$HOME/ssox-runs\"\nexec "+filepath.Join(binDir, "ssox")+" \"$@\"\n")
			if err := os.Chmod(h.path("ssox-count"), 0o700); err != nil {
				t.Fatal(err)
			}
			env := h.withBrowserLog("AWS_PROFILE=", "SHELL="+shell, "ZDOTDIR="+h.path("zdot"), "XDG_CONFIG_HOME="+h.path(".config"),
				"XDG_DATA_HOME="+h.path(".local/share"), "XDG_CACHE_HOME="+h.path(".cache"))
			p := h.startPane(env, shell+" -i")

			lines := func(name string) []string {
				data, _ := os.ReadFile(h.path(name))
				if s := strings.TrimSuffix(string(data), "\n"); s != "" {
					return strings.Split(s, "\n")
				}
				return nil
			}
			prompts := func() int { return len(lines("prompts")) }
			enter := func(command string) {
				t.Helper()
				n := prompts()
				p.keys(command, "Enter")
				testwait.Until(t, "the prompt after "+command, func() bool { return prompts() > n }, p.screen)
			}
			ran := func(before int, want ...string) {
				t.Helper()
				if r := lines("ssox-runs"); !slices.Equal(r[min(before, len(r)):], want) {
					t.Fatalf("ssox ran as %q, want %q", r[min(before, len(r)):], want)
				}
			}
			shows := func(profile, key string) {
				t.Helper()
				enter(`echo "profile=$SSOX_PROFILE key=$AWS_ACCESS_KEY_ID."`)
				want := fmt.Sprintf("profile=%s key=%s.", profile, key)
				if !strings.Contains(p.screen(), "\n"+want+"\n") {
					t.Fatalf("the shell does not show %q:\n%s", want, p.screen())
				}
			}
			segment := func(text string) string { return segmentPattern(sh, text) }
			testwait.Until(t, "the first prompt", func() bool { return prompts() == 1 }, p.screen)
			shows("", "")

			p.keys("ssox use --min-ttl 5m", "Enter")
			p.waitFor("the picker", `(?m)^ssox profile>$`)
			p.keys("ui-dev")
			p.waitFor("the filtered list", `(?m)^> ui-dev +123456789012`)
			n := prompts()
			p.keys("Enter")
			testwait.Until(t, "the prompt after the picker", func() bool { return prompts() > n }, p.screen)
			p.waitFor("the segment", segment("ui-dev 5m"))
			ran(0, "use --shell "+sh+" --min-ttl 5m")
			issued := h.fake.IssuedCredentials()
			if len(issued) != 1 {
				t.Fatalf("the fake issued %d credentials, want 1", len(issued))
			}
			shows("ui-dev", issued[0].AccessKeyID)

			// Until the keys are due no prompt runs ssox; the first after
			// runs it once.
			deadline := time.Now().Add(30 * time.Second)
			for len(lines("ssox-runs")) == 1 {
				if time.Now().After(deadline) {
					t.Fatalf("no renewal within 30 s:\n%s", p.screen())
				}
				time.Sleep(500 * time.Millisecond)
				enter("")
			}
			ran(1, "use --shell "+sh+" --renew")
			if issued = h.fake.IssuedCredentials(); len(issued) != 2 {
				t.Fatalf("the fake issued %d credentials, want 2", len(issued))
			}
			enter("")
			enter("")
			ran(2)
			shows("ui-dev", issued[1].AccessKeyID)
			if strings.Contains(p.screen(), "ssox:") {
				t.Fatalf("ssox said something:\n%s", p.screen())
			}

			enter("ssox use --off")
			ran(2, "use --shell "+sh+" --off")
			shows("", "")
			// The segment is gone from the prompts after --off.
			enter("clear")
			enter("")
			if s := p.screen(); strings.Contains(s, "ui-dev") {
				t.Fatalf("a segment after --off:\n%s", s)
			}
			time.Sleep(time.Second)
			enter("")
			ran(3)
			if l := h.browserLog(); len(l) != 0 {
				t.Fatalf("a browser opened: %q", l)
			}
			h.noSecrets("the screen", p.screen())
		})
	}
}
