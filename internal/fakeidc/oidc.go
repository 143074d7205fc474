package fakeidc

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const (
	grantAuthCode = "authorization_code"
	grantRefresh  = "refresh_token"
	grantDevice   = "urn:ietf:params:oauth:grant-type:device_code"

	authCodeTTL = 5 * time.Minute
	// slowDownSlack forgives polls that arrive a little early, since clients
	// measure the interval from when they got the previous answer.
	slowDownSlack = 150 * time.Millisecond
	// slowDownStep is what RFC 8628 §3.5 says a slow_down adds to the interval.
	slowDownStep = 5 * time.Second
)

type client struct {
	id, secret, name string
	scopes           []string
	grantTypes       []string
	redirectURIs     []string
	expires          time.Time
}

// allows reports whether the client may use grant g; registrations that
// name no grant types are the legacy device-code kind.
func (c *client) allows(g string) bool {
	if len(c.grantTypes) == 0 {
		return g == grantDevice || g == grantRefresh
	}
	return slices.Contains(c.grantTypes, g)
}

// redirectAllowed reports whether raw is a loopback redirect URI matching a
// registered one except for the port, as RFC 8252 §7.3 asks.
func (c *client) redirectAllowed(raw string) bool {
	u, ok := loopbackURI(raw)
	if !ok {
		return false
	}
	for _, reg := range c.redirectURIs {
		r, _ := url.Parse(reg)
		if r.Hostname() == u.Hostname() && r.Path == u.Path && r.RawQuery == u.RawQuery {
			return true
		}
	}
	return false
}

func loopbackURI(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.User != nil || u.Fragment != "" {
		return nil, false
	}
	if h := u.Hostname(); h != "localhost" {
		ip := net.ParseIP(h)
		if ip == nil || !ip.IsLoopback() {
			return nil, false
		}
	}
	return u, true
}

// session is one sign-in; the tokens issued from it, including rotated
// ones, die with it.
type session struct {
	expires   time.Time // when its refresh tokens stop working
	loggedOut bool
}

type deviceAuth struct {
	code, userCode, clientID string
	expires                  time.Time
	interval                 time.Duration
	lastPoll                 time.Time
	polls, pending           int
	approved, spent          bool
}

type authCode struct {
	clientID, redirectURI, challenge string
	expires                          time.Time
	used                             bool
}

type accessToken struct {
	clientID string
	expires  time.Time
	revoked  bool
	session  *session
}

type refreshToken struct {
	value, clientID string
	revoked         bool
	session         *session
}

func (s *Server) registerClient(_ *http.Request, in *input, rec *Request) reply {
	if strings.TrimSpace(in.ClientName) == "" {
		return fail(http.StatusBadRequest, "InvalidRequestException", "clientName is required")
	}
	if in.ClientType != "public" {
		return fail(http.StatusBadRequest, "InvalidClientMetadataException", "clientType must be public")
	}
	for _, g := range in.GrantTypes {
		if g != grantAuthCode && g != grantRefresh && g != grantDevice {
			return fail(http.StatusBadRequest, "InvalidClientMetadataException", "unsupported grant type "+g)
		}
	}
	for _, sc := range in.Scopes {
		if sc == "" || strings.ContainsAny(sc, " \t\r\n") {
			return fail(http.StatusBadRequest, "InvalidScopeException", fmt.Sprintf("invalid scope %q", sc))
		}
	}
	if slices.Contains(in.GrantTypes, grantAuthCode) && len(in.RedirectURIs) == 0 {
		return fail(http.StatusBadRequest, "InvalidRedirectUriException", "redirectUris are required for the authorization_code grant")
	}
	for _, u := range in.RedirectURIs {
		if _, ok := loopbackURI(u); !ok {
			return fail(http.StatusBadRequest, "InvalidRedirectUriException", "redirect uri must be an http loopback uri: "+u)
		}
	}
	now := s.opts.Now()
	c := &client{
		id:           randomText(16),
		secret:       s.secret("fakeidc-cs-", 48),
		name:         in.ClientName,
		scopes:       in.Scopes,
		grantTypes:   in.GrantTypes,
		redirectURIs: in.RedirectURIs,
		expires:      now.Add(s.opts.RegistrationTTL),
	}
	s.clients[c.id] = c
	rec.ClientID = c.id
	out := struct {
		ClientID              string `json:"clientId"`
		ClientSecret          string `json:"clientSecret"`
		ClientIDIssuedAt      int64  `json:"clientIdIssuedAt"`
		ClientSecretExpiresAt int64  `json:"clientSecretExpiresAt"`
		AuthorizationEndpoint string `json:"authorizationEndpoint,omitempty"`
		TokenEndpoint         string `json:"tokenEndpoint,omitempty"`
	}{ClientID: c.id, ClientSecret: c.secret, ClientIDIssuedAt: now.Unix(), ClientSecretExpiresAt: c.expires.Unix()}
	if c.allows(grantAuthCode) {
		out.AuthorizationEndpoint, out.TokenEndpoint = s.url+"/authorize", s.url+"/token"
	}
	return reply{body: out}
}

