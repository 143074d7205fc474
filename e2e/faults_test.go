//go:build unix

package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// faultCall is one network call ssox makes, and a run that reaches it with
// every call before it answered.
type faultCall struct {
	op      string // the fake's operation name
	grant   string // for CreateToken: the grant the fault hits
	portal  bool   // the SSO portal endpoint, else OIDC (or STS)
	first   bool   // the first call of the run to its endpoint: a dead endpoint can stand for it
	prepare func(h *harness)
	args    []string
	opts    fakeidc.Options
}

// pkceRegistered and deviceRegistered leave a cached client registration
// and no token, so the next login starts at the authorization.
func pkceRegistered(h *harness) {
	loginThenForget(h, "ui-dev")
}

func deviceRegistered(h *harness) {
	loginThenForget(h, "legacy")
}

func loginThenForget(h *harness, profile string) {
	h.t.Helper()
	if r := h.run(nil, "login", profile); r.code != 0 {
		h.t.Fatal(r.stderr)
	}
	entries, err := os.ReadDir(h.path(".aws/sso/cache"))
	if err != nil {
		h.t.Fatal(err)
	}
	for _, e := range entries {
		path := h.path(".aws/sso/cache/" + e.Name())
		if data, _ := os.ReadFile(path); bytes.Contains(data, []byte(`"accessToken"`)) {
			if err := os.Remove(path); err != nil {
				h.t.Fatal(err)
			}
		}
	}
}

var faultCalls = []faultCall{
	{op: "RegisterClient", first: true, args: []string{"login", "ui-dev"}},
	{op: "StartDeviceAuthorization", prepare: deviceRegistered, args: []string{"login", "legacy"}},
	{op: "CreateToken", grant: "refresh_token", first: true, args: []string{"ui-dev", "--", "true"},
		prepare: func(h *harness) { h.seedToken("njoitaws", -time.Minute, true) }},
	{op: "CreateToken", grant: "authorization_code", prepare: pkceRegistered, args: []string{"login", "ui-dev"}},
	{op: "CreateToken", grant: "urn:ietf:params:oauth:grant-type:device_code", prepare: deviceRegistered, args: []string{"login", "legacy"},
		opts: fakeidc.Options{DeviceApproveAfterPolls: 1}},
	{op: "GetRoleCredentials", portal: true, first: true, args: []string{"ui-dev", "--", "true"},
		prepare: func(h *harness) { h.seedToken("njoitaws", 8*time.Hour, true) }},
	{op: "ListAccounts", portal: true, first: true, args: []string{"setup", "--sso-session", "njoitaws", "--dry-run"},
		prepare: func(h *harness) { h.seedToken("njoitaws", 8*time.Hour, true) }},
	{op: "ListAccountRoles", portal: true, args: []string{"setup", "--sso-session", "njoitaws", "--dry-run"},
		prepare: func(h *harness) { h.seedToken("njoitaws", 8*time.Hour, true) }},
	{op: "Logout", portal: true, first: true, args: []string{"logout", "ui-dev"},
		prepare: func(h *harness) { h.seedToken("njoitaws", 8*time.Hour, true) }},
	{op: "AssumeRole", args: []string{"deploy", "--", "true"}, opts: fakeidc.Options{Roles: chainRoles},
		prepare: func(h *harness) {
			h.seedToken("njoitaws", 8*time.Hour, true)
			if r := h.run(nil, "ui-dev", "--", "true"); r.code != 0 { // the source's credentials, cached
				h.t.Fatal(r.stderr)
			}
		}},
}

// faultKind is one way a call fails, and what the user must be told.
type faultKind struct {
	name  string
	fault func(c faultCall) fakeidc.Fault
	msg   string // in the error line
	hint  string // in the hint line
}

