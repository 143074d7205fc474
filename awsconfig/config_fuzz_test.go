package awsconfig

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode"

	"github.com/ssox/ssox/internal/errs"
)

// FuzzProfiles resolves every profile of any config file. Properties: no
// panic; no message or hint ssox would print holds a control character;
// and a profile ssox accepts has the values the AWS CLI reads from the same
// file, ssox's own keys included (sso_registration_scopes,
// sso_account_name): ssox never acts on a value the CLI would not.
func FuzzProfiles(f *testing.F) {
	f.Add([]byte(guideConfig + "[profile named]\nsso_session = njoitaws\nsso_account_id = 111122223333\nsso_role_name = R\nsso_account_name = Sandbox\n"))
	f.Add([]byte("[profile old]\nsso_start_url = https://x/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = R\nregion = eu-west-1 # here\n"))
	f.Add([]byte("[profile t#x]\nsso_session = s\n[profile a]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\nsso_registration_scopes = a, ,b\n"))
	f.Add([]byte("[DEFAULT]\nsso_account_id = 222233334444\n[profile a]\nsso_session = s\nsso_role_name = R\n[sso-session s]\nsso_start_url = \"https://x/start\"\nsso_region = us-east-1\n"))
	f.Add([]byte("[profile d]\nrole_arn = arn:aws:iam::222233334444:role/Deploy\nsource_profile = a\n[profile a]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "config")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c := &Config{Path: path, Display: "~/.aws/config"}
		names, err := c.ProfileNames()
		if err != nil {
			printable(t, err)
			return
		}
		if len(names) > 4 {
			names = names[:4]
		}
		for _, name := range names {
			p, problems := c.Problems(name)
			for _, err := range problems {
				printable(t, err)
			}
			if p == nil || len(p.Roles) > 0 {
				continue
			}
			blk, _ := c.block(blockName(name))
			k := blk.keys
			if p.AccountID != k["sso_account_id"] || p.RoleName != k["sso_role_name"] || p.Region != k["region"] || p.AccountName() != k["sso_account_name"] {
				t.Fatalf("profile %q: ssox read %+v, the AWS CLI reads %q", name, p, k)
			}
			if p.Session.Legacy() {
				continue
			}
			sess, _ := c.block("sso-session " + p.Session.Name)
			if p.Session.StartURL != sess.keys["sso_start_url"] || p.Session.Region != sess.keys["sso_region"] ||
				!reflect.DeepEqual(p.Session.Scopes(), parseScopes(sess.keys)) {
				t.Fatalf("profile %q: ssox read session %+v, the AWS CLI reads %q", name, p.Session, sess.keys)
			}
		}
	})
}

// printable fails if err's message or hint holds a character that would act
// on a terminal.
func printable(t *testing.T, err error) {
	t.Helper()
	for _, s := range []string{err.Error(), errs.HintOf(err)} {
		for _, r := range s {
			if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("message %q holds %U", s, r)
			}
		}
	}
}