// authClient checks client credentials as every OIDC call after
// registration does.
func (s *Server) authClient(id, secret string) (*client, *apiError) {
	if id == "" || secret == "" {
		return nil, &apiError{http.StatusBadRequest, "InvalidRequestException", "clientId and clientSecret are required"}
	}
	c := s.clients[id]
	if c == nil || subtle.ConstantTimeCompare([]byte(c.secret), []byte(secret)) != 1 {
		return nil, &apiError{http.StatusUnauthorized, "InvalidClientException", "invalid client credentials"}
	}
	if !s.opts.Now().Before(c.expires) {
		return nil, &apiError{http.StatusUnauthorized, "InvalidClientException", "client registration has expired"}
	}
	return c, nil
}

func (s *Server) startDeviceAuthorization(_ *http.Request, in *input, _ *Request) reply {
	c, e := s.authClient(in.ClientID, in.ClientSecret)
	if e != nil {
		return reply{err: e}
	}
	if !c.allows(grantDevice) {
		return fail(http.StatusBadRequest, "UnauthorizedClientException", "client is not registered for the device code grant")
	}
	if trimStartURL(in.StartURL) != trimStartURL(s.opts.StartURL) {
		return fail(http.StatusBadRequest, "InvalidRequestException", "invalid start url")
	}
	d := &deviceAuth{
		code:     s.secret("fakeidc-dc-", 32),
		userCode: s.newUserCode(),
		clientID: c.id,
		expires:  s.opts.Now().Add(s.opts.DeviceCodeTTL),
		interval: s.opts.DeviceInterval,
	}
	s.devices[d.code], s.users[d.userCode] = d, d
	return reply{body: struct {
		DeviceCode              string `json:"deviceCode"`
		UserCode                string `json:"userCode"`
		VerificationURI         string `json:"verificationUri"`
		VerificationURIComplete string `json:"verificationUriComplete"`
		ExpiresIn               int64  `json:"expiresIn"`
		Interval                int64  `json:"interval"`
	}{d.code, d.userCode, s.url + "/device", s.url + "/device?user_code=" + d.userCode,
		seconds(s.opts.DeviceCodeTTL), seconds(d.interval)}}
}

// trimStartURL ignores the trailing "/" or "#" people often copy along
// with a start URL.
func trimStartURL(u string) string { return strings.TrimRight(u, "/#") }

// userCodeLetters avoids vowels (no accidental words) and look-alikes, as
// RFC 8628 §6.1 suggests.
const userCodeLetters = "BCDFGHJKLMNPQRSTVWXZ"

func (s *Server) newUserCode() string {
	for {
		b := make([]byte, 0, 9)
		for len(b) < cap(b) {
			if len(b) == 4 {
				b = append(b, '-')
				continue
			}
			var r [1]byte
			rand.Read(r[:])
			if int(r[0]) < 256/len(userCodeLetters)*len(userCodeLetters) { // no modulo bias
				b = append(b, userCodeLetters[int(r[0])%len(userCodeLetters)])
			}
		}
		if s.users[string(b)] == nil {
			return string(b)
		}
	}
}

func (s *Server) lookupUserCode(code string) (*deviceAuth, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) == 8 {
		code = code[:4] + "-" + code[4:]
	}
	d := s.users[code]
	switch {
	case d == nil:
		return nil, errors.New("unknown user code")
	case d.spent:
		return nil, errors.New("user code has already been used")
	case !s.opts.Now().Before(d.expires):
		return nil, errors.New("user code has expired")
	}
	return d, nil
}

