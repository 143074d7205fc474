// Windows access lists: a test sets one that lets Everyone in, as a user
// or an administrator could, and ssox doctor names Everyone and the icacls
// command that shuts it out. (Under Wine a file's access list is its Unix
// mode: these run there all the same.)

package doctor

import (
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/windows"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/sso"
)

// grantEveryone gives path an access list of its own: the user, SYSTEM
// and the Administrators, and Everyone with rights ("FR" read, "FW"
// write, in SDDL).
func grantEveryone(t *testing.T, path, rights string) {
	t.Helper()
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	sd, err := windows.SecurityDescriptorFromString("D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;" + u.User.Sid.String() + ")(A;;" + rights + ";;;WD)")
	if err != nil {
		t.Fatal(err)
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		t.Fatal(err)
	}
	err = windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, dacl, nil)
	if err != nil {
		t.Fatal(err)
	}
}

func TestDoctorAccessLists(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	home, cfg := setup(t, config)
	token := sso.CachePath(home, "s")
	if err := sso.WriteToken(token, &sso.Token{AccessToken: "a", ExpiresAt: now.Add(time.Hour)}); err != nil {
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
	fs := Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now})
	for _, f := range fs {
		if f.Status == Warn || f.Status == Fail {
			t.Errorf("files ssox wrote in a private folder: %+v", f)
		}
	}

	grantEveryone(t, token, "FR")
	grantEveryone(t, role, "FR")
	fs = Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Profile: "ui-dev", Now: now})
	exact(t, fs, Finding{"token", Warn, token + "'s access list lets Everyone read it: other users may read the token", `icacls "` + token + `" /remove:g *S-1-1-0`})
	exact(t, fs, Finding{"credentials", Warn, role + "'s access list lets Everyone read it: other users may read the role credentials", `icacls "` + role + `" /remove:g *S-1-1-0`})
	if Failed(fs) {
		t.Errorf("readable caches failed the diagnosis:\n%s", dump(fs))
	}

	// Read access to the config is fine; write access is not.
	aws := filepath.Join(home, ".aws")
	grantEveryone(t, cfg.Path, "FR")
	exact(t, Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: now}), Finding{"files", OK, "~/.aws: writable by you, not by others", ""})
	grantEveryone(t, cfg.Path, "FRFW")
	grantEveryone(t, aws, "FRFW")
	fs = Run(Input{Env: environ.Env{}, Config: cfg, Home: home, Now: now})
	exact(t, fs, Finding{"files", Fail, "~/.aws/config's access list lets Everyone write to it: other users can change it, and with it the accounts and commands your profiles use", `icacls "` + cfg.Path + `" /remove:g *S-1-1-0`})
	exact(t, fs, Finding{"files", Fail, "~/.aws's access list lets Everyone write to it: other users can change it, and with it the accounts and commands your profiles use", `icacls "` + aws + `" /remove:g *S-1-1-0`})
	for _, f := range fs {
		if f.Check == "files" && f.Status == OK {
			t.Errorf("files reported fine as well: %+v", f)
		}
	}
}

// Variables that override profiles: the hint clears them in the shells
// Windows has.
func TestDoctorEnvironmentHintOnWindows(t *testing.T) {
	home, cfg := setup(t, config)
	fs := Run(Input{Env: environ.Env{"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SESSION_TOKEN": "x"}, Config: cfg, Home: home, Now: time.Now()})
	exact(t, fs, Finding{"environment", Warn, "AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN set in this shell: the AWS CLI and SDKs use them before any profile",
		`set "AWS_ACCESS_KEY_ID=" & set "AWS_SESSION_TOKEN=" in cmd.exe, Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SESSION_TOKEN in PowerShell (ssox clears them for the commands it runs)`})
}
