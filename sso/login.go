package sso

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	ssooidctypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/errs"
)

// loginTimeout bounds the wait for the user, as the AWS CLI's.
const loginTimeout = 10 * time.Minute

// useDeviceCode decides the flow: device authorization for legacy profiles,
// when asked, and when a browser could not reach our loopback listener (an
// SSH session, or Linux with no display and no BROWSER).
func useDeviceCode(b *browser.Opener, legacy, asked bool) bool {
	return asked || legacy || !b.Local()
}

func (m *Manager) login(ctx context.Context, client *ssooidc.Client, req Request, newRegistration bool) (*Token, error) {
	ctx, cancel := context.WithTimeout(ctx, loginTimeout)
	defer cancel()
	device := useDeviceCode(m.browser(), req.Session.Legacy(), m.Login.DeviceCode)
	// A browser that opens shows the login (the device flow's page holds
	// the code); without one, someone must read the URL or the code.
	restore, err := m.reachUser(req, !m.browserUsable())
	if err != nil {
		return nil, err
	}
	defer restore()
	flow := m.pkceLogin
	if device {
		flow = m.deviceLogin
	}
	t, err := flow(ctx, client, req, newRegistration)
	var stale *staleClientError
	if errors.As(err, &stale) && !newRegistration {
		// The portal forgot the cached registration (deleted, or the
		// instance was recreated): drop it and log in with a new one,
		// rather than wait for a login that cannot succeed.
		m.IO.Say("the portal no longer knows the client registration for %s; registering a new one", req.Session)
		_ = os.Remove(registrationPath(m.Home, req.Session, req.Session.Scopes()))
		t, err = flow(ctx, client, req, true)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && awsapi.ClassOf(err) == 0 {
		return nil, errs.WithHint(fmt.Errorf("login to %s timed out after %s", req.Session, loginTimeout), "%s and finish in the browser", req.loginHint())
	}
	if err != nil {
		return nil, err
	}
	m.secret(t)
	m.IO.Say("logged in to %s", req.Session)
	return t, nil
}

// staleClientError is a login refused because the portal does not know the
// client registration it used.
type staleClientError struct{ err error }

func (e *staleClientError) Error() string { return e.err.Error() }
func (e *staleClientError) Unwrap() error { return e.err }

// staleClient wraps err when it says the client registration is unknown.
func staleClient(err error) error {
	var invalid *ssooidctypes.InvalidClientException
	if errors.As(err, &invalid) {
		return &staleClientError{err}
	}
	return err
}

// reachUser makes sure the login's instructions reach a person. When
// stderr is not a terminal (a credential_process whose stderr the SDK
// reads, a redirect to a file) they go to the controlling terminal too.
// Without one, a login whose instructions must be read (no browser opens)
// fails at once where stderr is read by a program,
// rather than wait ten minutes for someone who cannot see them.
func (m *Manager) reachUser(req Request, mustRead bool) (restore func(), err error) {
	if m.IO.ErrTTY {
		return func() {}, nil
	}
	open := m.TTY
	if open == nil {
		open = openTTY
	}
	w, err := open()
	if err == nil {
		saved := m.IO
		streams := *saved
		streams.ErrOut = io.MultiWriter(saved.ErrOut, w)
		m.IO = &streams
		return func() { m.IO = saved; w.Close() }, nil
	}
	if m.Login.Captured && mustRead {
		return nil, errs.WithHint(fmt.Errorf("%s needs a login, but nobody would see how: stderr goes to another program and there is no terminal", req.Session),
			"%s in a terminal, then try again", req.loginHint())
	}
	return func() {}, nil
}

// openTTY opens the terminal to write to: /dev/tty, or on Windows the
// console (CONOUT$).
func openTTY() (io.WriteCloser, error) {
	name := "/dev/tty"
	if runtime.GOOS == "windows" {
		name = "CONOUT$"
	}
	return os.OpenFile(name, os.O_WRONLY, 0)
}

// browser is the opener of login URLs.
func (m *Manager) browser() *browser.Opener {
	if m.Browser == nil {
		m.Browser = &browser.Opener{Env: m.Env}
	}
	return m.Browser
}

// browserUsable says whether to try opening a browser at all.
func (m *Manager) browserUsable() bool {
	return !m.Login.NoBrowser && m.browser().Local()
}

// openURL opens rawURL in the browser, handed over off the browser's
// command line (it holds the login's state and callback port); call the
// function it returns when the login is over.
func (m *Manager) openURL(rawURL string) (done func()) {
	done, err := m.browser().Open(rawURL)
	if err != nil {
		m.Log.Printf("open browser: %v", err)
		m.IO.Say("could not open a browser (%v); open the URL above yourself", err)
		return func() {}
	}
	return done
}

func tokenFrom(out *ssooidc.CreateTokenOutput, req Request, reg *registration, start time.Time) *Token {
	return &Token{
		StartURL:              req.Session.StartURL,
		Region:                req.Session.Region,
		AccessToken:           aws.ToString(out.AccessToken),
		ExpiresAt:             start.Add(time.Duration(out.ExpiresIn) * time.Second),
		ClientID:              reg.ClientID,
		ClientSecret:          reg.ClientSecret,
		RegistrationExpiresAt: reg.expires,
		RefreshToken:          aws.ToString(out.RefreshToken),
	}
}
