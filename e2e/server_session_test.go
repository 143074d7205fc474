//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
	"github.com/ssox/ssox/internal/testwait"
)

// askingChild is a --server child that keeps asking: six threads ask the
// endpoint every 50 ms until the file $2 exists, and write each answer to
// the file $1 as "STATUS KEY-OR-MESSAGE SECONDS".
const askingChild = `
import json, os, sys, threading, time, urllib.error, urllib.request
uri, token = os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"], os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
log, lock = open(sys.argv[1], "a", buffering=1), threading.Lock()
def ask():
    while not os.path.exists(sys.argv[2]):
        start = time.time()
        try:
            r = urllib.request.urlopen(urllib.request.Request(uri, headers={"Authorization": token}), timeout=10)
            line = "%d %s" % (r.status, json.load(r)["AccessKeyId"])
        except urllib.error.HTTPError as e:
            line = "%d %s" % (e.code, json.load(e)["message"])
        except Exception as e:
            line = "ERR %s" % e
        with lock:
            log.write("%s %.3f\n" % (line.replace("\n", " "), time.time() - start))
        time.sleep(0.05)
threads = [threading.Thread(target=ask) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
`

// serverMinTTL, with role credentials that live 20 minutes, has ssox fetch
// new ones for a request at most a second after the last: the end of the
// session shows at once.
const serverMinTTL = "19m59s"

// answer is one line of the asking child's log.
type answer struct {
	status, text string
	seconds      float64
}

func (h *harness) answers() []answer {
	h.t.Helper()
	data, _ := os.ReadFile(h.path("answers"))
	var out []answer
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		s, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			h.t.Fatalf("answer %q", line)
		}
		out = append(out, answer{f[0], strings.Join(f[1:len(f)-1], " "), s})
	}
	return out
}

// waitAnswer waits for an answer after the first n that ok accepts, and
// returns how many there are then.
func (h *harness) waitAnswer(n int, what string, ok func(answer) bool) int {
	h.t.Helper()
	var a []answer
	testwait.Until(h.t, what, func() bool {
		a = h.answers()
		for _, x := range a[min(n, len(a)):] {
			if ok(x) {
				return true
			}
		}
		return false
	}, func() string { return strings.TrimSpace(string(mustRead(h.path("answers")))) })
	return len(a)
}

func mustRead(path string) []byte {
	data, _ := os.ReadFile(path)
	return data
}

func needPython(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		testneed.Missing(t, "/usr/bin/python3 is missing (.ci/run installs python3-botocore, which brings it)")
	}
}

