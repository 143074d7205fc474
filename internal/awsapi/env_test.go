package awsapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	ssoapi "github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ssox/ssox/internal/environ"
)

// The SDK's settings come from the environment ssox was given, then from
// the profile, in the SDK's order of precedence.
func TestReadSettings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	configFile := filepath.Join(dir, "config")
	err := os.WriteFile(configFile, []byte(`[profile plain]
region = us-east-1
[profile tuned]
endpoint_url = http://profile-global
services = local
use_fips_endpoint = true
use_dualstack_endpoint = true
max_attempts = 7
retry_mode = adaptive
sdk_ua_app_id = from-profile
[profile ignoring]
endpoint_url = http://profile-global
ignore_configured_endpoint_urls = true
[services local]
sso =
  endpoint_url = http://profile-sso
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	profile := func(name string) *config.SharedConfig {
		c, err := config.LoadSharedConfigProfile(context.Background(), name, func(o *config.LoadSharedConfigOptions) {
			o.ConfigFiles = []string{configFile}
			o.CredentialsFiles = []string{filepath.Join(dir, "none")}
		})
		if err != nil {
			t.Fatal(err)
		}
		return &c
	}
	for _, tt := range []struct {
		name    string
		service Service
		env     environ.Env
		shared  *config.SharedConfig
		want    settings
		err     string
	}{
		{name: "nothing", service: SSO},
		{name: "service variable", service: SSOOIDC,
			env:  environ.Env{"AWS_ENDPOINT_URL_SSO_OIDC": "http://oidc", "AWS_ENDPOINT_URL_SSO": "http://sso", "AWS_ENDPOINT_URL": "http://all"},
			want: settings{endpoint: "http://oidc"}},
		{name: "global variable", service: STS,
			env:  environ.Env{"AWS_ENDPOINT_URL_SSO": "http://sso", "AWS_ENDPOINT_URL": "http://all"},
			want: settings{endpoint: "http://all"}},
		{name: "global variable over the profile's services", service: SSO, shared: profile("tuned"),
			env:  environ.Env{"AWS_ENDPOINT_URL": "http://all"},
			want: settings{endpoint: "http://all", fips: aws.FIPSEndpointStateEnabled, dualStack: aws.DualStackEndpointStateEnabled, maxAttempts: 7, retryMode: aws.RetryModeAdaptive, appID: "from-profile"}},
		{name: "profile's services section", service: SSO, shared: profile("tuned"),
			want: settings{endpoint: "http://profile-sso", fips: aws.FIPSEndpointStateEnabled, dualStack: aws.DualStackEndpointStateEnabled, maxAttempts: 7, retryMode: aws.RetryModeAdaptive, appID: "from-profile"}},
		{name: "profile's endpoint_url", service: STS, shared: profile("tuned"),
			want: settings{endpoint: "http://profile-global", fips: aws.FIPSEndpointStateEnabled, dualStack: aws.DualStackEndpointStateEnabled, maxAttempts: 7, retryMode: aws.RetryModeAdaptive, appID: "from-profile"}},
		{name: "the environment over the profile", service: STS, shared: profile("tuned"),
			env: environ.Env{"AWS_USE_FIPS_ENDPOINT": "false", "AWS_USE_DUALSTACK_ENDPOINT": "FALSE", "AWS_MAX_ATTEMPTS": "2",
				"AWS_RETRY_MODE": "standard", "AWS_SDK_UA_APP_ID": "from-env", "AWS_CA_BUNDLE": "/ca.pem"},
			want: settings{endpoint: "http://profile-global", fips: aws.FIPSEndpointStateDisabled, dualStack: aws.DualStackEndpointStateDisabled,
				maxAttempts: 2, retryMode: aws.RetryModeStandard, appID: "from-env", caBundle: "/ca.pem"}},
		{name: "ignored by the environment", service: SSO, shared: profile("tuned"),
			env:  environ.Env{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "True", "AWS_ENDPOINT_URL_SSO": "http://sso"},
			want: settings{fips: aws.FIPSEndpointStateEnabled, dualStack: aws.DualStackEndpointStateEnabled, maxAttempts: 7, retryMode: aws.RetryModeAdaptive, appID: "from-profile"}},
		{name: "ignored by the profile", service: SSO, shared: profile("ignoring"),
			env: environ.Env{"AWS_ENDPOINT_URL_SSO": "http://sso"}},
		{name: "the environment overrides the profile's ignoring", service: SSO, shared: profile("ignoring"),
			env:  environ.Env{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "false", "AWS_ENDPOINT_URL_SSO": "http://sso"},
			want: settings{endpoint: "http://sso"}},
		{name: "a plain profile", service: SSO, shared: profile("plain"), env: environ.Env{"AWS_ENDPOINT_URL_SSO": "http://sso"},
			want: settings{endpoint: "http://sso"}},
		{name: "bad FIPS", service: SSO, env: environ.Env{"AWS_USE_FIPS_ENDPOINT": "yes"}, err: `AWS_USE_FIPS_ENDPOINT="yes" is not true or false`},
		{name: "bad dual-stack", service: SSO, env: environ.Env{"AWS_USE_DUALSTACK_ENDPOINT": "1"}, err: `AWS_USE_DUALSTACK_ENDPOINT="1" is not true or false`},
		{name: "bad ignore", service: SSO, env: environ.Env{"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "on"}, err: `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS="on" is not true or false`},
		{name: "bad attempts", service: SSO, env: environ.Env{"AWS_MAX_ATTEMPTS": "many"}, err: `AWS_MAX_ATTEMPTS="many" is not a number of attempts`},
		{name: "bad retry mode", service: SSO, env: environ.Env{"AWS_RETRY_MODE": "legacy"}, err: `AWS_RETRY_MODE="legacy" is not a retry mode (expected: standard, adaptive)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readSettings(tt.service, tt.env, tt.shared)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("%+v, %v\nwant %+v", got, err, tt.want)
			}
		})
	}
}