// authorize is the browser-facing start of the authorization code grant.
// Problems with the client or redirect URI get an error page, since the
// redirect target cannot be trusted; the rest go back to the redirect URI
// as OAuth errors (RFC 6749 §4.1.2.1).
func (s *Server) authorize(r *http.Request, _ *input, _ *Request) reply {
	q := r.Form
	c := s.clients[q.Get("client_id")]
	if c == nil || !s.opts.Now().Before(c.expires) || !c.allows(grantAuthCode) {
		return reply{status: http.StatusBadRequest, errType: "InvalidClientException",
			html: page("Invalid request", "<p>The client is unknown, expired, or not registered for the authorization code grant.</p>")}
	}
	redirect := q.Get("redirect_uri")
	if !c.redirectAllowed(redirect) {
		return reply{status: http.StatusBadRequest, errType: "InvalidRedirectUriException",
			html: page("Invalid request", "<p>The redirect URI is not registered for this client.</p>")}
	}
	back := func(params url.Values) reply {
		u, _ := url.Parse(redirect)
		v := u.Query()
		for k := range params {
			v.Set(k, params.Get(k))
		}
		if st := q.Get("state"); st != "" {
			v.Set("state", st)
		}
		u.RawQuery = v.Encode()
		return reply{redirect: u.String()}
	}
	refuse := func(code, desc string) reply {
		rep := back(url.Values{"error": {code}, "error_description": {desc}})
		rep.errType = code
		return rep
	}
	decision := ""
	if r.Method == http.MethodPost {
		decision = r.PostForm.Get("decision")
	}
	switch {
	case q.Get("response_type") != "code":
		return refuse("unsupported_response_type", "response_type must be code")
	case q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256":
		return refuse("invalid_request", "a code_challenge with code_challenge_method S256 is required")
	}
	// The AWS CLI sends "scopes"; plain OAuth clients send "scope".
	for _, sc := range strings.Fields(q.Get("scopes") + " " + q.Get("scope")) {
		if !slices.Contains(c.scopes, sc) {
			return refuse("invalid_scope", "scope not registered for this client: "+sc)
		}
	}
	switch {
	case s.opts.DenyAuthorize || decision == "deny":
		return refuse("access_denied", "the user denied the request")
	case s.opts.ManualApproval && decision != "allow":
		var hidden strings.Builder
		for _, k := range []string{"response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scopes", "scope"} {
			if v := q.Get(k); v != "" {
				fmt.Fprintf(&hidden, `<input type="hidden" name="%s" value="%s">`, k, html.EscapeString(v))
			}
		}
		return reply{html: page("Allow access?", fmt.Sprintf(
			`<p>Allow %s to access your AWS accounts?</p><form method="post" action="/authorize">%s`+
				`<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></form>`,
			html.EscapeString(c.name), hidden.String()))}
	}
	code := s.secret("fakeidc-ac-", 32)
	s.codes[code] = &authCode{clientID: c.id, redirectURI: redirect, challenge: q.Get("code_challenge"),
		expires: s.opts.Now().Add(authCodeTTL)}
	return back(url.Values{"code": {code}})
}

// deviceVerify is the verification page a device authorization sends the
// user to.
func (s *Server) deviceVerify(r *http.Request, _ *input, rec *Request) reply {
	uc := r.Form.Get("user_code")
	if uc == "" {
		return reply{html: page("Authorize request", `<form method="get" action="/device">`+
			`<label>Code <input name="user_code" autofocus></label> <button>Next</button></form>`)}
	}
	d, err := s.lookupUserCode(uc)
	if err != nil {
		return reply{status: http.StatusBadRequest, errType: "InvalidRequestException",
			html: page("Invalid code", "<p>"+html.EscapeString(err.Error())+".</p>")}
	}
	rec.ClientID = d.clientID
	if s.opts.ManualApproval && r.Method != http.MethodPost {
		return reply{html: page("Authorize request", fmt.Sprintf(
			`<p>Confirm that the code is <b>%s</b>.</p><form method="post" action="/device">`+
				`<input type="hidden" name="user_code" value="%[1]s"><button>Allow</button></form>`, html.EscapeString(d.userCode)))}
	}
	d.approved = true
	return reply{html: page("Request approved", "<p>You can close this window.</p>")}
}

func page(title, body string) string {
	return fmt.Sprintf("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>%s</title></head>"+
		"<body><h1>%[1]s</h1>%s</body></html>\n", html.EscapeString(title), body)
}

