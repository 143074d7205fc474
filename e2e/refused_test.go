//go:build unix

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// AWS refuses cached role credentials that have not expired (a revoked
// session, a changed permission set): doctor --online says so and what to
// run, --refresh (or SSOX_REFRESH) gets new ones for one run, and 'ssox
// login', forced or not, drops the session's cached ones.
func TestRefusedCredentials(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	keyOf := func(extra []string, args ...string) string {
		t.Helper()
		r := h.run(extra, append(args, "--", "printenv", "AWS_ACCESS_KEY_ID")...)
		if r.code != 0 {
			t.Fatalf("%q: %+v", args, r)
		}
		return strings.TrimSpace(r.stdout)
	}
	issued := func() string {
		c := h.fake.IssuedCredentials()
		return c[len(c)-1].AccessKeyID
	}
	first := keyOf(nil, "ui-dev")
	if first != issued() {
		t.Fatalf("ran with %s, the fake issued %s", first, issued())
	}
	if err := h.fake.RejectCredentials("InvalidClientTokenId"); err != nil {
		t.Fatal(err)
	}

	// The caches look fine: the cached keys are handed on again.
	h.fake.ResetLog()
	if got := keyOf(nil, "ui-dev"); got != first {
		t.Fatalf("ran with %s, want the cached %s", got, first)
	}
	h.wantOps()

	// doctor --online asks STS, which refuses them.
	r := h.run(nil, "doctor", "ui-dev", "--online")
	want := "fail  aws           ui-dev: AWS refuses the cached role credentials (InvalidClientTokenId), though they expire only in "
	hint := "                    hint: run 'ssox login ui-dev' (it drops them; the next run gets new ones), or get new ones for one command: 'ssox ui-dev --refresh -- CMD'\n"
	if r.code != 1 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, hint) {
		t.Fatalf("doctor --online: %+v", r)
	}
	h.wantOps("CreateToken/refresh_token 401 InvalidClientException", "ListAccounts 200", "GetCallerIdentity 403 InvalidClientTokenId")
	h.noSecrets("doctor", r.stdout+r.stderr)

	// --refresh gets new ones, which the next run reuses.
	h.fake.ResetLog()
	second := keyOf(nil, "ui-dev", "--refresh")
	if second == first || second != issued() {
		t.Fatalf("--refresh ran with %s (first %s, issued %s)", second, first, issued())
	}
	if got := keyOf(nil, "ui-dev"); got != second {
		t.Fatalf("after --refresh ran with %s, want %s", got, second)
	}
	h.wantOps("GetRoleCredentials 200")
	r = h.run(nil, "doctor", "ui-dev", "--online")
	if r.code != 0 || !strings.Contains(r.stdout, "ok    aws           ui-dev: AWS takes the cached role credentials (arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_") {
		t.Fatalf("doctor --online after --refresh: %+v", r)
	}

	// SSOX_REFRESH=1 does the same, for every command that gets
	// credentials, and is not handed on to the command.
	h.fake.ResetLog()
	r = h.run([]string{"SSOX_REFRESH=1"}, "env", "ui-dev")
	if r.code != 0 || !strings.Contains(r.stdout, issued()) || issued() == second {
		t.Fatalf("SSOX_REFRESH=1 ssox env: %+v", r)
	}
	r = h.run([]string{"SSOX_REFRESH=1"}, "ui-dev", "--", "sh", "-c", "echo ${SSOX_REFRESH-unset}")
	if r.code != 0 || r.stdout != "unset\n" {
		t.Fatalf("SSOX_REFRESH handed on: %+v", r)
	}
	h.wantOps("GetRoleCredentials 200", "GetRoleCredentials 200")

	// 'ssox login', with a valid token, keeps the token and drops the
	// session's role credentials: the next run gets new ones.
	third := issued()
	if err := h.fake.RejectCredentials("ExpiredToken"); err != nil {
		t.Fatal(err)
	}
	h.fake.ResetLog()
	r = h.run(nil, "login", "ui-dev")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: already logged in to sso-session \"njoitaws\" until ") ||
		!strings.HasSuffix(r.stderr, "\nssox: dropped the cached role credentials of 1 profile(s); the next run of each gets new ones\n") {
		t.Fatalf("login: %+v", r)
	}
	if got := keyOf(nil, "ui-dev"); got == third || got != issued() {
		t.Fatalf("after login ran with %s (before %s)", got, third)
	}
	h.wantOps("ListAccounts 200", "GetRoleCredentials 200")

	// So does 'ssox login --force', which renews the token too.
	fourth := issued()
	h.fake.ResetLog()
	if r = h.run(nil, "login", "--force", "ui-dev"); r.code != 0 || !strings.Contains(r.stderr, "dropped the cached role credentials of 1 profile(s)") {
		t.Fatalf("login --force: %+v", r)
	}
	if got := keyOf(nil, "ui-dev"); got == fourth {
		t.Fatalf("after login --force ran with the old %s", got)
	}
	h.wantOps("CreateToken/refresh_token 200", "GetRoleCredentials 200")
}
