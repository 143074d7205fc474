//go:build unix

package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

func TestList(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig + "[default]\nregion = us-east-1\n[profile broken]\nsso_session = nope\nsso_account_id = 111122223333\nsso_role_name = R\n")
	r := h.run(nil, "list", "--names")
	if r.code != 0 || r.stdout != "broken\ndol-prod\nlegacy\nui-dev\n" {
		t.Fatalf("%+v", r)
	}
	if r := h.run(nil, "list", "--sso-sessions"); r.code != 0 || r.stdout != "njoitaws\n" {
		t.Fatalf("%+v", r)
	}
	tok := h.seedToken("njoitaws", 3*time.Hour, true)
	r = h.run(nil, "list", "--json")
	var rows []map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	want := []map[string]string{
		{"name": "broken", "account_id": "", "role": "", "sso_session": "", "region": "", "token": "invalid",
			"error": "[profile broken] in ~/.aws/config has sso_session = nope, but there is no [sso-session nope] block"},
		{"name": "dol-prod", "account_id": "987654321098", "role": "ReadOnlyAccess", "sso_session": "njoitaws", "region": "eu-west-1", "token": "valid", "token_expires_at": tok.ExpiresAt.Format(time.RFC3339)},
		{"name": "legacy", "account_id": "111122223333", "role": "AdministratorAccess", "sso_session": startURL, "region": "us-west-2", "token": "none"},
		{"name": "ui-dev", "account_id": "123456789012", "role": "AdministratorAccess", "sso_session": "njoitaws", "region": "us-east-1", "token": "valid", "token_expires_at": tok.ExpiresAt.Format(time.RFC3339)},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %v", rows)
	}
	for i := range want {
		for k, v := range want[i] {
			if rows[i][k] != v {
				t.Errorf("row %d %s = %q, want %q", i, k, rows[i][k], v)
			}
		}
		if len(rows[i]) != len(want[i]) {
			t.Errorf("row %d has extra keys: %v", i, rows[i])
		}
	}
	h.wantOps()
}
