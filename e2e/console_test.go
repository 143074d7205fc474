//go:build unix

package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testwait"
)

func TestConsole(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	// The handler runs in the server's goroutines; the test reads what it
	// saw through the mutex.
	var (
		mu          sync.Mutex
		allSessions []map[string]string
	)
	seen := func() []map[string]string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(allSessions)
	}
	fed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("Action") == "getSigninToken" {
			var s map[string]string
			json.Unmarshal([]byte(r.URL.Query().Get("Session")), &s)
			mu.Lock()
			allSessions = append(allSessions, s)
			mu.Unlock()
			w.Write([]byte(`{"SigninToken":"signin-token-1"}`))
		}
	}))
	defer fed.Close()
	env := h.withBrowserLog("SSOX_FEDERATION_ENDPOINT=" + fed.URL + "/federation")

	r := h.run(env, "console", "--print", "ui-dev")
	c := h.issued()
	sessions := seen()
	if r.code != 0 || len(sessions) != 1 || sessions[0]["sessionId"] != c.AccessKeyID || sessions[0]["sessionKey"] != c.SecretAccessKey ||
		sessions[0]["sessionToken"] != c.SessionToken {
		t.Fatalf("%+v %v", r, sessions)
	}
	u, err := url.Parse(strings.TrimSpace(r.stdout))
	if err != nil || u.Query().Get("SigninToken") != "signin-token-1" || u.Query().Get("Destination") != "https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1" {
		t.Fatalf("url %q", r.stdout)
	}
	r = h.run(env, "console", "dol-prod")
	if r.code != 0 || r.stdout != "" || r.stderr != "ssox: opened the console as dol-prod\n" {
		t.Fatalf("%+v", r)
	}
	// ssox does not wait for the browser it starts.
	testwait.Until(t, "the browser to start", func() bool { return len(h.browserLog()) != 0 })
	if b := h.browserLog(); len(b) != 1 || !strings.Contains(b[0], "Destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com") {
		t.Fatalf("browser %v", b)
	}
}
