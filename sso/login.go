package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	ssooidctypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/visible"
)

const defaultLoginTimeout = 10 * time.Minute

// useDeviceCode decides the flow: device authorization for legacy profiles,
// when asked, and when a browser could not reach our loopback listener (an
// SSH session, or Linux with no display and no BROWSER).
func useDeviceCode(b *browser.Opener, legacy, asked bool) bool {
	return asked || legacy || !b.Local()
}

func (m *Manager) login(ctx context.Context, client *ssooidc.Client, req Request, newRegistration bool) (*Token, error) {
	timeout := m.Login.Timeout
	if timeout <= 0 {
		timeout = defaultLoginTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
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
		return nil, errs.WithHint(fmt.Errorf("login to %s timed out after %s", req.Session, timeout), "%s and finish in the browser", req.loginHint())
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

func openTTY() (io.WriteCloser, error) {
	return os.OpenFile("/dev/tty", os.O_WRONLY, 0)
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

func (m *Manager) openURL(rawURL string) {
	if err := m.browser().Open(rawURL); err != nil {
		m.Log.Printf("open browser: %v", err)
		m.IO.Say("could not open a browser (%v); open the URL above yourself", err)
	}
}

// pkceLogin is the authorization-code flow with PKCE (RFC 7636) and a
// loopback redirect (RFC 8252), as the AWS CLI v2.22+ does.
func (m *Manager) pkceLogin(ctx context.Context, client *ssooidc.Client, req Request, newRegistration bool) (*Token, error) {
	reg, err := m.registration(ctx, client, req.Session, true, newRegistration)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the login redirect: %w", err)
	}
	redirect := fmt.Sprintf("http://127.0.0.1:%d/oauth/callback", ln.Addr().(*net.TCPAddr).Port)
	verifier := randomString(64)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	state := uuid4()

	base, err := oidcEndpoint(ctx, client)
	if err != nil {
		ln.Close()
		return nil, err
	}
	scopes := reg.Scopes
	if len(scopes) == 0 {
		scopes = []string{"sso:account:access"}
	}
	authURL := base + "/authorize?" + encodeQuery([][2]string{
		{"response_type", "code"},
		{"client_id", reg.ClientID},
		{"redirect_uri", redirect},
		{"state", state},
		{"code_challenge_method", "S256"},
		{"scopes", strings.Join(scopes, " ")},
		{"code_challenge", challenge},
	})

	results := make(chan callbackResult, 1)
	srv := &http.Server{Handler: callbackHandler(state, req.Session.String(), results), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	if m.browserUsable() {
		m.IO.Say("log in to %s in the browser; if it does not open, visit:\n\n  %s\n", req.Session, authURL)
		m.openURL(authURL)
	} else {
		// The redirect comes back to 127.0.0.1: only a browser here can finish.
		m.IO.Say("to log in to %s, open this URL in a browser on this machine:\n\n  %s\n", req.Session, authURL)
	}
	stop := m.spin(ctx, "waiting for the browser login", "")
	var res callbackResult
	select {
	case res = <-results:
	case <-ctx.Done():
	}
	stop()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if res.oauthErr == "invalid_client" {
		return nil, &staleClientError{errs.WithHint(res.err, "%s to try again", req.loginHint())}
	}
	if res.err != nil {
		return nil, errs.WithHint(res.err, "%s to try again", req.loginHint())
	}
	m.Log.Printf("got an authorization code; exchanging it for a token")
	start := m.now()
	out, err := client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId:     aws.String(reg.ClientID),
		ClientSecret: aws.String(reg.ClientSecret),
		GrantType:    aws.String(grantAuthCode),
		Code:         aws.String(res.code),
		CodeVerifier: aws.String(verifier),
		RedirectUri:  aws.String(redirect),
	})
	err = awsapi.Clean(err)
	if err != nil {
		return nil, staleClient(hintUnlessClassified(fmt.Errorf("exchange the authorization code: %w", err), "%s to try again", req.loginHint()))
	}
	return tokenFrom(out, req, reg, start), nil
}

type callbackResult struct {
	code string
	// oauthErr is the OAuth error the portal sent back, if any.
	oauthErr string
	err      error
}

// callbackHandler answers the browser's redirect and sends the outcome of
// the first request that carries the login's state. Anyone on the machine
// can reach the port, so a request without that state is answered 400 and
// changes nothing; what the redirect carries is shown with its control
// characters as visible escapes.
func callbackHandler(state, session string, results chan<- callbackResult) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/callback", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, page, "Not this login", "This page does not belong to the login ssox is waiting for. Return to the terminal.")
			return
		}
		var res callbackResult
		switch {
		case q.Get("error") != "":
			res.oauthErr = clip(visible.String(q.Get("error")))
			res.err = fmt.Errorf("the login was refused: %s", describe(res.oauthErr, clip(visible.String(q.Get("error_description")))))
		case q.Get("code") == "":
			res.err = errors.New("the login redirect carried no authorization code")
		default:
			res.code = q.Get("code")
		}
		if res.err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, page, "Login failed", html.EscapeString(res.err.Error())+". Return to the terminal.")
		} else {
			fmt.Fprintf(w, page, "Logged in", "ssox is logged in to "+html.EscapeString(session)+". You can close this tab.")
		}
		select {
		case results <- res:
		default:
		}
	})
	return mux
}

