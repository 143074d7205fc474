//go:build unix

package exec

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/testwait"
)

// Supervise is the Windows and --server path; it is exercised here on Unix.
func TestSuperviseExitStatus(t *testing.T) {
	sh, err := Resolve("sh", environ.Env{"PATH": os.Getenv("PATH")})
	if err != nil {
		t.Skip("no sh")
	}
	tests := []struct {
		script string
		want   int
	}{
		{"exit 0", 0},
		{"exit 7", 7},
		{"kill -TERM $$", 128 + 15},
		{"kill -KILL $$", 128 + 9},
	}
	for _, tt := range tests {
		io, _, _, _ := iostreams.Test()
		err := Supervise(sh, []string{"sh", "-c", tt.script}, environ.Env{}, io)
		if got := errs.CodeOf(err); got != tt.want {
			t.Errorf("%q: code %d (%v), want %d", tt.script, got, err, tt.want)
		}
	}
}

func TestSupervisePassesEnvAndStreams(t *testing.T) {
	sh, _ := Resolve("sh", environ.Env{"PATH": os.Getenv("PATH")})
	io, in, out, errOut := iostreams.Test()
	in.WriteString("from-stdin")
	err := Supervise(sh, []string{"sh", "-c", `read x; echo "$FOO $x"; echo err >&2`}, environ.Env{"FOO": "bar"}, io)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "bar from-stdin\n" || errOut.String() != "err\n" {
		t.Fatalf("out %q err %q", out, errOut)
	}
}

// Every signal a supervisor passes on reaches the child once, each in turn:
// sent to ssox's PID alone, as a supervisor or a user with kill sends them,
// no signal comes from a terminal here (the terminal's own are the job's:
// e2e's TestServerSignalsInTerminal).
func TestSuperviseSignals(t *testing.T) {
	sh, _ := Resolve("sh", environ.Env{"PATH": os.Getenv("PATH")})
	dir := t.TempDir()
	ready := filepath.Join(dir, "ready")
	log := filepath.Join(dir, "log")
	script := `for s in INT QUIT USR1 USR2 WINCH HUP; do trap "echo $s >> ` + log + `" $s; done
trap 'echo TERM >> ` + log + `; exit 3' TERM
touch ` + ready + `
while :; do sleep 0.05; done`
	io, _, _, _ := iostreams.Test()
	done := make(chan error, 1)
	go func() {
		done <- Supervise(sh, []string{"sh", "-c", script}, environ.Env{"PATH": os.Getenv("PATH")}, io)
	}()
	waitFor(t, ready)
	var want []string
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH, syscall.SIGHUP} {
		if err := syscall.Kill(os.Getpid(), sig); err != nil {
			t.Fatal(err)
		}
		want = append(want, strings.TrimPrefix(unix.SignalName(sig), "SIG"))
		testwait.Until(t, "the child to get "+unix.SignalName(sig), func() bool {
			data, _ := os.ReadFile(log)
			return string(data) == strings.Join(want, "\n")+"\n"
		}, func() string { data, _ := os.ReadFile(log); return string(data) })
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if errs.CodeOf(err) != 3 {
			t.Fatalf("exit %v, want 3 from the TERM trap", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("child did not exit on forwarded SIGTERM")
	}
	data, _ := os.ReadFile(log)
	if want := strings.Join(append(want, "TERM"), "\n") + "\n"; string(data) != want {
		t.Fatalf("child saw %q, want %q", data, want)
	}
}

func waitFor(t *testing.T, path string) {
	t.Helper()
	testwait.Until(t, "the child to get ready", func() bool { _, err := os.Stat(path); return err == nil })
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "tool")
	noexec := filepath.Join(dir, "data")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(noexec, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := environ.Env{"PATH": "/nonexistent:" + dir}
	if p, err := Resolve("tool", env); err != nil || p != exe {
		t.Fatalf("Resolve(tool) = %q, %v", p, err)
	}
	// As a shell: 127 when nothing is found, 126 when what is found cannot
	// run, whether named by path or found on PATH.
	for _, tc := range []struct {
		name string
		env  environ.Env
		code int
		msg  string
	}{
		{"tool", environ.Env{"PATH": "/usr/bin"}, 127, `command "tool" not found on PATH`},
		{filepath.Join(dir, "missing"), env, 127, `command "` + filepath.Join(dir, "missing") + `" not found`},
		{"./missing", env, 127, `command "./missing" not found`},
		{noexec, env, 126, `command "` + noexec + `" is not executable`},
		{"data", env, 126, `command "data" is not executable`},
		{dir, env, 126, `command "` + dir + `" is not executable`},
	} {
		_, err := Resolve(tc.name, tc.env)
		var e *errs.Error
		if !errors.As(err, &e) || errs.CodeOf(err) != tc.code || err.Error() != tc.msg {
			t.Errorf("Resolve(%q) = %v (code %d), want %q (code %d)", tc.name, err, errs.CodeOf(err), tc.msg, tc.code)
		}
	}
}
