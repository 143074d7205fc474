package setup

import (
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/errs"
)

var newSession = NewSession{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1"}

const sessionBlock = `[sso-session njoitaws]
sso_start_url = https://njoitaws.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`

func TestAddSession(t *testing.T) {
	profile := "[profile ui-dev]\nregion = us-east-1\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = AdministratorAccess\n"
	for _, tc := range []struct{ name, old, want string }{
		{"no file yet", "", sessionBlock},
		{"after a profile", profile, profile + sessionBlock},
		{"no final newline", strings.TrimSuffix(profile, "\n"), profile + sessionBlock},
		{"block there already", profile + sessionBlock, profile + sessionBlock},
		{"block without its region",
			"[sso-session njoitaws]\nsso_start_url = https://njoitaws.awsapps.com/start\n\n# mine\n[profile x]\nregion = eu-west-1\n",
			"[sso-session njoitaws]\nsso_start_url = https://njoitaws.awsapps.com/start\nsso_region = us-east-1\n\n# mine\n[profile x]\nregion = eu-west-1\n"},
		{"empty block at the end, no newline", "[sso-session njoitaws]",
			"[sso-session njoitaws]\nsso_start_url = https://njoitaws.awsapps.com/start\nsso_region = us-east-1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AddSession(tc.old, "~/.aws/config", newSession)
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v\nwant %q", got, err, tc.want)
			}
		})
	}
}

func TestAddSessionConflicts(t *testing.T) {
	old := "[sso-session njoitaws]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n"
	_, err := AddSession(old, "~/.aws/config", newSession)
	if err == nil || errs.CodeOf(err) != errs.CodeUsage ||
		err.Error() != "--start-url https://njoitaws.awsapps.com/start conflicts with [sso-session njoitaws] in ~/.aws/config, whose sso_start_url is https://other.awsapps.com/start" ||
		errs.HintOf(err) != "leave out --start-url to use the block as it is, or name a new session with --sso-session" {
		t.Fatalf("err %v (hint %q)", err, errs.HintOf(err))
	}
}

// A quoted header names the same block to botocore (and to the scanner):
// the missing key goes into it.
func TestAddSessionQuotedHeader(t *testing.T) {
	got, err := AddSession("[sso-session \"corp\"]\nsso_start_url = https://corp.awsapps.com/start\n[profile x]\nregion = eu-west-1\n",
		"~/.aws/config", NewSession{Name: "corp", Region: "eu-west-1"})
	want := "[sso-session \"corp\"]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[profile x]\nregion = eu-west-1\n"
	if err != nil || got != want {
		t.Fatalf("%v\n%q\nwant\n%q", err, got, want)
	}
}
