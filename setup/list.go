package setup

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	ssoapi "github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/smithy-go"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/visible"
)

// Assignment is one role in one account that the user can reach.
type Assignment struct {
	AccountID, AccountName, RoleName string
}

// ListOptions tune how List talks to the portal. The zero value is what
// ssox setup uses.
type ListOptions struct {
	// Progress, when set, is told how many accounts have their roles
	// listed out of how many are known so far; listed is true once every
	// account is known. Calls never overlap.
	Progress func(done, known int, listed bool)
	// Window is the most ListAccountRoles calls in flight; 0 means the
	// adaptive window described at initialWindow, 1 one call at a time.
	Window int
	// Net is the run's network configuration (bounds, messages).
	Net *awsapi.Net

	// backoff replaces the wait before retry number attempt+1 of a
	// throttled call (tests).
	backoff func(attempt int) time.Duration
}

// Concurrency of ListAccountRoles calls: the window starts at
// initialWindow, shrinks by a quarter when the portal throttles (at most
// once per round trip: throttles of calls sent before the last cut do not
// cut again), grows by one for every growEvery calls that succeed, and
// stays between 1 and maxWindow.
const (
	initialWindow = 16
	maxWindow     = 32
	growEvery     = 4
)

// maxPage is the largest page the portal's list calls return.
const maxPage = 100

// Throttled calls are retried here, not by the SDK, so that each throttle
// also narrows the window: after a wait drawn from [0, base·2^attempt),
// capped, for at most throttleTries tries in all.
const (
	throttleBase  = 100 * time.Millisecond
	throttleCap   = 5 * time.Second
	throttleTries = 8
)

// List fetches every account and role the token reaches, following the
// portal's pagination: accounts page by page, and the roles of many
// accounts at once, within a window the portal's throttling narrows. The
// result is in the portal's order of accounts and roles, as if every call
// had been made one after another.
func List(ctx context.Context, s awsconfig.Session, shared *config.SharedConfig, token string, opts ListOptions) ([]Assignment, error) {
	cfg, err := opts.Net.Config(awsapi.SSO, s.Region, shared)
	if err != nil {
		return nil, err
	}
	client := ssoapi.NewFromConfig(cfg, func(o *ssoapi.Options) {
		if r, ok := o.Retryer.(aws.RetryerV2); ok {
			o.Retryer = throttlesToCaller{r}
		}
	})
	l := &lister{
		client:   client,
		token:    aws.String(token),
		progress: opts.Progress,
		win:      newWindow(initialWindow, maxWindow),
		backoff:  opts.backoff,
	}
	if opts.Window > 0 {
		l.win = newWindow(opts.Window, opts.Window)
	}
	if l.backoff == nil {
		l.backoff = backoff
	}
	return l.run(ctx)
}

// throttlesToCaller leaves throttling errors to List, which backs off and
// narrows its window, and every other retryable error to the SDK: no call
// is retried by both.
type throttlesToCaller struct{ aws.RetryerV2 }

func (r throttlesToCaller) IsErrorRetryable(err error) bool {
	return !isThrottle(err) && r.RetryerV2.IsErrorRetryable(err)
}

func isThrottle(err error) bool {
	var tooMany *ssotypes.TooManyRequestsException
	if errors.As(err, &tooMany) {
		return true
	}
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorCode() == "TooManyRequestsException" {
		return true
	}
	var resp *awshttp.ResponseError
	return errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusTooManyRequests
}

type lister struct {
	client   *ssoapi.Client
	token    *string
	progress func(done, known int, listed bool)
	win      *window
	backoff  func(attempt int) time.Duration

	mu          sync.Mutex
	roles       [][]Assignment // by account, in the portal's order
	done, known int
	listed      bool
}

