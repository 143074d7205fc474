//go:build unix

package e2e

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// A ~/.aws the user cannot write (made by `sudo aws configure`, say) gets
// one line naming the folder and a hint that fixes it, from a run and from
// doctor, instead of a raw mkdir error. As root every write succeeds, so
// there ssox runs as nobody with ~/.aws left to root.
func TestUnwritableAWSFolder(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	aws := h.path(".aws")
	var prefix []string
	msg := "ssox: cannot write to " + aws + "/sso/cache: " + aws + " is not writable (mode 0555)\nhint: chmod u+rwx " + aws + "\n"
	if os.Getuid() == 0 {
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("running as root without setpriv to drop to another user")
		}
		prefix = []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"}
		for _, dir := range []string{binDir, filepath.Dir(h.home)} {
			if err := os.Chmod(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chown(h.home, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		for path, mode := range map[string]os.FileMode{aws: 0o755, h.path(".aws/config"): 0o644} {
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
		}
		msg = "ssox: cannot write to " + aws + "/sso/cache: " + aws + " belongs to another user (uid 0, mode 0755)\n" +
			"hint: sudo chown -R \"$(id -un)\" " + aws + "  (it was probably created by a command run with sudo)\n"
	} else if err := os.Chmod(aws, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(aws, 0o700) })
	run := func(args ...string) result {
		cmd := h.command(nil, args...)
		cmd.Args = append(prefix, cmd.Args...)
		if len(prefix) > 0 {
			cmd.Path = prefix[0]
		}
		return h.runCmd(cmd)
	}
	r := run("ui-dev", "--", "true")
	if r.code != 1 || r.stderr != msg || r.stdout != "" {
		t.Fatalf("code %d\nstderr %q\nwant   %q", r.code, r.stderr, msg)
	}
	r = run("doctor", "ui-dev")
	lines := strings.SplitN(msg, "\n", 3)
	want := "fail  files         " + strings.TrimPrefix(lines[0], "ssox: ") + "\n                    " + lines[1] + "\n"
	if r.code != 1 || !strings.HasPrefix(r.stdout, want) {
		t.Fatalf("code %d\nstdout %q\nwant prefix %q", r.code, r.stdout, want)
	}

	// A config file the user cannot read ('sudo aws configure' writes one).
	cfg := h.path(".aws/config")
	want = "ssox: cannot read ~/.aws/config: its mode is 0000\nhint: chmod u+r " + cfg + "\n"
	mode := os.FileMode(0)
	if len(prefix) > 0 {
		mode = 0o600
		want = "ssox: cannot read ~/.aws/config: it belongs to another user (uid 0, mode 0600)\n" +
			"hint: sudo chown \"$(id -un)\" " + cfg + "  (it was probably created by a command run with sudo)\n"
	}
	if err := os.Chmod(cfg, mode); err != nil {
		t.Fatal(err)
	}
	if r := run("ui-dev", "--", "true"); r.code != 1 || r.stderr != want {
		t.Fatalf("code %d\nstderr %q\nwant   %q", r.code, r.stderr, want)
	}
	// Only doctor asked the network: whether the OIDC endpoint and the
	// portal answer, with no token it can read.
	h.wantOps("CreateToken/refresh_token 401 InvalidClientException", "ListAccounts 401 UnauthorizedException")
}

// A symbolic link planted where ssox puts its lock file is refused, and the
// file it points to is not created.
func TestLockSymlinkRefused(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	lock := h.path(strings.TrimSuffix(roleCacheFile, ".json") + ".lock")
	target := h.path("planted")
	if err := os.MkdirAll(filepath.Dir(lock), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, lock); err != nil {
		t.Fatal(err)
	}
	r := h.run(nil, "ui-dev", "--", "true")
	want := "ssox: lock file " + lock + " is a symbolic link; ssox does not follow it\nhint: remove it: 'rm " + lock + "' (ssox creates the lock file itself)\n"
	if r.code != 1 || r.stderr != want {
		t.Fatalf("code %d\nstderr %q\nwant   %q", r.code, r.stderr, want)
	}
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the link's target exists: %v", err)
	}
	h.wantOps()
}
