//go:build unix

package e2e

import (
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
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
@@ -6,3 +6,23 @@
 [sso-session njoitaws]
 sso_start_url = ` + startURL + `
 sso_region = us-east-1
+# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)
+[profile dol-prod]
+sso_session = njoitaws
+sso_account_id = 987654321098
+sso_account_name = dol-prod
+sso_role_name = ReadOnlyAccess
+region = us-east-1
+[profile sandbox]
+sso_session = njoitaws
+sso_account_id = 111122223333
+sso_account_name = sandbox
+sso_role_name = AdministratorAccess
+region = us-east-1
+[profile ui-dev-readonlyaccess]
+sso_session = njoitaws
+sso_account_id = 123456789012
+sso_account_name = ui-dev
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
	// The account's name reaches the child and the prompt.
	r = h.run(nil, "sandbox", "--", "sh", "-c", `printenv SSOX_ACCOUNT_NAME; ssox prompt --format '{{.AccountName}} {{.AccountID}}'`)
	if r.code != 0 || r.stdout != "sandbox\nsandbox 111122223333\n" {
		t.Fatalf("%+v", r)
	}
	r = h.run(nil, "setup", "--sso-session", "njoitaws")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: ~/.aws/config is up to date") {
		t.Fatalf("%+v", r)
	}
	// The config's only session needs no --sso-session.
	r = h.run(nil, "setup")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: ~/.aws/config is up to date") {
		t.Fatalf("%+v", r)
	}
}

// A token the portal refuses though it looks valid (revoked, the session
// ended early) is renewed once, silently here, as a command renews it.
func TestSetupRenewsRevokedToken(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.fake.ExpireAccessTokens()
	r := h.run(nil, "setup", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stderr, "dry run, nothing written") {
		t.Fatalf("%+v", r)
	}
	h.wantOps("ListAccounts 401 UnauthorizedException", "CreateToken/refresh_token 200", "ListAccounts 200",
		"ListAccountRoles 200", "ListAccountRoles 200", "ListAccountRoles 200")

	// Refused again at once: the two logins that fix it.
	h.fake.ResetLog()
	h.fake.AddFault(fakeidc.Fault{Op: "ListAccounts", ErrorType: "UnauthorizedException"})
	h.fake.ExpireAccessTokens()
	r = h.run(nil, "setup", "--dry-run")
	want := "ssox: the portal refuses the SSO session for sso-session \"njoitaws\" although it was just renewed\n" +
		"hint: run 'ssox logout --sso-session njoitaws', then 'ssox login --sso-session njoitaws'\n"
	if r.code != 1 || r.stderr != want {
		t.Fatalf("%+v\nwant stderr\n%s", r, want)
	}
	h.wantOps("ListAccounts 401 UnauthorizedException", "CreateToken/refresh_token 200", "ListAccounts 401 UnauthorizedException")
}

