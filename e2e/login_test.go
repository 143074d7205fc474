//go:build unix

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testwait"
	"github.com/ssox/ssox/sso"
)

// tokenFile is ~/.aws/sso/cache/sha1("njoitaws").json.
const tokenFile = ".aws/sso/cache/662689cc54bac1669760656c3b1383288e4e4e31.json"

func (h *harness) readToken() *sso.Token {
	h.t.Helper()
	t, err := sso.ReadToken(h.path(tokenFile))
	if err != nil {
		h.t.Fatal(err)
	}
	return t
}

func (h *harness) browserLog() []string {
	data, _ := os.ReadFile(h.path("browser.log"))
	return strings.Fields(string(data))
}

// oneTimeAddress is what a browser gets instead of a URL that carries a
// secret: a loopback address that redirects once.
var oneTimeAddress = regexp.MustCompile(`^http://127\.0\.0\.1:\d+/ssox/[A-Za-z0-9_-]{43}$`)

func (h *harness) withBrowserLog(extra ...string) []string {
	return append([]string{"FAKEBROWSER_LOG=" + h.path("browser.log")}, extra...)
}

func TestSilentRefresh(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	old := h.seedToken("njoitaws", 10*time.Minute, true)
	r := h.run(h.withBrowserLog(), "ui-dev", "--", "true")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	h.wantOps("CreateToken/refresh_token 200", "GetRoleCredentials 200")
	if b := h.browserLog(); len(b) != 0 {
		t.Fatalf("browser opened: %v", b)
	}
	tok := h.readToken()
	if tok.AccessToken == old.AccessToken || tok.RefreshToken == old.RefreshToken || tok.ClientID != old.ClientID ||
		!tok.RegistrationExpiresAt.Equal(old.RegistrationExpiresAt) || time.Until(tok.ExpiresAt) < 50*time.Minute {
		t.Fatalf("token after refresh: %+v", tok)
	}
	checkCLIFormat(t, h.path(tokenFile))
}

// checkCLIFormat reads a token file as an independent reader would: plain
// JSON, the AWS CLI's keys, its timestamp format, mode 0600.
func checkCLIFormat(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o", fi.Mode().Perm())
	}
	if dir, _ := os.Stat(filepath.Dir(path)); dir.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %o", dir.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	var m map[string]any
	if err := jsonUnmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"} {
		if _, ok := m[k].(string); !ok {
			t.Errorf("key %s missing or not a string in %s", k, data)
		}
	}
	if len(m) != 8 {
		t.Errorf("unexpected keys in %s", data)
	}
	for _, k := range []string{"expiresAt", "registrationExpiresAt"} {
		if _, err := time.Parse("2006-01-02T15:04:05Z", m[k].(string)); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}

func TestRefusedRefreshFallsBackToLogin(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 5*time.Minute, true)
	h.fake.RevokeRefreshTokens()
	r := h.run(h.withBrowserLog(), "ui-dev", "--", "true")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if !strings.Contains(r.stderr, "ssox: the SSO token for sso-session \"njoitaws\" could not be refreshed (InvalidGrantException); logging in again\n") {
		t.Fatalf("stderr %q", r.stderr)
	}
	h.wantOps("CreateToken/refresh_token 400 InvalidGrantException", "RegisterClient 200", "Authorize 302",
		"CreateToken/authorization_code 200", "GetRoleCredentials 200")
	if len(h.browserLog()) != 1 {
		t.Fatalf("browser log %v", h.browserLog())
	}
}

