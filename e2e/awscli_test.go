//go:build unix

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
	"github.com/ssox/ssox/sso"
)

// awsCLI is Debian's AWS CLI v2 (2.9), by its absolute path: a pyenv shim
// named aws may come first on PATH.
const awsCLI = "/usr/bin/aws"

// awsCLIData is where Debian's CLI keeps its bundled botocore's models.
const awsCLIData = "/usr/lib/python3/dist-packages/awscli/botocore/data"

// cli runs the AWS CLI against the harness's fake, in its HOME.
type cli struct {
	h    *harness
	data string
}

// newCLI points Debian's AWS CLI at the fake. It predates
// AWS_ENDPOINT_URL_*, but its loader reads AWS_DATA_PATH before its own
// models, so an endpoint-rule-set-1.json whose one rule answers the fake's
// URL, for each service and API version the CLI has, sends it there.
func newCLI(t *testing.T, h *harness) *cli {
	t.Helper()
	if _, err := os.Stat(awsCLI); err != nil {
		testneed.Missing(t, "Debian's awscli is not installed at /usr/bin/aws (.ci/run installs it)")
	}
	ruleset, err := json.Marshal(map[string]any{
		"version":    "1.0",
		"parameters": map[string]any{},
		"rules": []any{map[string]any{
			"conditions": []any{},
			"type":       "endpoint",
			"endpoint":   map[string]any{"url": h.url, "properties": map[string]any{}, "headers": map[string]any{}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	for _, svc := range []string{"sso", "sso-oidc", "sts"} {
		versions, err := filepath.Glob(filepath.Join(awsCLIData, svc, "*", "service-2.json"))
		if err != nil || len(versions) == 0 {
			t.Fatalf("no %s model under %s", svc, awsCLIData)
		}
		for _, v := range versions {
			dir := filepath.Join(data, svc, filepath.Base(filepath.Dir(v)))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "endpoint-rule-set-1.json"), ruleset, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return &cli{h: h, data: data}
}

func (c *cli) run(args ...string) result {
	c.h.t.Helper()
	cmd := exec.Command(awsCLI, args...)
	cmd.Dir = c.h.home
	cmd.Env = []string{
		"HOME=" + c.h.home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
		"AWS_DATA_PATH=" + c.data, "AWS_PAGER=", "AWS_CLI_AUTO_PROMPT=off",
		"BROWSER=" + filepath.Join(binDir, "fakebrowser"),
	}
	return c.h.runCmd(cmd)
}

// The AWS CLI uses the role credentials and the SSO token ssox wrote, with
// no login of its own.
func TestAWSCLIUsesWhatSsoxWrote(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	aws := newCLI(t, h)
	h.writeConfig(guideConfig)
	if r := h.run(nil, "ui-dev", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	role := h.readRoleCache(roleCacheFile).Credentials
	h.fake.ResetLog()

	// The cached role credentials, exported with no network call at all.
	r := aws.run("configure", "export-credentials", "--profile", "ui-dev", "--format", "process")
	if r.code != 0 {
		t.Fatalf("export-credentials: %d %s", r.code, r.stderr)
	}
	var exported struct {
		Version                                                int
		AccessKeyId, SecretAccessKey, SessionToken, Expiration string
	}
	if err := json.Unmarshal([]byte(r.stdout), &exported); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	exp, err := time.Parse(time.RFC3339, exported.Expiration)
	if err != nil {
		t.Fatal(err)
	}
	if exported.AccessKeyId != role.AccessKeyId || exported.SecretAccessKey != role.SecretAccessKey ||
		exported.SessionToken != role.SessionToken || exp.UTC().Format("2006-01-02T15:04:05Z") != role.Expiration {
		t.Fatalf("the CLI exported other credentials than ssox cached: %+v", exported)
	}
	h.wantOps()

	// A signed call with them: the fake's STS knows who holds the keys.
	r = aws.run("sts", "get-caller-identity", "--profile", "ui-dev", "--output", "json")
	var who struct{ Account, Arn string }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &who) != nil {
		t.Fatalf("get-caller-identity: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if who.Account != "123456789012" || !strings.HasPrefix(who.Arn, ssoCaller) {
		t.Fatalf("caller %+v", who)
	}
	h.wantOps("GetCallerIdentity 200")

	// Without role credentials, the CLI gets new ones with ssox's token.
	if err := os.Remove(h.path(roleCacheFile)); err != nil {
		t.Fatal(err)
	}
	h.fake.ResetLog()
	if r := aws.run("sts", "get-caller-identity", "--profile", "ui-dev"); r.code != 0 {
		t.Fatalf("get-caller-identity: %d %s", r.code, r.stderr)
	}
	h.wantOps("GetRoleCredentials 200", "GetCallerIdentity 200")
}

// ssox uses the token `aws sso login` wrote (the CLI's device flow, the
// fake browser approving it), with no login of its own, and the client
// registration the CLI cached for a silent refresh.
func TestSsoxUsesWhatAWSCLIWrote(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	aws := newCLI(t, h)
	h.writeConfig(guideConfig)
	r := aws.run("sso", "login", "--profile", "ui-dev")
	if r.code != 0 || !strings.Contains(r.stdout, "Successfully logged into Start URL: "+startURL) {
		t.Fatalf("aws sso login: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	// The CLI polls once before it opens the browser and once right after
	// (the fake answers SlowDown), and the browser's visit lands between
	// polls at its own pace: the log is compared without the pending polls,
	// the visit counted apart.
	var polls []string
	visits := 0
	for _, op := range h.ops() {
		switch {
		case op == "DeviceVerify 200":
			visits++
		case !strings.HasSuffix(op, " AuthorizationPendingException") && !strings.HasSuffix(op, " SlowDownException"):
			polls = append(polls, op)
		}
	}
	want := []string{"RegisterClient 200", "StartDeviceAuthorization 200", "CreateToken/urn:ietf:params:oauth:grant-type:device_code 200"}
	if visits != 1 || strings.Join(polls, "\n") != strings.Join(want, "\n") {
		t.Fatalf("fake's log: %q", h.ops())
	}
	tok := h.readToken()
	h.fake.ResetLog()

	r = h.run(nil, "ui-dev", "--", "printenv", "SSOX_ACCOUNT_ID")
	if r.code != 0 || r.stdout != "123456789012\n" {
		t.Fatalf("%d %q %s", r.code, r.stdout, r.stderr)
	}
	h.wantOps("GetRoleCredentials 200")
	if got := h.readToken(); got.AccessToken != tok.AccessToken {
		t.Fatal("ssox replaced the CLI's token")
	}

	// Near its expiry, ssox refreshes the CLI's token with the CLI's client
	// registration: no new registration, no browser.
	tok.ExpiresAt = time.Now().Add(5 * time.Minute).UTC().Truncate(time.Second)
	if err := sso.WriteToken(h.path(tokenFile), tok); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(h.path(roleCacheFile)); err != nil {
		t.Fatal(err)
	}
	h.fake.ResetLog()
	if r := h.run(nil, "ui-dev", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.wantOps("CreateToken/refresh_token 200", "GetRoleCredentials 200")
}
