package exec

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/testconfig"
)

func TestChildEnvExact(t *testing.T) {
	parent := environ.Env{
		"PATH": "/usr/bin", "HOME": "/home/u", "TERM": "xterm",
		"AWS_PROFILE": "stale", "AWS_DEFAULT_PROFILE": "stale", "AWS_SECURITY_TOKEN": "old",
		"AWS_ACCESS_KEY_ID": "AKIAOLD", "AWS_SECRET_ACCESS_KEY": "old", "AWS_SESSION_TOKEN": "old",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.2/x", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "x",
		"AWS_BEARER_TOKEN_BEDROCK": "x", "AWS_VAULT": "old", "AWSUME_PROFILE": "x", "AWSU_PROFILE": "x",
		"AWS_ROLE_ARN": "arn", "AWS_WEB_IDENTITY_TOKEN_FILE": "/f", "AWS_SESSION_EXPIRATION": "x",
		"AWS_SSO_ACCOUNT_ID": "1", "GRANTED_SSO": "true", "SSOX_PROFILE": "outer", "SSOX_ACCOUNT_NAME": "outer",
		"SSOX_MIN_TTL": "30m", "SSOX_NO_PROMPT": "1", "SSOX_PICKER": "fzf",
		"AWS_CONFIG_FILE": "/cfg", "AWS_REGION": "eu-west-1", "AWS_SSO_X$(touch${IFS}/tmp/x)": "1",
	}
	exp := time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)
	ch := WithKeys(parent, Identity{
		Profile: "ui-dev", AccountID: "123456789012", RoleName: "AdministratorAccess",
		SSOSession: "njoitaws", Region: "us-east-1",
	}, &creds.Credentials{AccessKeyID: "ASIANEW", SecretAccessKey: "sk", SessionToken: "st", Expiration: exp}, exp.Add(-15*time.Minute))
	// What the parent had that the child must not see, and that ssox does
	// not set anew (AWS_ACCESS_KEY_ID, SSOX_PROFILE... are replaced instead).
	wantUnset := []string{
		"AWSUME_PROFILE", "AWSU_PROFILE", "AWS_BEARER_TOKEN_BEDROCK", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_DEFAULT_PROFILE", "AWS_PROFILE", "AWS_ROLE_ARN",
		"AWS_SECURITY_TOKEN", "AWS_SESSION_EXPIRATION", "AWS_SSO_ACCOUNT_ID", "AWS_SSO_X$(touch${IFS}/tmp/x)",
		"AWS_VAULT", "AWS_WEB_IDENTITY_TOKEN_FILE", "GRANTED_SSO", "SSOX_ACCOUNT_NAME",
	}
	if !reflect.DeepEqual(ch.Unset, wantUnset) {
		t.Errorf("Unset =\n%q\nwant\n%q", ch.Unset, wantUnset)
	}
	got := ch.Apply(parent)
	want := environ.Env{
		"PATH": "/usr/bin", "HOME": "/home/u", "TERM": "xterm", "AWS_CONFIG_FILE": "/cfg",
		"SSOX_MIN_TTL": "30m", "SSOX_NO_PROMPT": "1", "SSOX_PICKER": "fzf",
		"AWS_ACCESS_KEY_ID": "ASIANEW", "AWS_SECRET_ACCESS_KEY": "sk", "AWS_SESSION_TOKEN": "st",
		"AWS_CREDENTIAL_EXPIRATION": "2026-11-25T20:00:00Z",
		"AWS_REGION":                "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCOUNT_ID": "123456789012",
		"SSOX_PROFILE": "ui-dev", "SSOX_ACCOUNT_ID": "123456789012", "SSOX_ROLE_NAME": "AdministratorAccess",
		"SSOX_SSO_SESSION": "njoitaws", "SSOX_EXPIRES": "1795636800", "SSOX_RENEW_AT": "1795635900", "AWS_SSO_PROFILE": "ui-dev",
	}
	if !reflect.DeepEqual(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %q, want %q", k, got[k], v)
			}
		}
		for k, v := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("unexpected %s=%q", k, v)
			}
		}
	}
	if parent.Get("AWS_PROFILE") != "stale" {
		t.Fatal("parent environment modified")
	}
}

