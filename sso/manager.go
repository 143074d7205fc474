package sso

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	ssoapi "github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/smithy-go"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/filelock"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/visible"
)

// LoginOptions say how an interactive login may happen.
type LoginOptions struct {
	// Interactive allows a browser or device-code login; without it an
	// expired token that cannot be refreshed is an error.
	Interactive bool
	// NoBrowser prints the URL instead of opening it.
	NoBrowser bool
	// DeviceCode uses device authorization instead of PKCE.
	DeviceCode bool
	// Captured says a program, not a person, reads stderr (the SDK running
	// credential_process): a login must reach the terminal or not start.
	Captured bool
	// Background says the login runs while another program holds the
	// terminal (the child of --server): plain lines, no spinner redrawn
	// over its screen.
	Background bool
	// NoWait fails a renewal at once, with ErrBusy, when another process
	// holds the session's lock (a login waiting for its browser, most
	// likely) instead of waiting for it: a shell's prompt must not stall.
	NoWait bool
}

// Manager gets valid SSO tokens: from the cache, by silent refresh, or by
// logging in, one process at a time.
type Manager struct {
	Home  string
	Env   environ.Env
	IO    *iostreams.IOStreams
	Log   *debuglog.Logger
	Now   func() time.Time
	Login LoginOptions
	// Browser opens the login's URL; nil means the platform's opener in Env.
	Browser *browser.Opener
	// After waits as time.After does, which it is when nil: the device
	// flow's polls and the spinner's frames wait through it, so tests run
	// them on a clock of their own.
	After func(time.Duration) <-chan time.Time
	// Net is the network behaviour of every call (timeouts, messages).
	Net *awsapi.Net
	// TTY opens the controlling terminal for a login's instructions when
	// stderr is not one; nil opens /dev/tty (CONOUT$ on Windows).
	TTY func() (io.WriteCloser, error)
}

func (m *Manager) after(d time.Duration) <-chan time.Time {
	if m.After != nil {
		return m.After(d)
	}
	return time.After(d)
}

// Request names the session a token is for and where hints point.
type Request struct {
	Session awsconfig.Session
	// Profile, when set, is named in hints ('ssox login PROFILE').
	Profile string
	// Shared is the profile's SDK config, for endpoint overrides.
	Shared *config.SharedConfig
}

func (r Request) loginHint() string { return "run " + r.login() }

// login is the command line that logs in to this request's session, quoted.
func (r Request) login() string {
	return r.form("'ssox login %s'", "'ssox login --sso-session %s'", "'ssox login PROFILE'")
}

// logout is the command line that logs out of this request's session, quoted.
func (r Request) logout() string {
	return r.form("'ssox logout %s'", "'ssox logout --sso-session %s'", "'ssox logout PROFILE'")
}

// form is the command line for the request's profile when it names one,
// else for its sso-session, else the form without either; the names are
// quoted for the shell.
func (r Request) form(profile, session, neither string) string {
	switch {
	case r.Profile != "":
		return fmt.Sprintf(profile, visible.ShellWord(r.Profile))
	case r.Session.Name != "":
		return fmt.Sprintf(session, visible.ShellWord(r.Session.Name))
	}
	return neither
}

func (m *Manager) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// ErrLoginRequired means the token is gone or expired and no interactive
// login was allowed.
var ErrLoginRequired = errors.New("sso login required")

// ErrBusy means another process was renewing the token or logging in, and
// LoginOptions.NoWait said not to wait for it.
var ErrBusy = errors.New("another ssox is renewing the SSO token")

// Token returns a token with more than RefreshWindow left.
func (m *Manager) Token(ctx context.Context, req Request) (*Token, error) {
	path := CachePath(m.Home, req.Session.CacheKey())
	t, err := m.read(path)
	if t.ValidAt(m.now()) {
		m.Log.Printf("sso token for %s valid until %s", req.Session, awscache.FormatTime(t.ExpiresAt))
		return t, nil
	}
	if err != nil && !errors.Is(err, ErrNoToken) {
		var corrupt *CorruptError
		if !errors.As(err, &corrupt) {
			return nil, err
		}
	}
	return m.Renew(ctx, req, nil)
}

// hintUnlessClassified gives err the hint, unless err is a failed call
// whose class knows its own fix: a timeout wants the network checked, not a
// new login.
func hintUnlessClassified(err error, format string, args ...any) error {
	if awsapi.ClassOf(err).Hint() != "" {
		return err
	}
	return errs.WithHint(err, format, args...)
}

