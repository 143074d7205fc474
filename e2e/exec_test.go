//go:build unix

package e2e

import (
	"encoding/json"
	"os"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// roleCacheFile is the AWS CLI's role-credential cache entry for ui-dev in
// guideConfig (see creds.TestCachePathMatchesAWSCLI for the hash).
const roleCacheFile = ".aws/cli/cache/384cbdc8289bb5516a01d59900140e4999a611a3.json"

type roleCache struct {
	ProviderType string
	Credentials  struct {
		AccessKeyId, SecretAccessKey, SessionToken, Expiration, AccountId string
	}
}

func (h *harness) readRoleCache(rel string) roleCache {
	h.t.Helper()
	data, err := os.ReadFile(h.path(rel))
	if err != nil {
		h.t.Fatal(err)
	}
	var c roleCache
	if err := json.Unmarshal(data, &c); err != nil {
		h.t.Fatal(err)
	}
	return c
}

// issued is the one set of role credentials the fake issued: what ssox
// must hand on, known without reading anything ssox wrote.
func (h *harness) issued() fakeidc.Credentials {
	h.t.Helper()
	c := h.fake.IssuedCredentials()
	if len(c) != 1 {
		h.t.Fatalf("the fake issued %d sets of role credentials, want 1", len(c))
	}
	return c[0]
}

// expiration is how ssox and the AWS CLI write an expiry: whole seconds, UTC.
func expiration(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func TestExecInjectsExactEnvironment(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	stale := []string{
		"AWS_PROFILE=stale", "AWS_SECURITY_TOKEN=stale", "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.2/creds",
		"AWS_ACCESS_KEY_ID=AKIASTALE", "AWS_SECRET_ACCESS_KEY=stale", "AWS_SESSION_TOKEN=stale", "AWS_DEFAULT_PROFILE=x",
		"AWS_SSO_ACCOUNT_ID=1", "GRANTED_SSO=true", "SSOX_PROFILE=outer", "AWS_BEARER_TOKEN_BEDROCK=x", "KEEP_ME=yes",
	}
	r := h.run(stale, "ui-dev", "--", "env", "-0")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	got := parseEnv(r.stdout)
	issued := h.issued()
	want := map[string]string{
		"AWS_ACCESS_KEY_ID":         issued.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY":     issued.SecretAccessKey,
		"AWS_SESSION_TOKEN":         issued.SessionToken,
		"AWS_CREDENTIAL_EXPIRATION": expiration(issued.Expiration),
		"AWS_REGION":                "us-east-1",
		"AWS_DEFAULT_REGION":        "us-east-1",
		"AWS_ACCOUNT_ID":            "123456789012",
		"SSOX_PROFILE":              "ui-dev",
		"SSOX_ACCOUNT_ID":           "123456789012",
		"SSOX_ROLE_NAME":            "AdministratorAccess",
		"SSOX_SSO_SESSION":          "njoitaws",
		"SSOX_EXPIRES":              strconv.FormatInt(issued.Expiration.Unix(), 10),
		"SSOX_RENEW_AT":             strconv.FormatInt(issued.Expiration.Add(-15*time.Minute).Unix(), 10),
		"AWS_SSO_PROFILE":           "ui-dev",
		"KEEP_ME":                   "yes",
	}
	for k, v := range h.env {
		want[k] = v
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
	// The AWS CLI's cache holds the same, in its own shape.
	c := h.readRoleCache(roleCacheFile)
	if c.ProviderType != "sso" || c.Credentials.AccessKeyId != issued.AccessKeyID || c.Credentials.SecretAccessKey != issued.SecretAccessKey ||
		c.Credentials.SessionToken != issued.SessionToken || c.Credentials.Expiration != expiration(issued.Expiration) || c.Credentials.AccountId != "123456789012" {
		t.Fatalf("role cache %+v, the fake issued %+v", c, issued)
	}
	h.wantOps("GetRoleCredentials 200")
	fi, err := os.Stat(h.path(roleCacheFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("role cache mode: %v %v", fi.Mode(), err)
	}
}

func TestSecondRunUsesRoleCache(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	first := h.run(nil, "ui-dev", "--", "printenv", "AWS_ACCESS_KEY_ID")
	second := h.run(nil, "ui-dev", "--", "printenv", "AWS_ACCESS_KEY_ID")
	if first.code != 0 || second.code != 0 || first.stdout != second.stdout || first.stdout == "" {
		t.Fatalf("first %+v second %+v", first, second)
	}
	h.wantOps("GetRoleCredentials 200")

	// With --min-ttl longer than the credentials have left (and shorter
	// than new ones would last: TestMinTTLBeyondLifetime has the rest),
	// ssox fetches anew.
	h.age(roleCacheFile)
	third := h.run(nil, "--min-ttl", "2h", "ui-dev", "--", "true")
	if third.code != 0 {
		t.Fatal(third.stderr)
	}
	h.wantOps("GetRoleCredentials 200", "GetRoleCredentials 200")
	// SSOX_MIN_TTL does the same.
	h.age(roleCacheFile)
	h.run([]string{"SSOX_MIN_TTL=3h"}, "ui-dev", "--", "true")
	if n := h.fake.Count("GetRoleCredentials"); n != 3 {
		t.Fatalf("GetRoleCredentials %d times", n)
	}
}

func TestExitCodes(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	tests := []struct {
		args       []string
		code       int
		stderr     string
		wantStdout string
	}{
		{[]string{"ui-dev", "--", "sh", "-c", "exit 7"}, 7, "", ""},
		{[]string{"ui-dev", "--", "sh", "-c", "kill -TERM $$"}, 143, "", ""},
		{[]string{"ui-dev", "--", "terraformm", "plan"}, 127, "ssox: command \"terraformm\" not found on PATH\n", ""},
		{[]string{"ui-dev", "sh", "-c", "echo no-dashes"}, 0, "", "no-dashes\n"},
		{[]string{"exec", "ui-dev", "--", "sh", "-c", "echo $SSOX_PROFILE"}, 0, "", "ui-dev\n"},
		{[]string{"--region", "eu-central-1", "ui-dev", "--", "printenv", "AWS_REGION"}, 0, "", "eu-central-1\n"},
		{[]string{"ui-dev", "--region", "eu-west-2", "--", "printenv", "AWS_REGION"}, 0, "", "eu-west-2\n"},
		{[]string{"ui-dev", "--bogus", "--", "true"}, 2, "ssox: unknown flag --bogus\nhint: usage: ssox PROFILE [flags] [-- CMD ARGS...]; more in 'ssox --help'\n", ""},
		{[]string{"--bogus", "ui-dev"}, 2, "ssox: unknown flag --bogus\nhint: usage: ssox PROFILE [flags] [-- CMD ARGS...]; more in 'ssox --help'\n", ""},
		{[]string{}, 2, "ssox: missing PROFILE\nhint: ssox PROFILE -- CMD ('ssox list' shows the profiles)\n", ""},
	}
	for _, tt := range tests {
		r := h.run(nil, tt.args...)
		if r.code != tt.code || r.stderr != tt.stderr || (tt.wantStdout != "" && r.stdout != tt.wantStdout) {
			t.Errorf("ssox %v: code %d stderr %q stdout %q; want %d %q %q", tt.args, r.code, r.stderr, r.stdout, tt.code, tt.stderr, tt.wantStdout)
		}
	}
	// The missing command is found before any network call.
	if n := h.fake.Count("GetRoleCredentials"); n != 1 {
		t.Errorf("GetRoleCredentials %d times", n)
	}
}

func TestNoCommandStartsShell(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	cmd := h.command(nil, "ui-dev")
	cmd.Stdin = strings.NewReader("echo in-shell $SSOX_PROFILE; exit 4\n")
	out, err := cmd.Output()
	if cmd.ProcessState.ExitCode() != 4 || string(out) != "in-shell ui-dev\n" {
		t.Fatalf("out %q err %v", out, err)
	}
}

func TestNestedProfileReplacesOuter(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "ui-dev", "--", "ssox", "dol-prod", "--", "sh", "-c", "echo $SSOX_PROFILE $AWS_ACCOUNT_ID $AWS_REGION")
	if r.code != 0 || r.stdout != "dol-prod 987654321098 eu-west-1\n" {
		t.Fatalf("%+v", r)
	}
}

// A signal ignored when ssox starts (nohup, a background job) stays ignored
// for the command: ssox must not catch it and so un-ignore it.
func TestIgnoredSignalsStayIgnored(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	cmd := h.command(nil)
	cmd.Path, cmd.Args = "/bin/sh", []string{"sh", "-c", `trap "" INT HUP; exec ssox ui-dev -- grep SigIgn /proc/self/status`}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		t.Fatalf("%q", out)
	}
	mask, err := strconv.ParseUint(f[1], 16, 64)
	if err != nil {
		t.Fatal(err)
	}
	// Bit N-1 of the mask is signal N.
	const sigint, sighup = 1 << (int(syscall.SIGINT) - 1), 1 << (int(syscall.SIGHUP) - 1)
	if mask&sigint == 0 || mask&sighup == 0 {
		t.Fatalf("SigIgn %s: SIGINT or SIGHUP no longer ignored", f[1])
	}
}
