package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/testconfig"
	"github.com/ssox/ssox/picker"
)

// pickDeps is a warm HOME with a role chain, a named account and a broken
// profile added to the guide's config.
func pickDeps(t *testing.T) (*deps, *awsconfig.Config) {
	t.Helper()
	now := time.Now()
	env := warmHome(t, now)
	config := testconfig.Guide + `[profile deploy]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = ui-dev
sso_account_name = prod
[profile broken]
role_arn = arn:aws:iam::222233334444:role/Deploy
source_profile = nowhere
`
	if err := os.WriteFile(filepath.Join(env["HOME"], ".aws", "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	io, _, _, _ := iostreams.Test()
	d := &deps{io: io, env: env, now: func() time.Time { return now }, log: debuglog.New(nil)}
	cfg, err := awsconfig.Open(env)
	if err != nil {
		t.Fatal(err)
	}
	return d, cfg
}

func TestPickerItems(t *testing.T) {
	d, cfg := pickDeps(t)
	items, err := d.pickerItems(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []picker.Item{
		{Profile: "broken", Note: "config error (see 'ssox doctor broken')"},
		{Profile: "deploy", AccountName: "prod", AccountID: "222233334444", Role: "Deploy (via ui-dev)"},
		{Profile: "dol-prod", AccountID: "987654321098", Role: "ReadOnlyAccess"},
		{Profile: "legacy", AccountID: "111122223333", Role: "AdministratorAccess", Note: "login needed"},
		{Profile: "ui-dev", AccountID: "123456789012", Role: "AdministratorAccess"},
	}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("items\n got %+v\nwant %+v", items, want)
	}
}
