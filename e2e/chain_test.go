//go:build unix

package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
)

// chainConfig adds role chains to the guide's profiles: deploy assumes a
// role from ui-dev; customer assumes one more from deploy.
const chainConfig = guideConfig + `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
region = eu-west-1
[profile customer]
role_arn = arn:aws:iam::333344445555:role/team/Customer
source_profile = deploy
role_session_name = alice
external_id = ext-123
duration_seconds = 1800
region = ap-southeast-2
[profile locked]
role_arn = arn:aws:iam::222233334444:role/Locked
source_profile = ui-dev
[profile long]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
duration_seconds = 7200
[profile loop-a]
role_arn = arn:aws:iam::222233334444:role/A
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::222233334444:role/B
source_profile = loop-a
[profile legacy-deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = legacy
region = us-west-2
[profile legacy-customer]
role_arn = arn:aws:iam::333344445555:role/team/Customer
source_profile = legacy-deploy
role_session_name = alice
external_id = ext-123
duration_seconds = 1800
region = us-west-2
[profile orphan]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-deb
`

// Cache files named by botocore's recipe (creds.TestAssumeRoleCachePathMatchesBotocore):
// sha1 of json.dumps(args, sort_keys=True).
const (
	deployCache   = ".aws/cli/cache/3e250895b081421546d09f47a722203fe19f44de.json" // {"RoleArn": "arn:aws:iam::222233334444:role/Deploy"}
	customerCache = ".aws/cli/cache/5c2a63d30a0c48b692df39fab15dc11758587733.json" // {"DurationSeconds": 1800, "ExternalId": "ext-123", "RoleArn": "arn:aws:iam::333344445555:role/team/Customer", "RoleSessionName": "alice"}
)

var chainRoles = []fakeidc.Role{
	{ARN: "arn:aws:iam::333344445555:role/team/Customer", ExternalID: "ext-123"},
	{ARN: "arn:aws:iam::222233334444:role/Locked", Deny: true},
}

// ssoCaller is the identity of ui-dev's credentials at the fake.
const ssoCaller = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_"

// stsOps lists the fake's log with what STS calls asked and who asked.
func (h *harness) stsOps() []string {
	var out []string
	for _, r := range h.fake.Requests() {
		s := fmt.Sprintf("%s %d", r.Op, r.Status)
		if r.ErrorType != "" {
			s += " " + r.ErrorType
		}
		if r.Op == "GetRoleCredentials" {
			s += " " + r.AccountID + "/" + r.RoleName
		}
		if r.RoleARN != "" {
			caller := r.Caller
			if strings.HasPrefix(caller, ssoCaller) {
				caller = "ui-dev(sso)"
			}
			s += fmt.Sprintf(" %s session=%s by=%s in=%s", r.RoleARN, sessionLabel(r.SessionName), caller, r.SigningRegion)
			if r.ExternalID != "" {
				s += " external-id=" + r.ExternalID
			}
			if r.DurationSeconds != 0 {
				s += " duration=" + strconv.Itoa(r.DurationSeconds)
			}
		}
		out = append(out, s)
	}
	return out
}

// sessionLabel hides the time in a generated session name.
func sessionLabel(s string) string {
	if strings.HasPrefix(s, "botocore-session-") {
		if _, err := strconv.ParseInt(strings.TrimPrefix(s, "botocore-session-"), 10, 64); err == nil {
			return "botocore-session-N"
		}
	}
	return s
}

func (h *harness) wantSTSOps(want ...string) {
	h.t.Helper()
	got := h.stsOps()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("fake's log:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// whoami asks the fake who holds the keys of a child environment.
func (h *harness) whoami(env map[string]string) string {
	h.t.Helper()
	c := sts.New(sts.Options{Region: "eu-west-1", BaseEndpoint: aws.String(h.url), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env["AWS_SESSION_TOKEN"])})
	out, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		h.t.Fatal(err)
	}
	return aws.ToString(out.Arn)
}

type assumeRoleCache struct {
	Credentials struct {
		AccessKeyId, SecretAccessKey, SessionToken, Expiration string
	}
	AssumedRoleUser struct{ AssumedRoleId, Arn string }
}

