//go:build unix

package e2e

import (
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
	h.wantOps()
}
