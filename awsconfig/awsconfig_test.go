package awsconfig

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/testconfig"
)

const guideConfig = testconfig.Guide

func openWith(t *testing.T, content string) *Config {
	t.Helper()
	home := t.TempDir()
	if content != "" {
		if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Open(environ.Env{"HOME": home})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestProfileFromGuide(t *testing.T) {
	c := openWith(t, guideConfig)
	p, err := c.Profile("ui-dev")
	if err != nil {
		t.Fatal(err)
	}
	want := Session{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1", cfg: c}
	if p.Session != want {
		t.Fatalf("session = %+v, want %+v", p.Session, want)
	}
	if got := p.Session.Scopes(); !reflect.DeepEqual(got, []string{"sso:account:access"}) {
		t.Fatalf("scopes = %q", got)
	}
	if p.AccountID != "123456789012" || p.RoleName != "AdministratorAccess" || p.Region != "us-east-1" {
		t.Fatalf("profile = %+v", p)
	}
	if p.Session.CacheKey() != "njoitaws" {
		t.Fatalf("cache key = %q", p.Session.CacheKey())
	}
	if c.Display != "~/.aws/config" {
		t.Fatalf("display = %q", c.Display)
	}
}

func TestLegacyProfile(t *testing.T) {
	c := openWith(t, `[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-central-1
sso_account_id = 111122223333
sso_role_name = Dev
region = eu-central-1
`)
	p, err := c.Profile("old")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Session.Legacy() || p.Session.CacheKey() != "https://old.awsapps.com/start" || p.Session.Region != "eu-central-1" {
		t.Fatalf("session = %+v", p.Session)
	}
}

func TestAWSConfigFileHonoured(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "other-config")
	if err := os.WriteFile(path, []byte(guideConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Open(environ.Env{"HOME": t.TempDir(), "AWS_CONFIG_FILE": path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Profile("dol-prod"); err != nil {
		t.Fatal(err)
	}
	if c.Display != path {
		t.Fatalf("display = %q", c.Display)
	}
}

// The home folder is where the AWS CLI and the SDKs look: on Windows
// USERPROFILE, whatever HOME (which Git Bash sets) says.
func TestHome(t *testing.T) {
	onWindows := runtime.GOOS == "windows"
	for _, tc := range []struct {
		env           environ.Env
		unix, windows string
	}{
		{environ.Env{"HOME": `/h`, "USERPROFILE": `C:\Users\a`}, `/h`, `C:\Users\a`},
		{environ.Env{"HOME": `/h`}, `/h`, `/h`},
		{environ.Env{"USERPROFILE": `C:\Users\a`}, "", `C:\Users\a`},
		{environ.Env{}, "", ""},
	} {
		want := tc.unix
		if onWindows {
			want = tc.windows
		}
		if got := Home(tc.env); got != want {
			t.Errorf("Home(%v) = %q, want %q", tc.env, got, want)
		}
	}
	_, err := Open(environ.Env{"HOME": ""})
	want := "cannot find the AWS config: HOME is not set"
	if onWindows {
		want = "cannot find the AWS config: USERPROFILE is not set"
	}
	if err == nil || err.Error() != want {
		t.Errorf("Open without a home: %v", err)
	}
	home := t.TempDir()
	for _, file := range []string{"~/cfg", "~" + string(filepath.Separator) + "cfg"} {
		if c, err := Open(environ.Env{"HOME": home, "USERPROFILE": home, "AWS_CONFIG_FILE": file}); err != nil || c.Path != filepath.Join(home, "cfg") {
			t.Errorf("AWS_CONFIG_FILE=%s: %+v, %v", file, c, err)
		}
	}
}

func TestProfileErrors(t *testing.T) {
	tests := []struct {
		name, config, profile string
		wantErr, wantHint     string
	}{
		{
			name: "unknown profile", config: guideConfig, profile: "ui-deb",
			wantErr:  `profile "ui-deb" not found in ~/.aws/config`,
			wantHint: `did you mean "ui-dev"?`,
		},
		{
			name: "unknown profile, nothing close", config: guideConfig, profile: "zzzzzzzzzz",
			wantErr:  `profile "zzzzzzzzzz" not found in ~/.aws/config`,
			wantHint: `'ssox list' shows the profiles there are; 'aws configure sso' adds one, 'ssox setup' one for every account and role`,
		},
		{
			name: "no config file", config: "", profile: "ui-dev",
			wantErr:  "no AWS config file at ~/.aws/config",
			wantHint: configureHint,
		},
		{
			name: "missing sso-session block", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = njoitaws\nsso_account_id = 111122223333\nsso_role_name = R\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has sso_session = njoitaws, but there is no [sso-session njoitaws] block",
			wantHint: "run 'ssox setup --sso-session njoitaws --start-url URL --sso-region REGION' to write it, or 'aws configure sso' to regenerate both blocks",
		},
		{
			name: "session name mismatch", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = njoitaws\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session njoitaw]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has sso_session = njoitaws, but there is no [sso-session njoitaws] block",
			wantHint: "the names must match: did you mean sso_session = njoitaw? Or run 'aws configure sso' to regenerate both blocks, or 'ssox setup --sso-session njoitaws --start-url URL --sso-region REGION' to write the missing one",
		},
		{
			name: "session without start url", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_region = us-east-1\n",
			wantErr:  "[sso-session s] in ~/.aws/config has no sso_start_url",
			wantHint: "add 'sso_start_url = https://YOUR-ORG.awsapps.com/start' to that block, or run 'aws configure sso' or 'ssox setup --sso-session s --start-url URL --sso-region REGION'",
		},
		{
			name: "session without region", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\n",
			wantErr:  "[sso-session s] in ~/.aws/config has no sso_region",
			wantHint: "add 'sso_region = REGION' (the Identity Center region, e.g. us-east-1) to that block, or run 'aws configure sso' or 'ssox setup --sso-session s --start-url URL --sso-region REGION'",
		},
		{
			name: "no account id", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has no sso_account_id",
			wantHint: "run 'aws configure sso --profile ui-dev' to pick the account and role, or 'ssox setup --sso-session s' for a profile of every account and role",
		},
		{
			name: "no role name", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has no sso_role_name",
			wantHint: "run 'aws configure sso --profile ui-dev' to pick the account and role, or 'ssox setup --sso-session s' for a profile of every account and role",
		},
		{
			name: "legacy without region", profile: "old",
			config:   "[profile old]\nsso_start_url = https://x/start\nsso_account_id = 111122223333\nsso_role_name = R\n",
			wantErr:  "[profile old] in ~/.aws/config has no sso_region (a legacy SSO profile needs sso_start_url, sso_region, sso_account_id and sso_role_name)",
			wantHint: configureHint,
		},
		{
			name: "legacy without start url", profile: "old",
			config:   "[profile old]\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\n",
			wantErr:  "[profile old] in ~/.aws/config has no sso_start_url (a legacy SSO profile needs sso_start_url, sso_region, sso_account_id and sso_role_name)",
			wantHint: configureHint,
		},
		{
			name: "not sso", profile: "keys",
			config:   "[profile keys]\nregion = us-east-1\n",
			wantErr:  `profile "keys" in ~/.aws/config is not an SSO profile (it has neither sso_session nor sso_start_url)`,
			wantHint: "ssox runs IAM Identity Center profiles: set one up with 'aws configure sso', or 'ssox setup --sso-session NAME --start-url URL --sso-region REGION'",
		},
		{
			name: "misspelt role name", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_nme = R\noutput = json\nssox_browser = firefox\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has no sso_role_name, but has sso_role_nme",
			wantHint: "did you mean sso_role_name? Rename sso_role_nme to sso_role_name in [profile ui-dev]",
		},
		{
			name: "misspelt account id", profile: "old",
			config:   "[profile old]\nsso_start_url = https://x/start\nsso_region = us-east-1\nsso_acount_id = 111122223333\nsso_role_name = R\n",
			wantErr:  "[profile old] in ~/.aws/config has no sso_account_id, but has sso_acount_id",
			wantHint: "did you mean sso_account_id? Rename sso_acount_id to sso_account_id in [profile old]",
		},
		{
			name: "misspelt start url of a session", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_ur = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[sso-session s] in ~/.aws/config has no sso_start_url, but has sso_start_ur",
			wantHint: "did you mean sso_start_url? Rename sso_start_ur to sso_start_url in [sso-session s]",
		},
		{
			name: "misspelt sso_session", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_sesion = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has no sso_session, but has sso_sesion",
			wantHint: "did you mean sso_session? Rename sso_sesion to sso_session in [profile ui-dev]",
		},
		{
			name: "misspelt source_profile", profile: "deploy",
			config:   "[profile deploy]\nrole_arn = arn:aws:iam::222233334444:role/Deploy\nsource_profil = ui-dev\n",
			wantErr:  "[profile deploy] in ~/.aws/config has no source_profile, but has source_profil",
			wantHint: "did you mean source_profile? Rename source_profil to source_profile in [profile deploy]",
		},
		{
			name: "account id not 12 digits", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_account_id = 12345678901\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has sso_account_id = 12345678901: an AWS account id is 12 digits",
			wantHint: "set sso_account_id to the account's 12-digit id; run 'aws configure sso --profile ui-dev' to pick the account and role, or 'ssox setup --sso-session s' for a profile of every account and role",
		},
		{
			name: "role_arn's account not 12 digits", profile: "deploy",
			config:   "[profile deploy]\nrole_arn = arn:aws:iam::22223333444:role/Deploy\nsource_profile = ui-dev\n",
			wantErr:  `[profile deploy] in ~/.aws/config has role_arn = "arn:aws:iam::22223333444:role/Deploy", which is not a role ARN`,
			wantHint: "set role_arn = arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME in [profile deploy]",
		},
		{
			name: "profile written as in the credentials file", profile: "ui-dev",
			config:   "[ui-dev]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  `profile "ui-dev" not found in ~/.aws/config`,
			wantHint: "line 1 has [ui-dev], as the credentials file names profiles; in the config file write [profile ui-dev]",
		},
		{
			name: "header without its ]", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\n[sso-session s\nsso_start_url = https://x/start\n",
			wantErr:  "~/.aws/config line 3: [sso-session s has no closing ]; the AWS CLI refuses the whole file",
			wantHint: "write [sso-session s]",
		},
		{
			name: "first header without its ]", profile: "ui-dev",
			config:   "[profile ui-dev\nsso_session = s\n",
			wantErr:  "~/.aws/config line 1: [profile ui-dev has no closing ]; the AWS CLI refuses the whole file",
			wantHint: "write [profile ui-dev]",
		},
		{
			name: "start url differs from session", profile: "ui-dev",
			config:   "[profile ui-dev]\nsso_session = s\nsso_start_url = https://other/start\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n",
			wantErr:  "[profile ui-dev] in ~/.aws/config has sso_start_url https://other/start, but [sso-session s] has https://x/start",
			wantHint: "remove sso_start_url from [profile ui-dev]; the [sso-session] block holds it",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := openWith(t, tt.config)
			_, err := c.Profile(tt.profile)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error = %q\nwant    %q", err.Error(), tt.wantErr)
			}
			if got := errs.HintOf(err); got != tt.wantHint {
				t.Errorf("hint = %q\nwant   %q", got, tt.wantHint)
			}
		})
	}
}

func TestSessionAndNames(t *testing.T) {
	c := openWith(t, guideConfig+"[default]\nregion = us-west-2\n[sso-session second]\nsso_start_url = https://b/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access, codewhisperer:completions ,\n")
	names, err := c.ProfileNames()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"default", "dol-prod", "legacy", "ui-dev"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("names = %v, want %v", names, want)
	}
	s, err := c.Session("second")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"sso:account:access", "codewhisperer:completions"}; !reflect.DeepEqual(s.Scopes(), want) {
		t.Fatalf("scopes = %q", s.Scopes())
	}
	_, err = c.Session("secnd")
	if err == nil || !strings.Contains(errs.HintOf(err), `did you mean "second"?`) {
		t.Fatalf("err = %v hint %q", err, errs.HintOf(err))
	}
}

func TestScopesAbsentIsNil(t *testing.T) {
	if got := parseScopes(map[string]string{}); got != nil {
		t.Fatalf("got %q", got)
	}
}

// ssox_browser is read from the profile, else from [default]; the SDK
// ignores the key.
func TestBrowserKey(t *testing.T) {
	c := openWith(t, "[default]\nssox_browser = firefox\n"+guideConfig+"[profile chrome-dev]\nssox_browser = /opt/x/chromium\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = AdministratorAccess\n")
	for name, want := range map[string]string{"chrome-dev": "/opt/x/chromium", "ui-dev": "firefox"} {
		p, err := c.Profile(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Browser(); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	p, err := openWith(t, guideConfig).Profile("ui-dev")
	if err != nil || p.Browser() != "" {
		t.Fatalf("%v %q", err, p.Browser())
	}
}
