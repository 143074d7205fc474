package setup

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/testmode"
)

const guide = `[profile ui-dev]
region = us-east-1
sso_session = njoitaws
sso_account_id = 123456789012
sso_role_name = AdministratorAccess
[sso-session njoitaws]
sso_start_url = https://njoitaws.awsapps.com/start
sso_region = us-east-1`

var session = awsconfig.Session{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1"}

var reachable = []Assignment{
	{"123456789012", "UI Dev", "AdministratorAccess"},
	{"123456789012", "UI Dev", "ReadOnlyAccess"},
	{"987654321098", "DOL Prod", "ReadOnlyAccess"},
	{"111122223333", "Sandbox", "AdministratorAccess"},
}

func TestMakePlan(t *testing.T) {
	p, err := MakePlan(guide, session, reachable, "us-east-1", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := guide + "\n" + `# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)
[profile dol-prod]
sso_session = njoitaws
sso_account_id = 987654321098
sso_account_name = DOL Prod
sso_role_name = ReadOnlyAccess
region = us-east-1
[profile sandbox]
sso_session = njoitaws
sso_account_id = 111122223333
sso_account_name = Sandbox
sso_role_name = AdministratorAccess
region = us-east-1
[profile ui-dev-readonlyaccess]
sso_session = njoitaws
sso_account_id = 123456789012
sso_account_name = UI Dev
sso_role_name = ReadOnlyAccess
region = us-east-1
# END ssox setup: sso-session njoitaws
`
	if p.New != want {
		t.Fatalf("new config:\n%s\nwant:\n%s", p.New, want)
	}
	if !reflect.DeepEqual(p.Added, []string{"dol-prod", "sandbox", "ui-dev-readonlyaccess"}) || !reflect.DeepEqual(p.Existing, []string{"ui-dev"}) {
		t.Fatalf("plan %+v", p)
	}
	// The SDK's parser reads every generated profile.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(p.New), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, _ := awsconfig.Open(map[string]string{"HOME": dir, "AWS_CONFIG_FILE": filepath.Join(dir, "config")})
	for _, n := range p.Added {
		if _, err := cfg.Profile(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}

	// Running again changes nothing; a role that went away is kept unless
	// --prune, and a hand edit inside the block is replaced.
	again, err := MakePlan(p.New, session, reachable, "us-east-1", false, nil)
	if err != nil || again.Changed() || len(again.Added) != 0 {
		t.Fatalf("second run: %+v", again)
	}
	fewer := reachable[:3]
	edited := strings.Replace(p.New, "region = us-east-1\n# END", "region = eu-west-1\n# END", 1)
	kept, _ := MakePlan(edited, session, fewer, "us-east-1", false, nil)
	if !reflect.DeepEqual(kept.Kept, []string{"sandbox"}) || !strings.Contains(kept.New, "[profile sandbox]") || strings.Contains(kept.New, "eu-west-1") {
		t.Fatalf("kept: %+v\n%s", kept, kept.New)
	}
	pruned, _ := MakePlan(p.New, session, fewer, "us-east-1", true, nil)
	if !reflect.DeepEqual(pruned.Removed, []string{"sandbox"}) || strings.Contains(pruned.New, "[profile sandbox]") {
		t.Fatalf("pruned: %+v", pruned)
	}
	// The file outside the block stays byte for byte.
	if !strings.HasPrefix(pruned.New, guide+"\n") {
		t.Fatal("text outside the block changed")
	}
}

func TestNameCollisions(t *testing.T) {
	old := "[profile sandbox]\nregion = x\n"
	p, err := MakePlan(old, session, []Assignment{{"111122223333", "Sandbox", "Admin"}, {"444455556666", "Sand box!", "Admin"}, {"777788889999", "", "Admin"}}, "", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"777788889999", "sand-box", "sandbox-111122223333"}; !reflect.DeepEqual(p.Added, want) {
		t.Fatalf("added %v, want %v", p.Added, want)
	}
	if strings.Contains(p.New, "region = \n") {
		t.Fatal("empty region written")
	}
}

func TestBrokenBlock(t *testing.T) {
	_, err := MakePlan("# BEGIN ssox setup: sso-session njoitaws\n[profile x]\n", session, reachable, "", false, nil)
	if err == nil || !strings.Contains(err.Error(), "is broken") {
		t.Fatalf("err %v", err)
	}
}

func TestApplyKeepsBackupAndMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config")
	if err := os.WriteFile(path, []byte(guide), 0o640); err != nil {
		t.Fatal(err)
	}
	p, _ := MakePlan(guide, session, reachable, "us-east-1", false, nil)
	backup, err := Apply(path, p)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	old, _ := os.ReadFile(backup)
	if string(got) != p.New || string(old) != guide {
		t.Fatalf("config %q backup %q", got, old)
	}
	testmode.Check(t, path, 0o640)
}

// A new account named like a profile the block already holds gets another
// name; the old profile keeps its own.
func TestOldNamesStayTheirs(t *testing.T) {
	first, _ := MakePlan("", session, []Assignment{{"111122223333", "Sandbox", "Admin"}}, "", false, nil)
	p, err := MakePlan(first.New, session, []Assignment{{"999999999999", "Sandbox", "Admin"}, {"111122223333", "Sandbox", "Admin"}}, "", false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Added, []string{"sandbox-999999999999"}) || strings.Count(p.New, "[profile sandbox]") != 1 {
		t.Fatalf("%+v\n%s", p, p.New)
	}
}

// --profile-name names new profiles by a template; its default gives the
// names setup has always given, and an account the template fails on is
// named by the default.
func TestProfileNameTemplate(t *testing.T) {
	for _, tc := range []struct {
		template string
		added    []string
	}{
		{DefaultProfileName, []string{"dol-prod", "sandbox", "ui-dev-readonlyaccess"}},
		{"{{.AccountName}}-{{.RoleName}}", []string{"dol-prod-readonlyaccess", "sandbox-administratoraccess", "ui-dev-readonlyaccess"}},
		{"{{.Session}}/{{.AccountID}}{{if not .OnlyRole}}/{{.RoleName}}{{end}}", []string{"njoitaws-111122223333", "njoitaws-123456789012-readonlyaccess", "njoitaws-987654321098"}},
		// "readonlyaccess" has no 16th letter: its accounts get the default.
		{`{{printf "%c" (index .RoleName 15)}}x`, []string{"cx", "dol-prod", "ui-dev-readonlyaccess"}},
	} {
		names, err := ParseNames(tc.template)
		if err != nil {
			t.Fatalf("%s: %v", tc.template, err)
		}
		p, err := MakePlan(guide, session, reachable, "us-east-1", false, names)
		if err != nil || !reflect.DeepEqual(p.Added, tc.added) {
			t.Errorf("%s: added %q (%v), want %q", tc.template, p.Added, err, tc.added)
		}
	}
	for text, want := range map[string]string{
		"{{.Acount}}": `unknown field "Acount" (fields: AccountName, AccountID, RoleName, Session, OnlyRole)`,
		"{{if .OnlyRole}}{{.AccountName}}{{end}}": "it makes no profile name of account sandbox, role AdministratorAccess",
		"{{range 1000}}x{{end}}":                  "it makes a name longer than 128 bytes",
		"{{.AccountName":                          "line 1: unclosed action",
	} {
		if _, err := ParseNames(text); err == nil || err.Error() != want {
			t.Errorf("ParseNames(%q) = %v, want %q", text, err, want)
		}
	}
}

func TestSessionFromURL(t *testing.T) {
	for url, want := range map[string]string{
		"https://njoitaws.awsapps.com/start":        "njoitaws",
		"https://d-9067642ac7.awsapps.com/start/#/": "d-9067642ac7",
		"https://start.us-gov-home.awsapps.com/x/y": "start",
		"https://sso.example.com:8443/start":        "sso",
	} {
		if got := sessionFromURL(url); got != want {
			t.Errorf("sessionFromURL(%s) = %q, want %q", url, got, want)
		}
	}
}