var faultKinds = []faultKind{
	{"500", func(c faultCall) fakeidc.Fault { return fakeidc.Fault{Op: c.op, Status: 500} },
		"failed (HTTP 500, InternalServerException)", "try again in a few minutes"},
	{"429", func(c faultCall) fakeidc.Fault { return fakeidc.Fault{Op: c.op, Status: 429} },
		"throttl", "minute"},
	{"hang", func(c faultCall) fakeidc.Fault { return fakeidc.Fault{Op: c.op, Kind: "hang"} },
		"did not answer within 500ms", "SSOX_TIMEOUT=2m waits longer"},
	// A dead endpoint where the call is the first to it; else the fake
	// resets the connection of that call alone.
	{"refused", func(c faultCall) fakeidc.Fault { return fakeidc.Fault{Op: c.op, Kind: "reset"} },
		"cannot reach ", "check the network connection"},
	{"malformed", func(c faultCall) fakeidc.Fault { return fakeidc.Fault{Op: c.op, Kind: "malformed"} },
		"sent an answer ssox cannot read (HTTP 200)", "try again in a few minutes"},
	{"401", func(c faultCall) fakeidc.Fault {
		typ := "InvalidClientException"
		switch {
		case c.portal:
			typ = "UnauthorizedException"
		case c.op == "AssumeRole":
			typ = "ExpiredToken"
		}
		return fakeidc.Fault{Op: c.op, Status: 401, ErrorType: typ}
	}, "", ""},
}

// What a 401 means depends on the call; each says so, and how to fix it.
var unauthorized = map[string][2]string{
	"RegisterClient":                                           {"refused the sign-in (HTTP 401, InvalidClientException)", "check sso_start_url and sso_region"},
	"StartDeviceAuthorization":                                 {"refused the sign-in (HTTP 401, InvalidClientException)", "run 'ssox login legacy' to try again"},
	"CreateToken/refresh_token":                                {"refused the sign-in (HTTP 401, InvalidClientException)", "run 'ssox login ui-dev' to try again"},
	"CreateToken/authorization_code":                           {"refused the sign-in (HTTP 401, InvalidClientException)", "run 'ssox login ui-dev' to try again"},
	"CreateToken/urn:ietf:params:oauth:grant-type:device_code": {"refused the sign-in (HTTP 401, InvalidClientException)", "run 'ssox login legacy' to try again"},
	"GetRoleCredentials":                                       {"the portal refuses the SSO session for sso-session \"njoitaws\" although it was just renewed", "run 'ssox logout ui-dev', then 'ssox login ui-dev'"},
	"ListAccounts":                                             {"the portal refuses the SSO session for sso-session \"njoitaws\" although it was just renewed", "run 'ssox logout --sso-session njoitaws', then 'ssox login --sso-session njoitaws'"},
	"ListAccountRoles":                                         {"the portal refuses the SSO session for sso-session \"njoitaws\" although it was just renewed", "run 'ssox logout --sso-session njoitaws', then 'ssox login --sso-session njoitaws'"},
	"AssumeRole":                                               {"ExpiredToken", ""},
}

// Every network call ssox makes, failing every way a network call fails:
// ssox exits 1 (logout: 0, its portal call is best effort) within bounded
// time with one line saying what failed where and one hint that fits, no
// SDK text, and the caches as they were.
func TestFaultMatrix(t *testing.T) {
	for _, c := range faultCalls {
		name := c.op
		if c.grant != "" {
			name += "/" + c.grant
		}
		for _, k := range faultKinds {
			t.Run(strings.ReplaceAll(name, "/", "_")+"/"+k.name, func(t *testing.T) {
				t.Parallel()
				runFaultCell(t, c, name, k)
			})
		}
	}
}