// TestServerLogsInWhenTheSessionEnds: a --server child on a terminal keeps
// asking for credentials while the fake ends the SSO session (tokens
// revoked, refresh refused). ssox opens the browser once, itself; while the
// stand-in browser takes its time, every request fails at once; once it has
// logged in, the child's next answers carry the keys the fake issued after
// the login; the child never restarts.
func TestServerLogsInWhenTheSessionEnds(t *testing.T) {
	needPython(t)
	h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: 20 * time.Minute})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	// A browser that takes two seconds before it signs in.
	h.writeFile("slow-browser", "#!/bin/sh\nsleep 2\nexec "+filepath.Join(binDir, "fakebrowser")+" \"$@\"\n")
	if err := os.Chmod(h.path("slow-browser"), 0o700); err != nil {
		t.Fatal(err)
	}
	p := h.startAskingChild(h.withBrowserLog("BROWSER="+h.path("slow-browser")), "--server")

	n := h.waitAnswer(0, "credentials", func(a answer) bool { return a.status == "200" })
	first := h.answers()[n-1].text
	h.fake.ExpireAccessTokens()
	h.fake.RevokeRefreshTokens()
	n = h.waitAnswer(n, "a request refused during the login", func(a answer) bool { return a.status == "503" })
	ended := n
	before := len(h.fake.IssuedCredentials())
	n = h.waitAnswer(n, "new credentials", func(a answer) bool { return a.status == "200" })
	var refused int
	for _, a := range h.answers()[ended-1 : n-1] {
		if a.status != "503" {
			continue
		}
		refused++
		if a.seconds > 1 || !strings.Contains(a.text, "waiting for the login ssox started") {
			t.Errorf("a request during the login: %+v", a)
		}
	}
	last := h.answers()[n-1]
	var after []string
	for _, c := range h.fake.IssuedCredentials()[before:] {
		after = append(after, c.AccessKeyID)
	}
	if !slices.Contains(after, last.text) || last.text == first {
		t.Fatalf("after the login the child got %q, want keys the fake issued after it, %q (before: %q)", last.text, after, first)
	}
	if refused < 10 {
		t.Errorf("only %d requests came during the login: the test does not show they fail fast", refused)
	}
	if l := h.browserLog(); len(l) != 1 {
		t.Fatalf("the browser opened %d times, want once: %q", len(l), l)
	}
	if n := h.fake.Count("Authorize"); n != 1 {
		t.Fatalf("%d authorizations, want 1", n)
	}
	h.writeFile("stop", "")
	p.waitFor("ssox's end", `(?m)^ssox-exit=\d+$`)
	s := p.lines()
	if !strings.Contains(s, "ssox-exit=0") {
		t.Fatalf("ssox did not exit 0:\n%s", s)
	}
	for _, line := range []string{
		`ssox: the SSO session for sso-session "njoitaws" has ended; logging in again (requests for credentials fail meanwhile)`,
		"ssox: logged in to sso-session \"njoitaws\"",
		"ssox: serving the credentials of ui-dev again",
	} {
		if !strings.Contains(s, line) {
			t.Errorf("the screen does not say %q:\n%s", line, s)
		}
	}
	h.noSecrets("the screen", s)
}

// TestServerSaysHowToLogIn: without a terminal, ssox opens no browser when
// the session ends: it says once what to run, shows a desktop notification
// (a stand-in notify-send, on a display), and requests fail at once; after 'ssox login'
// elsewhere, the child's next request gets new keys.
func TestServerSaysHowToLogIn(t *testing.T) {
	needPython(t)
	h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: 20 * time.Minute})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.writeFile("child.py", askingChild)
	h.writeFile("bin/notify-send", "#!/bin/sh\nprintf '%s|' \"$@\" >>\"$HOME/notes\"\necho >>\"$HOME/notes\"\n")
	if err := os.Chmod(h.path("bin/notify-send"), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := h.command(h.withBrowserLog("PATH="+h.path("bin")+":"+h.env["PATH"], "DISPLAY=:99"), "--server", "--min-ttl", serverMinTTL, "ui-dev", "--", "/usr/bin/python3", "child.py", "answers", "stop")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := h.waitAnswer(0, "credentials", func(a answer) bool { return a.status == "200" })
	h.fake.ExpireAccessTokens()
	h.fake.RevokeRefreshTokens()
	n = h.waitAnswer(n, "a refused request", func(a answer) bool { return a.status == "503" })
	// Many more requests, all refused at once, while nobody logs in.
	n = h.waitAnswer(n+30, "more refused requests", func(a answer) bool { return a.status == "503" })
	for _, a := range h.answers()[n-30:] {
		if a.status != "503" || a.seconds > 1 || !strings.Contains(a.text, "run 'ssox login ui-dev'") {
			t.Fatalf("a request while nobody logs in: %+v", a)
		}
	}
	line := `ssox: the SSO session for sso-session "njoitaws" has ended: run 'ssox login ui-dev' (in another terminal); the command's requests for credentials fail until then` + "\n"
	if got := stderr.String(); strings.Count(got, line) != 1 || len(h.browserLog()) != 0 {
		t.Fatalf("stderr %q (the line %d times), browser %q", got, strings.Count(got, line), h.browserLog())
	}
	notes := string(mustRead(h.path("notes")))
	if want := "--app-name=ssox|--|ssox: log in again|The SSO session for ui-dev has ended: run 'ssox login ui-dev'|\n"; notes != want {
		t.Fatalf("notifications %q, want %q", notes, want)
	}

	h.loginElsewhere(n)
	h.writeFile("stop", "")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v; stderr:\n%s", err, stderr.String())
	}
	h.noSecrets("stderr", stderr.String())
}

