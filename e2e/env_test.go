//go:build unix

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

func TestEnvAndCredentialProcess(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)

	r := h.run([]string{"AWS_PROFILE=stale"}, "env", "ui-dev")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	c := h.readRoleCache(roleCacheFile)
	for _, line := range []string{
		"unset AWS_PROFILE\n",
		"export AWS_ACCESS_KEY_ID=" + c.Credentials.AccessKeyId + "\n",
		"export AWS_SESSION_TOKEN=" + c.Credentials.SessionToken + "\n",
		"export SSOX_PROFILE=ui-dev\n",
		"export AWS_REGION=us-east-1\n",
	} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("env output lacks %q:\n%s", line, r.stdout)
		}
	}
	r = h.run(nil, "credential-process", "ui-dev")
	var p map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	if p["Version"] != 1.0 || p["AccessKeyId"] != c.Credentials.AccessKeyId || p["SessionToken"] != c.Credentials.SessionToken || p["Expiration"] != c.Credentials.Expiration {
		t.Fatalf("%v", p)
	}
	h.wantOps("GetRoleCredentials 200")

	r = h.run(nil, "env", "--format", "yaml", "ui-dev")
	if r.code != 2 || r.stderr != "ssox: unknown format \"yaml\" (expected: env, env-no-export, fish, powershell, windows-cmd, json, process, claude)\nhint: usage: ssox env PROFILE [--format F]; more in 'ssox env --help'\n" {
		t.Fatalf("%+v", r)
	}
}
