package doctor

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/endpoint"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/sso"
)

const config = `[profile ui-dev]
sso_session = s
sso_account_id = 123456789012
sso_role_name = Admin
[profile broken]
sso_session = nope
sso_account_id = 111122223333
sso_role_name = R
[sso-session s]
sso_start_url = https://x/start
sso_region = us-east-1
`

func setup(t *testing.T, cfg string) (string, *awsconfig.Config) {
	t.Helper()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
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

	// One good profile, a token that is refreshable.
	path := sso.CachePath(home, "s")
	sso.WriteToken(path, &sso.Token{AccessToken: "a", ExpiresAt: now.Add(5 * time.Minute), ClientID: "c", ClientSecret: "s", RefreshToken: "r", RegistrationExpiresAt: now.Add(time.Hour)})
	fs = Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now})
	if Failed(fs) {
		t.Fatalf("failed: %+v", fs)
	}
	for _, want := range []struct {
		check  string
		status Status
		text   string
	}{
		{"token", OK, "expires in 5m; the next run refreshes it silently"},
		{"credentials", Info, "no cached role credentials"},
		{"environment", OK, "no variables that override profiles"},
	} {
		if !find(fs, want.check, want.status, want.text) {
			t.Errorf("no %s %s finding with %q in %+v", want.status, want.check, want.text, fs)
		}
	}
}

// Keys the AWS tools pass over in silence because they are misspelt, and
// a profile headed as in the credentials file, are warned of; keys the
// SDKs ignore on purpose are not.
func TestDoctorFindsMistakes(t *testing.T) {
	home, cfg := setup(t, `[profile ui-dev]
sso_session = s
sso_account_id = 123456789012
sso_role_nme = Admin
regoin = eu-west-1
output = json
cli_pager =
ssox_browser = firefox
sso_account_name = dev
[sandbox]
sso_session = s
[plugins]
cli_legacy_plugin_path = /x
[sso-session s]
sso_start_url = https://x/start
sso_regoin = us-east-1
sso_region = us-east-1
`)
	fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: time.Now()})
	exact(t, fs, Finding{Check: "profile", Status: Fail, Message: "[profile ui-dev] in ~/.aws/config has no sso_role_name, but has sso_role_nme",
		Hint: "did you mean sso_role_name? Rename sso_role_nme to sso_role_name in [profile ui-dev]"})
	exact(t, fs, Finding{Check: "config", Status: Warn, Message: "[profile ui-dev] in ~/.aws/config has regoin, a key the AWS CLI and the SDKs do not read",
		Hint: "did you mean region? Rename regoin to region in [profile ui-dev]"})
	exact(t, fs, Finding{Check: "config", Status: Warn, Message: "[sandbox] in ~/.aws/config is not a profile to the AWS CLI and the SDKs: the config file names profiles [profile NAME] ([NAME] is the credentials file's form)",
		Hint: "write [profile sandbox] (line 10)"})
	var config []string
	for _, f := range fs {
		if f.Check == "config" && f.Status != OK {
			config = append(config, f.Message)
		}
	}
	// sso_regoin stands beside sso_region: no key is missing for it to be.
	if len(config) != 2 {
		t.Errorf("config findings %q, want the two above", config)
	}
}

// exact fails unless fs holds a finding with exactly this check, status,
// message and hint.
func exact(t *testing.T, fs []Finding, want Finding) {
	t.Helper()
	for _, f := range fs {
		if f == want {
			return
		}
	}
	t.Errorf("no finding %+v in:\n%s", want, dump(fs))
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %+v\n", f)
	}
	return b.String()
}

