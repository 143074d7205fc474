package cli

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
)

// BenchmarkWarmExec is ssox's in-process work on the warm path: resolve the
// profile, read the cached role credentials, build the child's environment,
// up to the exec itself (replaced here). bench/exec.sh times whole processes.
func BenchmarkWarmExec(b *testing.B) {
	home := b.TempDir()
	os.MkdirAll(filepath.Join(home, ".aws"), 0o700)
	os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(`[profile ui-dev]
region = us-east-1
sso_session = njoitaws
sso_account_id = 123456789012
sso_role_name = AdministratorAccess
[sso-session njoitaws]
sso_start_url = https://njoitaws.awsapps.com/start
sso_region = us-east-1
`), 0o600)
	env := environ.Env{"HOME": home, "PATH": os.Getenv("PATH")}
	cfg, _ := awsconfig.Open(env)
	prof, err := cfg.Profile("ui-dev")
	if err != nil {
		b.Fatal(err)
	}
	err = creds.WriteCache(creds.CachePath(home, prof), &creds.Credentials{
		AccessKeyID: "ASIAX", SecretAccessKey: "sk", SessionToken: "st", Expiration: time.Now().Add(time.Hour), AccountID: "123456789012"})
	if err != nil {
		b.Fatal(err)
	}
	execs := 0
	io, _, _, _ := iostreams.Test()
	d := &deps{io: io, env: env, now: time.Now, log: debuglog.New(nil),
		replace: func(string, []string, []string) error { execs++; return nil }}
	b.ResetTimer()
	for b.Loop() {
		if code := d.run([]string{"ssox", "ui-dev", "--", "true"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	if execs == 0 {
		b.Fatal("never reached exec")
	}
}
