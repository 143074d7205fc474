package status

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/sso"
)

const config = `[profile ui-dev]
sso_session = njoitaws
sso_account_id = 123456789012
sso_role_name = AdministratorAccess
[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Dev
[sso-session njoitaws]
sso_start_url = https://njoitaws.awsapps.com/start
sso_region = us-east-1
[sso-session other]
sso_start_url = https://other.awsapps.com/start
sso_region = eu-west-1
`

var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func setup(t *testing.T) (string, *awsconfig.Config) {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	tok := func(key string, left time.Duration, refresh bool) {
		tk := &sso.Token{StartURL: "https://x", Region: "us-east-1", AccessToken: "at", ExpiresAt: now.Add(left)}
		if refresh {
			tk.ClientID, tk.ClientSecret, tk.RefreshToken, tk.RegistrationExpiresAt = "c", "s", "r", now.Add(24*time.Hour)
		}
		if err := sso.WriteToken(sso.CachePath(home, key), tk); err != nil {
			t.Fatal(err)
		}
	}
	tok("njoitaws", 7*time.Hour+59*time.Minute, true)
	tok("other", -2*time.Hour, false)
	cfg, err := awsconfig.Open(environ.Env{"HOME": home})
	if err != nil {
		t.Fatal(err)
	}
	return home, cfg
}

