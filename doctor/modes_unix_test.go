//go:build unix

// Unix modes: Windows has access lists instead (access_windows_test.go).

package doctor

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/sso"
)

func TestDoctorModes(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	home, cfg := setup(t, config)
	token := sso.CachePath(home, "s")
	if err := sso.WriteToken(token, &sso.Token{AccessToken: "a", ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(token, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := cfg.Profile("ui-dev")
	if err != nil {
		t.Fatal(err)
	}
	role := creds.CachePath(home, p)
	if err := creds.WriteCache(role, &creds.Credentials{AccessKeyID: "A", SecretAccessKey: "S", SessionToken: "T", Expiration: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(role, 0o640); err != nil {
		t.Fatal(err)
	}
	fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now})
	exact(t, fs, Finding{"token", Warn, token + " has mode 0644: other users may read the token", "chmod 600 " + token})
	exact(t, fs, Finding{"credentials", Warn, role + " has mode 0640: other users may read the role credentials", "chmod 600 " + role})
	if Failed(fs) {
		t.Errorf("readable caches failed the diagnosis:\n%s", dump(fs))
	}

	aws := filepath.Join(home, ".aws")
	if err := os.Chmod(cfg.Path, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(aws, 0o775); err != nil {
		t.Fatal(err)
	}
	fs = Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: time.Now()})
	exact(t, fs, Finding{"files", Fail, "~/.aws/config has mode 0666: other users can change it, and with it the accounts and commands your profiles use", "chmod go-w " + cfg.Path})
	exact(t, fs, Finding{"files", Fail, "~/.aws has mode 0775: other users can change it, and with it the accounts and commands your profiles use", "chmod go-w " + aws})
	if !Failed(fs) {
		t.Fatal("did not fail")
	}
}