func TestDoctorReportsEveryMissingKey(t *testing.T) {
	home, cfg := setup(t, "[profile bare]\nsso_session = s\n[profile ok]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\n")
	fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "bare", Now: time.Now()})
	hint := "add 'sso_start_url = https://YOUR-ORG.awsapps.com/start' to that block, or run 'aws configure sso' or 'ssox setup --sso-session s --start-url URL --sso-region REGION'"
	exact(t, fs, Finding{"config", OK, "~/.aws/config: 2 SSO profile(s), 1 sso-session(s)", ""})
	exact(t, fs, Finding{"profile", Fail, "[sso-session s] in ~/.aws/config has no sso_start_url", hint})
	exact(t, fs, Finding{"profile", Fail, "[sso-session s] in ~/.aws/config has no sso_region", "add 'sso_region = REGION' (the Identity Center region, e.g. us-east-1) to that block, or run 'aws configure sso' or 'ssox setup --sso-session s --start-url URL --sso-region REGION'"})
	pick := "run 'aws configure sso --profile bare' to pick the account and role, or 'ssox setup --sso-session s' for a profile of every account and role"
	exact(t, fs, Finding{"profile", Fail, "[profile bare] in ~/.aws/config has no sso_account_id", pick})
	exact(t, fs, Finding{"profile", Fail, "[profile bare] in ~/.aws/config has no sso_role_name", pick})
}

func TestDoctorCaches(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	home, cfg := setup(t, config)
	sso.WriteToken(sso.CachePath(home, "s"), &sso.Token{AccessToken: "a", ExpiresAt: now.Add(-2*time.Hour - time.Minute - 30*time.Second)})
	p, err := cfg.Profile("ui-dev")
	if err != nil {
		t.Fatal(err)
	}
	role := creds.CachePath(home, p)
	creds.WriteCache(role, &creds.Credentials{AccessKeyID: "A", SecretAccessKey: "S", SessionToken: "T", Expiration: now.Add(-time.Hour)})
	reg := sso.RegistrationPath(home, p.Session)
	if err := os.WriteFile(reg, []byte(`{"clientId":"c","clientSecret":"s","expiresAt":"2026-12-20T12:00:00Z"}`), 0o600); err != nil {
		t.Fatal(err)
	}

	fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now})
	exact(t, fs, Finding{"token", Warn, `sso-session "s": expired 2h01m ago and cannot be refreshed`, "run 'ssox login ui-dev'"})
	exact(t, fs, Finding{"registration", OK, `sso-session "s": client registration valid for 25d`, ""})
	exact(t, fs, Finding{"credentials", Info, "ui-dev: cached role credentials expired 1h00m ago; the next run fetches new ones", ""})
	for _, f := range fs {
		if f.Status != OK && f.Status != Info && f.Check != "token" {
			t.Errorf("private caches: %+v", f)
		}
	}

	if err := os.WriteFile(role, []byte(`{"ProviderType":"sso","Credentials":{"AccessKeyId":1}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(reg, []byte(`{"clientId":"c","clientSecret":"s","expiresAt":"2026-11-25T11:00:00Z"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	fs = Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now})
	exact(t, fs, Finding{"credentials", Warn, "credential cache " + role + ": Credentials.AccessKeyId is a number, not a string", "the next run replaces it"})
	exact(t, fs, Finding{"registration", Info, `sso-session "s": client registration expired 1h00m ago; the next login registers a new client`, ""})
}

func TestDoctorFiles(t *testing.T) {
	home, cfg := setup(t, config)
	exact(t, Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: time.Now()}), Finding{"files", OK, "~/.aws: writable by you, not by others", ""})
}

// A value with what the SDKs take for an inline comment is reported
// wherever it is: a fail in a key ssox reads, a warning in any other.
func TestDoctorInlineComments(t *testing.T) {
	home, cfg := setup(t, "[profile ui-dev]\nsso_session = s\nsso_account_id = 123456789012\nsso_account_name = Sandbox #1\nsso_role_name = Admin ; full\noutput = json # for scripts\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n")
	fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: time.Now()})
	move := "move the comment to a line of its own"
	exact(t, fs, Finding{"config", Warn, `[profile ui-dev] in ~/.aws/config: output = json # for scripts: the AWS CLI reads all of "json # for scripts" as the value (a comment must be on a line of its own), the AWS SDKs stop before "#"`, move})
	for _, f := range fs {
		if f.Status == Warn && strings.Contains(f.Message, "sso_role_name") {
			t.Errorf("reported twice: %+v", f)
		}
		// An account's name, as setup writes it: no SDK reads the key.
		if strings.Contains(f.Message, "sso_account_name") {
			t.Errorf("an account name taken for a comment: %+v", f)
		}
	}
	exact(t, fs, Finding{"profile", Fail, `[profile ui-dev] in ~/.aws/config: sso_role_name = Admin ; full: the AWS CLI reads all of "Admin ; full" as the value (a comment must be on a line of its own), the AWS SDKs stop before ";"`, move})
}