// clip bounds text from the redirect to what a message line can hold.
func clip(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "..."
	}
	return s
}

const page = `<!doctype html><html><head><meta charset="utf-8"><title>ssox</title></head>` +
	`<body style="font-family:sans-serif;margin:4em"><h1>%s</h1><p>%s</p></body></html>`

func describe(code, desc string) string {
	if desc != "" {
		return code + " (" + desc + ")"
	}
	return code
}

// deviceLogin is the device authorization grant (RFC 8628).
func (m *Manager) deviceLogin(ctx context.Context, client *ssooidc.Client, req Request, newRegistration bool) (*Token, error) {
	reg, err := m.registration(ctx, client, req.Session, false, newRegistration)
	if err != nil {
		return nil, err
	}
	auth, err := client.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId:     aws.String(reg.ClientID),
		ClientSecret: aws.String(reg.ClientSecret),
		StartUrl:     aws.String(req.Session.StartURL),
	})
	err = awsapi.Clean(err)
	if err != nil {
		return nil, staleClient(hintUnlessClassified(fmt.Errorf("start device authorization with %s: %w", req.Session, err), "%s to try again", req.loginHint()))
	}
	code := aws.ToString(auth.UserCode)
	m.IO.Say("to log in to %s, open this URL and enter the code:\n\n  %s\n  code: %s\n",
		req.Session, aws.ToString(auth.VerificationUri), code)
	if m.browserUsable() && auth.VerificationUriComplete != nil {
		m.openURL(aws.ToString(auth.VerificationUriComplete))
	}
	interval := time.Duration(auth.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second
	}
	if auth.ExpiresIn > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(auth.ExpiresIn)*time.Second)
		defer cancel()
	}
	stop := m.spin(ctx, "waiting for approval in the browser", code)
	defer stop()
	for {
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, errs.WithHint(errors.New("the device code expired before it was approved"), "%s and approve it within the time shown", req.loginHint())
			}
			return nil, ctx.Err()
		case <-m.after(interval):
		}
		start := m.now()
		out, err := client.CreateToken(ctx, &ssooidc.CreateTokenInput{
			ClientId:     aws.String(reg.ClientID),
			ClientSecret: aws.String(reg.ClientSecret),
			GrantType:    aws.String(grantDevice),
			DeviceCode:   auth.DeviceCode,
		})
		err = awsapi.Clean(err)
		var pending *ssooidctypes.AuthorizationPendingException
		var slow *ssooidctypes.SlowDownException
		var expired *ssooidctypes.ExpiredTokenException
		var denied *ssooidctypes.AccessDeniedException
		switch {
		case err == nil:
			stop()
			return tokenFrom(out, req, reg, start), nil
		case errors.As(err, &pending):
		case errors.As(err, &slow):
			interval += 5 * time.Second
			m.Log.Printf("asked to slow down; polling every %s", interval)
		case errors.As(err, &expired):
			stop()
			return nil, errs.WithHint(errors.New("the device code expired before it was approved"), "%s and approve it within the time shown", req.loginHint())
		case errors.As(err, &denied):
			stop()
			return nil, errs.WithHint(errors.New("the login was refused in the browser"), "%s to try again", req.loginHint())
		case ctx.Err() != nil:
			continue
		default:
			stop()
			return nil, staleClient(hintUnlessClassified(fmt.Errorf("poll for the device token: %w", err), "%s to try again", req.loginHint()))
		}
	}
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

// oidcEndpoint is the OIDC base URL the SDK resolved for client, for the
// authorize URL that no SDK operation builds.
func oidcEndpoint(ctx context.Context, client *ssooidc.Client) (string, error) {
	o := client.Options()
	ep, err := o.EndpointResolverV2.ResolveEndpoint(ctx, ssooidc.EndpointParameters{
		Region:       aws.String(o.Region),
		Endpoint:     o.BaseEndpoint,
		UseFIPS:      aws.Bool(o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled),
		UseDualStack: aws.Bool(o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled),
	})
	if err != nil {
		return "", fmt.Errorf("resolve the OIDC endpoint: %w", err)
	}
	return strings.TrimSuffix(ep.URI.String(), "/"), nil
}

// encodeQuery keeps the parameters' order and encodes spaces as %20, as the
// AWS CLI's authorize URL does.
func encodeQuery(params [][2]string) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = url.QueryEscape(p[0]) + "=" + strings.ReplaceAll(url.QueryEscape(p[1]), "+", "%20")
	}
	return strings.Join(parts, "&")
}

const verifierChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

// randomString returns n characters of the PKCE verifier alphabet,
// rejecting bytes past the largest multiple of its size to avoid bias.
func randomString(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	limit := 256 - 256%len(verifierChars)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, verifierChars[int(c)%len(verifierChars)])
			}
		}
	}
	return string(out)
}

func uuid4() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
