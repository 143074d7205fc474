package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testconfig"
)

// TestOneEnvironment: ssox reads the SDK's settings and its own from the
// environment it was given (deps.env), never from the process. The process
// here points every setting at a dead end: a global endpoint (which the
// SDK's clients look up in the process themselves), FIPS endpoints, a CA
// bundle that does not exist, another federation endpoint. The OIDC
// service, the portal, STS and the federation endpoint named only in
// deps.env get the calls of a login, a role chain and the console, and the
// console signs in with the keys STS issued.
func TestOneEnvironment(t *testing.T) {
	dead := "http://127.0.0.1:1"
	t.Setenv("AWS_ENDPOINT_URL", dead)
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")
	t.Setenv("AWS_CA_BUNDLE", filepath.Join(t.TempDir(), "missing.pem"))
	t.Setenv("SSOX_FEDERATION_ENDPOINT", dead+"/federation")

	fake := fakeidc.New(fakeidc.Options{StartURL: testconfig.StartURL})
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	var (
		mu       sync.Mutex
		sessions []map[string]string
	)
	fed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var s map[string]string
		if err := json.Unmarshal([]byte(r.URL.Query().Get("Session")), &s); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		sessions = append(sessions, s)
		mu.Unlock()
		w.Write([]byte(`{"SigninToken":"signin-token"}`))
	}))
	defer fed.Close()

	home := testconfig.Home(t, testconfig.Guide+"[profile deploy]\nrole_arn = arn:aws:iam::222233334444:role/Deploy\nsource_profile = ui-dev\nregion = us-east-1\n")
	env := environ.Env{"HOME": home, "PATH": "/usr/bin:/bin", "BROWSER": "the opener below",
		"AWS_ENDPOINT_URL_SSO": url, "AWS_ENDPOINT_URL_SSO_OIDC": url, "AWS_ENDPOINT_URL_STS": url,
		"SSOX_FEDERATION_ENDPOINT": fed.URL + "/federation"}
	r := runWith(env, func(d *deps) {
		d.io.ErrTTY = true // no /dev/tty for the login's instructions
		// The user approves at the fake, which redirects to ssox's loopback.
		d.browser.Start = func(argv []string) (<-chan error, error) {
			go func() {
				if resp, err := http.Get(argv[len(argv)-1]); err == nil {
					resp.Body.Close()
				}
			}()
			return nil, nil
		}
	}, "console", "--print", "deploy")
	if r.code != 0 || !strings.HasPrefix(r.stdout, fed.URL+"/oauth?Action=logout&redirect_uri="+neturl.QueryEscape(fed.URL+"/federation?")) {
		t.Fatalf("exit %d\nstdout %q\nstderr %s", r.code, r.stdout, r.stderr)
	}
	var ops []string
	for _, req := range fake.Requests() {
		ops = append(ops, req.Op)
	}
	if want := []string{"RegisterClient", "Authorize", "CreateToken", "GetRoleCredentials", "AssumeRole"}; !slices.Equal(ops, want) {
		t.Errorf("the fake saw %q, want %q", ops, want)
	}
	issued := fake.IssuedCredentials()
	mu.Lock()
	defer mu.Unlock()
	if len(issued) != 2 || len(sessions) != 1 || sessions[0]["sessionId"] != issued[1].AccessKeyID ||
		sessions[0]["sessionKey"] != issued[1].SecretAccessKey || sessions[0]["sessionToken"] != issued[1].SessionToken {
		t.Fatalf("the fake issued %+v; the federation endpoint was asked with %v", issued, sessions)
	}
}
