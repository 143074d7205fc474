//go:build unix

package e2e

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/filelock"
	"github.com/ssox/ssox/sso"
)

// deadURL is an endpoint nobody listens on: connections are refused.
func deadURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	return url
}

// runBounded runs ssox and kills it if it has not finished after limit: a
// run that would wait for ever fails the test instead of hanging it.
func (h *harness) runBounded(limit time.Duration, extra []string, args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := h.command(extra, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			cmd.Process.Kill()
		case <-done:
		}
	}()
	err := cmd.Wait()
	close(done)
	if ctx.Err() != nil {
		h.t.Fatalf("ssox %v still ran after %s; stderr so far:\n%s", args, limit, errb.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = shellStatus(ee.ProcessState)
	} else if err != nil {
		h.t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

// A portal that accepts the connection and never answers: the call gives
// up after SSOX_TIMEOUT, naming the endpoint and the operation.
func TestHangingPortalTimesOut(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.fake.AddFault(fakeidc.Fault{Op: "GetRoleCredentials", Kind: "hang"})
	r := h.runBounded(20*time.Second, []string{"SSOX_TIMEOUT=300ms"}, "ui-dev", "--", "true")
	want := "ssox: get role credentials for profile ui-dev: " + h.url + " (GetRoleCredentials) did not answer within 300ms\n" +
		"hint: check the network connection and any proxy, then try again; SSOX_TIMEOUT=2m waits longer\n"
	if r.code != 1 || r.stderr != want {
		t.Fatalf("code %d stderr %q\nwant %q", r.code, r.stderr, want)
	}
	if _, err := os.Stat(h.path(roleCacheFile)); !os.IsNotExist(err) {
		t.Fatal("role credentials cached")
	}
	for v, msg := range map[string]string{
		"soon": `"soon" is not a duration (like 15m or 1h)`,
		"-30s": `"-30s" is negative (give a duration like 15m or 1h)`,
		"0":    `"0" leaves no time for a network call`,
	} {
		r = h.run([]string{"SSOX_TIMEOUT=" + v}, "ui-dev", "--", "true")
		want := "ssox: SSOX_TIMEOUT=" + msg + "\nhint: set SSOX_TIMEOUT to a duration such as 30s or 2m, or unset it\n"
		if r.code != 2 || r.stdout != "" || r.stderr != want {
			t.Fatalf("SSOX_TIMEOUT=%s: %+v", v, r)
		}
	}
}

// The local clock two hours behind the portal's: ssox says so once.
func TestClockSkewWarns(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Now: func() time.Time { return time.Now().Add(2 * time.Hour) }})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "ui-dev", "--", "true")
	want := "ssox: warning: the local clock is 2h0m0s behind the clock of " + h.url +
		"; credentials will look expired too early or too late: set the clock right (enable NTP)\n"
	if r.code != 0 || r.stderr != want {
		t.Fatalf("code %d stderr %q\nwant %q", r.code, r.stderr, want)
	}
}

// Logout with the portal down deletes the token, the client registration
// and the role credentials all the same, and warns.
func TestLogoutWithPortalDown(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	if r := h.run(nil, "login", "ui-dev"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := h.run(nil, "ui-dev", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	reg := registrationFile(t, h)
	dead := deadURL(t)
	r := h.run([]string{"AWS_ENDPOINT_URL_SSO=" + dead}, "logout", "ui-dev")
	want := "ssox: warning: the local token and credentials of sso-session \"njoitaws\" are deleted, but the portal did not end the session: " +
		"cannot reach " + dead + " (Logout): connection refused\nssox: logged out of sso-session \"njoitaws\"\n"
	if r.code != 0 || r.stderr != want {
		t.Fatalf("code %d stderr %q\nwant %q", r.code, r.stderr, want)
	}
	for _, f := range []string{tokenFile, roleCacheFile, reg} {
		if _, err := os.Stat(h.path(f)); !os.IsNotExist(err) {
			t.Errorf("%s survived the logout", f)
		}
	}
}

// registrationFile is the one client registration in the token cache.
func registrationFile(t *testing.T, h *harness) string {
	t.Helper()
	entries, _ := os.ReadDir(h.path(".aws/sso/cache"))
	var regs []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") && ".aws/sso/cache/"+e.Name() != tokenFile {
			regs = append(regs, ".aws/sso/cache/"+e.Name())
		}
	}
	if len(regs) != 1 {
		t.Fatalf("registrations: %v", regs)
	}
	return regs[0]
}