// A client made from Config goes where Env says, whatever the process's
// environment holds: the SDK's clients look AWS_ENDPOINT_URL up in the
// process themselves, so the test sets it there to a dead end.
func TestConfigIgnoresTheProcessEnvironment(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")
	t.Setenv("AWS_CA_BUNDLE", filepath.Join(t.TempDir(), "missing.pem"))
	var hits []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits = append(hits, r.URL.Path)
		w.WriteHeader(http.StatusTeapot)
	}))
	defer srv.Close()
	n := &Net{Env: environ.Env{"AWS_ENDPOINT_URL_SSO": srv.URL, "AWS_ENDPOINT_URL_SSO_OIDC": srv.URL, "AWS_ENDPOINT_URL_STS": srv.URL}}
	ctx := context.Background()
	for _, call := range []struct {
		service Service
		call    func(aws.Config) error
	}{
		{SSO, func(c aws.Config) error {
			_, err := ssoapi.NewFromConfig(c).ListAccounts(ctx, &ssoapi.ListAccountsInput{AccessToken: aws.String("t")})
			return err
		}},
		{SSOOIDC, func(c aws.Config) error {
			_, err := ssooidc.NewFromConfig(c).RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("c"), ClientType: aws.String("public")})
			return err
		}},
		{STS, func(c aws.Config) error {
			_, err := sts.NewFromConfig(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		}},
	} {
		cfg, err := n.Config(call.service, "us-east-1", nil)
		if err != nil {
			t.Fatal(err)
		}
		if o := ssooidc.NewFromConfig(cfg).Options(); o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled {
			t.Errorf("%s: FIPS from the process", call.service)
		}
		cfg.RetryMaxAttempts = 1
		if err := call.call(cfg); ClassOf(err) != InvalidRequest {
			t.Errorf("%s: %v", call.service, err)
		}
	}
	if want := []string{"/assignment/accounts", "/client/register", "/"}; !reflect.DeepEqual(hits, want) {
		t.Errorf("requests %q, want %q", hits, want)
	}
}