// LoggedIn reports whether the session's token cache holds a token: after
// a logout it does not. A token with a field of the wrong type still counts,
// as Token uses it.
func (m *Manager) LoggedIn(req Request) bool {
	t, err := ReadToken(CachePath(m.Home, req.Session.CacheKey()))
	return t != nil && !errors.Is(err, ErrNoToken)
}

// LoginNow logs in for 'ssox login': a token that looks valid is checked
// with the portal (a token revoked there looks valid for hours) and kept if
// the portal accepts it; else, or with force, it is renewed: refreshed
// silently, else by the interactive flow. It reports whether the token is
// new.
func (m *Manager) LoginNow(ctx context.Context, req Request, force bool) (*Token, bool, error) {
	t, _ := ReadToken(CachePath(m.Home, req.Session.CacheKey()))
	if t.ValidAt(m.now()) && !force {
		m.secret(t)
		err := m.verify(ctx, req, t)
		if err == nil {
			return t, false, nil
		}
		if ctx.Err() != nil {
			return nil, false, ctx.Err() // interrupted: exit 130, not "already logged in"
		}
		if !rejected(err) {
			m.IO.Warn("could not check the token with the portal: %s", m.Log.Redact(awsapi.Clean(err).Error()))
			return t, false, nil
		}
		m.IO.Say("the portal no longer accepts the SSO token for %s; renewing it", req.Session)
	}
	if t != nil {
		m.secret(t)
	}
	nt, err := m.Renew(ctx, req, t)
	return nt, err == nil, err
}

// verify asks the portal the cheapest question the token allows.
func (m *Manager) verify(ctx context.Context, req Request, t *Token) error {
	cfg, err := m.Net.Config(awsapi.SSO, req.Session.Region, req.Shared)
	if err != nil {
		return err
	}
	m.Log.Printf("checking the sso token for %s with ListAccounts", req.Session)
	_, err = ssoapi.NewFromConfig(cfg).ListAccounts(ctx, &ssoapi.ListAccountsInput{AccessToken: aws.String(t.AccessToken), MaxResults: aws.Int32(1)})
	return awsapi.Clean(err)
}

// rejected reports whether the portal refused a token, as opposed to not
// answering.
func rejected(err error) bool {
	var unauthorized *ssotypes.UnauthorizedException
	return errors.As(err, &unauthorized) || awsapi.ClassOf(err) == awsapi.Unauthorized
}

func (m *Manager) read(path string) (*Token, error) {
	t, err := ReadToken(path)
	m.secret(t)
	if err != nil {
		m.Log.Printf("sso token cache %s: %v", path, err)
	}
	return t, err
}

func (m *Manager) secret(t *Token) {
	if t != nil {
		m.Log.Secret(t.AccessToken, t.RefreshToken, t.ClientSecret)
	}
}

// Renew gets a new token: refreshed silently, else by logging in as Login
// allows. rejected, when not nil, is a token that looks valid but that the
// portal refused (revoked, or the session ended early): a cached token that
// is the same is renewed too.
//
// Renew takes the session's lock, then re-reads the cache: a process that
// waited finds the token another one just wrote and does nothing more.
//
// A renewal that fails (a refused login, a portal that does not answer)
// leaves a note beside the lock, and the processes that were waiting for
// it fail with its reason instead of each trying again: twenty commands
// started together with the login refused ask the user once, not twenty
// times.
func (m *Manager) Renew(ctx context.Context, req Request, rejected *Token) (*Token, error) {
	path := CachePath(m.Home, req.Session.CacheKey())
	since := time.Now()
	unlock, err := m.lock(ctx, path, req)
	if err != nil {
		return nil, err
	}
	defer unlock()

	t, readErr := m.read(path)
	stale := rejected != nil && t != nil && t.AccessToken == rejected.AccessToken
	if !stale && t.ValidAt(m.now()) {
		m.Log.Printf("another process renewed the token for %s", req.Session)
		return t, nil
	}
	if err := failedSince(path, since); err != nil {
		return nil, err
	}
	nt, err := m.renewLocked(ctx, req, path, t, readErr, stale)
	if err != nil && ctx.Err() == nil && !errors.Is(err, ErrLoginRequired) {
		m.recordFailure(path, err)
	}
	return nt, err
}

