package exec

import (
	"reflect"
	"testing"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
)

// Windows' variable names are one variable in any case: a stale
// aws_profile is AWS_PROFILE to the AWS CLI and the JS SDK there, and goes;
// keys in another case are replaced, not doubled; Path stays as Windows
// spells it, and a setting stays in any case.
func TestChildEnvInAnyCase(t *testing.T) {
	parent := environ.Env{
		"Path": `C:\Windows\system32`, "ComSpec": `C:\Windows\system32\cmd.exe`,
		"aws_profile": "stale", "Aws_Secret_Access_Key": "old", "Ssox_Profile": "outer", "granted_sso": "true",
		"ssox_debug": "1",
	}
	exp := time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)
	ch := WithKeys(parent, Identity{Profile: "ui-dev", AccountID: "123456789012", RoleName: "Admin", SSOSession: "njoitaws"},
		&creds.Credentials{AccessKeyID: "ASIANEW", SecretAccessKey: "sk", SessionToken: "st", Expiration: exp}, exp.Add(-15*time.Minute))
	if want := []string{"aws_profile", "granted_sso"}; !reflect.DeepEqual(ch.Unset, want) {
		t.Errorf("Unset = %q, want %q", ch.Unset, want)
	}
	got := ch.Apply(parent)
	want := environ.Env{
		"Path": `C:\Windows\system32`, "ComSpec": `C:\Windows\system32\cmd.exe`, "ssox_debug": "1",
		"AWS_ACCESS_KEY_ID": "ASIANEW", "AWS_SECRET_ACCESS_KEY": "sk", "AWS_SESSION_TOKEN": "st",
		"AWS_CREDENTIAL_EXPIRATION": "2026-11-25T20:00:00Z", "AWS_ACCOUNT_ID": "123456789012",
		"SSOX_PROFILE": "ui-dev", "SSOX_ACCOUNT_ID": "123456789012", "SSOX_ROLE_NAME": "Admin",
		"SSOX_SSO_SESSION": "njoitaws", "SSOX_EXPIRES": "1795636800", "SSOX_RENEW_AT": "1795635900", "AWS_SSO_PROFILE": "ui-dev",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("child:\n%v\nwant\n%v", got, want)
	}
	if sh := Shell(parent); sh != `C:\Windows\system32\cmd.exe` {
		t.Errorf("Shell = %s, want ComSpec", sh)
	}
	if sh := Shell(environ.Env{"SHELL": "/usr/bin/bash"}); sh != "cmd.exe" {
		t.Errorf("Shell = %s without ComSpec, with Git Bash's SHELL", sh)
	}
}
