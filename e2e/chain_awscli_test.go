//go:build unix

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// The AWS CLI runs a role chain from the assume-role credentials ssox
// cached, with no AssumeRole of its own, and ssox from what the CLI cached.
func TestAWSCLISharesTheAssumeRoleCache(t *testing.T) {
	// The CLI 2.9, like Debian's botocore, cannot chain from an sso-session
	// root itself (its SSOTokenProvider reads the running profile), so it
	// goes first through the legacy root.
	for _, tc := range []struct{ first, profile, token string }{{"ssox", "customer", "njoitaws"}, {"aws", "legacy-customer", startURL}} {
		t.Run(tc.first+" first", func(t *testing.T) {
			h := newHarness(t, fakeidc.Options{Roles: chainRoles})
			aws := newCLI(t, h)
			h.writeConfig(chainConfig)
			h.seedToken(tc.token, 8*time.Hour, true)
			whoami := func() string {
				t.Helper()
				r := aws.run("sts", "get-caller-identity", "--profile", tc.profile, "--output", "json")
				var who struct{ Arn string }
				if r.code != 0 || json.Unmarshal([]byte(r.stdout), &who) != nil {
					t.Fatalf("get-caller-identity: %d %s %s", r.code, r.stdout, r.stderr)
				}
				return who.Arn
			}
			ssox := func() string {
				t.Helper()
				r := h.run(nil, tc.profile, "--", "env", "-0")
				if r.code != 0 {
					t.Fatal(r.stderr)
				}
				return h.whoami(parseEnv(r.stdout))
			}
			var arn string
			if tc.first == "ssox" {
				arn = ssox()
				h.fake.ResetLog()
				if got := whoami(); got != arn {
					t.Errorf("the CLI runs as %s, ssox as %s", got, arn)
				}
				h.wantOps("GetCallerIdentity 200")
			} else {
				arn = whoami()
				h.fake.ResetLog()
				if got := ssox(); got != arn {
					t.Errorf("ssox runs as %s, the CLI as %s", got, arn)
				}
				h.wantOps("GetCallerIdentity 200") // the test's own whoami
			}
		})
	}
}

// The issue's own check: the AWS CLI as the child of a chained profile runs
// as the assumed role; --debug shows every step and no secret.
func TestAWSCLIRunsAsTheAssumedRole(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	aws := newCLI(t, h)
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run([]string{"AWS_DATA_PATH=" + aws.data, "AWS_PAGER="}, "--debug", "deploy", "--", awsCLI, "sts", "get-caller-identity", "--output", "json")
	var who struct{ Account, Arn string }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &who) != nil {
		t.Fatalf("exit %d: %s\n%s", r.code, r.stdout, r.stderr)
	}
	if who.Account != "222233334444" || !strings.HasPrefix(who.Arn, "arn:aws:sts::222233334444:assumed-role/Deploy/botocore-session-") {
		t.Errorf("the AWS CLI ran as %+v", who)
	}
	for _, step := range []string{"AssumeRole arn:aws:iam::222233334444:role/Deploy as session botocore-session-", "assumed arn:aws:iam::222233334444:role/Deploy: ASIA"} {
		if !strings.Contains(r.stderr, step) {
			t.Errorf("--debug does not show %q:\n%s", step, r.stderr)
		}
	}
	h.noSecrets("--debug output", r.stderr)
	h.wantSTSOps(
		"GetRoleCredentials 200 123456789012/AdministratorAccess",
		"AssumeRole 200 arn:aws:iam::222233334444:role/Deploy session=botocore-session-N by=ui-dev(sso) in=eu-west-1",
		"GetCallerIdentity 200",
	)
}
