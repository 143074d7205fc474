//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// Files that would stall or swell a plain read — a named pipe nobody
// writes to, a link to /dev/zero, a config of gigabytes — are refused at
// once with the file named and a fix, wherever ssox reads: the config, the
// SSO token cache and its lock, the role-credential cache. A config that is
// a symbolic link to the real file (dotfiles) works as ever.
func TestOddFiles(t *testing.T) {
	lockFile := strings.TrimSuffix(tokenFile, ".json") + ".lock"
	mkfifo := func(h *harness, rel string) string {
		path := h.path(rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		name string
		// prepare sets the home up and returns the environment changes and
		// the error ssox should print, with {home} for the home.
		prepare func(h *harness) (extra []string, stderr string)
		code    int
		ops     []string
		// after checks the home once ssox has run.
		after func(h *harness)
	}{
		{
			name: "the config is a named pipe",
			prepare: func(h *harness) ([]string, string) {
				fifo := mkfifo(h, "fifo-config")
				return []string{"AWS_CONFIG_FILE=" + fifo}, "ssox: ~/fifo-config is a named pipe, not a regular file\n" +
					"hint: replace it with your AWS config file (a symbolic link to it is fine), or set AWS_CONFIG_FILE to that file\n"
			},
			code: 1,
		},
		{
			name: "the config is larger than 16 MiB",
			prepare: func(h *harness) ([]string, string) {
				h.writeConfig(guideConfig + strings.Repeat("# "+strings.Repeat("x", 1021)+"\n", 17<<10))
				return nil, "ssox: ~/.aws/config is larger than 16 MiB, the most ssox reads of a config file\n" +
					"hint: check that it is your AWS config: 16 MiB holds about 90,000 profiles\n"
			},
			code: 1,
		},
		{
			name: "the token cache is a named pipe",
			prepare: func(h *harness) ([]string, string) {
				mkfifo(h, tokenFile)
				return nil, "ssox: read token cache: {home}/" + tokenFile + " is a named pipe, not a regular file\n" +
					"hint: remove it: 'rm {home}/" + tokenFile + "' (the AWS CLI and ssox write it anew)\n"
			},
			code: 1,
		},
		{
			name: "the token's lock is a named pipe",
			prepare: func(h *harness) ([]string, string) {
				h.seedToken("njoitaws", -time.Hour, true) // expired: a refresh takes the lock
				mkfifo(h, lockFile)
				return nil, "ssox: lock file {home}/" + lockFile + " is a named pipe, not a regular file\n" +
					"hint: remove it: 'rm {home}/" + lockFile + "' (ssox creates the lock file itself)\n"
			},
			code: 1,
		},
		{
			name: "the note of a failed login is a named pipe",
			prepare: func(h *harness) ([]string, string) {
				h.seedToken("njoitaws", -time.Hour, true)
				mkfifo(h, strings.TrimSuffix(tokenFile, ".json")+".failed")
				return nil, ""
			},
			code: 0, // no note to read: the refresh goes ahead
			ops:  []string{"CreateToken/refresh_token 200", "GetRoleCredentials 200"},
		},
		{
			name: "the role credentials are a link to /dev/zero",
			prepare: func(h *harness) ([]string, string) {
				h.seedToken("njoitaws", 8*time.Hour, true)
				if err := os.MkdirAll(filepath.Dir(h.path(roleCacheFile)), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink("/dev/zero", h.path(roleCacheFile)); err != nil {
					t.Fatal(err)
				}
				return nil, ""
			},
			code: 0,
			ops:  []string{"GetRoleCredentials 200"},
			// The unusable entry is replaced (renamed over), as a corrupt
			// one is; /dev/zero itself is untouched.
			after: func(h *harness) {
				if fi, err := os.Lstat(h.path(roleCacheFile)); err != nil || !fi.Mode().IsRegular() {
					t.Fatalf("role cache after the run: %v %v", fi, err)
				}
			},
		},
		{
			name: "the config is a link to the real file",
			prepare: func(h *harness) ([]string, string) {
				h.writeFile("dotfiles/aws-config", guideConfig)
				if err := os.Remove(h.path(".aws/config")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(h.path("dotfiles/aws-config"), h.path(".aws/config")); err != nil {
					t.Fatal(err)
				}
				h.seedToken("njoitaws", 8*time.Hour, true)
				return nil, ""
			},
			code: 0,
			ops:  []string{"GetRoleCredentials 200"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, fakeidc.Options{})
			h.writeConfig(guideConfig)
			extra, want := tc.prepare(h)
			want = strings.ReplaceAll(want, "{home}", h.home)
			r := h.runBounded(30*time.Second, extra, "ui-dev", "--", "true")
			if r.code != tc.code || r.stderr != want {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit %d and:\n%s", r.code, r.stderr, tc.code, want)
			}
			h.wantOps(tc.ops...)
			if tc.after != nil {
				tc.after(h)
			}
		})
	}
}
