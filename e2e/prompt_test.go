//go:build unix

package e2e

import (
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/shellquote"
)

// TestPromptInsideExec runs `ssox prompt` as the child of `ssox PROFILE`,
// so it reads exactly what exec sets.
func TestPromptInsideExec(t *testing.T) {
	for _, tc := range []struct {
		ttl  time.Duration
		args []string
		want string
	}{
		{47*time.Minute + 30*time.Second, []string{"ui-dev"}, "ui-dev 47m\n"},
		{10*time.Minute + 30*time.Second, []string{"ui-dev"}, "ui-dev 10m\n"},
		{3*time.Hour + 30*time.Second, []string{"ui-dev"}, "ui-dev 3h00m\n"},
		{time.Hour, []string{"--region", "eu-central-1", "ui-dev", "--", "ssox", "prompt", "--format",
			"{{.Profile}} {{.AccountID}} {{.AccountName}}|{{.Role}} {{.Region}} {{.Expired}}"},
			"ui-dev 123456789012 |AdministratorAccess eu-central-1 false\n"},
	} {
		h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: tc.ttl})
		h.writeConfig(guideConfig)
		h.seedToken("njoitaws", 8*time.Hour, true)
		args := append([]string{"--min-ttl", "1m"}, tc.args...)
		if len(tc.args) == 1 {
			args = append(args, "--", "ssox", "prompt")
		}
		r := h.run(nil, args...)
		if r.code != 0 || r.stdout != tc.want || r.stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", args, r.code, r.stdout, r.stderr, tc.want)
		}
	}
}

// TestPromptReadsOnlyTheEnvironment makes every file ssox could read a
// FIFO, which ssox refuses to read (and anything else hangs on until a
// writer comes), and points every endpoint and proxy at listeners that
// count connections. A prompt that read a file would fail or hang; one that
// used the network would be counted.
func TestPromptReadsOnlyTheEnvironment(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	for _, rel := range []string{".aws/config", ".aws/credentials", tokenFile, roleCacheFile, "elsewhere/config", "elsewhere/credentials"} {
		if err := os.MkdirAll(filepath.Dir(h.path(rel)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(h.path(rel), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var dials atomic.Int32
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			dials.Add(1)
			c.Close()
		}
	}()
	trap := "http://" + ln.Addr().String()
	env := append(profileEnv(47*time.Minute),
		"AWS_CONFIG_FILE="+h.path("elsewhere/config"), "AWS_SHARED_CREDENTIALS_FILE="+h.path("elsewhere/credentials"),
		"HTTPS_PROXY="+trap, "HTTP_PROXY="+trap, "ALL_PROXY="+trap, "AWS_EC2_METADATA_SERVICE_ENDPOINT="+trap,
		"AWS_CONTAINER_CREDENTIALS_FULL_URI="+trap)

	run := func(timeout time.Duration, extra []string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		base := h.command(append(slices.Clone(env), extra...), args...)
		cmd := exec.CommandContext(ctx, base.Path, base.Args[1:]...)
		cmd.Env, cmd.Dir = base.Env, base.Dir
		out, err := cmd.Output()
		if ctx.Err() != nil {
			return string(out), ctx.Err()
		}
		return string(out), err
	}

	// The trap works: a command that reads the config meets the FIFO.
	var exit *exec.ExitError
	if _, err := run(10*time.Second, nil, "list", "--names"); !errors.As(err, &exit) || !strings.Contains(string(exit.Stderr), "is a named pipe, not a regular file") {
		t.Fatalf("ssox list got past the FIFO config (%v): the trap catches nothing", err)
	}
	for _, tc := range []struct {
		extra []string
		args  []string
		want  string
	}{
		{nil, []string{"prompt"}, "ui-dev 47m\n"},
		{nil, []string{"prompt", "--format", "{{.Profile}}/{{.Role}}"}, "ui-dev/AdministratorAccess\n"},
		{[]string{"SSOX_PROFILE="}, []string{"prompt"}, ""},
		{[]string{"-SSOX_PROFILE"}, []string{"prompt"}, ""},
		{[]string{"SSOX_DEBUG=1"}, []string{"prompt"}, "ui-dev 47m\n"},
	} {
		out, err := run(10*time.Second, tc.extra, tc.args...)
		if err != nil || out != tc.want {
			t.Errorf("%v %v: %v, stdout %q; want %q", tc.extra, tc.args, err, out, tc.want)
		}
	}
	if n := dials.Load(); n != 0 {
		t.Errorf("ssox prompt made %d connections", n)
	}
	h.wantOps()
}

// TestInitNamesTheResolvedBinary runs ssox through a symlink, as a package
// manager installs it: the script names the binary itself.
func TestInitNamesTheResolvedBinary(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "ssox")
	if err := os.Symlink(filepath.Join(binDir, "ssox"), link); err != nil {
		t.Fatal(err)
	}
	real, err := filepath.EvalSymlinks(filepath.Join(binDir, "ssox"))
	if err != nil {
		t.Fatal(err)
	}
	for shell, want := range map[string]string{
		"zsh":  "typeset -g _ssox_bin=" + shellquote.Sh(real) + "\n",
		"bash": "\n_ssox_bin=" + shellquote.Sh(real) + "\n",
		"fish": "\nset -g __ssox_bin " + shellquote.Fish(real) + "\n",
	} {
		cmd := exec.Command(link, "init", shell)
		cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin"}
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("init %s: %v; output lacks %q:\n%s", shell, err, want, out)
		}
	}
}