func (h *harness) readAssumeRoleCache(rel string) assumeRoleCache {
	h.t.Helper()
	data, err := os.ReadFile(h.path(rel))
	if err != nil {
		h.t.Fatal(err)
	}
	var c assumeRoleCache
	if err := json.Unmarshal(data, &c); err != nil {
		h.t.Fatal(err)
	}
	return c
}

func TestChainOneHopColdThenWarm(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run([]string{"AWS_PROFILE=stale"}, "deploy", "--", "env", "-0")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	h.wantSTSOps(
		"GetRoleCredentials 200 123456789012/AdministratorAccess",
		"AssumeRole 200 arn:aws:iam::222233334444:role/Deploy session=botocore-session-N by=ui-dev(sso) in=eu-west-1",
	)
	got := parseEnv(r.stdout)
	c := h.readAssumeRoleCache(deployCache)
	exp, err := time.Parse("2006-01-02T15:04:05UTC", c.Credentials.Expiration)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"AWS_ACCESS_KEY_ID":         c.Credentials.AccessKeyId,
		"AWS_SECRET_ACCESS_KEY":     c.Credentials.SecretAccessKey,
		"AWS_SESSION_TOKEN":         c.Credentials.SessionToken,
		"AWS_CREDENTIAL_EXPIRATION": exp.Format(time.RFC3339),
		"AWS_REGION":                "eu-west-1",
		"AWS_DEFAULT_REGION":        "eu-west-1",
		"AWS_ACCOUNT_ID":            "222233334444",
		"SSOX_PROFILE":              "deploy",
		"SSOX_ACCOUNT_ID":           "222233334444",
		"SSOX_ROLE_NAME":            "Deploy",
		"SSOX_SSO_SESSION":          "njoitaws",
		"SSOX_EXPIRES":              strconv.FormatInt(exp.Unix(), 10),
		"SSOX_RENEW_AT":             strconv.FormatInt(exp.Add(-15*time.Minute).Unix(), 10),
		"AWS_SSO_PROFILE":           "deploy",
	}
	for k, v := range h.env {
		want[k] = v
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("child environment\n got %v\nwant %v", got, want)
	}
	if arn := h.whoami(got); !strings.HasPrefix(arn, "arn:aws:sts::222233334444:assumed-role/Deploy/botocore-session-") || arn != c.AssumedRoleUser.Arn {
		t.Errorf("the child runs as %s (cache says %s)", arn, c.AssumedRoleUser.Arn)
	}
	if fi, err := os.Stat(h.path(deployCache)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file: %v %v", fi, err)
	}

	h.fake.ResetLog()
	warm := h.run(nil, "deploy", "--", "printenv", "AWS_ACCESS_KEY_ID")
	if warm.code != 0 || warm.stdout != c.Credentials.AccessKeyId+"\n" {
		t.Fatalf("warm run %+v", warm)
	}
	h.wantSTSOps()

	// --min-ttl beyond what the cached credentials have left (and below
	// what new ones would have): the role is assumed again, from the SSO
	// credentials, which still last.
	h.age(deployCache)
	if r := h.run(nil, "--min-ttl", "2h", "deploy", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.wantSTSOps("AssumeRole 200 arn:aws:iam::222233334444:role/Deploy session=botocore-session-N by=ui-dev(sso) in=eu-west-1")
}

