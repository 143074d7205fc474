//go:build unix

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

func TestDoctor(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "doctor", "ui-dev")
	if r.code != 0 || !strings.Contains(r.stdout, "ok    profile       ui-dev: account 123456789012, role AdministratorAccess, sso-session \"njoitaws\"\n") {
		t.Fatalf("%+v", r)
	}
	r = h.run([]string{"AWS_ACCESS_KEY_ID=AKIAX"}, "doctor", "ui-deb")
	if r.code != 1 || !strings.Contains(r.stdout, "fail  profile      profile \"ui-deb\" not found in ~/.aws/config\n                   hint: did you mean \"ui-dev\"?\n") ||
		!strings.Contains(r.stdout, "warn  environment  AWS_ACCESS_KEY_ID set in this shell") || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	// One question to each endpoint, for the profile whose session is known.
	h.wantOps("CreateToken/refresh_token 401 InvalidClientException", "ListAccounts 200")
}

// doctor asks the session's OIDC endpoint and portal whether they answer,
// within SSOX_TIMEOUT, with the hints every network failure has; --offline
// asks nothing.
func TestDoctorNetwork(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	line := func(status, msg string) string {
		return fmt.Sprintf("%-4s  network       %s\n", status, msg)
	}
	r := h.run(nil, "doctor", "ui-dev")
	if r.code != 0 || !strings.Contains(r.stdout, line("ok", `sso-session "njoitaws": the OIDC endpoint and the portal answer; the portal accepts the token`)) {
		t.Fatalf("%+v", r)
	}

	// The portal down: every command would fail, and so does doctor.
	h.fake.AddFault(fakeidc.Fault{Op: "ListAccounts", Kind: "reset"})
	h.fake.ResetLog()
	r = h.run(nil, "doctor", "ui-dev")
	want := line("fail", `sso-session "njoitaws": cannot reach `+h.url+` (ListAccounts): the connection was closed before an answer`) +
		"                    hint: check the network connection and any proxy (HTTPS_PROXY), then try again\n"
	if r.code != 1 || !strings.Contains(r.stdout, want) {
		t.Fatalf("portal down: %+v\nwant\n%s", r, want)
	}
	r = h.run(nil, "doctor", "ui-dev", "--offline")
	if r.code != 0 || strings.Contains(r.stdout, "  network ") {
		t.Fatalf("--offline: %+v", r)
	}
	h.fake.ClearFaults()

	// An endpoint that does not answer in time.
	h.fake.AddFault(fakeidc.Fault{Op: "CreateToken", Kind: "hang"})
	r = h.run([]string{"SSOX_TIMEOUT=1s"}, "doctor", "ui-dev")
	want = line("fail", `sso-session "njoitaws": `+h.url+` (CreateToken) did not answer within 1s`) +
		"                    hint: check the network connection and any proxy, then try again; SSOX_TIMEOUT=2m waits longer\n"
	if r.code != 1 || !strings.Contains(r.stdout, want) {
		t.Fatalf("timeout: %+v\nwant\n%s", r, want)
	}
	h.fake.ClearFaults()

	// A token the portal no longer takes, though it has not expired.
	h.fake.ExpireAccessTokens()
	r = h.run(nil, "doctor", "ui-dev")
	want = line("warn", `sso-session "njoitaws": the portal answers, but refuses the cached token, which has not expired (revoked, or the session ended)`) +
		"                    hint: run 'ssox login ui-dev'\n"
	if r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("revoked token: %+v\nwant\n%s", r, want)
	}
	h.fake.ResetLog()
	if r = h.run(nil, "doctor", "--offline", "--online"); r.code != 2 {
		t.Fatalf("--offline --online: %+v", r)
	}
	h.wantOps()
}