// The --server child gets the endpoint instead of keys, from the same
// builder: the parent's endpoint is replaced, its keys removed.
func TestWithServer(t *testing.T) {
	parent := environ.Env{
		"PATH": "/bin", "AWS_ACCESS_KEY_ID": "AKIAOLD", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.2/x",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/t", "SSOX_EXPIRES": "1",
	}
	ch := WithServer(parent, Identity{Profile: "p", AccountID: "123456789012", RoleName: "R", SSOSession: "s"}, Endpoint{URL: "http://127.0.0.1:5/creds", Token: "tok"})
	want := environ.Env{
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:5/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok",
		"AWS_ACCOUNT_ID": "123456789012", "SSOX_PROFILE": "p", "SSOX_ACCOUNT_ID": "123456789012", "SSOX_ROLE_NAME": "R",
		"SSOX_SSO_SESSION": "s", "AWS_SSO_PROFILE": "p",
	}
	if !reflect.DeepEqual(ch.Set, want) {
		t.Errorf("Set = %v\nwant %v", ch.Set, want)
	}
	if wantUnset := []string{"AWS_ACCESS_KEY_ID", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "SSOX_EXPIRES"}; !reflect.DeepEqual(ch.Unset, wantUnset) {
		t.Errorf("Unset = %q, want %q", ch.Unset, wantUnset)
	}
	env := ch.Apply(parent)
	if len(env) != len(want)+1 || env.Get("PATH") != "/bin" || env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI") != "http://127.0.0.1:5/creds" {
		t.Errorf("Apply = %v", env)
	}
}

// IdentityOf names the session (the start URL of a legacy profile), the
// account's name and the region: the given one, else the profile's, else
// the parent's AWS_REGION, else its AWS_DEFAULT_REGION, which must be a
// region name.
func TestIdentityOf(t *testing.T) {
	config := strings.Replace(testconfig.Guide, "[profile dol-prod]\n", "[profile dol-prod]\nsso_account_name = Production\n", 1)
	config = strings.Replace(config, "[profile ui-dev]\n", "[profile noregion]\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = R\n\n[profile ui-dev]\n", 1)
	home := testconfig.Home(t, config)
	cfg, err := awsconfig.Open(environ.Env{"HOME": home})
	if err != nil {
		t.Fatal(err)
	}
	noRegion := Identity{Profile: "noregion", AccountID: "123456789012", RoleName: "R", SSOSession: "njoitaws"}
	inRegion := func(r string) Identity { id := noRegion; id.Region = r; return id }
	parent := environ.Env{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "ap-south-1"}
	for _, tt := range []struct {
		profile, region string
		parent          environ.Env
		want            Identity
		err, hint       string
	}{
		{profile: "dol-prod", parent: parent, want: Identity{Profile: "dol-prod", AccountID: "987654321098", AccountName: "Production", RoleName: "ReadOnlyAccess", SSOSession: "njoitaws", Region: "eu-west-1"}},
		{profile: "dol-prod", region: "ap-south-1", want: Identity{Profile: "dol-prod", AccountID: "987654321098", AccountName: "Production", RoleName: "ReadOnlyAccess", SSOSession: "njoitaws", Region: "ap-south-1"}},
		{profile: "legacy", want: Identity{Profile: "legacy", AccountID: "111122223333", RoleName: "AdministratorAccess", SSOSession: testconfig.StartURL, Region: "us-west-2"}},
		{profile: "noregion", region: "us-east-1", parent: parent, want: inRegion("us-east-1")},
		{profile: "noregion", parent: parent, want: inRegion("eu-west-1")},
		{profile: "noregion", parent: environ.Env{"AWS_DEFAULT_REGION": "ap-south-1"}, want: inRegion("ap-south-1")},
		{profile: "noregion", parent: environ.Env{}, want: noRegion},
		// A bad region from the parent is refused only where it is used.
		{profile: "dol-prod", parent: environ.Env{"AWS_REGION": "evil.example#"}, want: Identity{Profile: "dol-prod", AccountID: "987654321098", AccountName: "Production", RoleName: "ReadOnlyAccess", SSOSession: "njoitaws", Region: "eu-west-1"}},
		{profile: "noregion", region: "us-east-1", parent: environ.Env{"AWS_REGION": "evil.example#"}, want: inRegion("us-east-1")},
		{profile: "noregion", parent: environ.Env{"AWS_REGION": "us-east-1;id"},
			err: `AWS_REGION="us-east-1;id" is not an AWS region name (like us-east-1)`, hint: "unset AWS_REGION, or give the region with --region R"},
		{profile: "noregion", parent: environ.Env{"AWS_DEFAULT_REGION": "evil.com#"},
			err: `AWS_DEFAULT_REGION="evil.com#" is not an AWS region name (like us-east-1)`, hint: "unset AWS_DEFAULT_REGION, or give the region with --region R"},
	} {
		p, err := cfg.Profile(tt.profile)
		if err != nil {
			t.Fatal(err)
		}
		got, err := IdentityOf(tt.parent, p, tt.region)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err || errs.HintOf(err) != tt.hint {
				t.Errorf("%s %v: err %v hint %q, want %q hint %q", tt.profile, tt.parent, err, errs.HintOf(err), tt.err, tt.hint)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s %q %v: %+v %v\nwant %+v", tt.profile, tt.region, tt.parent, got, err, tt.want)
		}
	}
}