func TestChainTwoHops(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "customer", "--", "env", "-0")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	h.wantSTSOps(
		"GetRoleCredentials 200 123456789012/AdministratorAccess",
		"AssumeRole 200 arn:aws:iam::222233334444:role/Deploy session=botocore-session-N by=ui-dev(sso) in=ap-southeast-2",
		"AssumeRole 200 arn:aws:iam::333344445555:role/team/Customer session=alice by="+h.readAssumeRoleCache(deployCache).AssumedRoleUser.Arn+" in=ap-southeast-2 external-id=ext-123 duration=1800",
	)
	env := parseEnv(r.stdout)
	if c := h.readAssumeRoleCache(customerCache); c.Credentials.AccessKeyId != env["AWS_ACCESS_KEY_ID"] {
		t.Errorf("cache %+v", c)
	}
	if arn := h.whoami(env); arn != "arn:aws:sts::333344445555:assumed-role/Customer/alice" {
		t.Errorf("child runs as %s", arn)
	}
	for k, v := range map[string]string{"SSOX_ACCOUNT_ID": "333344445555", "SSOX_ROLE_NAME": "Customer", "AWS_REGION": "ap-southeast-2", "SSOX_PROFILE": "customer"} {
		if env[k] != v {
			t.Errorf("%s = %q, want %q", k, env[k], v)
		}
	}
	exp, _ := time.Parse(time.RFC3339, env["AWS_CREDENTIAL_EXPIRATION"])
	if left := time.Until(exp); left > 30*time.Minute || left < 29*time.Minute {
		t.Errorf("duration_seconds = 1800 gave credentials for %s", left)
	}

	// deploy, the middle hop, was cached on the way: running it makes no call.
	h.fake.ResetLog()
	if r := h.run(nil, "deploy", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	h.wantSTSOps()
}

func TestChainParallelRunsAssumeOnce(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	var wg sync.WaitGroup
	keys := make([]string, 20)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := h.run(nil, "deploy", "--", "printenv", "AWS_ACCESS_KEY_ID")
			if r.code != 0 {
				t.Errorf("run %d: %s", i, r.stderr)
			}
			keys[i] = r.stdout
		}()
	}
	wg.Wait()
	h.wantSTSOps(
		"GetRoleCredentials 200 123456789012/AdministratorAccess",
		"AssumeRole 200 arn:aws:iam::222233334444:role/Deploy session=botocore-session-N by=ui-dev(sso) in=eu-west-1",
	)
	for _, k := range keys {
		if k != keys[0] {
			t.Fatalf("runs got different keys: %q", keys)
		}
	}
}

func TestChainRefusals(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	for _, tc := range []struct {
		profile, stderr string
		ops             []string
	}{
		{"locked", "ssox: role Locked in account 222233334444 (role_arn of profile locked) refused AssumeRole by " + ssoCaller + "SUFFIX/user@example.com (profile ui-dev)\n" +
			"hint: the role's trust policy must allow that principal (ask the owner of account 222233334444), or set role_arn in [profile locked] to a role you may assume\n",
			[]string{"GetRoleCredentials 200 123456789012/AdministratorAccess", "AssumeRole 403 AccessDenied arn:aws:iam::222233334444:role/Locked session=botocore-session-N by=ui-dev(sso) in=us-east-1"}},
		{"long", "ssox: profile long asks for duration_seconds = 7200, but AWS limits a role assumed with role credentials (IAM Identity Center's included) to 3600 seconds: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.\n" +
			"hint: set duration_seconds = 3600 or less in [profile long], or remove it\n",
			[]string{"AssumeRole 400 ValidationError arn:aws:iam::222233334444:role/Deploy session=botocore-session-N by=ui-dev(sso) in=us-east-1 duration=7200"}},
		{"loop-a", "ssox: the role chain of profile \"loop-a\" loops in ~/.aws/config: loop-a → loop-b → loop-a\n" +
			"hint: end the chain at an SSO profile: the last source_profile must name a profile with sso_session (or sso_start_url) and no role_arn\n", nil},
		{"orphan", "ssox: [profile orphan] in ~/.aws/config has source_profile = ui-deb, but there is no [profile ui-deb]\n" +
			"hint: did you mean source_profile = ui-dev?\n", nil},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			h.t = t
			h.fake.ResetLog()
			r := h.run(nil, tc.profile, "--", "true")
			want := strings.ReplaceAll(tc.stderr, "SUFFIX", ssoSuffix(r.stderr))
			if r.code != 1 || r.stdout != "" || r.stderr != want {
				t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
			}
			h.wantSTSOps(tc.ops...)
		})
	}
}

// ssoSuffix finds the fake's AWSReservedSSO_ role suffix in text.
func ssoSuffix(text string) string {
	_, rest, ok := strings.Cut(text, ssoCaller)
	if !ok {
		return "?"
	}
	s, _, _ := strings.Cut(rest, "/")
	return s
}