func TestStatusText(t *testing.T) {
	home, cfg := setup(t)
	inside := environ.Env{"SSOX_PROFILE": "deploy", "SSOX_ACCOUNT_ID": "222233334444", "SSOX_ACCOUNT_NAME": "prod", "SSOX_ROLE_NAME": "Deploy",
		"SSOX_SSO_SESSION": "njoitaws", "SSOX_EXPIRES": "1795696020"} // 12:27
	server := environ.Env{"SSOX_PROFILE": "ui-dev", "SSOX_ACCOUNT_ID": "123456789012", "SSOX_ROLE_NAME": "AdministratorAccess",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/ssox/credentials"}
	docker := server.Clone()
	docker.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.2:4321/ssox/credentials")
	docker.Set("SSOX_DOCKER_NETWORK", "ssox")
	renewing := inside.Clone()
	renewing.Set("SSOX_RENEW_AT", "1795695120") // 12:12
	due := inside.Clone()
	due.Set("SSOX_RENEW_AT", "1795690000")
	login := due.Clone()
	login.Set("SSOX_LOGIN_NEEDED", "ssox login deploy")
	for _, tc := range []struct {
		name    string
		env     environ.Env
		profile string
		want    string
	}{
		{"outside", environ.Env{}, "", `active: none (not inside ssox)
sso-session njoitaws: token 7h59m left, refresh token held: silent refresh possible
sso-session other: token expired, no refresh token: ssox login --sso-session other
start URL https://old.awsapps.com/start: not logged in: ssox login old
`},
		{"inside", inside, "deploy", `active: deploy, account prod (222233334444), role Deploy, credentials 27m left
profile deploy (deploy → ui-dev): account 222233334444, role Deploy, no cached credentials; the next run gets them
sso-session njoitaws: token 7h59m left, refresh token held: silent refresh possible
`},
		{"renewed at the prompt", renewing, "", `active: deploy, account prod (222233334444), role Deploy, credentials 27m left, renewed at the prompt in 12m
sso-session njoitaws: token 7h59m left, refresh token held: silent refresh possible
sso-session other: token expired, no refresh token: ssox login --sso-session other
start URL https://old.awsapps.com/start: not logged in: ssox login old
`},
		{"renewal due", due, "", `active: deploy, account prod (222233334444), role Deploy, credentials 27m left, renewed at the next prompt
sso-session njoitaws: token 7h59m left, refresh token held: silent refresh possible
sso-session other: token expired, no refresh token: ssox login --sso-session other
start URL https://old.awsapps.com/start: not logged in: ssox login old
`},
		{"login needed", login, "", `active: deploy, account prod (222233334444), role Deploy, credentials 27m left; only a login renews them: ssox login deploy
sso-session njoitaws: token 7h59m left, refresh token held: silent refresh possible
sso-session other: token expired, no refresh token: ssox login --sso-session other
start URL https://old.awsapps.com/start: not logged in: ssox login old
`},
		{"docker", docker, "ui-dev", `active: ui-dev, account 123456789012, role AdministratorAccess, credentials renew themselves (--docker, on the Docker network ssox)
profile ui-dev: account 123456789012, role AdministratorAccess, cached credentials 40m left
sso-session njoitaws: token 7h59m left, refresh token held: silent refresh possible
`},
		{"server", server, "ui-dev", `active: ui-dev, account 123456789012, role AdministratorAccess, credentials renew themselves (--server)
profile ui-dev: account 123456789012, role AdministratorAccess, cached credentials 40m left
sso-session njoitaws: token 7h59m left, refresh token held: silent refresh possible
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := cfg.Profile("ui-dev")
			creds.WriteCache(creds.CachePath(home, p), &creds.Credentials{AccessKeyID: "a", SecretAccessKey: "s", SessionToken: "t", Expiration: now.Add(40 * time.Minute)})
			r, err := Gather(Input{Env: tc.env, Config: cfg, Home: home, Profile: tc.profile, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}

// A session name with a space gets a login hint that runs; a control
// character from the config shows as an escape.
func TestStatusTextQuotesAndEscapes(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	text := "[profile corp]\nsso_session = njoitaws\nsso_account_id = 111122223333\nsso_role_name = Dev\x1b[2J\n" +
		"[sso-session njoitaws]\nsso_start_url = https://njoitaws.awsapps.com/start\nsso_region = us-east-1\n" +
		"[sso-session \"my corp\"]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := awsconfig.Open(environ.Env{"HOME": home})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, profile := range []string{"corp", ""} {
		r, err := Gather(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: profile, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.WriteText(&b); err != nil {
			t.Fatal(err)
		}
	}
	want := `active: none (not inside ssox)
profile corp: account 111122223333, role Dev\x1b[2J, no cached credentials; the next run gets them
sso-session njoitaws: not logged in: ssox login --sso-session njoitaws
active: none (not inside ssox)
sso-session my corp: not logged in: ssox login --sso-session 'my corp'
sso-session njoitaws: not logged in: ssox login --sso-session njoitaws
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestStatusJSON(t *testing.T) {
	home, cfg := setup(t)
	r, err := Gather(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(r)
	want := `{"active":null,"sessions":[` +
		`{"sso_session":"njoitaws","start_url":"https://njoitaws.awsapps.com/start","token":"valid","expires_at":"2026-11-26T19:59:00Z","remaining":"7h59m","silent_refresh":true,"refresh_token":true,"login":"ssox login --sso-session njoitaws"},` +
		`{"sso_session":"other","start_url":"https://other.awsapps.com/start","token":"expired","expires_at":"2026-11-26T10:00:00Z","silent_refresh":false,"refresh_token":false,"login":"ssox login --sso-session other"},` +
		`{"start_url":"https://old.awsapps.com/start","token":"none","silent_refresh":false,"refresh_token":false,"login":"ssox login old"}]}`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
	// A profile that does not resolve is the command's error.
	if _, err := Gather(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "nope", Now: now}); err == nil || !strings.Contains(err.Error(), `profile "nope" not found`) {
		t.Errorf("err %v", err)
	}
}

// Within the 15 minutes before it expires a token is what list calls it
// (sso.State): refreshable or expired, with its time left.
func TestStatusTokenInRenewalWindow(t *testing.T) {
	home, cfg := setup(t)
	for _, tc := range []struct {
		refresh bool
		state   string
		text    string
	}{
		{true, "refreshable", "sso-session njoitaws: token 10m left, within the 15 minutes ssox renews in, refresh token held: silent refresh possible\n"},
		{false, "expired", "sso-session njoitaws: token 10m left, within the 15 minutes ssox renews in, no refresh token: ssox login --sso-session njoitaws\n"},
	} {
		tk := &sso.Token{StartURL: "https://x", Region: "us-east-1", AccessToken: "at", ExpiresAt: now.Add(10 * time.Minute)}
		if tc.refresh {
			tk.ClientID, tk.ClientSecret, tk.RefreshToken, tk.RegistrationExpiresAt = "c", "s", "r", now.Add(24*time.Hour)
		}
		if err := sso.WriteToken(sso.CachePath(home, "njoitaws"), tk); err != nil {
			t.Fatal(err)
		}
		r, err := Gather(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		if r.Sessions[0].Token != tc.state || r.Sessions[0].Remaining != "10m" || !strings.Contains(b.String(), tc.text) {
			t.Errorf("%+v\n%s", r.Sessions[0], b.String())
		}
	}
}