// TestServerNoBrowserOnATerminal: with --no-browser, a terminal is not
// enough for ssox to start a login when the session ends: it says once what
// to run, on the terminal, and requests fail at once; no browser opens and
// no authorization starts; after 'ssox login' elsewhere, the child's next
// request gets new keys.
func TestServerNoBrowserOnATerminal(t *testing.T) {
	needPython(t)
	h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: 20 * time.Minute})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	p := h.startAskingChild(h.withBrowserLog(), "--server --no-browser")
	n := h.waitAnswer(0, "credentials", func(a answer) bool { return a.status == "200" })
	h.fake.ExpireAccessTokens()
	h.fake.RevokeRefreshTokens()
	n = h.waitAnswer(n, "a refused request", func(a answer) bool { return a.status == "503" })
	n = h.waitAnswer(n+20, "more refused requests", func(a answer) bool { return a.status == "503" })
	for _, a := range h.answers()[n-20:] {
		if a.status != "503" || a.seconds > 1 || !strings.Contains(a.text, "run 'ssox login ui-dev'") {
			t.Fatalf("a request while nobody logs in: %+v", a)
		}
	}
	line := `ssox: the SSO session for sso-session "njoitaws" has ended: run 'ssox login ui-dev' (in another terminal); the command's requests for credentials fail until then`
	if s := p.lines(); strings.Count(s, line) != 1 {
		t.Fatalf("the line %q is on the screen %d times, want once:\n%s", line, strings.Count(s, line), s)
	}
	if l := h.browserLog(); len(l) != 0 {
		t.Fatalf("a browser opened: %q", l)
	}
	if c := h.fake.Count("Authorize"); c != 0 {
		t.Fatalf("%d authorizations, want none", c)
	}
	h.loginElsewhere(n)
	h.writeFile("stop", "")
	p.waitFor("ssox's end", `(?m)^ssox-exit=0$`)
	h.noSecrets("the screen", p.lines())
}

// loginElsewhere runs 'ssox login ui-dev' (the stand-in browser approving)
// while a child asks for credentials, and waits for the child's answer
// after the n-th to be keys the fake issued after that login.
func (h *harness) loginElsewhere(n int) {
	h.t.Helper()
	before := len(h.fake.IssuedCredentials())
	if r := h.run(h.withBrowserLog(), "login", "ui-dev"); r.code != 0 {
		h.t.Fatalf("ssox login: %+v", r)
	}
	n = h.waitAnswer(n, "new credentials", func(a answer) bool { return a.status == "200" })
	var after []string
	for _, c := range h.fake.IssuedCredentials()[before:] {
		after = append(after, c.AccessKeyID)
	}
	if got := h.answers()[n-1].text; !slices.Contains(after, got) {
		h.t.Fatalf("after the login the child got %q, want keys the fake issued after it, %q", got, after)
	}
}

// startAskingChild starts, in a terminal (tmux), `ssox FLAGS --min-ttl
// serverMinTTL ui-dev` with askingChild as its command, which writes its
// answers to the file "answers" until the file "stop" exists. However the
// test ends, the child stops and ssox with it, before the temporary HOME
// goes.
func (h *harness) startAskingChild(env []string, flags string) *pane {
	h.t.Helper()
	h.writeFile("child.py", askingChild)
	p := h.startPane(env, filepath.Join(binDir, "ssox")+" "+flags+" --min-ttl "+serverMinTTL+
		" ui-dev -- /usr/bin/python3 child.py answers stop; echo ssox-exit=$?; sleep 60")
	h.t.Cleanup(func() {
		h.writeFile("stop", "")
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) && !strings.Contains(p.screen(), "ssox-exit=") {
			time.Sleep(50 * time.Millisecond)
		}
	})
	return p
}