func TestPKCELogin(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	r := h.run(h.withBrowserLog("SSOX_DEBUG=1"), "login", "ui-dev")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	h.wantOps("RegisterClient 200", "Authorize 302", "CreateToken/authorization_code 200")
	h.noSecrets("stderr with --debug", r.stderr)
	// The browser gets a one-time address, not the authorize URL, whose
	// state and callback port would be on its command line; the URL is in
	// the instructions.
	if urls := h.browserLog(); len(urls) != 1 || !oneTimeAddress.MatchString(urls[0]) {
		t.Fatalf("browser got %v", urls)
	}
	_, shown, _ := strings.Cut(r.stderr, "if it does not open, visit:\n\n  ")
	if !strings.HasPrefix(shown, h.url+"/authorize?response_type=code&client_id=") ||
		!strings.Contains(shown, "&redirect_uri=http%3A%2F%2F127.0.0.1%3A") || !strings.Contains(shown, "&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=") {
		t.Fatalf("stderr %q", r.stderr)
	}
	checkCLIFormat(t, h.path(tokenFile))
	if !strings.Contains(r.stderr, "ssox: logged in to sso-session \"njoitaws\"\n") {
		t.Fatalf("stderr %q", r.stderr)
	}

	// Logged in: login again does nothing; exec needs only the portal.
	r = h.run(nil, "login", "ui-dev")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: already logged in to sso-session \"njoitaws\" until ") {
		t.Fatalf("%+v", r)
	}
	h.fake.ResetLog()
	if r = h.run(nil, "dol-prod", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.wantOps("GetRoleCredentials 200")

	// Logout deletes the client registration too: a new login registers.
	h.run(nil, "logout", "ui-dev")
	h.fake.ResetLog()
	if r = h.run(nil, "login", "--sso-session", "njoitaws"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.wantOps("RegisterClient 200", "Authorize 302", "CreateToken/authorization_code 200")
}

// Requests to the loopback callback with a wrong state (a success and an
// error, from anyone on the machine) are turned away and the login goes on;
// an error with the right state ends it.
func TestPKCEWrongStateAndDenied(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", -time.Hour, false)
	r := h.run(h.withBrowserLog("FAKEBROWSER_MODE=tamper-state"), "ui-dev", "--", "true")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: log in to sso-session \"njoitaws\" in the browser; if it does not open, visit:\n\n  "+h.url+"/authorize?") ||
		!strings.HasSuffix(r.stderr, "\n\nssox: logged in to sso-session \"njoitaws\"\n") || strings.Count(r.stderr, "\n") != 5 {
		t.Fatalf("code %d stderr %q", r.code, r.stderr)
	}
	h.wantOps("RegisterClient 200", "Authorize 302", "CreateToken/authorization_code 200", "GetRoleCredentials 200")

	tests := []struct {
		name   string
		opts   fakeidc.Options
		extra  []string
		stderr string
		ops    []string
	}{
		{"denied", fakeidc.Options{DenyAuthorize: true}, nil,
			"ssox: the login was refused: access_denied",
			[]string{"RegisterClient 200", "Authorize 302 access_denied"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.opts)
			h.writeConfig(guideConfig)
			h.seedToken("njoitaws", -time.Hour, false)
			before, _ := os.ReadFile(h.path(tokenFile))
			r := h.run(tt.extra, "ui-dev", "--", "true")
			if r.code != 1 || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("code %d stderr %q", r.code, r.stderr)
			}
			h.wantOps(tt.ops...)
			after, _ := os.ReadFile(h.path(tokenFile))
			if !bytes.Equal(before, after) {
				t.Fatalf("cache changed by a failed login")
			}
			h.noSecrets("stderr", r.stderr)
		})
	}
}