// A logout while a run fetches role credentials: the run must not cache
// what the logout ended, and the logout waits for it, then deletes.
func TestLogoutDuringFetch(t *testing.T) {
	var h *harness
	var once sync.Once
	logout := make(chan result, 1)
	h = newHarness(t, fakeidc.Options{OnRequest: func(r fakeidc.Request) {
		if r.Op != "GetRoleCredentials" {
			return
		}
		once.Do(func() {
			go func() { logout <- h.run(nil, "logout", "ui-dev") }()
			// The answer waits until the logout has deleted the token.
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if _, err := os.Stat(h.path(tokenFile)); os.IsNotExist(err) {
					return
				}
			}
		})
	}})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "ui-dev", "--", "true")
	lr := <-logout
	if r.code != 1 || r.stderr != "ssox: logged out of sso-session \"njoitaws\" while getting credentials for ui-dev\nhint: run 'ssox login ui-dev'\n" {
		t.Fatalf("run: %+v", r)
	}
	if lr.code != 0 || lr.stderr != "ssox: logged out of sso-session \"njoitaws\"\n" {
		t.Fatalf("logout: %+v", lr)
	}
	if _, err := os.Stat(h.path(roleCacheFile)); !os.IsNotExist(err) {
		t.Fatal("the run cached role credentials of a session logged out")
	}
}

// A token the portal revoked still looks valid: 'ssox login' asks the
// portal, and renews it; --force renews a valid one.
func TestLoginChecksTokenWithPortal(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "login", "ui-dev")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: already logged in to sso-session \"njoitaws\" until ") {
		t.Fatalf("%+v", r)
	}
	h.wantOps("ListAccounts 200")
	h.fake.ResetLog()
	h.fake.ExpireAccessTokens()
	r = h.run(nil, "login", "ui-dev")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: the portal no longer accepts the SSO token for sso-session \"njoitaws\"; renewing it\n"+
		"ssox: sso-session \"njoitaws\" is valid until ") {
		t.Fatalf("%+v", r)
	}
	h.wantOps("ListAccounts 401 UnauthorizedException", "CreateToken/refresh_token 200")
	h.fake.ResetLog()
	if r = h.run(nil, "ui-dev", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.wantOps("GetRoleCredentials 200")
	h.fake.ResetLog()
	if r = h.run(nil, "login", "--force", "ui-dev"); r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: sso-session \"njoitaws\" is valid until ") {
		t.Fatalf("%+v", r)
	}
	h.wantOps("CreateToken/refresh_token 200")
}