func (l *lister) run(ctx context.Context) ([]Assignment, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	accounts := ssoapi.NewListAccountsPaginator(l.client, &ssoapi.ListAccountsInput{AccessToken: l.token, MaxResults: aws.Int32(maxPage)})
	for accounts.HasMorePages() {
		var page *ssoapi.ListAccountsOutput
		err := l.retry(ctx, false, func() (err error) {
			page, err = accounts.NextPage(ctx)
			err = awsapi.Clean(err)
			return err
		})
		if err != nil {
			cancel(fmt.Errorf("list accounts: %w", err))
			break
		}
		for _, a := range page.AccountList {
			l.mu.Lock()
			i := len(l.roles)
			l.roles = append(l.roles, nil)
			l.known++
			l.mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				roles, err := l.accountRoles(ctx, aws.ToString(a.AccountId), aws.ToString(a.AccountName))
				if err != nil {
					cancel(err)
					return
				}
				l.mu.Lock()
				l.roles[i] = roles
				l.done++
				l.mu.Unlock()
				l.report()
			}()
		}
		l.report()
	}
	l.mu.Lock()
	l.listed = true
	l.mu.Unlock()
	l.report()
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	var out []Assignment
	for _, r := range l.roles {
		out = append(out, r...)
	}
	return out, nil
}

// accountRoles lists one account's roles, page after page, each call
// within the window.
func (l *lister) accountRoles(ctx context.Context, id, name string) ([]Assignment, error) {
	var out []Assignment
	pages := ssoapi.NewListAccountRolesPaginator(l.client, &ssoapi.ListAccountRolesInput{AccessToken: l.token, AccountId: aws.String(id), MaxResults: aws.Int32(maxPage)})
	for pages.HasMorePages() {
		var page *ssoapi.ListAccountRolesOutput
		err := l.retry(ctx, true, func() (err error) {
			page, err = pages.NextPage(ctx)
			err = awsapi.Clean(err)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf(`list roles of account "%s": %w`, visible.String(id), err)
		}
		for _, r := range page.RoleList {
			out = append(out, Assignment{AccountID: id, AccountName: name, RoleName: aws.ToString(r.RoleName)})
		}
	}
	return out, nil
}

// retry makes call until it is not throttled, waiting longer each time;
// windowed calls also take a place in the window and report how they went.
func (l *lister) retry(ctx context.Context, windowed bool, call func() error) error {
	for attempt := 0; ; attempt++ {
		var ticket uint64
		if windowed {
			var err error
			if ticket, err = l.win.acquire(ctx); err != nil {
				return err
			}
		}
		err := call()
		throttled := isThrottle(err)
		if windowed {
			l.win.release(ticket, throttled)
		}
		if !throttled {
			return err
		}
		if attempt+1 == throttleTries {
			return errs.WithHint(fmt.Errorf("the portal still throttles after %d tries: %w", throttleTries, err),
				"the portal is busy: run setup again in a minute")
		}
		t := time.NewTimer(l.backoff(attempt))
		select {
		case <-ctx.Done():
			t.Stop()
			return context.Cause(ctx)
		case <-t.C:
		}
	}
}

// backoff is the wait before retry number attempt+1 of a throttled call:
// "full jitter", so that calls throttled together do not return together.
func backoff(attempt int) time.Duration {
	return rand.N(min(throttleCap, throttleBase<<attempt))
}

// report tells Progress where the listing stands.
func (l *lister) report() {
	if l.progress == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.progress(l.done, l.known, l.listed)
}

// window bounds the calls in flight; see initialWindow.
type window struct {
	mu       sync.Mutex
	wake     chan struct{} // closed and replaced when a place may be free
	size     float64
	max      float64
	inflight int
	sent     uint64 // calls sent so far
	cutAt    uint64 // calls sent before this cannot cut the window again
	wins     int    // successes since the window last grew
}

func newWindow(size, max int) *window {
	return &window{wake: make(chan struct{}), size: float64(size), max: float64(max)}
}

// acquire waits for a place in the window and returns the call's ticket.
func (w *window) acquire(ctx context.Context) (uint64, error) {
	for {
		w.mu.Lock()
		if w.inflight < int(w.size) {
			w.inflight++
			w.sent++
			t := w.sent
			w.mu.Unlock()
			return t, nil
		}
		wake := w.wake
		w.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return 0, context.Cause(ctx)
		}
	}
}

// release gives the place back and adjusts the window to how the call went.
func (w *window) release(ticket uint64, throttled bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.inflight--
	switch {
	case throttled && ticket > w.cutAt:
		w.size = max(1, w.size*3/4)
		w.cutAt = w.sent
		w.wins = 0
	case !throttled:
		if w.wins++; w.wins == growEvery {
			w.wins = 0
			w.size = min(w.max, w.size+1)
		}
	}
	close(w.wake)
	w.wake = make(chan struct{})
}