// botocoreChain runs botocore's own AssumeRoleProvider for a profile, with
// the AWS CLI's assume-role cache. Its clients go to the fake (botocore
// 1.29 predates AWS_ENDPOINT_URL_*); with "offline" any client creation
// fails, so the credentials must come from the cache.
const botocoreChain = `
import json, os, sys
from botocore.session import Session
from botocore.credentials import JSONFileCache
s = Session(profile=sys.argv[1])
real = s.create_client
def offline(*a, **kw):
    raise SystemExit("botocore tried to call " + a[0])
def to_fake(name, *a, **kw):
    kw["endpoint_url"] = os.environ["FAKE_URL"]
    return real(name, *a, **kw)
s.create_client = offline if sys.argv[2] == "offline" else to_fake
p = s.get_component("credential_provider").get_provider("assume-role")
p.cache = JSONFileCache(os.path.expanduser("~/.aws/cli/cache"))
c = s.get_credentials().get_frozen_credentials()
print(json.dumps([c.access_key, c.secret_key, c.token]))
`

func (h *harness) botocore(profile, mode string) []string {
	h.t.Helper()
	cmd := exec.Command("/usr/bin/python3", "-c", botocoreChain, profile, mode)
	cmd.Env = []string{"HOME=" + h.home, "PATH=/usr/bin:/bin", "AWS_CONFIG_FILE=" + h.path(".aws/config"), "FAKE_URL=" + h.url}
	out, err := cmd.CombinedOutput()
	if err != nil {
		h.t.Fatalf("botocore: %v\n%s", err, out)
	}
	var keys []string
	if err := json.Unmarshal(out, &keys); err != nil {
		h.t.Fatalf("%v: %s", err, out)
	}
	return keys
}

func TestChainCacheSharedWithBotocore(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import botocore.tokens").Run() != nil {
		testneed.Missing(t, "Debian's python3-botocore is not installed (.ci/run installs it)")
	}
	t.Run("botocore reads what ssox wrote", func(t *testing.T) {
		h := newHarness(t, fakeidc.Options{Roles: chainRoles})
		h.writeConfig(chainConfig)
		h.seedToken("njoitaws", 8*time.Hour, true)
		for _, profile := range []string{"deploy", "customer"} {
			r := h.run(nil, profile, "--", "env", "-0")
			if r.code != 0 {
				t.Fatal(r.stderr)
			}
			env := parseEnv(r.stdout)
			want := []string{env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env["AWS_SESSION_TOKEN"]}
			if got := h.botocore(profile, "offline"); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: botocore got %q, ssox gave %q", profile, got, want)
			}
		}
	})
	// Debian's botocore 1.29 cannot chain from an sso-session profile (its
	// SSOTokenProvider looks for sso_session in the running profile), so it
	// writes through the legacy root, whose hops have the same cache keys.
	t.Run("ssox reads what botocore wrote", func(t *testing.T) {
		h := newHarness(t, fakeidc.Options{Roles: chainRoles})
		h.writeConfig(chainConfig)
		h.seedToken(startURL, 8*time.Hour, true)
		for _, profile := range []string{"legacy-deploy", "legacy-customer"} {
			keys := h.botocore(profile, "fake")
			h.fake.ResetLog()
			r := h.run(nil, profile, "--", "env", "-0")
			if r.code != 0 {
				t.Fatal(r.stderr)
			}
			env := parseEnv(r.stdout)
			if got := []string{env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env["AWS_SESSION_TOKEN"]}; !reflect.DeepEqual(got, keys) {
				t.Errorf("%s: ssox gave %q, botocore cached %q", profile, got, keys)
			}
			h.wantSTSOps()
		}
	})
}