// Twenty runs wait for one login that the user refuses: one browser, one
// authorization, and all twenty fail with the refusal.
func TestRefusedLoginFailsItsWaiters(t *testing.T) {
	h := newHarness(t, fakeidc.Options{DenyAuthorize: true})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", -time.Hour, false)
	// Hold the session's lock until all twenty wait for it, so that they
	// all wait for the same login.
	unlock, err := filelock.Acquire(context.Background(), filelock.PathFor(sso.CachePath(h.home, "njoitaws")), nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	cmds := make([]*exec.Cmd, n)
	stderr := make([]*syncBuffer, n)
	for i := range n {
		cmds[i] = h.command(h.withBrowserLog(), "ui-dev", "--", "true")
		stderr[i] = &syncBuffer{}
		cmds[i].Stderr = stderr[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		waitForText(t, stderr[i], "ssox: waiting for another ssox to finish logging in to sso-session \"njoitaws\"\n")
	}
	unlock()
	crowdRefused(t, cmds, stderr)
	if b, a := len(h.browserLog()), h.fake.Count("Authorize"); b != 1 || a != 1 {
		t.Fatalf("%d browsers, %d authorizations", b, a)
	}
	if c := h.fake.Count("CreateToken"); c != 0 {
		t.Fatalf("%d token calls", c)
	}
}

// The same with a role chain: the runs of deploy wait for ui-dev's login on
// the session's lock, not on deploy's assume-role lock, so the refusal
// fails them all at once; no run tries a login of its own.
func TestRefusedLoginFailsChainWaiters(t *testing.T) {
	h := newHarness(t, fakeidc.Options{DenyAuthorize: true, Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", -time.Hour, false)
	unlock, err := filelock.Acquire(context.Background(), filelock.PathFor(sso.CachePath(h.home, "njoitaws")), nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	cmds := make([]*exec.Cmd, n)
	stderr := make([]*syncBuffer, n)
	t.Cleanup(func() {
		for _, c := range cmds {
			if c != nil && c.ProcessState == nil {
				_ = c.Process.Kill()
				_ = c.Wait()
			}
		}
	})
	for i := range n {
		cmds[i] = h.command(h.withBrowserLog(), "deploy", "--", "true")
		stderr[i] = &syncBuffer{}
		cmds[i].Stderr = stderr[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	// Each run waits for a lock and says which.
	for i := range n {
		waitForText(t, stderr[i], "ssox: waiting for another ssox to ")
	}
	unlock()
	crowdRefused(t, cmds, stderr)
	if b, a := len(h.browserLog()), h.fake.Count("Authorize"); b != 1 || a != 1 {
		t.Errorf("%d browsers, %d authorizations", b, a)
	}
	if c := h.fake.Count("CreateToken") + h.fake.Count("AssumeRole") + h.fake.Count("GetRoleCredentials"); c != 0 {
		t.Errorf("%d token, role or AssumeRole calls", c)
	}
}

// A client registration the portal no longer knows is replaced at once,
// whether the callback or the token call says so.
func TestUnknownRegistrationIsReplaced(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault fakeidc.Fault
		ops   []string
	}{
		{"callback", fakeidc.Fault{Op: "Authorize", Kind: "redirect", ErrorType: "InvalidClientException", Times: 1},
			[]string{"Authorize 302 InvalidClientException", "RegisterClient 200", "Authorize 302", "CreateToken/authorization_code 200"}},
		{"token call", fakeidc.Fault{Op: "CreateToken", ErrorType: "InvalidClientException", Times: 1},
			[]string{"Authorize 302", "CreateToken/authorization_code 401 InvalidClientException", "RegisterClient 200", "Authorize 302", "CreateToken/authorization_code 200"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, fakeidc.Options{})
			h.writeConfig(guideConfig)
			if r := h.run(nil, "login", "ui-dev"); r.code != 0 {
				t.Fatal(r.stderr)
			}
			if err := os.Remove(h.path(tokenFile)); err != nil {
				t.Fatal(err)
			}
			h.fake.ResetLog()
			h.fake.AddFault(tt.fault)
			r := h.runBounded(60*time.Second, nil, "login", "ui-dev")
			if r.code != 0 || !strings.Contains(r.stderr, "ssox: the portal no longer knows the client registration for sso-session \"njoitaws\"; registering a new one\n") {
				t.Fatalf("%+v", r)
			}
			h.wantOps(tt.ops...)
		})
	}
}

// credential_process: the SDK reads stderr, so a device-code login with no
// browser to open, which nobody can see, fails at once, before any network
// call, when there is no terminal to show it on.
func TestCredentialProcessLoginWithoutTerminal(t *testing.T) {
	h := newHarness(t, fakeidc.Options{DeviceCodeTTL: 3 * time.Second})
	h.writeConfig(guideConfig)
	cmd := h.command([]string{"-BROWSER", "-DISPLAY"}, "credential-process", "legacy")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no controlling terminal
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || out.Len() != 0 {
		t.Fatalf("%v stdout %q stderr %q", err, out.String(), errb.String())
	}
	want := "ssox: start URL " + startURL + ` needs a login, but nobody would see how: stderr goes to another program and there is no terminal` + "\n" +
		"hint: run 'ssox login legacy' in a terminal, then try again\n"
	if errb.String() != want {
		t.Fatalf("stderr %q\nwant   %q", errb.String(), want)
	}
	h.wantOps()
}

// Ctrl-C ends a wait for a portal that does not answer, as 130.
func TestInterruptDuringHangingCall(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.fake.AddFault(fakeidc.Fault{Op: "GetRoleCredentials", Kind: "hang"})
	cmd := h.command([]string{"SSOX_TIMEOUT=10m"}, "ui-dev", "--", "true")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); h.fake.Count("GetRoleCredentials") == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no call reached the fake")
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 || stderr.String() != "ssox: interrupted\n" {
		t.Fatalf("%v stderr %q", err, stderr.String())
	}
}

// crowdRefused waits for runs that all waited on the session's lock while
// the login behind it was refused: each exits 1 after saying it waited, one
// reports the refusal, and every other that the login it waited for failed.
func crowdRefused(t *testing.T, cmds []*exec.Cmd, stderr []*syncBuffer) {
	t.Helper()
	const waiting = "ssox: waiting for another ssox to finish logging in to sso-session \"njoitaws\"\n"
	const refusal = "the login was refused: access_denied (the user denied the request)\nhint: run 'ssox login ui-dev' to try again\n"
	refused, waited := 0, 0
	for i := range cmds {
		err := cmds[i].Wait()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("run %d: %v\n%s", i, err, stderr[i].String())
		}
		s, ok := strings.CutPrefix(stderr[i].String(), waiting)
		switch {
		case !ok:
			t.Errorf("run %d did not wait for the login: %q", i, stderr[i].String())
		case strings.HasSuffix(s, "ssox: "+refusal):
			refused++
		case s == "ssox: the login this ssox waited for failed: "+refusal:
			waited++
		default:
			t.Errorf("run %d: %q", i, s)
		}
	}
	if refused != 1 || waited != len(cmds)-1 {
		t.Fatalf("%d refused, %d failed as waiters", refused, waited)
	}
}
