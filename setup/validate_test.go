package setup

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ssox/ssox/awsconfig"
)

// The review's hostile account id: without validation it adds a [default]
// profile whose credential_process every SDK would run.
const hostileID = "222233334444\n[default]\ncredential_process = sh -c 'touch /tmp/x'\n[profile x]"

func TestHostilePortalValuesAreSkipped(t *testing.T) {
	assignments := []Assignment{
		{hostileID, "Evil", "Admin"},
		{"333344445555", "Role", "Admin\n[default]"},
		{"444455556666", "Bell\a", "Admin"},
		{"555566667777", "Section\n[profile y]", "Admin"},
		{"666677778888", strings.Repeat("n", 51), "Admin"},
		{"777788889999", "Long role", strings.Repeat("r", 65)},
		{"12345678901", "Short id", "Admin"},
		{"111122223333", "Sandbox [prod]; #1", "Admin"},
	}
	p, err := MakePlan(guide, session, assignments, "us-east-1", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Skipped {
		got = append(got, s.String())
	}
	want := []string{
		`account "222233334444\x0a[default]\x0acredential_process = sh -c 'touch /tmp/x'\x0a[profile x]" ("Evil") role "Admin": the account id is not 12 digits`,
		`account "333344445555" ("Role") role "Admin\x0a[default]": the role name is not a valid IAM role name (1-64 of letters, digits and +=,.@_-)`,
		`account "444455556666" ("Bell\x07") role "Admin": the account name holds a control or non-printing character`,
		`account "555566667777" ("Section\x0a[profile y]") role "Admin": the account name holds a control or non-printing character`,
		`account "666677778888" ("` + strings.Repeat("n", 51) + `") role "Admin": the account name is longer than 50 characters`,
		`account "777788889999" ("Long role") role "` + strings.Repeat("r", 65) + `": the role name is not a valid IAM role name (1-64 of letters, digits and +=,.@_-)`,
		`account "12345678901" ("Short id") role "Admin": the account id is not 12 digits`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantBlock := `# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)
[profile sandbox-prod-1]
sso_session = njoitaws
sso_account_id = 111122223333
sso_account_name = Sandbox [prod]; #1
sso_role_name = Admin
region = us-east-1
# END ssox setup: sso-session njoitaws
`
	if p.New != guide+"\n"+wantBlock {
		t.Fatalf("new config:\n%s", p.New)
	}
	// Exactly the guide's profile and the planned one: no [default].
	cfg, _ := awsconfig.Open(map[string]string{"HOME": t.TempDir(), "AWS_CONFIG_FILE": writeTemp(t, p.New)})
	if names, err := cfg.ProfileNames(); err != nil || !reflect.DeepEqual(names, []string{"sandbox-prod-1", "ui-dev"}) {
		t.Fatalf("profiles %v, %v", names, err)
	}
}

func TestProfileNamesStayUnique(t *testing.T) {
	// IAM compares role names without case, the slug lowers them: three
	// roles that slug alike, and an account that calls itself "default".
	p, err := MakePlan("", session, []Assignment{
		{"111122223333", "Sandbox", "Admin"},
		{"111122223333", "Sandbox", "admin"},
		{"111122223333", "Sandbox", "ADMIN"},
		{"111122223333", "Sandbox", "@@"},
		{"111122223333", "Sandbox", "Admin"},
		{"999988887777", "Default", "Admin"},
	}, "", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"default-999988887777", "sandbox", "sandbox-admin", "sandbox-admin-111122223333", "sandbox-admin-111122223333-2"}
	if !reflect.DeepEqual(p.Added, want) {
		t.Fatalf("added %v, want %v", p.Added, want)
	}
}

func TestCheckRegionAndSessionName(t *testing.T) {
	if _, err := MakePlan("", session, reachable, "x\n[default]", false, nil); err == nil || err.Error() != `"x\x0a[default]" is not an AWS region name (like us-east-1)` {
		t.Fatalf("err %v", err)
	}
	for _, n := range []string{"njoitaws", "my-org.prod", "a_b@c"} {
		if err := CheckSessionName(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	for _, n := range []string{"", "a b", "a]", "x\ny", "a#b"} {
		if err := CheckSessionName(n); err == nil {
			t.Errorf("%q accepted", n)
		}
	}
}

func writeTemp(t *testing.T, text string) string {
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestNameChecks(t *testing.T) {
	for _, tc := range []struct {
		check func(string) bool
		ok    []string
		bad   []string
	}{
		{awsconfig.IsAccountID, []string{"123456789012", "000000000000"}, []string{"", "12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１２", "123456789012\n"}},
		{isIAMName, []string{"A", "AdministratorAccess", "a_b+c=d,e.f@g-h", strings.Repeat("r", 64)}, []string{"", strings.Repeat("r", 65), "a b", "a\nb", "[x]", "a#b", "a;b", "é"}},
	} {
		for _, s := range tc.ok {
			if !tc.check(s) {
				t.Errorf("%q refused", s)
			}
		}
		for _, s := range tc.bad {
			if tc.check(s) {
				t.Errorf("%q accepted", s)
			}
		}
	}
}

// An account named with one quote character (AWS allows it) gets its
// profile, without the name: the Go SDK's parser panics on such a value.
func TestLoneQuoteAccountNameLeftOut(t *testing.T) {
	for _, name := range []string{`"`, " ' "} {
		p, err := MakePlan(guide, session, []Assignment{{"111122223333", name, "Admin"}}, "", false, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := guide + "\n# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)\n" +
			"[profile 111122223333]\nsso_session = njoitaws\nsso_account_id = 111122223333\nsso_role_name = Admin\n# END ssox setup: sso-session njoitaws\n"
		if p.New != want {
			t.Fatalf("%q:\n%s", name, p.New)
		}
	}
}
