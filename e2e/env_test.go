//go:build unix

package e2e

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/shellquote"
)

func TestEnvAndCredentialProcess(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)

	r := h.run([]string{"AWS_PROFILE=stale", "AWS_SECURITY_TOKEN=old", "SSOX_ACCOUNT_NAME=outer", "SSOX_MIN_TTL=20m"}, "env", "ui-dev")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	c := h.issued()
	exp := expiration(c.Expiration)
	// Exactly what eval would run: the stale variables unset (SSOX_MIN_TTL is
	// a setting and stays), every variable of the child set, secrets quoted.
	want := "unset AWS_PROFILE\n" +
		"unset AWS_SECURITY_TOKEN\n" +
		"unset SSOX_ACCOUNT_NAME\n" +
		"export AWS_ACCESS_KEY_ID=" + shellquote.Sh(c.AccessKeyID) + "\n" +
		"export AWS_ACCOUNT_ID=123456789012\n" +
		"export AWS_CREDENTIAL_EXPIRATION=" + exp + "\n" +
		"export AWS_DEFAULT_REGION=us-east-1\n" +
		"export AWS_REGION=us-east-1\n" +
		"export AWS_SECRET_ACCESS_KEY=" + shellquote.Sh(c.SecretAccessKey) + "\n" +
		"export AWS_SESSION_TOKEN=" + shellquote.Sh(c.SessionToken) + "\n" +
		"export AWS_SSO_PROFILE=ui-dev\n" +
		"export SSOX_ACCOUNT_ID=123456789012\n" +
		"export SSOX_EXPIRES=" + strconv.FormatInt(c.Expiration.Unix(), 10) + "\n" +
		"export SSOX_PROFILE=ui-dev\n" +
		"export SSOX_RENEW_AT=" + strconv.FormatInt(c.Expiration.Add(-20*time.Minute).Unix(), 10) + "\n" +
		"export SSOX_ROLE_NAME=AdministratorAccess\n" +
		"export SSOX_SSO_SESSION=njoitaws\n"
	if r.stdout != want {
		t.Fatalf("env printed\n%s\nwant\n%s", r.stdout, want)
	}
	r = h.run(nil, "credential-process", "ui-dev")
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	wantJSON := "{\n  \"Version\": 1,\n  \"AccessKeyId\": " + q(c.AccessKeyID) +
		",\n  \"SecretAccessKey\": " + q(c.SecretAccessKey) +
		",\n  \"SessionToken\": " + q(c.SessionToken) +
		",\n  \"Expiration\": " + q(exp) + "\n}\n"
	if r.code != 0 || r.stderr != "" || r.stdout != wantJSON {
		t.Fatalf("%+v\nwant %s", r, wantJSON)
	}
	h.wantOps("GetRoleCredentials 200")

	r = h.run(nil, "env", "--format", "yaml", "ui-dev")
	if r.code != 2 || r.stderr != "ssox: unknown format \"yaml\" (expected: env, env-no-export, fish, powershell, windows-cmd, json, process, claude)\nhint: usage: ssox env PROFILE [--format F]; more in 'ssox env --help'\n" {
		t.Fatalf("%+v", r)
	}
}
