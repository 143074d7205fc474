package creds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/sso"
)

// keeperRig is a Keeper whose Get and Login the test drives.
type keeperRig struct {
	k      *Keeper
	errOut *bytes.Buffer // what the Keeper says
	mu     sync.Mutex
	ended  bool // the session has ended: Get fails until a login
	logins int
	notes  []string
	// login blocks each login until the test sends its result.
	login chan error
}

func newKeeperRig(t *testing.T, canLogin bool) *keeperRig {
	io, _, _, errOut := iostreams.Test()
	r := &keeperRig{login: make(chan error), errOut: errOut}
	r.k = &Keeper{
		Get: func(context.Context) (*Credentials, error) {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.ended {
				return nil, errs.WithHint(fmt.Errorf("%w: njoitaws has expired", sso.ErrLoginRequired), "run 'ssox login ui-dev'")
			}
			return &Credentials{AccessKeyID: "ASIA"}, nil
		},
		Profile: &awsconfig.Profile{Name: "ui-dev", Session: awsconfig.Session{Name: "njoitaws"}},
		Context: context.Background(),
		Notify:  func(title, body string) { r.mu.Lock(); r.notes = append(r.notes, title+": "+body); r.mu.Unlock() },
		IO:      io,
	}
	if canLogin {
		r.k.Login = func(context.Context) error {
			r.mu.Lock()
			r.logins++
			r.mu.Unlock()
			err := <-r.login
			if err == nil {
				r.mu.Lock()
				r.ended = false
				r.mu.Unlock()
			}
			return err
		}
	}
	return r
}

func (r *keeperRig) end() { r.mu.Lock(); r.ended = true; r.mu.Unlock() }

// When the session ends, the first request starts one login and fails at
// once, as do all that come while it runs; after it, requests are served.
func TestKeeperLogsInOnce(t *testing.T) {
	r := newKeeperRig(t, true)
	ctx := context.Background()
	if _, err := r.k.Credentials(ctx); err != nil {
		t.Fatal(err)
	}
	r.end()
	for range 20 {
		_, err := r.k.Credentials(ctx)
		if !errors.Is(err, sso.ErrLoginRequired) || errs.HintOf(err) != "waiting for the login ssox started (see above)" {
			t.Fatalf("during the login: %v (hint %q)", err, errs.HintOf(err))
		}
	}
	r.login <- nil // the login completes
	var c *Credentials
	var err error
	for c == nil {
		c, err = r.k.Credentials(ctx)
		if err != nil && errs.HintOf(err) != "waiting for the login ssox started (see above)" {
			t.Fatalf("after the login: %v", err)
		}
	}
	if r.logins != 1 || len(r.notes) != 0 {
		t.Fatalf("%d logins, notes %q; want one login and no note", r.logins, r.notes)
	}
	want := "ssox: the SSO session for sso-session \"njoitaws\" has ended; logging in again (requests for credentials fail meanwhile)\n" +
		"ssox: serving the credentials of ui-dev again\n"
	if got := r.said(); got != want {
		t.Fatalf("said %q, want %q", got, want)
	}
}

func (r *keeperRig) said() string {
	r.k.mu.Lock()
	defer r.k.mu.Unlock()
	return r.errOut.String()
}

// A login that fails is not retried: the user is told how to log in, and
// the first request after a login elsewhere is served.
func TestKeeperAfterAFailedLogin(t *testing.T) {
	r := newKeeperRig(t, true)
	ctx := context.Background()
	r.end()
	if _, err := r.k.Credentials(ctx); !errors.Is(err, sso.ErrLoginRequired) {
		t.Fatal(err)
	}
	r.login <- errors.New("access denied")
	for {
		_, err := r.k.Credentials(ctx)
		if errs.HintOf(err) == "run 'ssox login ui-dev'" {
			break
		}
	}
	for range 5 {
		if _, err := r.k.Credentials(ctx); errs.HintOf(err) != "run 'ssox login ui-dev'" {
			t.Fatalf("after the failed login: %v", err)
		}
	}
	if r.logins != 1 || len(r.notes) != 1 || r.notes[0] != "ssox: log in again: The SSO session for ui-dev has ended: run 'ssox login ui-dev'" {
		t.Fatalf("%d logins, notes %q", r.logins, r.notes)
	}
	r.mu.Lock()
	r.ended = false // logged in elsewhere
	r.mu.Unlock()
	if c, err := r.k.Credentials(ctx); err != nil || c.AccessKeyID != "ASIA" {
		t.Fatalf("after a login elsewhere: %v", err)
	}
}

// Where no login can reach the user, the Keeper says how to log in and
// notifies, once a session.
func TestKeeperWithoutALogin(t *testing.T) {
	r := newKeeperRig(t, false)
	ctx := context.Background()
	r.end()
	for range 5 {
		if _, err := r.k.Credentials(ctx); !errors.Is(err, sso.ErrLoginRequired) || errs.HintOf(err) != "run 'ssox login ui-dev'" {
			t.Fatalf("%v", err)
		}
	}
	if len(r.notes) != 1 {
		t.Fatalf("notes %q, want one", r.notes)
	}
	r.mu.Lock()
	r.ended = false
	r.mu.Unlock()
	if _, err := r.k.Credentials(ctx); err != nil {
		t.Fatal(err)
	}
	r.end()
	_, _ = r.k.Credentials(ctx)
	if len(r.notes) != 2 {
		t.Fatalf("a second end of the session: notes %q, want two", r.notes)
	}
}

// Another process's login or refresh is not waited for.
func TestKeeperBusy(t *testing.T) {
	r := newKeeperRig(t, true)
	r.k.Get = func(context.Context) (*Credentials, error) {
		return nil, fmt.Errorf("%w for njoitaws", sso.ErrBusy)
	}
	_, err := r.k.Credentials(context.Background())
	if !errors.Is(err, sso.ErrLoginRequired) || !strings.Contains(err.Error(), `another ssox is renewing the SSO token or logging in to sso-session "njoitaws"`) || r.logins != 0 {
		t.Fatalf("%v; %d logins", err, r.logins)
	}
}
