package awsconfig

import (
	"reflect"
	"testing"

	"github.com/ssox/ssox/internal/errs"
)

const chainConfig = guideConfig + `
[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
region = eu-west-1
[profile customer]
role_arn = arn:aws:iam::333344445555:role/team/Admin
source_profile = deploy
role_session_name = alice
external_id = ext-123
duration_seconds = 900
sts_regional_endpoints = legacy
[profile legacy-root]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Dev
[profile on-legacy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = legacy-root
duration_seconds = twelve
[profile both]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
sso_session = njoitaws
sso_account_id = 123456789012
sso_role_name = ReadOnlyAccess
[profile on-both]
role_arn = arn:aws:iam::444455556666:role/Top
source_profile = both
`

func TestRoleChains(t *testing.T) {
	c := openWith(t, chainConfig)
	deploy := Role{Profile: "deploy", ARN: "arn:aws:iam::222233334444:role/Deploy", AccountID: "222233334444", Name: "Deploy"}
	for _, tc := range []struct {
		name, root, chain, region, sts string
		roles                          []Role
	}{
		{"deploy", "ui-dev", "deploy → ui-dev", "eu-west-1", "", []Role{deploy}},
		{"customer", "ui-dev", "customer → deploy → ui-dev", "", "legacy", []Role{deploy, {
			Profile: "customer", ARN: "arn:aws:iam::333344445555:role/team/Admin", AccountID: "333344445555", Name: "Admin",
			SessionName: "alice", ExternalID: "ext-123", DurationSeconds: 900,
		}}},
		// duration_seconds that is not a number is left out, as botocore does.
		{"on-legacy", "legacy-root", "on-legacy → legacy-root", "", "", []Role{{Profile: "on-legacy", ARN: deploy.ARN, AccountID: "222233334444", Name: "Deploy"}}},
		// role_arn wins over SSO keys in the same profile, at the top and
		// as a source (botocore's AssumeRoleProvider comes first).
		{"both", "ui-dev", "both → ui-dev", "", "", []Role{{Profile: "both", ARN: deploy.ARN, AccountID: "222233334444", Name: "Deploy"}}},
		{"on-both", "ui-dev", "on-both → both → ui-dev", "", "", []Role{
			{Profile: "both", ARN: deploy.ARN, AccountID: "222233334444", Name: "Deploy"},
			{Profile: "on-both", ARN: "arn:aws:iam::444455556666:role/Top", AccountID: "444455556666", Name: "Top"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := c.Profile(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Roles, tc.roles) {
				t.Errorf("roles\n got %+v\nwant %+v", p.Roles, tc.roles)
			}
			last := tc.roles[len(tc.roles)-1]
			if p.Source.Name != tc.root || p.Session != p.Source.Session || p.AccountID != last.AccountID || p.RoleName != last.Name {
				t.Errorf("profile %+v", p)
			}
			if p.Chain() != tc.chain || p.Region != tc.region || p.STSRegionalEndpoints != tc.sts {
				t.Errorf("chain %q region %q sts %q", p.Chain(), p.Region, p.STSRegionalEndpoints)
			}
		})
	}
}

func TestRoleChainErrors(t *testing.T) {
	for _, tc := range []struct {
		name, config, profile, msg, hint string
	}{
		{"missing source profile", `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-deb
` + guideConfig, "deploy",
			"[profile deploy] in ~/.aws/config has source_profile = ui-deb, but there is no [profile ui-deb]",
			"did you mean source_profile = ui-dev?"},
		{"no source_profile", `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
`, "deploy",
			"[profile deploy] in ~/.aws/config has role_arn but no source_profile",
			"add 'source_profile = NAME' naming the SSO profile whose credentials assume arn:aws:iam::222233334444:role/Deploy"},
		{"loop", `[profile a]
role_arn = arn:aws:iam::222233334444:role/A
source_profile = b
[profile b]
role_arn = arn:aws:iam::222233334444:role/B
source_profile = c
[profile c]
role_arn = arn:aws:iam::222233334444:role/C
source_profile = a
sso_session = x
`, "a",
			"the role chain of profile \"a\" loops in ~/.aws/config: a → b → c → a",
			"end the chain at an SSO profile: the last source_profile must name a profile with sso_session (or sso_start_url) and no role_arn"},
		// botocore allows a profile to name itself only for its own static
		// keys; with SSO keys that is a loop.
		{"self with sso keys", `[profile self]
role_arn = arn:aws:iam::222233334444:role/A
source_profile = self
` + guideConfig[len("[profile ui-dev]\n"):], "self",
			"the role chain of profile \"self\" loops in ~/.aws/config: self → self",
			"end the chain at an SSO profile: the last source_profile must name a profile with sso_session (or sso_start_url) and no role_arn"},
		{"self with static keys", `[profile self]
role_arn = arn:aws:iam::222233334444:role/A
source_profile = self
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = x
`, "self",
			"the role chain of profile \"self\" starts at profile \"self\" in ~/.aws/config, which is not an SSO profile (it has static keys (aws_access_key_id))",
			"ssox runs role chains whose root is an IAM Identity Center profile: set source_profile in [profile self] to one ('ssox list' shows them)"},
		{"static root", `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = keys
[profile keys]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = x
`, "deploy",
			"the role chain of profile \"deploy\" starts at profile \"keys\" in ~/.aws/config, which is not an SSO profile (it has static keys (aws_access_key_id))",
			"ssox runs role chains whose root is an IAM Identity Center profile: set source_profile in [profile deploy] to one ('ssox list' shows them)"},
		{"process root", `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = proc
[profile proc]
credential_process = /bin/creds
`, "deploy",
			"the role chain of profile \"deploy\" starts at profile \"proc\" in ~/.aws/config, which is not an SSO profile (it has credential_process)",
			"ssox runs role chains whose root is an IAM Identity Center profile: set source_profile in [profile deploy] to one ('ssox list' shows them)"},
		{"negative duration_seconds", `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
duration_seconds = -120
` + guideConfig, "deploy",
			"[profile deploy] in ~/.aws/config has duration_seconds = -120: STS takes 900 to 43200 seconds",
			"set duration_seconds = 900 (STS's least) to 3600 in [profile deploy], or remove it"},
		{"duration_seconds past int32", `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
duration_seconds = 4294970896
` + guideConfig, "deploy",
			"[profile deploy] in ~/.aws/config has duration_seconds = 4294970896: STS takes 900 to 43200 seconds",
			"set duration_seconds = 900 (STS's least) to 3600 in [profile deploy], or remove it"},
		{"credential_source", `[profile ec2]
role_arn = arn:aws:iam::222233334444:role/Deploy
credential_source = Ec2InstanceMetadata
`, "ec2",
			"[profile ec2] in ~/.aws/config has credential_source = Ec2InstanceMetadata: ssox assumes roles only from IAM Identity Center credentials",
			"remove credential_source and set source_profile to an SSO profile, or run this profile with the AWS CLI"},
		{"mfa_serial", `[profile mfa]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
mfa_serial = arn:aws:iam::123456789012:mfa/alice
` + guideConfig, "mfa",
			"[profile mfa] in ~/.aws/config has mfa_serial = arn:aws:iam::123456789012:mfa/alice: ssox does not prompt for MFA codes (IAM Identity Center asks for MFA at sign-in)",
			"remove mfa_serial and set source_profile to an SSO profile, or run this profile with the AWS CLI"},
		{"web identity", `[profile web]
role_arn = arn:aws:iam::222233334444:role/Deploy
web_identity_token_file = /tmp/token
`, "web",
			"[profile web] in ~/.aws/config assumes a role with web_identity_token_file = /tmp/token: ssox assumes roles only from IAM Identity Center credentials",
			"run this profile with the AWS CLI or an SDK, which read the token file; for ssox, set source_profile to an SSO profile instead"},
		{"web identity root", `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = web
[profile web]
role_arn = arn:aws:iam::222233334444:role/Web
web_identity_token_file = /tmp/token
`, "deploy",
			"the role chain of profile \"deploy\" starts at profile \"web\" in ~/.aws/config, which is not an SSO profile (it has web_identity_token_file)",
			"ssox runs role chains whose root is an IAM Identity Center profile: set source_profile in [profile deploy] to one ('ssox list' shows them)"},
		{"bad arn", `[profile deploy]
role_arn = Deploy
source_profile = ui-dev
` + guideConfig, "deploy",
			"[profile deploy] in ~/.aws/config has role_arn = \"Deploy\", which is not a role ARN",
			"set role_arn = arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME in [profile deploy]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := openWith(t, tc.config).Profile(tc.profile)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tc.msg || errs.HintOf(err) != tc.hint {
				t.Errorf("got\n  %s\n  hint: %s\nwant\n  %s\n  hint: %s", err, errs.HintOf(err), tc.msg, tc.hint)
			}
		})
	}
}
