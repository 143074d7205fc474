// Package testconfig holds the setup guide's ~/.aws/config, the one
// fixture every test of ssox starts from.
package testconfig

import (
	"os"
	"path/filepath"
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