// renewLocked refreshes or logs in, holding the session's lock.
func (m *Manager) renewLocked(ctx context.Context, req Request, path string, t *Token, readErr error, stale bool) (*Token, error) {
	var corrupt *CorruptError
	if errors.As(readErr, &corrupt) {
		m.IO.Warn("%s", corrupt)
	}

	cfg, err := m.Net.Config(awsapi.SSOOIDC, req.Session.Region, req.Shared)
	if err != nil {
		return nil, err
	}
	client := ssooidc.NewFromConfig(cfg)

	newRegistration := false
	if t.CanRefresh(m.now()) {
		nt, err := m.refresh(ctx, client, req, t)
		if err == nil {
			return nt, m.write(path, nt)
		}
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || !refusal(apiErr.ErrorCode()) {
			// A login would try the same refresh first; logging out drops
			// the token and its registration, so the login after it starts
			// afresh.
			return nil, hintUnlessClassified(fmt.Errorf("refresh the SSO token for %s: %w", req.Session, err),
				"try again; if it persists, run %s, then %s", req.logout(), req.login())
		}
		next := "logging in again"
		if !m.Login.Interactive {
			next = "it needs a new login"
		}
		m.IO.Say("the SSO token for %s could not be refreshed (%s); %s", req.Session, visible.String(apiErr.ErrorCode()), next)
		newRegistration = apiErr.ErrorCode() == "InvalidClientException"
	}

	if !m.Login.Interactive {
		why := "has expired"
		switch {
		case t == nil && readErr != nil && errors.Is(readErr, ErrNoToken):
			why = "has no cached token"
		case stale:
			why = "was revoked or has ended"
		}
		return nil, errs.WithHint(fmt.Errorf("%w: %s %s", ErrLoginRequired, req.Session, why), "%s", req.loginHint())
	}
	nt, err := m.login(ctx, client, req, newRegistration)
	if err != nil {
		return nil, err
	}
	return nt, m.write(path, nt)
}

func (m *Manager) write(path string, t *Token) error {
	if err := WriteToken(path, t); err != nil {
		return fmt.Errorf("save the SSO token: %w", err)
	}
	m.Log.Printf("wrote %s (expires %s)", path, awscache.FormatTime(t.ExpiresAt))
	clearFailure(path)
	return nil
}

// refusal reports whether an OIDC error means the refresh token or its
// client will never work again, so a login is the way on.
func refusal(code string) bool {
	switch code {
	case "InvalidGrantException", "InvalidClientException", "UnauthorizedClientException",
		"ExpiredTokenException", "AccessDeniedException", "InvalidRequestException", "InvalidScopeException":
		return true
	}
	return false
}

func (m *Manager) refresh(ctx context.Context, client *ssooidc.Client, req Request, t *Token) (*Token, error) {
	m.Log.Printf("refreshing the sso token for %s", req.Session)
	start := m.now()
	out, err := client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId:     aws.String(t.ClientID),
		ClientSecret: aws.String(t.ClientSecret),
		GrantType:    aws.String("refresh_token"),
		RefreshToken: aws.String(t.RefreshToken),
	})
	if err != nil {
		m.Log.Printf("refresh failed: %v", err)
		return nil, awsapi.Clean(err)
	}
	nt := &Token{
		StartURL:              req.Session.StartURL,
		Region:                req.Session.Region,
		AccessToken:           aws.ToString(out.AccessToken),
		ExpiresAt:             start.Add(time.Duration(out.ExpiresIn) * time.Second),
		ClientID:              t.ClientID,
		ClientSecret:          t.ClientSecret,
		RegistrationExpiresAt: t.RegistrationExpiresAt,
		RefreshToken:          t.RefreshToken,
	}
	if rt := aws.ToString(out.RefreshToken); rt != "" {
		nt.RefreshToken = rt
	}
	m.secret(nt)
	return nt, nil
}

// lock takes the exclusive lock beside the cache entry, telling the user
// once when another process holds it for long.
func (m *Manager) lock(ctx context.Context, cachePath string, req Request) (func(), error) {
	path := filelock.PathFor(cachePath)
	if m.Login.NoWait {
		unlock, err := filelock.TryAcquire(path)
		if errors.Is(err, filelock.ErrBusy) {
			return nil, fmt.Errorf("%w for %s", ErrBusy, req.Session)
		}
		return unlock, err
	}
	start := time.Now()
	unlock, err := filelock.Acquire(ctx, path, func() {
		m.IO.Say("waiting for another ssox to finish logging in to %s", req.Session)
	})
	if err == nil {
		m.Log.Printf("locked %s after %s", path, time.Since(start).Round(time.Millisecond))
	}
	return unlock, err
}
