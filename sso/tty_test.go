package sso

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/iostreams"
)

// noTerminal keeps a test's login off the terminal that runs the tests.
func noTerminal() (io.WriteCloser, error) { return nil, errors.New("no terminal") }

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// With stderr read by a program (credential_process), a device-code login
// shows its URL and code on the terminal; with no terminal it fails at
// once, before any call, with the hint to log in from one.
func TestLoginSpeaksToTheTerminal(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)}
	fake := fakeidc.New(fakeidc.Options{StartURL: "https://old.awsapps.com/start", Now: clk.Now, DeviceApproveAfterPolls: 1})
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	req := Request{Profile: "legacy", Session: awsconfig.Session{StartURL: "https://old.awsapps.com/start", Region: "us-east-1"}}
	newManager := func(tty func() (io.WriteCloser, error)) (*Manager, *bytes.Buffer) {
		streams, _, _, stderr := iostreams.Test()
		return &Manager{Home: t.TempDir(), Env: environ.Env{}, IO: streams, Log: debuglog.New(nil), Now: clk.Now, After: clk.After,
			Net:   &awsapi.Net{Env: environ.Env{"AWS_ENDPOINT_URL_SSO_OIDC": url}},
			Login: LoginOptions{Interactive: true, NoBrowser: true, Captured: true}, TTY: tty}, stderr
	}

	var term bytes.Buffer
	m, stderr := newManager(func() (io.WriteCloser, error) { return nopCloser{&term}, nil })
	if _, _, err := m.LoginNow(context.Background(), req, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(term.String(), "open this URL and enter the code:\n\n  "+url+"/device\n  code: ") || term.String() != stderr.String() {
		t.Fatalf("terminal %q\nstderr %q", term.String(), stderr.String())
	}

	fake.ResetLog()
	m, stderr = newManager(noTerminal)
	_, _, err = m.LoginNow(context.Background(), req, false)
	if err == nil || err.Error() != "start URL https://old.awsapps.com/start needs a login, but nobody would see how: stderr goes to another program and there is no terminal" ||
		errs.HintOf(err) != "run 'ssox login legacy' in a terminal, then try again" || stderr.Len() != 0 {
		t.Fatalf("err %v hint %q stderr %q", err, errs.HintOf(err), stderr)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("%d calls", n)
	}
}