func TestChainFollowedByEveryCommand(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)

	// credential-process and env print the assumed role's keys.
	r := h.run(nil, "credential-process", "deploy")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	c := h.readAssumeRoleCache(deployCache)
	var proc struct {
		Version                                                int
		AccessKeyId, SecretAccessKey, SessionToken, Expiration string
	}
	if err := json.Unmarshal([]byte(r.stdout), &proc); err != nil || proc.Version != 1 || proc.AccessKeyId != c.Credentials.AccessKeyId || proc.SessionToken != c.Credentials.SessionToken {
		t.Fatalf("credential-process %s %v", r.stdout, err)
	}
	r = h.run(nil, "env", "customer", "--format", "env-no-export")
	if r.code != 0 || !strings.Contains(r.stdout, "SSOX_ACCOUNT_ID=333344445555\n") || !strings.Contains(r.stdout, "SSOX_ROLE_NAME=Customer\n") ||
		!strings.Contains(r.stdout, "AWS_REGION=ap-southeast-2\n") || !strings.Contains(r.stdout, "AWS_ACCESS_KEY_ID="+h.readAssumeRoleCache(customerCache).Credentials.AccessKeyId+"\n") {
		t.Fatalf("env: %+v", r)
	}

	// list shows the chains; a broken chain is listed with its error.
	r = h.run(nil, "list", "--json")
	var rows []map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatal(err, r.stdout)
	}
	byName := map[string]map[string]string{}
	for _, row := range rows {
		byName[row["name"]] = row
	}
	for name, want := range map[string]string{
		"deploy":   "222233334444 Deploy njoitaws eu-west-1 deploy → ui-dev",
		"customer": "333344445555 Customer njoitaws ap-southeast-2 customer → deploy → ui-dev",
		"ui-dev":   "123456789012 AdministratorAccess njoitaws us-east-1 ",
	} {
		row := byName[name]
		if got := strings.Join([]string{row["account_id"], row["role"], row["sso_session"], row["region"], row["chain"]}, " "); got != want {
			t.Errorf("list --json %s: %q, want %q", name, got, want)
		}
	}
	if e := byName["loop-a"]["error"]; !strings.HasPrefix(e, "the role chain of profile \"loop-a\" loops") {
		t.Errorf("loop-a: %q", e)
	}
	r = h.run(nil, "list")
	if !hasLine(r.stdout, "deploy → ui-dev 222233334444 Deploy njoitaws eu-west-1 valid,") {
		t.Errorf("list:\n%s", r.stdout)
	}

	// doctor: the chain, its cached credentials, and a duration STS refuses.
	r = h.run(nil, "doctor", "deploy", "--json")
	if !strings.Contains(r.stdout, `"message": "deploy: assumes arn:aws:iam::222233334444:role/Deploy from deploy → ui-dev"`) ||
		!strings.Contains(r.stdout, `"message": "deploy: cached role credentials valid for 59m"`) && !strings.Contains(r.stdout, `"message": "deploy: cached role credentials valid for 1h00m"`) {
		t.Errorf("doctor deploy:\n%s", r.stdout)
	}
	r = h.run(nil, "doctor", "long")
	if !strings.Contains(r.stdout, "warn  chain         long: duration_seconds = 7200, but AWS limits") {
		t.Errorf("doctor long:\n%s", r.stdout)
	}
	for profile, msg := range map[string]string{
		"loop-a": `the role chain of profile \"loop-a\" loops in ~/.aws/config: loop-a → loop-b → loop-a`,
		"orphan": `[profile orphan] in ~/.aws/config has source_profile = ui-deb, but there is no [profile ui-deb]`,
	} {
		r = h.run(nil, "doctor", profile, "--json")
		if r.code != 1 || !strings.Contains(r.stdout, `"status": "fail",`+"\n"+`    "message": "`+msg+`"`) {
			t.Errorf("doctor %s: exit %d\n%s", profile, r.code, r.stdout)
		}
	}
}

// hasLine reports whether a line of out starts with want's words, spaces
// between columns folded.
func hasLine(out, want string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.Join(strings.Fields(l), " "), want) {
			return true
		}
	}
	return false
}