// A portal that sends values AWS never allows cannot write the config: the
// review's account id would add a [default] profile with a
// credential_process. The assignment is skipped with a warning that shows
// its control characters.
func TestSetupSkipsHostilePortalValues(t *testing.T) {
	hostile := "222233334444\n[default]\ncredential_process = sh -c 'touch /tmp/x'\n[profile x]"
	h := newHarness(t, fakeidc.Options{Accounts: []fakeidc.Account{
		{ID: hostile, Name: "evil", Roles: []string{"Admin"}},
		{ID: "333344445555", Name: "ops\x1b[2J", Roles: []string{"Admin"}},
		{ID: "444455556666", Name: "tools", Roles: []string{"Admin", "Admin\n[default]"}},
	}})
	guide := "[sso-session njoitaws]\nsso_start_url = " + startURL + "\nsso_region = us-east-1\n"
	h.writeConfig(guide)
	h.seedToken("njoitaws", 8*time.Hour, true)

	r := h.run(nil, "setup", "--sso-session", "njoitaws")
	wantErr := `ssox: warning: skipped account "222233334444\x0a[default]\x0acredential_process = sh -c 'touch /tmp/x'\x0a[profile x]" ("evil") role "Admin": the account id is not 12 digits
ssox: warning: skipped account "333344445555" ("ops\x1b[2J") role "Admin": the account name holds a control or non-printing character
ssox: warning: skipped account "444455556666" ("tools") role "Admin\x0a[default]": the role name is not a valid IAM role name (1-64 of letters, digits and +=,.@_-)
ssox: updated ~/.aws/config (backup: ~/.aws/config.ssox-backup): 1 role(s) reachable, 3 skipped; added tools; removed none; kept none; already configured outside the block: none
ssox: next: ssox tools (a shell as tools; 'ssox list' shows every profile)
`
	if r.code != 0 || r.stderr != wantErr {
		t.Fatalf("code %d stderr:\n%s", r.code, r.stderr)
	}
	got, _ := os.ReadFile(h.path(".aws/config"))
	want := guide + `# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)
[profile tools]
sso_session = njoitaws
sso_account_id = 444455556666
sso_account_name = tools
sso_role_name = Admin
region = us-east-1
# END ssox setup: sso-session njoitaws
`
	if string(got) != want {
		t.Fatalf("config:\n%s", got)
	}
	r = h.run(nil, "list", "--names")
	if r.code != 0 || r.stdout != "tools\n" {
		t.Fatalf("%+v", r)
	}
}

