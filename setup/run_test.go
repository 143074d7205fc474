package setup

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/sso"
)

// Run, from a config without any session: a dry run shows the whole file
// to be and writes nothing; the run writes the [sso-session] block, says so
// before it logs in, and then the profiles, with no backup of a file that
// was not there; the next run finds the file up to date.
func TestRunFirstSession(t *testing.T) {
	t.Parallel()
	fake, s, token, netw := portal(t, 3, fakeidc.Options{})
	home := t.TempDir()
	env := environ.Env{"HOME": home}
	err := sso.WriteToken(sso.CachePath(home, s.CacheKey()), &sso.Token{StartURL: s.StartURL, Region: s.Region, AccessToken: token,
		ExpiresAt: time.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	io, _, _, stderr := iostreams.Test()
	g := &creds.Getter{Env: env, IO: io, Log: debuglog.New(nil), Now: time.Now, Net: netw}
	opts := Options{Session: s.Name, StartURL: s.StartURL, SSORegion: s.Region, DryRun: true}
	config := filepath.Join(home, ".aws", "config")

	r, err := Run(context.Background(), g, opts)
	if err != nil {
		t.Fatal(err)
	}
	wantBlock := "[sso-session njoitaws]\nsso_start_url = https://njoitaws.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n" +
		"# BEGIN ssox setup: sso-session njoitaws"
	if !r.DryRun || r.Display != "~/.aws/config" || r.Plan.Old != "" || !strings.HasPrefix(r.Plan.New, wantBlock) ||
		strings.Join(r.Plan.Added, " ") != "team-0 team-0-administratoraccess team-0-billing team-0-readonlyaccess team-1-administratoraccess team-1-readonlyaccess" {
		t.Fatalf("dry run: %+v\n%+v\n%s", r, r.Plan, r.Plan.New)
	}
	if !strings.HasPrefix(r.Diff(), "--- ~/.aws/config\n+++ ~/.aws/config (after ssox setup)\n@@ -0,0 +1,") {
		t.Errorf("diff:\n%s", r.Diff())
	}
	if _, err := os.Stat(config); !os.IsNotExist(err) || stderr.Len() != 0 {
		t.Fatalf("the dry run wrote the config (%v) or said %q", err, stderr)
	}
	if n := fake.Count("ListAccounts"); n != 1 {
		t.Errorf("%d ListAccounts", n)
	}

	opts.DryRun = false
	r, err = Run(context.Background(), g, opts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(config)
	if err != nil || string(got) != r.Plan.New || r.Backup != "" || !r.Plan.Changed() {
		t.Fatalf("wrote %q (%v); result %+v", got, err, r)
	}
	if stderr.String() != "ssox: wrote [sso-session njoitaws] to ~/.aws/config\n" {
		t.Errorf("stderr %q", stderr)
	}
	if r.Summary() != "6 role(s) reachable; added team-0, team-0-administratoraccess, team-0-billing, team-0-readonlyaccess, team-1-administratoraccess, team-1-readonlyaccess; removed none; kept none; already configured outside the block: none" {
		t.Errorf("summary %q", r.Summary())
	}

	r, err = Run(context.Background(), g, Options{})
	if err != nil || r.Plan.Changed() || r.Backup != "" {
		t.Fatalf("again: %+v, %v", r, err)
	}
}