func TestDeviceCodeLogin(t *testing.T) {
	t.Run("pending then approved", func(t *testing.T) {
		h := newHarness(t, fakeidc.Options{DeviceApproveAfterPolls: 2})
		h.writeConfig(guideConfig)
		r := h.run(h.withBrowserLog(), "login", "--no-browser", "legacy")
		if r.code != 0 {
			t.Fatalf("%+v", r)
		}
		h.wantOps("RegisterClient 200", "StartDeviceAuthorization 200",
			"CreateToken/urn:ietf:params:oauth:grant-type:device_code 400 AuthorizationPendingException",
			"CreateToken/urn:ietf:params:oauth:grant-type:device_code 400 AuthorizationPendingException",
			"CreateToken/urn:ietf:params:oauth:grant-type:device_code 200")
		if len(h.browserLog()) != 0 {
			t.Fatal("--no-browser opened a browser")
		}
		if !strings.Contains(r.stderr, "open this URL and enter the code:\n\n  "+h.url+"/device\n  code: ") {
			t.Fatalf("stderr %q", r.stderr)
		}
		// Legacy profiles key the cache by start URL, and get no refresh token.
		tok, err := sso.ReadToken(sso.CachePath(h.home, startURL))
		if err != nil || tok.RefreshToken != "" {
			t.Fatalf("%+v %v", tok, err)
		}
	})
	t.Run("approved in the browser", func(t *testing.T) {
		h := newHarness(t, fakeidc.Options{})
		h.writeConfig(guideConfig)
		r := h.run(h.withBrowserLog(), "--device-code", "ui-dev", "--", "true")
		if r.code != 0 {
			t.Fatalf("%+v", r)
		}
		h.wantOps("RegisterClient 200", "StartDeviceAuthorization 200", "DeviceVerify 200",
			"CreateToken/urn:ietf:params:oauth:grant-type:device_code 200", "GetRoleCredentials 200")
		if b := h.browserLog(); len(b) != 1 || !oneTimeAddress.MatchString(b[0]) {
			t.Fatalf("browser %v", b)
		}
		// sso-session + device code: the registration has scopes, so refresh works.
		checkCLIFormat(t, h.path(tokenFile))
	})
	t.Run("expired", func(t *testing.T) {
		h := newHarness(t, fakeidc.Options{DeviceCodeTTL: 2 * time.Second, ManualApproval: true})
		h.writeConfig(guideConfig)
		r := h.run(nil, "login", "--no-browser", "legacy")
		if r.code != 1 || !strings.Contains(r.stderr, "ssox: the device code expired before it was approved\nhint: run 'ssox login legacy' and approve it within the time shown\n") {
			t.Fatalf("%+v", r)
		}
		if _, err := os.Stat(sso.CachePath(h.home, startURL)); !os.IsNotExist(err) {
			t.Fatal("a token was written")
		}
	})
}

// Twenty processes start with an expired token: one refresh, one portal call.
func TestParallelRefreshHappensOnce(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Latency: 50 * time.Millisecond})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", -time.Minute, true)
	codes := h.parallel(20, h.withBrowserLog(), "ui-dev", "--", "true")
	for i, c := range codes {
		if c != 0 {
			t.Fatalf("process %d exited %d", i, c)
		}
	}
	if n := h.fake.Count("CreateToken", "refresh_token"); n != 1 {
		t.Fatalf("%d refreshes:\n%s", n, strings.Join(h.ops(), "\n"))
	}
	if n := h.fake.Count("GetRoleCredentials"); n != 1 {
		t.Fatalf("%d GetRoleCredentials", n)
	}
	if len(h.browserLog()) != 0 {
		t.Fatal("a browser was opened")
	}
}

// Twenty processes and no refresh token: one browser, one login.
func TestParallelLoginOpensOneBrowser(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Latency: 20 * time.Millisecond})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", -time.Minute, false)
	codes := h.parallel(20, h.withBrowserLog(), "ui-dev", "--", "true")
	for i, c := range codes {
		if c != 0 {
			t.Fatalf("process %d exited %d", i, c)
		}
	}
	if b := h.browserLog(); len(b) != 1 {
		t.Fatalf("%d browsers opened", len(b))
	}
	if n := h.fake.Count("Authorize"); n != 1 {
		t.Fatalf("%d authorizations", n)
	}
	if n := h.fake.Count("CreateToken", "authorization_code"); n != 1 {
		t.Fatalf("%d token exchanges", n)
	}
}

func (h *harness) parallel(n int, extra []string, args ...string) []int {
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = h.run(extra, args...).code
		}()
	}
	wg.Wait()
	return codes
}

