//go:build unix

package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// A file botocore refuses (a duplicate [profile ui-dev]) is refused by
// every command, with the line and the fix, and doctor fails on it; before,
// ssox merged the blocks and ran with the second block's account.
func TestDuplicateProfileRefused(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig + "[profile ui-dev]\nsso_account_id = 222233334444\n")
	h.seedToken("njoitaws", 8*time.Hour, true)
	const msg = "~/.aws/config line 22: [profile ui-dev] appears twice (lines 1 and 22); the AWS CLI refuses the whole file"
	r := h.run(nil, "ui-dev", "--", "true")
	if want := "ssox: " + msg + "\nhint: merge the two blocks into one\n"; r.code != 1 || r.stderr != want || r.stdout != "" {
		t.Fatalf("code %d\nstderr %q\nwant   %q", r.code, r.stderr, want)
	}
	r = h.run(nil, "doctor")
	if r.code != 1 || !strings.Contains(r.stdout, "fail  config       "+msg+"\n                   hint: merge the two blocks into one\n") {
		t.Fatalf("code %d\n%s", r.code, r.stdout)
	}
	h.wantOps()
}

// Control characters in a profile name are shown as escapes wherever ssox
// prints the name; none reaches the terminal raw.
func TestControlCharactersInNames(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig + "[profile t\x1bcx]\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = Admin\x07\n")
	h.seedToken("njoitaws", 8*time.Hour, true)
	noRaw := func(what string, r result) {
		t.Helper()
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07") {
			t.Fatalf("%s printed a control character raw:\n%q\n%q", what, r.stdout, r.stderr)
		}
	}
	r := h.run(nil, "list")
	noRaw("list", r)
	if !strings.Contains(r.stdout, `t\x1bcx   123456789012  Admin\x07            njoitaws`) {
		t.Fatalf("list:\n%s", r.stdout)
	}
	r = h.run(nil, "doctor", "t\x1bcx")
	noRaw("doctor", r)
	if !strings.Contains(r.stdout, `ok    profile       t\x1bcx: account 123456789012, role Admin\x07, sso-session "njoitaws"`) {
		t.Fatalf("doctor:\n%s", r.stdout)
	}
	r = h.run(nil, "t\x1bcy", "--", "true")
	noRaw("an unknown profile", r)
	if want := "ssox: profile \"t\\x1bcy\" not found in ~/.aws/config\nhint: did you mean \"t\\x1bcx\"?\n"; r.stderr != want {
		t.Fatalf("stderr %q\nwant   %q", r.stderr, want)
	}
	r = h.run([]string{"SSOX_PROFILE=t\x1bcx", "SSOX_EXPIRES=" + strconv.FormatInt(time.Now().Add(47*time.Minute+30*time.Second).Unix(), 10)}, "prompt")
	noRaw("prompt", r)
	if r.stdout != "t\\x1bcx 47m\n" {
		t.Fatalf("prompt %q", r.stdout)
	}
	// Only doctor asks the network: whether the OIDC endpoint and the
	// portal answer: a made-up client is refused, the seeded token is not.
	h.wantOps("CreateToken/refresh_token 401 InvalidClientException", "ListAccounts 200")
}

// A "#" in a profile name hides the profile from the SDK, which ssox reads
// profiles with; ssox says so instead of "did you mean" the same name.
func TestHashInProfileName(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig + "[profile t#x]\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = R\n")
	r := h.run(nil, "t#x", "--", "true")
	want := "ssox: profile \"t#x\" in ~/.aws/config has '#' in its name: the AWS CLI reads it, but the AWS SDKs, which ssox reads profiles with, take '#' as the start of a comment and do not see the profile\n" +
		"hint: rename the profile without '#'; the AWS SDKs ignore everything from '#' to the end of a [section] line\n"
	if r.code != 1 || r.stderr != want {
		t.Fatalf("code %d\nstderr %q\nwant   %q", r.code, r.stderr, want)
	}
	h.wantOps()
}