func TestChainServerRenewsTheChain(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	cmd := h.command(nil, "--server", "--min-ttl", "2h", "customer", "--", "sh", "-c",
		`echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN $SSOX_ACCOUNT_ID $SSOX_ROLE_NAME"; read x`)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	f := strings.Fields(line)
	if len(f) != 4 || f[2] != "333344445555" || f[3] != "Customer" {
		t.Fatalf("child saw %q", line)
	}
	// With --min-ttl above what the last role's credentials have left
	// (and below what new ones would have), each request assumes it again;
	// the middle hop and the SSO credentials still last.
	h.fake.ResetLog()
	for range 2 {
		h.age(customerCache)
		p := endpointcreds.New(f[0], func(o *endpointcreds.Options) { o.AuthorizationToken = f[1] })
		c, err := p.Retrieve(context.Background())
		if err != nil {
			t.Fatal(err, stderr.String())
		}
		env := map[string]string{"AWS_ACCESS_KEY_ID": c.AccessKeyID, "AWS_SECRET_ACCESS_KEY": c.SecretAccessKey, "AWS_SESSION_TOKEN": c.SessionToken}
		if arn := h.whoami(env); arn != "arn:aws:sts::333344445555:assumed-role/Customer/alice" {
			t.Fatalf("served credentials of %s", arn)
		}
	}
	deploy := h.readAssumeRoleCache(deployCache).AssumedRoleUser.Arn
	customer := "AssumeRole 200 arn:aws:iam::333344445555:role/team/Customer session=alice by=" + deploy + " in=ap-southeast-2 external-id=ext-123 duration=1800"
	h.wantSTSOps(customer, "GetCallerIdentity 200", customer, "GetCallerIdentity 200")
}

func TestStatusInsideAChain(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "deploy", "--", "ssox", "status", "deploy")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	re := regexp.MustCompile(`^active: deploy, account 222233334444, role Deploy, credentials (59m|1h00m) left, renewed at the prompt in (44m|45m)
profile deploy \(deploy → ui-dev\): account 222233334444, role Deploy, cached credentials (59m|1h00m) left
sso-session njoitaws: token (7h59m|8h00m) left, refresh token held: silent refresh possible
$`)
	if !re.MatchString(r.stdout) {
		t.Errorf("status:\n%s", r.stdout)
	}
	h.fake.ResetLog()
	r = h.run(nil, "status", "--json")
	var rep struct {
		Active   any
		Sessions []struct{ Token, Login string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Active != nil || len(rep.Sessions) != 2 ||
		rep.Sessions[0].Token != "valid" || rep.Sessions[1].Token != "none" || rep.Sessions[1].Login != "ssox login legacy" {
		t.Errorf("status --json: %v\n%s", err, r.stdout)
	}
	h.wantOps()
}

// TestChainSTSRegionalEndpoints finds which STS endpoint each setting picks
// without AWS_ENDPOINT_URL_STS: a proxy records the host ssox connects to
// (and then fails the call).
func TestChainSTSRegionalEndpoints(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(chainConfig + `[profile regional]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
region = eu-west-1
[profile legacy-endpoint]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
region = eu-west-1
sts_regional_endpoints = legacy
`)
	h.seedToken("njoitaws", 8*time.Hour, true)
	for _, tc := range []struct {
		profile string
		env     []string
		want    string
	}{
		{"regional", nil, "sts.eu-west-1.amazonaws.com:443"},
		{"legacy-endpoint", nil, "sts.amazonaws.com:443"},
		{"regional", []string{"AWS_STS_REGIONAL_ENDPOINTS=legacy"}, "sts.amazonaws.com:443"},
		{"locked", nil, "sts.amazonaws.com:443"}, // no region: the global endpoint, as botocore
	} {
		addr, hosts := connectRecorder(t)
		env := append([]string{"AWS_ENDPOINT_URL_STS=", "HTTPS_PROXY=http://" + addr}, tc.env...)
		if r := h.run(env, tc.profile, "--", "true"); r.code != 1 {
			t.Fatalf("%s: exit %d %s", tc.profile, r.code, r.stderr)
		}
		if got := <-hosts; got != tc.want {
			t.Errorf("%s %v: STS at %s, want %s", tc.profile, tc.env, got, tc.want)
		}
	}
}

// connectRecorder is an HTTPS proxy that notes the host of each CONNECT and
// hangs up.
func connectRecorder(t *testing.T) (string, chan string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	hosts := make(chan string, 100)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			line, _ := bufio.NewReader(c).ReadString('\n')
			hosts <- strings.Fields(line + " ? ?")[1]
			c.Close()
		}
	}()
	return ln.Addr().String(), hosts
}