func TestLogout(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.run(nil, "ui-dev", "--", "true")
	h.fake.ResetLog()
	r := h.run(nil, "logout", "ui-dev")
	if r.code != 0 || r.stderr != "ssox: logged out of sso-session \"njoitaws\"\n" {
		t.Fatalf("%+v", r)
	}
	h.wantOps("Logout 200")
	for _, f := range []string{tokenFile, roleCacheFile} {
		if _, err := os.Stat(h.path(f)); !os.IsNotExist(err) {
			t.Errorf("%s still there", f)
		}
	}
	r = h.run(nil, "logout", "ui-dev")
	if r.code != 0 || r.stderr != "ssox: not logged in to sso-session \"njoitaws\"\n" {
		t.Fatalf("%+v", r)
	}
	h.wantOps("Logout 200")

	h.seedToken("njoitaws", 8*time.Hour, true)
	h.seedToken(startURL, 8*time.Hour, false)
	r = h.run(nil, "logout", "--all")
	if r.code != 0 || r.stderr != "ssox: logged out of 2 session(s)\n" {
		t.Fatalf("%+v", r)
	}
	h.wantOps("Logout 200", "Logout 200")
	entries, _ := os.ReadDir(h.path(".aws/sso/cache"))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			if _, err := sso.ReadToken(h.path(".aws/sso/cache/" + e.Name())); err == nil {
				t.Errorf("token %s survived logout --all", e.Name())
			}
		}
	}
}

// The portal refuses a token the cache still thinks valid (revoked): ssox
// renews it once and goes on.
func TestRevokedTokenIsRenewed(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.fake.ExpireAccessTokens()
	r := h.run(nil, "ui-dev", "--", "true")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	h.wantOps("GetRoleCredentials 401 UnauthorizedException", "CreateToken/refresh_token 200", "GetRoleCredentials 200")
}

func TestCorruptTokenCacheIsReplacedByLogin(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.writeFile(tokenFile, `{"accessToken": "x", "expiresAt": `)
	r := h.run(nil, "ui-dev", "--", "true")
	if r.code != 0 || !strings.Contains(r.stderr, "ssox: warning: token cache "+h.path(tokenFile)+": not valid JSON\n") {
		t.Fatalf("%+v", r)
	}
	checkCLIFormat(t, h.path(tokenFile))
}

// A field of the wrong type costs that field alone: the refresh token in
// the same file still renews the session silently, and the warning says
// which field was wrong.
func TestTokenCacheWithWrongFieldTypeStillRefreshes(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	data, err := os.ReadFile(h.path(tokenFile))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := jsonUnmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["accessToken"] = 42
	data, err = json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	h.writeFile(tokenFile, string(data))
	r := h.run(h.withBrowserLog(), "ui-dev", "--", "true")
	want := "ssox: warning: token cache " + h.path(tokenFile) + ": accessToken is a number, not a string\n"
	if r.code != 0 || r.stderr != want {
		t.Fatalf("%+v\nwant stderr %q", r, want)
	}
	h.wantOps("CreateToken/refresh_token 200", "GetRoleCredentials 200")
	if b := h.browserLog(); len(b) != 0 {
		t.Fatalf("browser opened: %v", b)
	}
	checkCLIFormat(t, h.path(tokenFile))
}

