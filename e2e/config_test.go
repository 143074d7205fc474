//go:build unix

package e2e

import (
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// Each way ~/.aws/config can be wrong gets one error naming the block, the
// key and the file, a hint with the fix, exit 1, and no network call.
func TestConfigErrors(t *testing.T) {
	const configure = "hint: run 'aws configure sso', or without the AWS CLI v2 'ssox setup --sso-session NAME --start-url URL --sso-region REGION', to write the profiles and their [sso-session] block (do not edit ~/.aws/config by hand)\n"
	tests := []struct {
		name, config, profile, stderr string
	}{
		{"unknown profile", guideConfig, "ui-deb",
			"ssox: profile \"ui-deb\" not found in ~/.aws/config\nhint: did you mean \"ui-dev\"?\n"},
		{"no config", "", "ui-dev",
			"ssox: no AWS config file at ~/.aws/config\n" + configure},
		{"missing sso-session block", "[profile ui-dev]\nsso_session = njoitaws\nsso_account_id = 111122223333\nsso_role_name = R\n", "ui-dev",
			"ssox: [profile ui-dev] in ~/.aws/config has sso_session = njoitaws, but there is no [sso-session njoitaws] block\n" +
				"hint: run 'ssox setup --sso-session njoitaws --start-url URL --sso-region REGION' to write it, or 'aws configure sso' to regenerate both blocks\n"},
		{"session name mismatch", "[profile ui-dev]\nsso_session = njoitaws\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session njoitaw]\nsso_start_url = https://x/start\nsso_region = us-east-1\n", "ui-dev",
			"ssox: [profile ui-dev] in ~/.aws/config has sso_session = njoitaws, but there is no [sso-session njoitaws] block\nhint: the names must match: did you mean sso_session = njoitaw? Or run 'aws configure sso' to regenerate both blocks, or 'ssox setup --sso-session njoitaws --start-url URL --sso-region REGION' to write the missing one\n"},
		{"no start url", "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_region = us-east-1\n", "ui-dev",
			"ssox: [sso-session s] in ~/.aws/config has no sso_start_url\nhint: add 'sso_start_url = https://YOUR-ORG.awsapps.com/start' to that block, or run 'aws configure sso' or 'ssox setup --sso-session s --start-url URL --sso-region REGION'\n"},
		{"no sso region", "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\n", "ui-dev",
			"ssox: [sso-session s] in ~/.aws/config has no sso_region\nhint: add 'sso_region = REGION' (the Identity Center region, e.g. us-east-1) to that block, or run 'aws configure sso' or 'ssox setup --sso-session s --start-url URL --sso-region REGION'\n"},
		{"no account id", "[profile ui-dev]\nsso_session = s\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n", "ui-dev",
			"ssox: [profile ui-dev] in ~/.aws/config has no sso_account_id\nhint: run 'aws configure sso --profile ui-dev' to pick the account and role, or 'ssox setup --sso-session s' for a profile of every account and role\n"},
		{"no role name", "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n", "ui-dev",
			"ssox: [profile ui-dev] in ~/.aws/config has no sso_role_name\nhint: run 'aws configure sso --profile ui-dev' to pick the account and role, or 'ssox setup --sso-session s' for a profile of every account and role\n"},
		{"legacy without region", "[profile old]\nsso_start_url = https://x/start\nsso_account_id = 111122223333\nsso_role_name = R\n", "old",
			"ssox: [profile old] in ~/.aws/config has no sso_region (a legacy SSO profile needs sso_start_url, sso_region, sso_account_id and sso_role_name)\n" + configure},
		{"not sso", "[profile keys]\nregion = us-east-1\n", "keys",
			"ssox: profile \"keys\" in ~/.aws/config is not an SSO profile (it has neither sso_session nor sso_start_url)\nhint: ssox runs IAM Identity Center profiles: set one up with 'aws configure sso', or 'ssox setup --sso-session NAME --start-url URL --sso-region REGION'\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, fakeidc.Options{})
			if tt.config != "" {
				h.writeConfig(tt.config)
			}
			r := h.run(nil, tt.profile, "--", "true")
			if r.code != 1 || r.stderr != tt.stderr || r.stdout != "" {
				t.Errorf("code %d\nstderr %q\nwant   %q", r.code, r.stderr, tt.stderr)
			}
			h.wantOps()
		})
	}
}

func TestAWSConfigFile(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeFile("elsewhere/cfg", guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run([]string{"AWS_CONFIG_FILE=" + h.path("elsewhere/cfg")}, "dol-prod", "--", "printenv", "SSOX_ACCOUNT_ID")
	if r.code != 0 || r.stdout != "987654321098\n" {
		t.Fatalf("%+v", r)
	}
	r = h.run([]string{"AWS_CONFIG_FILE=" + h.path("elsewhere/cfg")}, "nope", "--", "true")
	if r.stderr != "ssox: profile \"nope\" not found in ~/elsewhere/cfg\nhint: 'ssox list' shows the profiles there are; 'aws configure sso' adds one, 'ssox setup' one for every account and role\n" {
		t.Fatalf("%q", r.stderr)
	}
}
