package sso

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
)

// logout --all counts and logs out the tokens in the cache folder only; the
// client registrations beside them are deleted but are no sessions.
func TestLogoutAllCountsTokensNotRegistrations(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var calls []string
	portal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls = append(calls, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Amz-Sso_bearer_token"))
		mu.Unlock()
	}))
	defer portal.Close()

	home := t.TempDir()
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s := awsconfig.Session{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1"}
	tokenPath := CachePath(home, s.CacheKey())
	if err := WriteToken(tokenPath, &Token{StartURL: s.StartURL, Region: s.Region, AccessToken: "at", ExpiresAt: now.Add(8 * time.Hour),
		ClientID: "cid", ClientSecret: "cs", RefreshToken: "rt"}); err != nil {
		t.Fatal(err)
	}
	regs := []string{registrationPath(home, s, s.Scopes()), registrationPath(home, awsconfig.Session{StartURL: s.StartURL, Region: s.Region}, nil)}
	for i, p := range regs {
		r := &registration{ClientID: "cid" + string(rune('0'+i)), ClientSecret: "cs", ExpiresAt: awscache.FormatTime(now.Add(90 * 24 * time.Hour)),
			Scopes: []string{awsconfig.DefaultScope}, GrantTypes: []string{grantAuthCode, grantRefresh}}
		if err := awscache.Write(p, r); err != nil {
			t.Fatal(err)
		}
	}

	// A token whose cached region is no region name is deleted, but its
	// region goes into no endpoint.
	oddPath := CachePath(home, "odd")
	if err := WriteToken(oddPath, &Token{StartURL: "https://odd.awsapps.com/start", Region: "evil.example#", AccessToken: "odd", ExpiresAt: now.Add(8 * time.Hour)}); err != nil {
		t.Fatal(err)
	}

	streams, _, _, stderr := iostreams.Test()
	m := &Manager{Home: home, IO: streams, Log: debuglog.New(nil), Now: func() time.Time { return now },
		Net: &awsapi.Net{Env: environ.Env{"AWS_ENDPOINT_URL_SSO": portal.URL}}}
	removed := 0
	n, err := m.LogoutAll(context.Background(), func(context.Context) error { removed++; return nil })
	wantErr := "ssox: warning: the local token and credentials of start URL https://odd.awsapps.com/start are deleted, but the portal did not end the session: " +
		"the token's region: \"evil.example#\" is not an AWS region name (like us-east-1)\n"
	if err != nil || n != 2 || removed != 1 || stderr.String() != wantErr {
		t.Fatalf("LogoutAll = %d, %v; removeRoles ran %d times; stderr %q", n, err, removed, stderr)
	}
	for _, p := range append([]string{tokenPath, oddPath}, regs...) {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s still there: %v", filepath.Base(p), err)
		}
	}
	entries, err := os.ReadDir(awscache.SSODir(home))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			t.Errorf("%s left in the cache folder", e.Name())
		}
	}
	if want := []string{"POST /logout at"}; !slices.Equal(calls, want) {
		t.Errorf("portal calls %q, want %q", calls, want)
	}
}
