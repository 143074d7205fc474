package status

import (
	"reflect"
	"testing"
)

// Rows describes each profile from the config and the token cache: a
// chain by its path and first source, a legacy profile by its start URL,
// a session's token once for all its profiles, and a profile that cannot
// be used by its error.
func TestRows(t *testing.T) {
	home, cfg := setup(t)
	rows := Rows(cfg, home, []string{"ui-dev", "deploy", "old", "missing"}, now)
	want := []Row{
		{Name: "ui-dev", AccountID: "123456789012", Role: "AdministratorAccess", SSOSession: "njoitaws", Token: "valid", TokenExpiresAt: "2026-11-26T19:59:00Z"},
		{Name: "deploy", AccountID: "222233334444", Role: "Deploy", SSOSession: "njoitaws", Chain: "deploy → ui-dev", Source: "ui-dev",
			Token: "valid", TokenExpiresAt: "2026-11-26T19:59:00Z"},
		{Name: "old", AccountID: "111122223333", Role: "Dev", SSOSession: "https://old.awsapps.com/start", Token: "none"},
		{Name: "missing", Token: "invalid", Error: `profile "missing" not found in ~/.aws/config`},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows\n%+v\nwant\n%+v", rows, want)
	}
	for _, r := range rows {
		if r.Usable() != (r.Token == "valid") {
			t.Errorf("%s: usable %v", r.Name, r.Usable())
		}
	}
}