func runFaultCell(t *testing.T, c faultCall, name string, k faultKind) {
	h := newHarness(t, c.opts)
	config := guideConfig
	if c.op == "AssumeRole" {
		config = chainConfig
	}
	h.writeConfig(config)
	if c.prepare != nil {
		c.prepare(h)
	}
	before := cacheFiles(t, h)
	// A short deadline only where the fault is a hang: elsewhere a loaded
	// machine must not turn a 500 or a 429 into "no answer in time".
	extra := []string{"SSOX_TIMEOUT=30s"}
	if k.name == "hang" {
		extra = []string{"SSOX_TIMEOUT=500ms"}
	}
	msg, hint := k.msg, k.hint
	if k.name == "401" {
		msg, hint = unauthorized[name][0], unauthorized[name][1]
	}
	if k.name == "refused" && c.first {
		dead := deadURL(t)
		if c.portal {
			extra = append(extra, "AWS_ENDPOINT_URL_SSO="+dead)
		} else {
			extra = append(extra, "AWS_ENDPOINT_URL_SSO_OIDC="+dead)
		}
		msg = "cannot reach " + dead + " (" + c.op + "): connection refused"
	} else {
		h.fake.AddFault(k.fault(c))
	}
	h.fake.ResetLog()
	r := h.runBounded(60*time.Second, extra, c.args...)

	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	for _, raw := range []string{"operation error", "StatusCode", "RequestID", "https response error", "exceeded maximum number of attempts", "deserialization failed"} {
		if strings.Contains(r.stderr, raw) {
			t.Fatalf("SDK text %q in stderr:\n%s", raw, r.stderr)
		}
	}
	h.noSecrets("stderr", r.stderr)
	if c.op == "Logout" {
		// Best effort: the local secrets are gone, a warning says the
		// portal did not end the session (a 401 means it had already;
		// Logout's answer has no body to be malformed).
		want := "ssox: logged out of sso-session \"njoitaws\""
		if r.code != 0 || lines[len(lines)-1] != want {
			t.Fatalf("code %d stderr:\n%s", r.code, r.stderr)
		}
		if k.name != "401" && k.name != "malformed" && (len(lines) != 2 || !strings.HasPrefix(lines[0], "ssox: warning: ") || !strings.Contains(lines[0], msg)) {
			t.Fatalf("stderr:\n%s\nwant a warning with %q", r.stderr, msg)
		}
		if _, err := os.Stat(h.path(tokenFile)); !os.IsNotExist(err) {
			t.Fatal("the token survived the logout")
		}
		return
	}
	if r.code != 1 || r.stdout != "" || len(lines) < 2 {
		t.Fatalf("code %d stdout %q stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	errLine, hintLine := lines[len(lines)-2], lines[len(lines)-1]
	if !strings.HasPrefix(errLine, "ssox: ") || !strings.Contains(errLine, msg) {
		t.Fatalf("error line %q, want it to contain %q; stderr:\n%s", errLine, msg, r.stderr)
	}
	if hint != "" && (!strings.HasPrefix(hintLine, "hint: ") || !strings.Contains(hintLine, hint)) {
		t.Fatalf("hint line %q, want it to contain %q; stderr:\n%s", hintLine, hint, r.stderr)
	}
	if !strings.HasPrefix(hintLine, "hint: ") {
		t.Fatalf("no hint; stderr:\n%s", r.stderr)
	}

	// The caches are as they were, except where a 401 has a documented
	// effect: an OIDC 401 replaces the client registration the portal no
	// longer knows; a portal 401 renews the token.
	oidc401 := k.name == "401" && !c.portal && c.op != "AssumeRole"
	after := cacheFiles(t, h)
	for path, data := range before {
		got, ok := after[path]
		switch {
		case oidc401 && isRegistration(data):
		case k.name == "401" && c.portal && strings.HasSuffix(path, filepath.Base(tokenFile)):
		case !ok:
			t.Errorf("%s was deleted", path)
		case !bytes.Equal(got, data):
			t.Errorf("%s changed:\n%s\nto\n%s", path, data, got)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok && !(oidc401 && isRegistration(after[path])) {
			t.Errorf("%s was written", path)
		}
	}
}

func isRegistration(data []byte) bool {
	return bytes.Contains(data, []byte(`"clientId"`)) && !bytes.Contains(data, []byte(`"accessToken"`))
}

// cacheFiles reads every cache entry ssox or the AWS CLI keeps.
func cacheFiles(t *testing.T, h *harness) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, dir := range []string{".aws/sso/cache", ".aws/cli/cache"} {
		entries, _ := os.ReadDir(h.path(dir))
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".json") {
				data, err := os.ReadFile(h.path(dir + "/" + e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				files[dir+"/"+e.Name()] = data
			}
		}
	}
	return files
}
