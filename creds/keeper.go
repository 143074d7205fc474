package creds

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/sso"
)

// Keeper gives a child that runs for hours (--server, --docker) the
// credentials of a profile through the end of its SSO session. A request
// never waits for a login, its own or another process's: when only a login
// helps, the Keeper starts one itself, once, in the background (Login),
// or, where none can reach the user, says once how to log in and shows a
// desktop notification (Notify); meanwhile requests fail at once, and the
// first one after a login, here or anywhere else, is served again.
type Keeper struct {
	// Get gets the credentials without a login and without waiting for
	// another process's (a Provider with sso.LoginOptions{NoWait: true}).
	Get func(ctx context.Context) (*Credentials, error)
	// Profile is the profile whose credentials Get gets, for messages.
	Profile *awsconfig.Profile
	// Login, when not nil, is the interactive login the Keeper starts when
	// the session has ended. It runs under Context, in the background.
	Login   func(ctx context.Context) error
	Context context.Context
	// Notify, when not nil, shows a desktop notification.
	Notify func(title, body string)
	IO     *iostreams.IOStreams

	mu    sync.Mutex
	state keeperState
	// loggedIn is when the Keeper's last login completed: a session that
	// ends again at once gets no second login (something else is wrong).
	loggedIn time.Time
}

type keeperState uint8

const (
	serving   keeperState = iota
	loggingIn             // the Keeper's login runs
	waiting               // a login is needed and the user was told how
)

// Credentials answers one request of the child.
func (k *Keeper) Credentials(ctx context.Context) (*Credentials, error) {
	k.mu.Lock()
	if k.state == loggingIn {
		k.mu.Unlock()
		return nil, k.needLogin("waiting for the login ssox started (see above)")
	}
	k.mu.Unlock()
	c, err := k.Get(ctx)
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case err == nil:
		k.state = serving
		return c, nil
	case errors.Is(err, sso.ErrBusy):
		return nil, fmt.Errorf("%w: another ssox is renewing the SSO token or logging in to %s; ask again shortly", sso.ErrLoginRequired, k.Profile.Session)
	case !errors.Is(err, sso.ErrLoginRequired):
		return nil, err
	case k.state == loggingIn:
		return nil, k.needLogin("waiting for the login ssox started (see above)")
	case k.state == waiting:
		return nil, k.needLogin("run " + k.loginCommand())
	}
	// The session has just ended.
	if k.Login == nil || time.Since(k.loggedIn) < time.Minute {
		k.state = waiting
		k.tell()
		return nil, k.needLogin("run " + k.loginCommand())
	}
	k.state = loggingIn
	k.IO.Say("the SSO session for %s has ended; logging in again (requests for credentials fail meanwhile)", k.Profile.Session)
	go k.login()
	return nil, k.needLogin("waiting for the login ssox started (see above)")
}

// login runs the Keeper's one login and says how it ended.
func (k *Keeper) login() {
	err := k.Login(k.Context)
	k.mu.Lock()
	defer k.mu.Unlock()
	if err == nil {
		k.state, k.loggedIn = serving, time.Now()
		k.IO.Say("serving the credentials of %s again", k.Profile.Name)
		return
	}
	k.state = waiting
	if k.Context.Err() == nil {
		k.IO.Warn("the login for %s did not complete: %s", k.Profile.Name, err)
		k.tell()
	}
}

// tell says, once for each ended session, that a login is needed and how.
func (k *Keeper) tell() {
	k.IO.Say("the SSO session for %s has ended: run %s (in another terminal); the command's requests for credentials fail until then", k.Profile.Session, k.loginCommand())
	if k.Notify != nil {
		k.Notify("ssox: log in again", fmt.Sprintf("The SSO session for %s has ended: run %s", k.Profile.Name, k.loginCommand()))
	}
}

func (k *Keeper) loginCommand() string {
	return "'ssox login " + visible.ShellWord(k.Profile.Name) + "'"
}

// needLogin is a request's error while a login is needed; the server
// answers it 503.
func (k *Keeper) needLogin(what string) error {
	return errs.WithHint(fmt.Errorf("%w: the SSO session for %s has ended", sso.ErrLoginRequired, k.Profile.Session), "%s", what)
}