// The --docker child gets the same, on the network's gateway, and the
// network's name for the containers it starts; the parent's settings of
// --docker pass on, as every ssox setting does.
func TestWithServerOnDocker(t *testing.T) {
	parent := environ.Env{"PATH": "/bin", "SSOX_DOCKER": "1", "SSOX_DOCKER_NETWORK": "old", "AWS_SECRET_ACCESS_KEY": "x"}
	ep := Endpoint{URL: "http://169.254.170.2:5/creds", Token: "tok", DockerNetwork: "ssox-dev"}
	ch := WithServer(parent, Identity{Profile: "p", AccountID: "123456789012", RoleName: "R", SSOSession: "s"}, ep)
	want := environ.Env{
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.2:5/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok",
		"SSOX_DOCKER_NETWORK": "ssox-dev",
		"AWS_ACCOUNT_ID":      "123456789012", "SSOX_PROFILE": "p", "SSOX_ACCOUNT_ID": "123456789012", "SSOX_ROLE_NAME": "R",
		"SSOX_SSO_SESSION": "s", "AWS_SSO_PROFILE": "p",
	}
	if !reflect.DeepEqual(ch.Set, want) || !reflect.DeepEqual(ch.Unset, []string{"AWS_SECRET_ACCESS_KEY"}) {
		t.Errorf("Set = %v\nwant %v\nUnset = %q", ch.Set, want, ch.Unset)
	}
	if env := ch.Apply(parent); env.Get("SSOX_DOCKER") != "1" || env.Get("SSOX_DOCKER_NETWORK") != "ssox-dev" {
		t.Errorf("Apply = %v", env)
	}
}

// The child gets the identity's region as both variables, and neither
// when there is none.
func TestRegionVariables(t *testing.T) {
	c := &creds.Credentials{Expiration: time.Unix(0, 0)}
	parent := environ.Env{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "ap-south-1"}
	env := WithKeys(parent, Identity{Region: "us-east-1"}, c, time.Unix(0, 0)).Apply(parent)
	if env.Get("AWS_REGION") != "us-east-1" || env.Get("AWS_DEFAULT_REGION") != "us-east-1" {
		t.Errorf("AWS_REGION=%q AWS_DEFAULT_REGION=%q", env.Get("AWS_REGION"), env.Get("AWS_DEFAULT_REGION"))
	}
	env = WithKeys(environ.Env{}, Identity{}, c, time.Unix(0, 0)).Apply(environ.Env{})
	_, region := env.Lookup("AWS_REGION")
	_, defaultRegion := env.Lookup("AWS_DEFAULT_REGION")
	if region || defaultRegion {
		t.Errorf("a region set with none anywhere: %v", env)
	}
}