func (s *Server) createToken(r *http.Request, in *input, _ *Request) reply {
	if r.URL.Query().Has("aws_iam") {
		return fail(http.StatusNotFound, "UnknownOperationException", "CreateTokenWithIAM is not supported by fakeidc")
	}
	c, e := s.authClient(in.ClientID, in.ClientSecret)
	if e != nil {
		return reply{err: e}
	}
	switch in.GrantType {
	case "":
		return fail(http.StatusBadRequest, "InvalidRequestException", "grantType is required")
	case grantDevice, grantAuthCode, grantRefresh:
	default:
		return fail(http.StatusBadRequest, "UnsupportedGrantTypeException", "unsupported grant type "+in.GrantType)
	}
	if !c.allows(in.GrantType) {
		return fail(http.StatusBadRequest, "UnauthorizedClientException", "client is not registered for grant type "+in.GrantType)
	}
	invalid := func(msg string) reply { return fail(http.StatusBadRequest, "InvalidGrantException", msg) }
	now := s.opts.Now()
	switch in.GrantType {
	case grantDevice:
		d := s.devices[in.DeviceCode]
		switch {
		case d == nil || d.clientID != c.id:
			return invalid("invalid device code")
		case d.spent:
			return invalid("device code has already been used")
		case !now.Before(d.expires):
			return fail(http.StatusBadRequest, "ExpiredTokenException", "device code has expired")
		}
		d.polls++
		early := !d.lastPoll.IsZero() && now.Sub(d.lastPoll) < d.interval-slowDownSlack
		d.lastPoll = now
		if early || d.polls <= s.opts.DeviceSlowDownPolls {
			d.interval += slowDownStep
			return fail(http.StatusBadRequest, "SlowDownException", "client is polling too quickly")
		}
		if n := s.opts.DeviceApproveAfterPolls; n > 0 && d.pending >= n {
			d.approved = true
		}
		if !d.approved {
			d.pending++
			return fail(http.StatusBadRequest, "AuthorizationPendingException", "authorization is pending")
		}
		d.spent = true
		return s.issueTokens(c, nil)
	case grantAuthCode:
		ac := s.codes[in.Code]
		switch {
		case ac == nil || ac.clientID != c.id:
			return invalid("invalid authorization code")
		case ac.used:
			return invalid("authorization code has already been used")
		}
		ac.used = true // whatever happens next, a code is good for one try
		sum := sha256.Sum256([]byte(in.CodeVerifier))
		switch {
		case !now.Before(ac.expires):
			return invalid("authorization code has expired")
		case in.RedirectURI != ac.redirectURI:
			return invalid("redirect uri does not match the authorization request")
		case base64.RawURLEncoding.EncodeToString(sum[:]) != ac.challenge:
			return invalid("code verifier does not match the code challenge")
		}
		return s.issueTokens(c, nil)
	default:
		rt := s.refresh[in.RefreshToken]
		switch {
		case rt == nil || rt.clientID != c.id:
			return invalid("invalid refresh token")
		case rt.revoked || rt.session.loggedOut:
			return invalid("refresh token has been revoked")
		case !now.Before(rt.session.expires):
			return invalid("refresh token has expired")
		}
		return s.issueTokens(c, rt)
	}
}

// issueTokens answers a successful CreateToken; from is the refresh token
// being redeemed, or nil for a new sign-in.
func (s *Server) issueTokens(c *client, from *refreshToken) reply {
	now := s.opts.Now()
	sess := &session{expires: now.Add(s.opts.RefreshTokenTTL)}
	if from != nil {
		sess = from.session
	}
	at := s.secret("fakeidc-at-", 32)
	s.access[at] = &accessToken{clientID: c.id, expires: now.Add(s.opts.AccessTokenTTL), session: sess}
	out := struct {
		AccessToken  string `json:"accessToken"`
		TokenType    string `json:"tokenType"`
		ExpiresIn    int64  `json:"expiresIn"`
		RefreshToken string `json:"refreshToken,omitempty"`
	}{AccessToken: at, TokenType: "Bearer", ExpiresIn: seconds(s.opts.AccessTokenTTL)}
	switch {
	case from != nil && s.opts.NoRefreshRotation:
		out.RefreshToken = from.value
	// Registrations without scopes are the legacy kind, which the real
	// service gives no refresh tokens.
	case from != nil || !s.opts.NoRefreshTokens && len(c.scopes) > 0 && c.allows(grantRefresh):
		if from != nil {
			from.revoked = true
		}
		rt := &refreshToken{value: s.secret("fakeidc-rt-", 48), clientID: c.id, session: sess}
		s.refresh[rt.value] = rt
		out.RefreshToken = rt.value
	}
	return reply{body: out}
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }

// randomText returns n random bytes, base64url encoded.
func randomText(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// secret returns a new random secret of n bytes after the prefix, and
// records it for Issued.
func (s *Server) secret(prefix string, n int) string {
	return s.record(prefix + randomText(n))
}

// record notes v for Issued and returns it.
func (s *Server) record(v string) string {
	s.issued = append(s.issued, v)
	return v
}
