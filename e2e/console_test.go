//go:build unix

package e2e

import (
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// consoleEnv points ssox at the fake's federation endpoint.
func (h *harness) consoleEnv(extra ...string) []string {
	return append([]string{"SSOX_FEDERATION_ENDPOINT=" + h.url + "/federation"}, extra...)
}

// follow plays a browser with cookies (jar) through a sign-in URL at the
// fake, up to the redirect that leaves it for the console: the console URL
// it lands on, or the page it stopped at.
func follow(t *testing.T, jar http.CookieJar, u string) (landed, page string) {
	t.Helper()
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme == "https" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Header.Get("Location"), string(body)
}

// `ssox console --print` prints a sign-in URL that logs the browser out
// first and lands on the region's console; the fake's federation endpoint
// gets the profile's role credentials.
func TestConsolePrint(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)

	r := h.run(h.consoleEnv(), "console", "--print", "dol-prod")
	if r.code != 0 || r.stderr != "" || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("%+v", r)
	}
	h.noSecrets("stderr", r.stderr)
	u, err := url.Parse(strings.TrimSpace(r.stdout))
	if err != nil || u.Path != "/oauth" || u.Query().Get("Action") != "logout" || !strings.HasPrefix(u.Query().Get("redirect_uri"), h.url+"/federation?Action=login&") {
		t.Fatalf("url %q", r.stdout)
	}
	jar, _ := cookiejar.New(nil)
	landed, page := follow(t, jar, u.String())
	if landed != "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1" {
		t.Fatalf("landed at %q: %s", landed, page)
	}
	h.wantOps("GetRoleCredentials 200", "GetSigninToken 200", "ConsoleLogout 302", "ConsoleLogin 302")
	if log := h.fake.Requests(); log[1].AccountID != "987654321098" || log[1].DurationSeconds != 0 {
		t.Fatalf("getSigninToken %+v", log[1])
	}

	// A service in another region, for 12 hours.
	h.fake.ResetLog()
	r = h.run(h.consoleEnv(), "console", "dol-prod", "--print", "--region", "ap-southeast-2", "--service", "cloudformation", "--duration", "12h")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if landed, _ := follow(t, jar, strings.TrimSpace(r.stdout)); landed != "https://ap-southeast-2.console.aws.amazon.com/cloudformation/home?region=ap-southeast-2" {
		t.Fatalf("landed at %q", landed)
	}
	h.wantOps("GetSigninToken 200", "ConsoleLogout 302", "ConsoleLogin 302")
	if d := h.fake.Requests()[0].DurationSeconds; d != 43200 {
		t.Fatalf("SessionDuration %d", d)
	}
}

// A role chain's console is the assumed role's; --duration is not sent
// (the federation endpoint refuses it for role chains), and --debug says so.
func TestConsoleChainedDuration(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(h.consoleEnv(), "console", "deploy", "--print", "--duration", "8h", "--debug")
	if r.code != 0 || !strings.Contains(r.stderr, "console session length: AWS's default; the federation endpoint refuses SessionDuration for credentials of a role chain") {
		t.Fatalf("%+v", r)
	}
	h.noSecrets("--debug", r.stderr)
	if strings.Contains(r.stderr, "SigninToken=") || strings.Contains(r.stderr, "fakeidc-signin-") {
		t.Fatalf("the sign-in URL is in the debug log:\n%s", r.stderr)
	}
	var sign fakeidc.Request
	for _, q := range h.fake.Requests() {
		if q.Op == "GetSigninToken" {
			sign = q
		}
	}
	if sign.Status != 200 || sign.AccountID != "222233334444" || !strings.HasSuffix(sign.Caller, ":assumed-role/Deploy/"+sign.Caller[strings.LastIndex(sign.Caller, "/")+1:]) || sign.DurationSeconds != 0 {
		t.Fatalf("getSigninToken %+v", sign)
	}
}

// Every failure is one line with a fix; none shows a credential.
func TestConsoleFailures(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig + "[profile bad-region]\nregion = evil.example#\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = AdministratorAccess\n")
	h.seedToken("njoitaws", 8*time.Hour, true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	usage := "hint: usage: ssox console [PROFILE] [--region R] [--service S | --destination URL] [--duration DURATION] [--print]; more in 'ssox console --help'\n"
	for _, tc := range []struct {
		name   string
		env    []string
		args   []string
		fault  *fakeidc.Fault
		code   int
		stderr string
	}{
		{"refused twice", nil, []string{"ui-dev"}, &fakeidc.Fault{Op: "GetSigninToken", Status: 403}, 1,
			"ssox: {fake} (GetSigninToken) denied access (HTTP 403): it refuses fresh credentials of profile ui-dev\n" +
				"hint: a proxy between here and {fake}/federation may block it (HTTPS_PROXY); run the command again with --debug to see its answer\n"},
		{"offline", []string{"SSOX_FEDERATION_ENDPOINT=" + closed + "/federation"}, []string{"ui-dev"}, nil, 1,
			"ssox: cannot reach " + closed + " (GetSigninToken): connection refused\nhint: check the network connection and any proxy (HTTPS_PROXY), then try again\n"},
		{"a region that is not one", nil, []string{"ui-dev", "--region", "us-east-1;id"}, nil, 2,
			"ssox: --region: \"us-east-1;id\" is not an AWS region name (like us-east-1)\n" + usage},
		{"the profile's region", nil, []string{"bad-region"}, nil, 1,
			"ssox: [profile bad-region] in ~/.aws/config: region \"evil.example#\" is not an AWS region name (like us-east-1)\nhint: set region in [profile bad-region] to a region name such as us-east-1, or remove it\n"},
		{"a service that is not one", nil, []string{"ui-dev", "--service", "../x"}, nil, 2,
			"ssox: --service: \"../x\" is not the name of a console service (like s3, ec2, cloudformation)\n" + usage},
		{"service and destination", nil, []string{"ui-dev", "--service", "s3", "--destination", "ec2/home"}, nil, 2,
			"ssox: --service and --destination cannot be used together\n" + usage},
		{"a destination elsewhere", nil, []string{"ui-dev", "--destination", "https://evil.example/"}, nil, 2,
			"ssox: --destination \"https://evil.example/\" is not on the aws console: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)\n" + usage},
		{"too short", nil, []string{"ui-dev", "--duration", "5m"}, nil, 2, "ssox: --duration must be from 15m to 12h, not 5m0s\n" + usage},
		{"too long", nil, []string{"ui-dev", "--duration", "13h"}, nil, 2, "ssox: --duration must be from 15m to 12h, not 13h0m0s\n" + usage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.fake.ClearFaults()
			if tc.fault != nil {
				h.fake.AddFault(*tc.fault)
			}
			r := h.run(h.consoleEnv(tc.env...), append([]string{"console"}, tc.args...)...)
			want := strings.ReplaceAll(tc.stderr, "{fake}", h.url)
			if r.code != tc.code || r.stdout != "" || r.stderr != want {
				t.Fatalf("%d %q\n%s\nwant %d\n%s", r.code, r.stdout, r.stderr, tc.code, want)
			}
			h.noSecrets("stderr", r.stderr)
		})
	}
}