// A first set-up without the AWS CLI v2: no config at all, then one command
// writes the [sso-session] block as `aws configure sso` does, logs in and
// writes the profiles; the profiles then run with the account's name.
func TestSetupFirstSession(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	// A dry run logs in and shows the whole file to be, writing nothing.
	// The session is named after the start URL's subdomain, as the setup
	// guide has people name it.
	r := h.run(nil, "setup", "--start-url", startURL, "--sso-region", "us-east-1", "--region", "eu-west-1", "--dry-run")
	next := "ssox setup --sso-session njoitaws --start-url " + startURL + " --sso-region us-east-1 --region eu-west-1"
	if r.code != 0 || !strings.HasPrefix(r.stdout, "--- ~/.aws/config\n+++ ~/.aws/config (after ssox setup)\n@@ -0,0 +1,30 @@\n+[sso-session njoitaws]\n+sso_start_url = "+startURL+"\n") ||
		!strings.HasSuffix(r.stderr, "ssox: dry run, nothing written: 4 role(s) reachable; added dol-prod, sandbox, ui-dev-administratoraccess, ui-dev-readonlyaccess; removed none; kept none; already configured outside the block: none\n"+
			"ssox: next: "+next+" (writes it)\n") {
		t.Fatalf("code %d stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(h.path(".aws/config")); !os.IsNotExist(err) {
		t.Fatalf("the dry run wrote the config: %v", err)
	}
	// The next line, as printed, writes it.
	r = h.runCmd(h.command(nil, strings.Fields(next)[1:]...))
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if r.code != 0 || r.stdout != "" || lines[0] != "ssox: wrote [sso-session njoitaws] to ~/.aws/config" ||
		lines[len(lines)-2] != "ssox: updated ~/.aws/config: 4 role(s) reachable; added dol-prod, sandbox, ui-dev-administratoraccess, ui-dev-readonlyaccess; removed none; kept none; already configured outside the block: none" ||
		lines[len(lines)-1] != "ssox: next: ssox dol-prod (a shell as dol-prod; 'ssox list' shows every profile)" {
		t.Fatalf("code %d stdout %q stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if r := h.run(nil, "dol-prod"); r.code != 0 || r.stderr != "ssox: dol-prod (dol-prod 987654321098 ReadOnlyAccess): exit to leave\n" {
		t.Fatalf("the next line after setup: %+v", r)
	}
	want := `[sso-session njoitaws]
sso_start_url = ` + startURL + `
sso_region = us-east-1
sso_registration_scopes = sso:account:access
# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)
[profile dol-prod]
sso_session = njoitaws
sso_account_id = 987654321098
sso_account_name = dol-prod
sso_role_name = ReadOnlyAccess
region = eu-west-1
[profile sandbox]
sso_session = njoitaws
sso_account_id = 111122223333
sso_account_name = sandbox
sso_role_name = AdministratorAccess
region = eu-west-1
[profile ui-dev-administratoraccess]
sso_session = njoitaws
sso_account_id = 123456789012
sso_account_name = ui-dev
sso_role_name = AdministratorAccess
region = eu-west-1
[profile ui-dev-readonlyaccess]
sso_session = njoitaws
sso_account_id = 123456789012
sso_account_name = ui-dev
sso_role_name = ReadOnlyAccess
region = eu-west-1
# END ssox setup: sso-session njoitaws
`
	if got, _ := os.ReadFile(h.path(".aws/config")); string(got) != want {
		t.Fatalf("config:\n%s", got)
	}
	if _, err := os.Stat(h.path(".aws/config.ssox-backup")); !os.IsNotExist(err) {
		t.Fatal("a backup of a file that did not exist")
	}
	if n := h.fake.Count("CreateToken", "authorization_code"); n != 1 {
		t.Fatalf("%d logins", n)
	}
	h.fake.ResetLog()
	r = h.run(nil, "ui-dev-readonlyaccess", "--", "sh", "-c", `ssox prompt --format '{{.Profile}} {{.AccountName}} {{.Region}}'`)
	if r.code != 0 || r.stdout != "ui-dev-readonlyaccess ui-dev eu-west-1\n" {
		t.Fatalf("%+v", r)
	}
	h.wantOps("GetRoleCredentials 200") // the token of the set-up's login

	// The same command again changes nothing; another start URL for the
	// session is refused before any call.
	r = h.run(nil, "setup", "--start-url", startURL, "--sso-region", "us-east-1", "--region", "eu-west-1")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "ssox: ~/.aws/config is up to date") {
		t.Fatalf("%+v", r)
	}
	h.fake.ResetLog()
	r = h.run(nil, "setup", "--sso-session", "njoitaws", "--start-url", "https://other.awsapps.com/start")
	if r.code != 2 || r.stdout != "" || r.stderr != "ssox: --start-url https://other.awsapps.com/start conflicts with [sso-session njoitaws] in ~/.aws/config, whose sso_start_url is "+startURL+"\n"+
		"hint: leave out --start-url to use the block as it is, or name a new session with --sso-session\n" {
		t.Fatalf("%+v", r)
	}
	h.wantOps()
	if got, _ := os.ReadFile(h.path(".aws/config")); string(got) != want {
		t.Fatalf("config changed:\n%s", got)
	}
}

// The hint for a profile whose [sso-session] block is missing works: the
// command it names writes the block and the profile runs.
func TestSetupHintWritesMissingSession(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	profile := "[profile ui-dev]\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = ReadOnlyAccess\n"
	h.writeConfig(profile)
	r := h.run(nil, "ui-dev", "--", "true")
	if r.code != 1 || !strings.Contains(r.stderr, "hint: run 'ssox setup --sso-session njoitaws --start-url URL --sso-region REGION' to write it") {
		t.Fatalf("%+v", r)
	}
	r = h.run(nil, "setup", "--sso-session", "njoitaws", "--start-url", startURL, "--sso-region", "us-east-1")
	if r.code != 0 || !strings.Contains(r.stderr, "already configured outside the block: ui-dev\n") {
		t.Fatalf("%+v", r)
	}
	if backup, _ := os.ReadFile(h.path(".aws/config.ssox-backup")); string(backup) != profile {
		t.Fatalf("backup %q", backup)
	}
	r = h.run(nil, "ui-dev", "--", "printenv", "SSOX_ROLE_NAME")
	if r.code != 0 || r.stdout != "ReadOnlyAccess\n" {
		t.Fatalf("%+v", r)
	}
}

// On a terminal, setup shows how far the listing is and erases that line
// before its summary; off a terminal (every other test) it shows nothing.
func TestSetupProgressOnTerminal(t *testing.T) {
	scriptPath, err := osexec.LookPath("script")
	if err != nil {
		testneed.Missing(t, "script(1) is not installed")
	}
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig("[sso-session njoitaws]\nsso_start_url = " + startURL + "\nsso_region = us-east-1\n")
	h.seedToken("njoitaws", 8*time.Hour, true)
	cmd := h.command(nil)
	cmd.Path, cmd.Args = scriptPath, []string{"script", "-qec", filepath.Join(binDir, "ssox") + " setup", "/dev/null"}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v\n%q", err, out)
	}
	s := string(out)
	if !strings.HasPrefix(s, "\raccounts ") || !strings.Contains(s, "\raccounts 3/3\x1b[K\r\x1b[Kssox: updated ~/.aws/config") {
		t.Fatalf("%q", s)
	}
}

