package sso

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
)

// Ctrl-C while `ssox login` checks a valid-looking token with the portal is
// an interruption (exit 130), not "already logged in" with a warning.
func TestLoginNowInterruptedWhileChecking(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer hang.Close()
	defer close(release)

	home := t.TempDir()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	req := Request{Session: awsconfig.Session{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1"}}
	if err := WriteToken(CachePath(home, "njoitaws"), &Token{StartURL: req.Session.StartURL, Region: "us-east-1", AccessToken: "at", ExpiresAt: now.Add(8 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	streams, _, _, stderr := iostreams.Test()
	m := &Manager{Home: home, IO: streams, Log: debuglog.New(nil), Now: func() time.Time { return now },
		Net: &awsapi.Net{Env: environ.Env{"AWS_ENDPOINT_URL_SSO": hang.URL}}}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	tok, renewed, err := m.LoginNow(ctx, req, false)
	if !errors.Is(err, context.Canceled) || tok != nil || renewed || stderr.Len() != 0 {
		t.Fatalf("token %v renewed %v err %v stderr %q", tok, renewed, err, stderr)
	}
}

func TestRequestCommands(t *testing.T) {
	for _, tc := range []struct {
		req        Request
		login, out string
	}{
		{Request{Profile: "ui-dev"}, "'ssox login ui-dev'", "'ssox logout ui-dev'"},
		{Request{Session: awsconfig.Session{Name: "njoitaws"}}, "'ssox login --sso-session njoitaws'", "'ssox logout --sso-session njoitaws'"},
		{Request{Session: awsconfig.Session{Name: "my corp"}}, "'ssox login --sso-session 'my corp''", "'ssox logout --sso-session 'my corp''"},
		{Request{Session: awsconfig.Session{StartURL: "https://x.awsapps.com/start"}}, "'ssox login PROFILE'", "'ssox logout PROFILE'"},
	} {
		if got := tc.req.login(); got != tc.login {
			t.Errorf("%+v: login %s, want %s", tc.req, got, tc.login)
		}
		if got := tc.req.logout(); got != tc.out {
			t.Errorf("%+v: logout %s, want %s", tc.req, got, tc.out)
		}
	}
}