// Ctrl-C while waiting for the browser: a clean exit 130, cache untouched.
func TestInterruptDuringLogin(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", -time.Hour, false)
	before, _ := os.ReadFile(h.path(tokenFile))
	cmd := h.command([]string{"FAKEBROWSER_MODE=ignore"}, "ui-dev", "--", "true")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForText(t, &stderr, "/authorize?")
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if code := shellStatus(cmd.ProcessState); code != 130 || !strings.HasSuffix(stderr.String(), "ssox: interrupted\n") {
		t.Fatalf("code %d err %v stderr %q", code, err, stderr.String())
	}
	after, _ := os.ReadFile(h.path(tokenFile))
	if !bytes.Equal(before, after) {
		t.Fatal("cache changed")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The portal keeps refusing the token even after a renewal: a clear error.
func TestPortalRefusesRenewedToken(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.fake.AddFault(fakeidc.Fault{Op: "GetRoleCredentials", Status: 401, ErrorType: "UnauthorizedException", Message: "Session token not found or invalid", Times: 2})
	r := h.run(nil, "ui-dev", "--", "true")
	if r.code != 1 || r.stderr != "ssox: the portal refuses the SSO session for sso-session \"njoitaws\" although it was just renewed\nhint: run 'ssox logout ui-dev', then 'ssox login ui-dev'\n" {
		t.Fatalf("%+v", r)
	}
	h.wantOps("GetRoleCredentials 401 UnauthorizedException", "CreateToken/refresh_token 200", "GetRoleCredentials 401 UnauthorizedException")
}

// A registration that expires within 15 minutes is not reused.
func TestExpiringRegistrationIsRenewed(t *testing.T) {
	h := newHarness(t, fakeidc.Options{RegistrationTTL: 10 * time.Minute})
	h.writeConfig(guideConfig)
	for i := 0; i < 2; i++ {
		if r := h.run(nil, "login", "ui-dev"); r.code != 0 {
			t.Fatal(r.stderr)
		}
		h.run(nil, "logout", "ui-dev")
	}
	if n := h.fake.Count("RegisterClient"); n != 2 {
		t.Fatalf("RegisterClient %d times, want 2", n)
	}
}

// --debug traces every step of a refresh and a portal call, and never a
// secret.
func TestDebugRedactsSecrets(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 5*time.Minute, true)
	r := h.run(nil, "--debug", "ui-dev", "--", "true")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	for _, want := range []string{"refreshing the sso token", "GetRoleCredentials account 123456789012 role AdministratorAccess", "running /"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("debug output lacks %q:\n%s", want, r.stderr)
		}
	}
	h.noSecrets("--debug output", r.stderr)
}

// A second process waits, says so, and takes over when the first gives up.
func TestWaitingProcessTakesOverAfterInterrupt(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", -time.Hour, false)
	first := h.command([]string{"FAKEBROWSER_MODE=ignore"}, "ui-dev", "--", "true")
	var firstErr, secondErr syncBuffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitForText(t, &firstErr, "/authorize?")
	second := h.command(nil, "ui-dev", "--", "printenv", "SSOX_PROFILE")
	second.Stderr = &secondErr
	var out bytes.Buffer
	second.Stdout = &out
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	waitForText(t, &secondErr, "ssox: waiting for another ssox to finish logging in to sso-session \"njoitaws\"\n")
	first.Process.Signal(syscall.SIGINT)
	first.Wait()
	if err := second.Wait(); err != nil || out.String() != "ui-dev\n" {
		t.Fatalf("second: %v %q\n%s", err, out.String(), secondErr.String())
	}
	// The first one's browser never went to the fake; the second's did.
	if a, c := h.fake.Count("Authorize"), h.fake.Count("CreateToken", "authorization_code"); a != 1 || c != 1 {
		t.Fatalf("%d authorizations, %d token exchanges", a, c)
	}
}

func waitForText(t *testing.T, b *syncBuffer, text string) {
	t.Helper()
	testwait.Until(t, fmt.Sprintf("%q in the output", text), func() bool { return strings.Contains(b.String(), text) })
}

// With --no-browser, ssox says what it does: it opens nothing and asks the
// user to open the URL, on this machine since the redirect comes back to
// 127.0.0.1. The user here is fakebrowser, started by the test.
func TestNoBrowserPKCESaysToOpenTheURL(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	cmd := h.command(h.withBrowserLog(), "login", "--no-browser", "ui-dev")
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const intro = "ssox: to log in to sso-session \"njoitaws\", open this URL in a browser on this machine:\n\n  "
	waitForText(t, &stderr, "/authorize?")
	waitForText(t, &stderr, "\n\n")
	rest, ok := strings.CutPrefix(stderr.String(), intro)
	if !ok {
		t.Fatalf("stderr %q", stderr.String())
	}
	authURL, _, _ := strings.Cut(rest, "\n")
	if out, err := exec.Command(filepath.Join(binDir, "fakebrowser"), authURL).CombinedOutput(); err != nil {
		t.Fatalf("fakebrowser: %v %s", err, out)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if s := stderr.String(); strings.Contains(s, "if it does not open") || !strings.Contains(s, "ssox: logged in to sso-session \"njoitaws\"\n") {
		t.Fatalf("stderr %q", s)
	}
	if b := h.browserLog(); len(b) != 0 {
		t.Fatalf("--no-browser opened a browser: %v", b)
	}
}