// A config that is a symbolic link (dotfiles) is written at its target; the
// link stays, and the backup lies beside the link.
func TestSetupThroughSymlink(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	guide := "[sso-session njoitaws]\nsso_start_url = " + startURL + "\nsso_region = us-east-1\n"
	h.writeFile("dotfiles/aws-config", guide)
	if err := os.Mkdir(h.path(".aws"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../dotfiles/aws-config", h.path(".aws/config")); err != nil {
		t.Fatal(err)
	}
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "setup")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if dest, err := os.Readlink(h.path(".aws/config")); err != nil || dest != "../dotfiles/aws-config" {
		t.Fatalf("link now %q, %v", dest, err)
	}
	got, _ := os.ReadFile(h.path("dotfiles/aws-config"))
	backup, _ := os.ReadFile(h.path(".aws/config.ssox-backup"))
	if !strings.HasPrefix(string(got), guide+"# BEGIN ssox setup") || strings.Count(string(got), "[profile ") != 4 || string(backup) != guide {
		t.Fatalf("target:\n%s\nbackup:\n%s", got, backup)
	}
}

// Through the whole binary (its network bounds and error classes), a
// portal that throttles now and then changes nothing but the request log.
func TestSetupThrottledSameConfig(t *testing.T) {
	h := newHarness(t, fakeidc.Options{PageSize: 1})
	h.writeConfig("[sso-session njoitaws]\nsso_start_url = " + startURL + "\nsso_region = us-east-1\n")
	h.seedToken("njoitaws", 8*time.Hour, true)
	calm := h.run(nil, "setup", "--dry-run")
	if calm.code != 0 || !strings.Contains(calm.stdout, "+[profile ui-dev-readonlyaccess]\n") {
		t.Fatalf("%+v", calm)
	}
	h.fake.ResetLog()
	h.fake.AddFault(fakeidc.Fault{Op: "ListAccounts", Status: 429, Every: 2})
	h.fake.AddFault(fakeidc.Fault{Op: "ListAccountRoles", Status: 429, Every: 2})
	busy := h.run(nil, "setup", "--dry-run")
	if busy.code != 0 || busy.stdout != calm.stdout || busy.stderr != calm.stderr {
		t.Fatalf("throttled run differs:\n%+v\nfrom\n%+v", busy, calm)
	}
	throttled := 0
	for _, r := range h.fake.Requests() {
		if r.Status == 429 {
			throttled++
		}
	}
	// 3 pages of accounts and 4 of roles, each throttled every other call.
	if a, r := h.fake.Count("ListAccounts"), h.fake.Count("ListAccountRoles"); throttled == 0 || a+r != 3+4+throttled {
		t.Fatalf("ListAccounts %d, ListAccountRoles %d, throttled %d", a, r, throttled)
	}
}
