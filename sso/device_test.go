package sso

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/iostreams"
)

// clock is a test clock shared by ssox and the fake: a wait through After
// moves it on at once, and is recorded.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	ch <- c.t
	return ch
}

// The device flow polls at the portal's interval and, told to slow down,
// 5 seconds slower from then on; the fake answers SlowDownException to any
// poll that comes too soon by the same clock, so its log proves the waits.
func TestDeviceLoginSlowsDown(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)}
	fake := fakeidc.New(fakeidc.Options{StartURL: "https://old.awsapps.com/start", Now: clk.Now,
		DeviceInterval: time.Second, DeviceSlowDownPolls: 1, DeviceApproveAfterPolls: 1})
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	io, _, _, stderr := iostreams.Test()
	m := &Manager{Home: t.TempDir(), Env: environ.Env{}, IO: io, Log: debuglog.New(nil), Now: clk.Now, After: clk.After,
		Net:   &awsapi.Net{Env: environ.Env{"AWS_ENDPOINT_URL_SSO_OIDC": url, "AWS_ENDPOINT_URL_SSO": url}},
		Login: LoginOptions{Interactive: true, NoBrowser: true}, TTY: noTerminal}
	req := Request{Session: awsconfig.Session{StartURL: "https://old.awsapps.com/start", Region: "us-east-1"}}
	tok, renewed, err := m.LoginNow(context.Background(), req, false)
	if err != nil || !renewed || tok.AccessToken == "" {
		t.Fatalf("login: %v, %v, %+v\n%s", err, renewed, tok, stderr)
	}
	var ops []string
	for _, r := range fake.Requests() {
		ops = append(ops, fmt.Sprintf("%s/%s %d %s", r.Op, r.GrantType, r.Status, r.ErrorType))
	}
	wantOps := []string{
		"RegisterClient/ 200 ", "StartDeviceAuthorization/ 200 ",
		"CreateToken/urn:ietf:params:oauth:grant-type:device_code 400 SlowDownException",
		"CreateToken/urn:ietf:params:oauth:grant-type:device_code 400 AuthorizationPendingException",
		"CreateToken/urn:ietf:params:oauth:grant-type:device_code 200 ",
	}
	if !slices.Equal(ops, wantOps) {
		t.Errorf("fake's log:\n%q\nwant\n%q", ops, wantOps)
	}
	if want := []time.Duration{time.Second, 6 * time.Second, 6 * time.Second}; !slices.Equal(clk.waits, want) {
		t.Errorf("waits %v, want %v", clk.waits, want)
	}
	if !tok.ExpiresAt.After(clk.Now()) {
		t.Errorf("token expires %s, clock at %s", tok.ExpiresAt, clk.Now())
	}
}

// The device flow prints the portal's URL with the code filled in, beside
// the URL and the code: one click where the browser is elsewhere.
func TestDeviceLoginPrintsURLWithCode(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)}
	fake := fakeidc.New(fakeidc.Options{StartURL: "https://old.awsapps.com/start", Now: clk.Now, DeviceApproveAfterPolls: 1})
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	io, _, _, stderr := iostreams.Test()
	m := &Manager{Home: t.TempDir(), Env: environ.Env{}, IO: io, Log: debuglog.New(nil), Now: clk.Now, After: clk.After,
		Net:   &awsapi.Net{Env: environ.Env{"AWS_ENDPOINT_URL_SSO_OIDC": url, "AWS_ENDPOINT_URL_SSO": url}},
		Login: LoginOptions{Interactive: true, NoBrowser: true}, TTY: noTerminal}
	req := Request{Session: awsconfig.Session{StartURL: "https://old.awsapps.com/start", Region: "us-east-1"}}
	if _, _, err := m.LoginNow(context.Background(), req, false); err != nil {
		t.Fatalf("login: %v\n%s", err, stderr)
	}
	m2 := regexp.MustCompile(`code: (\S+)\n`).FindStringSubmatch(stderr.String())
	if m2 == nil {
		t.Fatalf("no code in %q", stderr)
	}
	want := "ssox: to log in to start URL https://old.awsapps.com/start, open this URL and enter the code:\n\n" +
		"  " + url + "/device\n  code: " + m2[1] + "\n\n" +
		"or open this URL, the code filled in:\n\n  " + url + "/device?user_code=" + m2[1] + "\n\n"
	if got := stderr.String(); !strings.HasPrefix(got, want) {
		t.Fatalf("stderr\n%q\nwant it to start\n%q", got, want)
	}
}
