package doctor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/sso"
)

const config = `[profile ui-dev]
sso_session = s
sso_account_id = 123456789012
sso_role_name = Admin
[profile broken]
sso_session = nope
sso_account_id = 1
sso_role_name = R
[sso-session s]
sso_start_url = https://x/start
sso_region = us-east-1
`

func setup(t *testing.T, cfg string) (string, *awsconfig.Config) {
	t.Helper()
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".aws"), 0o700)
	os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(cfg), 0o600)
	c, err := awsconfig.Open(environ.Env{"HOME": home})
	if err != nil {
		t.Fatal(err)
	}
	return home, c
}

func find(fs []Finding, check string, status Status, text string) bool {
	for _, f := range fs {
		if f.Check == check && f.Status == status && strings.Contains(f.Message+" "+f.Hint, text) {
			return true
		}
	}
	return false
}

func TestDoctor(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	home, cfg := setup(t, config)
	env := environ.Env{"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "x", "AWS_PROFILE": "old"}
	fs := Run(Input{Env: env, Config: cfg, Home: home, Now: now})
	for _, want := range []struct {
		check  string
		status Status
		text   string
	}{
		{"config", OK, "~/.aws/config: 2 SSO profile(s), 1 sso-session(s)"},
		{"profile", OK, "ui-dev: account 123456789012, role Admin, sso-session \"s\""},
		{"profile", Fail, "there is no [sso-session nope] block"},
		{"token", Warn, "sso-session \"s\": not logged in run 'ssox login ui-dev'"},
		{"environment", Warn, "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY set in this shell"},
		{"environment", Info, "AWS_PROFILE=old is set"},
	} {
		if !find(fs, want.check, want.status, want.text) {
			t.Errorf("no %s %s finding with %q in %+v", want.status, want.check, want.text, fs)
		}
	}
	if !Failed(fs) {
		t.Fatal("a failing profile did not fail the diagnosis")
	}

	// One good profile, a token that is refreshable, a too-open token file.
	path := sso.CachePath(home, "s")
	sso.WriteToken(path, &sso.Token{AccessToken: "a", ExpiresAt: now.Add(5 * time.Minute), ClientID: "c", ClientSecret: "s", RefreshToken: "r", RegistrationExpiresAt: now.Add(time.Hour)})
	os.Chmod(path, 0o644)
	fs = Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now})
	if Failed(fs) {
		t.Fatalf("failed: %+v", fs)
	}
	for _, want := range []struct {
		check  string
		status Status
		text   string
	}{
		{"token", OK, "expires in 5m0s; the next run refreshes it silently"},
		{"token", Warn, "has mode 644"},
		{"credentials", Info, "no cached role credentials"},
		{"environment", OK, "no variables that override profiles"},
	} {
		if !find(fs, want.check, want.status, want.text) {
			t.Errorf("no %s %s finding with %q in %+v", want.status, want.check, want.text, fs)
		}
	}
}
