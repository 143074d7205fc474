//go:build unix

// Package acceptance holds the command-line contract a user sees, as
// testscript scripts (testdata/*.txtar): each command's output against the
// fake Identity Center, the setup guide's config errors, usage errors and
// exit codes. ssox runs in the test binary itself (testscript.Main), so no
// build step stands between a change and its scripts. The Go tests in e2e
// cover what a script cannot: concurrency, signals, real shells and tmux.
package acceptance

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ssox/ssox/cli"
	"github.com/ssox/ssox/internal/fakebrowser"
	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/testconfig"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ssox":        func() { os.Exit(cli.Run(os.Args, os.Environ(), iostreams.System())) },
		"fakebrowser": fakebrowser.Main,
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("SSOX_UPDATE_SCRIPTS") == "1",
		Setup:               setup,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"fakelog": fakelog, "exits": exits},
	})
}

// setup gives each script a fake Identity Center, a HOME holding the guide's
// config and a BROWSER that approves logins.
func setup(env *testscript.Env) error {
	fake := fakeidc.New(fakeidc.Options{StartURL: testconfig.StartURL})
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		return err
	}
	env.Defer(func() { fake.Close() })
	env.Values["fake"] = fake
	home := filepath.Join(env.WorkDir, "home")
	if err := os.MkdirAll(filepath.Join(home, ".aws"), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(testconfig.Guide), 0o600); err != nil {
		return err
	}
	for k, v := range map[string]string{
		"HOME":                      home,
		"AWS_ENDPOINT_URL_SSO":      url,
		"AWS_ENDPOINT_URL_SSO_OIDC": url,
		"AWS_ENDPOINT_URL_STS":      url,
		"BROWSER":                   "fakebrowser",
		"SHELL":                     "/bin/sh",
		"NO_COLOR":                  "1",
		"FAKE_URL":                  url,
	} {
		env.Setenv(k, v)
	}
	return nil
}

// fakelog prints the fake's requests since the last fakelog, one
// "OPERATION STATUS [grant=G]" a line, and clears the log.
func fakelog(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: fakelog")
	}
	fake := ts.Value("fake").(*fakeidc.Server)
	var b strings.Builder
	for _, r := range fake.Requests() {
		fmt.Fprintf(&b, "%s %d", r.Op, r.Status)
		if r.GrantType != "" {
			fmt.Fprintf(&b, " grant=%s", r.GrantType)
		}
		if r.ErrorType != "" {
			fmt.Fprintf(&b, " error=%s", r.ErrorType)
		}
		b.WriteString("\n")
	}
	fake.ResetLog()
	fmt.Fprint(ts.Stdout(), b.String())
}

// exits runs a program as exec does and checks its exact exit status:
// "exits 2 ssox env" passes only when ssox exits 2 (where "! exec" would take
// any failure).
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit status", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("exits: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}
