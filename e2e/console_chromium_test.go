//go:build unix

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
	"github.com/ssox/ssox/internal/testwait"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// needChromium skips a test that needs a real browser under -short, and
// where Chromium is missing outside CI; in CI a missing Chromium fails.
func needChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("a real headless Chromium is not run under -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		testneed.Missing(t, "%s is missing (.ci/run installs it: apt-get install -y chromium)", chromiumPath)
	}
}

// headless is Chromium as the tests run it: headless (as root it needs
// --no-sandbox), with nothing that reaches for the network on its own
// (which stalls it on a closed network), the console's hosts mapped to the
// fake's console pages, whose certificate it takes, and printing the DOM
// of the page it ends at once the page has settled.
func headless(consoleAddr string) []string {
	return []string{chromiumPath, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--ignore-certificate-errors", "--host-resolver-rules=MAP *.console.aws.amazon.com " + consoleAddr + ", MAP console.aws.amazon.com " + consoleAddr,
		"--virtual-time-budget=15000", "--dump-dom"}
}

// chromiumWrapper writes a program named name that ssox starts as its
// browser: headless Chromium with the arguments it is given (and extra
// before them), which writes the DOM it ends at to OUT.dom and then its
// exit status to OUT.exit, OUT being the file named by CHROMIUM_OUT in its
// environment at the time.
func chromiumWrapper(t *testing.T, dir, name, consoleAddr string, extra ...string) string {
	t.Helper()
	var q []string
	for _, a := range append(headless(consoleAddr), extra...) {
		q = append(q, "'"+strings.ReplaceAll(a, "'", `'\''`)+"'")
	}
	script := "#!/bin/sh\nout=$CHROMIUM_OUT\n" + strings.Join(q, " ") + ` "$@" >"$out.dom" 2>"$out.err"` + "\necho $? >\"$out.exit.tmp\" && mv \"$out.exit.tmp\" \"$out.exit\"\n"
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// landed waits for the wrapped Chromium of out to exit and returns the
// title of the page it ended at.
func landed(t *testing.T, out string) string {
	t.Helper()
	testwait.Until(t, "Chromium to exit", func() bool {
		_, err := os.Stat(out + ".exit")
		return err == nil
	})
	return title(t, out)
}

func title(t *testing.T, out string) string {
	t.Helper()
	dom, _ := os.ReadFile(out + ".dom")
	_, rest, ok := strings.Cut(string(dom), "<title>")
	if !ok {
		errs, _ := os.ReadFile(out + ".err")
		t.Fatalf("Chromium ended on a page without a title: %s\n%s", dom, tail(string(errs), 2000))
	}
	text, _, _ := strings.Cut(rest, "</title>")
	return text
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// visit runs Chromium on its own in userDataDir at u, and returns the text
// of the page: what that browser profile's cookies show the fake.
func visit(t *testing.T, consoleAddr, userDataDir, u string) string {
	t.Helper()
	args := append(headless(consoleAddr), "--user-data-dir="+userDataDir, u)
	out, err := exec.Command(args[0], args[1:]...).Output()
	if err != nil {
		t.Fatalf("chromium %s: %v", u, err)
	}
	text := string(out)
	if i := strings.Index(text, "<pre"); i >= 0 {
		text = text[strings.Index(text[i:], ">")+i+1:]
		text, _, _ = strings.Cut(text, "</pre>")
	}
	return strings.TrimSpace(text)
}

// A real Chromium signs in through ssox's sign-in URL and ends at the
// console page asked for. With a user-data-dir of ssox's own per profile,
// two profiles are signed in side by side, neither logged out, each
// directory holding its own session; in one shared browser each sign-in
// logs the other account out first, without which the console refuses it.
func TestConsoleInChromium(t *testing.T) {
	needChromium(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	consoleAddr, _, err := h.fake.StartConsole("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	data := h.path("data")
	shared := h.path("shared-chromium")
	isolated := chromiumWrapper(t, bin, "chromium", consoleAddr)
	sharedBrowser := chromiumWrapper(t, bin, "chromium-shared", consoleAddr, "--user-data-dir="+shared)
	env := func(out string, extra ...string) []string {
		return h.consoleEnv(append([]string{"CHROMIUM_OUT=" + out, "XDG_DATA_HOME=" + data}, extra...)...)
	}
	consoleOps := func() []string {
		var ops []string
		for _, q := range h.fake.Requests() {
			if q.Op == "ConsoleLogin" || q.Op == "ConsoleLogout" {
				ops = append(ops, fmt.Sprintf("%s %d %s %s", q.Op, q.Status, q.AccountID, q.ErrorType))
			}
		}
		return ops
	}
	wantOps := func(want ...string) {
		t.Helper()
		if got := consoleOps(); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("the fake saw:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
	}
	whoami := func(userDataDir string) string {
		return visit(t, consoleAddr, userDataDir, h.url+"/_fake/console-session")
	}
	const (
		devARN  = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_"
		prodARN = "arn:aws:sts::987654321098:assumed-role/AWSReservedSSO_ReadOnlyAccess_"
	)

	// Each profile in its own user-data-dir: no logout, each lands.
	for i, tc := range []struct {
		args    []string
		account string
		dest    string
	}{
		{[]string{"ui-dev"}, "123456789012", "https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1"},
		{[]string{"dol-prod", "--service", "cloudformation", "--region", "ap-southeast-2"}, "987654321098",
			"https://ap-southeast-2.console.aws.amazon.com/cloudformation/home?region=ap-southeast-2"},
	} {
		out := h.path(fmt.Sprintf("isolated-%d", i))
		h.fake.ResetLog()
		r := h.run(env(out), append([]string{"console", "--browser", isolated}, tc.args...)...)
		if r.code != 0 || r.stderr != "ssox: opened the console as "+tc.args[0]+"\n" {
			t.Fatalf("%v: %+v", tc.args, r)
		}
		if got := landed(t, out); got != "console "+tc.dest {
			t.Fatalf("%v: Chromium ended at %q, want the console at %s", tc.args, got, tc.dest)
		}
		wantOps("ConsoleLogin 302 " + tc.account + " ")
	}
	// The two directories keep their own sessions: ui-dev's cookies are not
	// in dol-prod's, nor the other way round.
	devDir, prodDir := filepath.Join(data, "ssox/browser/ui-dev"), filepath.Join(data, "ssox/browser/dol-prod")
	if who := whoami(devDir); !strings.HasPrefix(who, devARN) {
		t.Fatalf("ui-dev's user-data-dir is signed in as %q", who)
	}
	if who := whoami(prodDir); !strings.HasPrefix(who, prodARN) {
		t.Fatalf("dol-prod's user-data-dir is signed in as %q", who)
	}
	if fi, err := os.Stat(devDir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("ui-dev's user-data-dir: %v %v", fi.Mode(), err)
	}

	// One shared browser (the system's, by BROWSER): each sign-in logs
	// the browser out first, then signs in, and lands.
	for i, tc := range []struct {
		profile, account, dest string
	}{
		{"ui-dev", "123456789012", "https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1"},
		{"dol-prod", "987654321098", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"},
	} {
		out := h.path(fmt.Sprintf("shared-%d", i))
		h.fake.ResetLog()
		r := h.run(env(out, "BROWSER="+sharedBrowser), "console", tc.profile)
		if r.code != 0 || r.stderr != "ssox: opened the console as "+tc.profile+"\n" {
			t.Fatalf("%s: %+v", tc.profile, r)
		}
		if got := landed(t, out); got != "console "+tc.dest {
			t.Fatalf("%s: Chromium ended at %q, want the console at %s", tc.profile, got, tc.dest)
		}
		loggedOut := ""
		if i > 0 {
			loggedOut = "123456789012" // the session of the sign-in before
		}
		wantOps("ConsoleLogout 302 "+loggedOut+" ", "ConsoleLogin 302 "+tc.account+" ")
	}
	if who := whoami(shared); !strings.HasPrefix(who, prodARN) {
		t.Fatalf("the shared browser is signed in as %q", who)
	}
	// Without the logout, the console refuses a sign-in to another account
	// in that browser: the shared browser, signed in as dol-prod, follows a
	// bare sign-in URL of ui-dev's.
	h.fake.ResetLog()
	bare := h.bareSigninURL(t, "123456789012")
	if page := visit(t, consoleAddr, shared, bare); !strings.Contains(page, "You must first log out before logging into a different AWS account.") {
		t.Fatalf("a bare sign-in in the shared browser: %s", page)
	}
	wantOps("ConsoleLogin 200 123456789012 MustLogOutFirst")
}

// bareSigninURL asks the fake for a sign-in token with the credentials it
// issued last for account, and returns the URL that signs in with it, with
// no logout before.
func (h *harness) bareSigninURL(t *testing.T, account string) string {
	t.Helper()
	var keys fakeidc.Credentials
	for _, c := range h.fake.IssuedCredentials() {
		if c.AccountID == account {
			keys = c
		}
	}
	session, _ := json.Marshal(map[string]string{"sessionId": keys.AccessKeyID, "sessionKey": keys.SecretAccessKey, "sessionToken": keys.SessionToken})
	resp, err := http.Get(h.url + "/federation?" + url.Values{"Action": {"getSigninToken"}, "Session": {string(session)}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var tok struct{ SigninToken string }
	if err := json.Unmarshal(body, &tok); err != nil || tok.SigninToken == "" {
		t.Fatalf("getSigninToken: %s %v", body, err)
	}
	return h.url + "/federation?" + url.Values{"Action": {"login"}, "Destination": {"https://us-east-1.console.aws.amazon.com/console/home"},
		"SigninToken": {tok.SigninToken}}.Encode()
}
