// Package testconfig holds the setup guide's ~/.aws/config, the one
// fixture every test of ssox starts from.
package testconfig

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// StartURL is the guide's access portal.
const StartURL = "https://njoitaws.awsapps.com/start"

// Guide is the config `aws configure sso` writes when the guide is
// followed: two profiles sharing the [sso-session njoitaws] block (dol-prod
// in eu-west-1, so that tests tell the regions apart), and a
// legacy profile with the start URL in the profile itself.
const Guide = `[profile ui-dev]
region = us-east-1
output = json
sso_session = njoitaws
sso_account_id = 123456789012
sso_role_name = AdministratorAccess
[profile dol-prod]
region = eu-west-1
sso_session = njoitaws
sso_account_id = 987654321098
sso_role_name = ReadOnlyAccess
[profile legacy]
region = us-west-2
sso_start_url = ` + StartURL + `
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = AdministratorAccess
[sso-session njoitaws]
sso_start_url = ` + StartURL + `
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`

// TB is what Home needs of a testing.TB; the demo's fake links this package
// too, and should not link package testing.
type TB interface {
	Helper()
	TempDir() string
	Fatal(args ...any)
}

// Home returns a new temporary HOME whose ~/.aws/config is config.
func Home(tb TB, config string) string {
	tb.Helper()
	home := tb.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(config), 0o600); err != nil {
		tb.Fatal(err)
	}
	return home
}

// Setup is the Guide followed by the block `ssox setup --sso-session
// njoitaws` adds for a portal of that many more accounts with two roles
// each: the large config of an organisation (1,000 accounts: 2,000
// profiles, 300 KB).
func Setup(accounts int) string {
	var b strings.Builder
	b.WriteString(Guide)
	b.WriteString("# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)\n")
	for i := 0; i < accounts; i++ {
		for _, role := range []string{"AdministratorAccess", "ReadOnlyAccess"} {
			fmt.Fprintf(&b, "[profile team-%04d-%s]\nsso_session = njoitaws\nsso_account_id = %012d\nsso_account_name = team-%04d\nsso_role_name = %s\n",
				i, strings.ToLower(role), 200000000000+i, i, role)
		}
	}
	b.WriteString("# END ssox setup: sso-session njoitaws\n")
	return b.String()
}
