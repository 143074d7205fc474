//go:build unix

// Package e2e runs the built ssox binary against the fake Identity Center
// with a temporary HOME, and asserts exact environments, files, exit codes
// and the fake's request log.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testconfig"
	"github.com/ssox/ssox/sso"
)

var binDir string

// buildFlags are install.sh's, less the version stamp.
var buildFlags = []string{"-trimpath", "-tags", "urfave_cli_no_docs"}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ssox-e2e-bin")
	if err != nil {
		panic(err)
	}
	for pkg, name := range map[string]string{"..": "ssox", "../internal/fakebrowser/cmd/fakebrowser": "fakebrowser"} {
		// Built as install.sh builds it (buildFlags), so the tests run what
		// users run.
		cmd := exec.Command("go", append(append([]string{"build"}, buildFlags...), "-o", filepath.Join(dir, name), pkg)...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build", pkg, err)
			os.Exit(1)
		}
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sourcesRead makes readSources run once, from the first harness.
var sourcesRead sync.Once

// readSources opens every file the binaries are built from. go test caches a
// passing result keyed on the files its tests open; without this, a change to
// the code that `go build` compiles into the binary would not rerun the tests.
// It must run inside a test: what TestMain opens before m.Run is not logged.
func readSources(root string) error {
	return filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".mod", ".sum", ".zsh", ".bash", ".fish", ".toml":
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			return f.Close()
		}
		return nil
	})
}

// startURL and guideConfig are the setup guide's portal and config, the
// fixture every test starts from.
const (
	startURL    = testconfig.StartURL
	guideConfig = testconfig.Guide
)

type harness struct {
	t    *testing.T
	home string
	fake *fakeidc.Server
	url  string
	// env is the environment every run starts from.
	env map[string]string
}

func newHarness(t *testing.T, opts fakeidc.Options) *harness {
	t.Helper()
	sourcesRead.Do(func() {
		if err := readSources(".."); err != nil {
			t.Fatal(err)
		}
	})
	if opts.StartURL == "" {
		opts.StartURL = startURL
	}
	fake := fakeidc.New(opts)
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	home := t.TempDir()
	h := &harness{t: t, home: home, fake: fake, url: url}
	h.env = map[string]string{
		"HOME":                      home,
		"PATH":                      binDir + ":/usr/local/bin:/usr/bin:/bin",
		"AWS_ENDPOINT_URL_SSO":      url,
		"AWS_ENDPOINT_URL_SSO_OIDC": url,
		"AWS_ENDPOINT_URL_STS":      url,
		"BROWSER":                   filepath.Join(binDir, "fakebrowser"),
		"SHELL":                     "/bin/sh",
		"LANG":                      "C",
	}
	return h
}

func (h *harness) path(rel string) string { return filepath.Join(h.home, rel) }

func (h *harness) writeFile(rel, content string) {
	h.t.Helper()
	p := h.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) writeConfig(content string) { h.writeFile(".aws/config", content) }

type result struct {
	stdout, stderr string
	code           int
}

// run runs ssox with the harness environment changed by extra: "KEY=VALUE"
// sets KEY (to "" by "KEY="), "-KEY" removes it.
func (h *harness) run(extra []string, args ...string) result {
	h.t.Helper()
	return h.runCmd(h.command(extra, args...))
}

// runCmd runs cmd and returns its output and the status a shell would see.
func (h *harness) runCmd(cmd *exec.Cmd) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = shellStatus(ee.ProcessState)
	} else if err != nil {
		h.t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func (h *harness) command(extra []string, args ...string) *exec.Cmd {
	env := map[string]string{}
	for k, v := range h.env {
		env[k] = v
	}
	for _, kv := range extra {
		if k, ok := strings.CutPrefix(kv, "-"); ok {
			delete(env, k)
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			h.t.Fatalf("environment change %q is neither KEY=VALUE nor -KEY", kv)
		}
		env[k] = v
	}
	cmd := exec.Command(filepath.Join(binDir, "ssox"), args...)
	cmd.Dir = h.home
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// shellStatus is the status a shell would report: 128+N for a process
// that died of signal N.
func shellStatus(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// seedToken logs in to the fake through the real protocol (device flow,
// approved by the test) and writes the result to the token cache as the AWS
// CLI would, with the expiry moved to now+ttl.
func (h *harness) seedToken(key string, ttl time.Duration, withRefresh bool) *sso.Token {
	h.t.Helper()
	ctx := context.Background()
	client := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: aws.String(h.url)})
	in := &ssooidc.RegisterClientInput{ClientName: aws.String("seed"), ClientType: aws.String("public")}
	if withRefresh {
		in.Scopes = []string{"sso:account:access"}
	}
	reg, err := client.RegisterClient(ctx, in)
	if err != nil {
		h.t.Fatal(err)
	}
	auth, err := client.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String(startURL)})
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.fake.ApproveDevice(aws.ToString(auth.UserCode)); err != nil {
		h.t.Fatal(err)
	}
	out, err := client.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: auth.DeviceCode})
	if err != nil {
		h.t.Fatal(err)
	}
	tok := &sso.Token{
		StartURL: startURL, Region: "us-east-1", AccessToken: aws.ToString(out.AccessToken),
		ExpiresAt: time.Now().Add(ttl).UTC().Truncate(time.Second),
		ClientID:  aws.ToString(reg.ClientId), ClientSecret: aws.ToString(reg.ClientSecret),
		RegistrationExpiresAt: time.Unix(reg.ClientSecretExpiresAt, 0).UTC(),
		RefreshToken:          aws.ToString(out.RefreshToken),
	}
	if err := sso.WriteToken(sso.CachePath(h.home, key), tok); err != nil {
		h.t.Fatal(err)
	}
	h.fake.ResetLog()
	return tok
}

// ops lists the fake's log as "Op[/grant] status" lines.
func (h *harness) ops() []string {
	var out []string
	for _, r := range h.fake.Requests() {
		s := r.Op
		if r.GrantType != "" {
			s += "/" + r.GrantType
		}
		s += fmt.Sprintf(" %d", r.Status)
		if r.ErrorType != "" {
			s += " " + r.ErrorType
		}
		out = append(out, s)
	}
	return out
}

func (h *harness) wantOps(want ...string) {
	h.t.Helper()
	got := h.ops()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("fake's log:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// noSecrets fails if any secret the fake issued appears in text.
func (h *harness) noSecrets(what, text string) {
	h.t.Helper()
	for _, s := range h.fake.Issued() {
		if strings.Contains(text, s) {
			h.t.Fatalf("%s contains the secret %q:\n%s", what, s, text)
		}
	}
}

// parseEnv reads `env -0` output.
func parseEnv(out string) map[string]string {
	return environ.FromList(strings.Split(out, "\x00"))
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// The command helper sets a variable to "" and removes one: both are real
// states a test must be able to reach.
func TestCommandEnvironmentChanges(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.env["GONE"] = "x"
	cmd := h.command([]string{"EMPTY=", "-GONE", "SET=a=b"})
	got := map[string]string{}
	for _, kv := range cmd.Env {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = v
	}
	if v, ok := got["EMPTY"]; !ok || v != "" {
		t.Errorf("EMPTY = %q, %v; want set and empty", v, ok)
	}
	if _, ok := got["GONE"]; ok {
		t.Error("GONE still set")
	}
	if got["SET"] != "a=b" || got["HOME"] != h.home {
		t.Errorf("environment %v", got)
	}
}