// The Docker network's state: ready is ok; not made yet, no docker and no
// daemon are notes (nothing is wrong unless --docker is wanted); anything
// in --docker's way is a warning with its fix. No --docker check, no line.
func TestDoctorDocker(t *testing.T) {
	home, cfg := setup(t, config)
	blocked := errs.WithHint(errors.New("Docker network ssox has subnet 10.0.0.0/24"), "remove it")
	for _, tt := range []struct {
		state  endpoint.NetworkState
		err    error
		status Status
		text   string
	}{
		{endpoint.NetworkState{Ready: true, Message: "Docker network ssox is ready"}, nil, OK, "is ready"},
		{endpoint.NetworkState{Message: "no Docker network ssox yet"}, nil, Info, "yet"},
		{endpoint.NetworkState{}, errs.WithHint(endpoint.ErrNoDocker, "install Docker"), Info, "not on PATH install Docker"},
		{endpoint.NetworkState{}, fmt.Errorf("%w: Cannot connect", endpoint.ErrNoDaemon), Info, "daemon: Cannot connect"},
		{endpoint.NetworkState{}, blocked, Warn, "10.0.0.0/24 remove it"},
	} {
		fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: time.Now(),
			Docker: func() (endpoint.NetworkState, error) { return tt.state, tt.err }})
		if n := count(fs, "docker"); n != 1 || !find(fs, "docker", tt.status, tt.text) {
			t.Errorf("%v %v: %+v", tt.state, tt.err, fs)
		}
	}
	if fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: time.Now()}); count(fs, "docker") != 0 {
		t.Errorf("%+v", fs)
	}
}

func count(fs []Finding, check string) int {
	n := 0
	for _, f := range fs {
		if f.Check == check {
			n++
		}
	}
	return n
}

// --online: the cached credentials of the profile (for a chain, its last
// hop's) go to STS; a refusal says which command gets new ones.
func TestDoctorIdentity(t *testing.T) {
	now := time.Now().Truncate(time.Second) // the cache holds whole seconds
	home, cfg := setup(t, config+"[profile deploy]\nrole_arn = arn:aws:iam::222233334444:role/Deploy\nsource_profile = ui-dev\n")
	p, err := cfg.Profile("deploy")
	if err != nil {
		t.Fatal(err)
	}
	exp := now.Add(40 * time.Minute).UTC().Format("2006-01-02T15:04:05UTC")
	doc := `{"Credentials": {"AccessKeyId": "ASIAHOP", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "` + exp + `"}, "AssumedRoleUser": {"Arn": "arn:aws:sts::222233334444:assumed-role/Deploy/x"}}`
	path := creds.AssumeRoleCachePath(home, p.Roles[0])
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var asked []string
	refuse := func(p *awsconfig.Profile, c *creds.Credentials) (string, error) {
		asked = append(asked, p.Name+" "+c.AccessKeyID)
		return "", &awsapi.Error{Class: awsapi.InvalidRequest, Op: "GetCallerIdentity", Status: 400, Code: "ExpiredToken"}
	}
	fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "deploy", Now: now, Identity: refuse})
	exact(t, fs, Finding{Check: "aws", Status: Fail,
		Message: "deploy: AWS refuses the cached role credentials (ExpiredToken), though they expire only in 40m: revoked, or the permission set changed",
		Hint:    "get new ones: 'ssox deploy --refresh -- CMD' (a new login does not drop an assumed role's credentials)"})
	if len(asked) != 1 || asked[0] != "deploy ASIAHOP" {
		t.Errorf("asked STS about %q", asked)
	}
	// Nothing cached: nothing to ask.
	fs = Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now, Identity: refuse})
	exact(t, fs, Finding{Check: "aws", Status: Info, Message: "ui-dev: no unexpired cached role credentials to check with AWS"})
	if len(asked) != 1 {
		t.Errorf("asked STS about %q", asked)
	}
}
