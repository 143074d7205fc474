//go:build unix

package e2e

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

func TestSetup(t *testing.T) {
	h := newHarness(t, fakeidc.Options{PageSize: 1})
	guide := `[profile ui-dev]
region = us-east-1
sso_session = njoitaws
sso_account_id = 123456789012
sso_role_name = AdministratorAccess
[sso-session njoitaws]
sso_start_url = ` + startURL + `
sso_region = us-east-1
`
	h.writeConfig(guide)
	h.seedToken("njoitaws", 8*time.Hour, true)

	r := h.run(nil, "setup", "--sso-session", "njoitaws", "--dry-run")
	wantDiff := `--- ~/.aws/config
+++ ~/.aws/config (after ssox setup)
@@ -6,3 +6,20 @@
 [sso-session njoitaws]
 sso_start_url = ` + startURL + `
 sso_region = us-east-1
+# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)
+[profile dol-prod]
+sso_session = njoitaws
+sso_account_id = 987654321098
+sso_role_name = ReadOnlyAccess
+region = us-east-1
+[profile sandbox]
+sso_session = njoitaws
+sso_account_id = 111122223333
+sso_role_name = AdministratorAccess
+region = us-east-1
+[profile ui-dev-readonlyaccess]
+sso_session = njoitaws
+sso_account_id = 123456789012
+sso_role_name = ReadOnlyAccess
+region = us-east-1
+# END ssox setup: sso-session njoitaws
`
	if r.code != 0 || r.stdout != wantDiff {
		t.Fatalf("code %d\n%s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if got, _ := os.ReadFile(h.path(".aws/config")); string(got) != guide {
		t.Fatal("--dry-run wrote the config")
	}
	// Page size 1: every account and every role list takes one call per item.
	if a, rl := h.fake.Count("ListAccounts"), h.fake.Count("ListAccountRoles"); a != 3 || rl != 4 {
		t.Fatalf("ListAccounts %d, ListAccountRoles %d", a, rl)
	}

	r = h.run(nil, "setup", "--sso-session", "njoitaws")
	if r.code != 0 || !strings.Contains(r.stderr, "added dol-prod, sandbox, ui-dev-readonlyaccess") {
		t.Fatalf("%+v", r)
	}
	if backup, _ := os.ReadFile(h.path(".aws/config.ssox-backup")); string(backup) != guide {
		t.Fatal("no backup of the old config")
	}
	// The new profiles work at once, without another login.
	r = h.run(nil, "sandbox", "--", "printenv", "SSOX_ACCOUNT_ID")
	if r.code != 0 || r.stdout != "111122223333\n" {
		t.Fatalf("%+v", r)
	}
	r = h.run(nil, "setup", "--sso-session", "njoitaws")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: ~/.aws/config is up to date") {
		t.Fatalf("%+v", r)
	}
	r = h.run(nil, "setup")
	if r.code != 2 || r.stderr != "ssox: setup needs --sso-session NAME\n" {
		t.Fatalf("%+v", r)
	}
}
