// Package fakeidc is an in-process fake of AWS IAM Identity Center: the
// "SSO OIDC" API (RegisterClient, StartDeviceAuthorization, CreateToken, plus
// the browser-facing /authorize and /device pages) and the "SSO" portal API
// (GetRoleCredentials, ListAccounts, ListAccountRoles, Logout), plus STS's
// AssumeRole and GetCallerIdentity (sts.go) for role chains, and the
// console's federation endpoint and console pages (federation.go). It speaks the
// wire protocols the AWS SDK expects (restJson1; STS's query protocol), so
// real SDK clients pointed at it with BaseEndpoint behave as against the
// real service.
//
// Every secret it hands out contains "fakeidc" so tests can grep for leaks.
//
// Besides the Go API, an admin API under /_fake/ serves tests and scripts in
// other processes: GET /_fake/requests (the log as JSON), POST
// /_fake/reset-log, POST /_fake/faults (a JSON Fault), DELETE /_fake/faults,
// POST /_fake/expire-access-tokens, POST /_fake/revoke-refresh-tokens,
// POST /_fake/reject-credentials?error=ExpiredToken|InvalidClientTokenId,
// GET /_fake/issued, POST /_fake/approve?user_code=CODE and GET
// /_fake/console-session (whom the browser's console cookie signs in as).
package fakeidc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Account is an AWS account visible in the portal, with the roles
// (permission sets) the signed-in user is assigned in it.
type Account struct {
	ID, Name, Email string
	Roles           []string
}

// Options configures a Server. Zero values select the documented defaults.
type Options struct {
	StartURL string    // default "https://fake.awsapps.com/start"
	Region   string    // informational only, default "us-east-1"
	Accounts []Account // nil selects DefaultAccounts()

	AccessTokenTTL     time.Duration // default 1h
	RefreshTokenTTL    time.Duration // lifetime of a sign-in session, kept across rotation; default 90 days
	RegistrationTTL    time.Duration // default 90 days
	RoleCredentialsTTL time.Duration // default 1h
	DeviceCodeTTL      time.Duration // default 10m
	// DeviceInterval is the polling interval; it is reported in whole seconds
	// (so below 1s as 0) but enforced at full precision.
	DeviceInterval time.Duration // default 1s
	PageSize       int           // largest portal page, default 20

	NoRefreshTokens   bool // never issue refresh tokens
	NoRefreshRotation bool // a refresh returns the same refresh token, which stays valid
	DenyAuthorize     bool // /authorize redirects with error=access_denied
	// ManualApproval stops /device and /authorize from approving on a visit:
	// they show a confirmation form instead, and ApproveDevice also approves.
	ManualApproval bool
	// DeviceApproveAfterPolls approves a device code by itself after that
	// many AuthorizationPending answers (0: only approval via /device).
	DeviceApproveAfterPolls int
	// DeviceSlowDownPolls answers SlowDownException to the first N polls of
	// each device code.
	DeviceSlowDownPolls int

	// Roles are the roles STS treats specially (an external id, a denial);
	// any other role ARN may be assumed.
	Roles []Role
	// ChainedSessionLimit is the longest DurationSeconds STS grants a
	// session assumed with role-session credentials (AWS: 1 hour).
	ChainedSessionLimit time.Duration // default 1h

	Latency time.Duration    // added to every API response
	Now     func() time.Time // clock, default time.Now

	// OnRequest, if set, is called after each API request is logged,
	// possibly from several goroutines at once.
	OnRequest func(Request)
}

// DefaultAccounts returns the accounts a Server has unless Options.Accounts
// says otherwise.
func DefaultAccounts() []Account {
	return []Account{
		{ID: "123456789012", Name: "ui-dev", Email: "ui-dev@example.com", Roles: []string{"AdministratorAccess", "ReadOnlyAccess"}},
		{ID: "987654321098", Name: "dol-prod", Email: "dol-prod@example.com", Roles: []string{"ReadOnlyAccess"}},
		{ID: "111122223333", Name: "sandbox", Email: "sandbox@example.com", Roles: []string{"AdministratorAccess"}},
	}
}

// Request is one entry of the server's request log. It never holds secrets.
type Request struct {
	Time   time.Time `json:"time"`
	Op     string    `json:"op"` // e.g. "CreateToken", "GetRoleCredentials"; "Unknown" for unrouted paths
	Method string    `json:"method"`
	Path   string    `json:"path"` // without the query
	Status int       `json:"status"`
	// ErrorType is the error code sent (the X-Amzn-ErrorType value), or for
	// Authorize the OAuth error put in the redirect.
	ErrorType string `json:"errorType,omitempty"`
	GrantType string `json:"grantType,omitempty"`
	ClientID  string `json:"clientId,omitempty"`
	AccountID string `json:"accountId,omitempty"`
	RoleName  string `json:"roleName,omitempty"`
	// STS calls: who signed the call (an assumed-role ARN) and what
	// AssumeRole asked for.
	Caller          string `json:"caller,omitempty"`
	RoleARN         string `json:"roleArn,omitempty"`
	SessionName     string `json:"roleSessionName,omitempty"`
	ExternalID      string `json:"externalId,omitempty"`
	DurationSeconds int    `json:"durationSeconds,omitempty"`
	// SigningRegion is the region of the SigV4 scope an STS call was
	// signed for.
	SigningRegion string `json:"signingRegion,omitempty"`
	// URL is the whole URL of a console page asked for.
	URL string `json:"url,omitempty"`
}

// Fault makes matching API calls fail (or only slow down) instead of being
// served.
type Fault struct {
	Op string `json:"op"` // operation name as in Request.Op; empty matches every operation
	// Status and ErrorType of the failure; either may be left out and is then
	// derived from the other. When both are empty the fault only delays.
	Status    int           `json:"status"`
	ErrorType string        `json:"errorType"`
	Message   string        `json:"message"`
	Times     int           `json:"times"` // how many calls it hits; 0 means until cleared
	Delay     time.Duration `json:"delay"` // nanoseconds in JSON
	// Every makes it hit only every Nth matching call (the Nth, 2Nth, ...),
	// as a portal that throttles now and then; 0 or 1 hits every call.
	Every int `json:"every"`
	// Kind, when set, is a failure below the API (see faults.go): "hang",
	// "cut", "malformed", "reset", or for Authorize "redirect".
	Kind string `json:"kind,omitempty"`
}

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	opts Options

	mu      sync.Mutex
	url     string
	hs      *http.Server
	clients map[string]*client
	devices map[string]*deviceAuth // by device code
	users   map[string]*deviceAuth // by user code
	codes   map[string]*authCode
	access  map[string]*accessToken
	refresh map[string]*refreshToken
	log     []Request
	faults  []*activeFault
	issued  []string
	// principals are the holders of role credentials, by access key id;
	// credentials are the same, in the order they were issued.
	principals  map[string]*principal
	credentials []Credentials
	// signin are the federation endpoint's sign-in tokens; consoles the
	// console sessions of browsers, by their cookie.
	signin   map[string]*signinToken
	consoles map[string]*consoleSession
	// extra are the other servers Close stops (StartConsole's).
	extra    []*http.Server
	closeErr chan error
}

type activeFault struct {
	Fault
	left int // remaining hits when Times > 0
	seen int // matching calls so far, for Every
}

// New returns a Server with opts applied over the defaults.
func New(opts Options) *Server {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if opts.StartURL == "" {
		opts.StartURL = "https://fake.awsapps.com/start"
	}
	if opts.Region == "" {
		opts.Region = "us-east-1"
	}
	if opts.Accounts == nil {
		opts.Accounts = DefaultAccounts()
	}
	def(&opts.AccessTokenTTL, time.Hour)
	def(&opts.RefreshTokenTTL, 90*24*time.Hour)
	def(&opts.RegistrationTTL, 90*24*time.Hour)
	def(&opts.RoleCredentialsTTL, time.Hour)
	def(&opts.DeviceCodeTTL, 10*time.Minute)
	def(&opts.DeviceInterval, time.Second)
	def(&opts.ChainedSessionLimit, time.Hour)
	if opts.PageSize <= 0 {
		opts.PageSize = 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Server{
		opts:    opts,
		clients: map[string]*client{},
		devices: map[string]*deviceAuth{},
		users:   map[string]*deviceAuth{},
		codes:   map[string]*authCode{},
		access:  map[string]*accessToken{},
		refresh: map[string]*refreshToken{},
	}
}

// Start listens on addr (e.g. "127.0.0.1:0"), serves in the background and
// returns the base URL.
func (s *Server) Start(addr string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hs != nil {
		return "", errors.New("fakeidc: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1" // a wildcard address is not something a client can dial
	}
	s.url = "http://" + net.JoinHostPort(host, port)
	hs, done := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}, make(chan error, 1)
	s.hs, s.closeErr = hs, done
	go func() { done <- hs.Serve(ln) }()
	return s.url, nil
}

// URL returns the base URL: the one Start returned, or else the one the
// first request arrived at (as behind httptest.NewServer).
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Close stops a server started with Start; otherwise, or when called
// again, it does nothing.
func (s *Server) Close() error {
	s.mu.Lock()
	hs, done, extra := s.hs, s.closeErr, s.extra
	s.hs, s.extra = nil, nil
	s.mu.Unlock()
	for _, e := range extra {
		e.Close()
	}
	if hs == nil {
		return nil
	}
	if err := hs.Close(); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Count returns how many logged requests had operation op and, if any
// grant types are given, one of those grant types.
func (s *Server) Count(op string, grantType ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if r.Op == op && (len(grantType) == 0 || slices.Contains(grantType, r.GrantType)) {
			n++
		}
	}
	return n
}

// ResetLog empties the request log.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// AddFault makes the next calls matching f.Op fail as f describes. Faults
// are tried in the order added; failed calls are logged like real ones.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &activeFault{Fault: f, left: f.Times})
}

// ClearFaults removes all faults.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// ExpireAccessTokens invalidates every access token issued so far, as if
// they had all expired server-side.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		t.revoked = true
	}
}

// RevokeRefreshTokens invalidates every refresh token issued so far.
func (s *Server) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.refresh {
		t.revoked = true
	}
}

// Issued returns every secret issued so far: client secrets, device and
// authorization codes, access and refresh tokens, role secret keys and
// session tokens.
func (s *Server) Issued() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.issued)
}

// Credentials are role credentials the fake issued, by GetRoleCredentials
// or AssumeRole.
type Credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	AccountID                                  string
	// ARN is the principal they sign as:
	// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
	ARN        string
	Expiration time.Time
}

// IssuedCredentials returns every set of role credentials issued so far,
// oldest first: what a test expects ssox to hand on.
func (s *Server) IssuedCredentials() []Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.credentials)
}

// ApproveDevice approves the device authorization with that user code, as
// a user confirming it in the browser would.
func (s *Server) ApproveDevice(userCode string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.lookupUserCode(userCode)
	if err != nil {
		return err
	}
	d.approved = true
	return nil
}

// route describes one API operation.
type route struct {
	op      string
	methods string // space separated
	portal  bool   // SSO portal error shape and bearer auth, rather than OIDC
	json    bool   // input is a JSON body
	// opOf, when set, names the operation from the request (the
	// federation endpoint's Action).
	opOf func(*http.Request) string
	// pages marks the sign-in host's routes, whose errors (faults
	// included) are HTML pages rather than JSON.
	pages  bool
	handle func(*Server, *http.Request, *input, *Request) reply
}

var routes = map[string]route{
	"/client/register":        {op: "RegisterClient", methods: "POST", json: true, handle: (*Server).registerClient},
	"/device_authorization":   {op: "StartDeviceAuthorization", methods: "POST", json: true, handle: (*Server).startDeviceAuthorization},
	"/token":                  {op: "CreateToken", methods: "POST", json: true, handle: (*Server).createToken},
	"/authorize":              {op: "Authorize", methods: "GET POST", handle: (*Server).authorize},
	"/device":                 {op: "DeviceVerify", methods: "GET POST", handle: (*Server).deviceVerify},
	"/federation/credentials": {op: "GetRoleCredentials", methods: "GET", portal: true, handle: (*Server).getRoleCredentials},
	"/assignment/accounts":    {op: "ListAccounts", methods: "GET", portal: true, handle: (*Server).listAccounts},
	"/assignment/roles":       {op: "ListAccountRoles", methods: "GET", portal: true, handle: (*Server).listAccountRoles},
	"/logout":                 {op: "Logout", methods: "POST", portal: true, handle: (*Server).logout},
	"/federation":             {op: "Federation", methods: "GET POST", opOf: federationOp, pages: true, handle: (*Server).federation},
	"/oauth":                  {op: "ConsoleLogout", methods: "GET", pages: true, handle: (*Server).consoleLogout},
}

// input is the union of the OIDC operations' JSON request members.
type input struct {
	ClientName   string   `json:"clientName"`
	ClientType   string   `json:"clientType"`
	Scopes       []string `json:"scopes"`
	GrantTypes   []string `json:"grantTypes"`
	RedirectURIs []string `json:"redirectUris"`
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	StartURL     string   `json:"startUrl"`
	GrantType    string   `json:"grantType"`
	DeviceCode   string   `json:"deviceCode"`
	Code         string   `json:"code"`
	CodeVerifier string   `json:"codeVerifier"`
	RedirectURI  string   `json:"redirectUri"`
	RefreshToken string   `json:"refreshToken"`
	Scope        []string `json:"scope"`
}

// reply is what a handler decided; ServeHTTP writes it after unlocking.
type reply struct {
	status   int // for html; JSON bodies are 200
	body     any // JSON body; nil means empty
	err      *apiError
	redirect string
	html     string
	errType  string // for the log when the failure is a redirect or page
	wire     string // a Fault.Kind to act out on the connection
	cookies  []*http.Cookie
}

type apiError struct {
	status   int
	typ, msg string
}

func fail(status int, typ, msg string) reply {
	return reply{err: &apiError{status: status, typ: typ, msg: msg}}
}

// ServeHTTP serves the API, the browser pages and the /_fake/ admin API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.url == "" && r.Host != "" {
		s.url = "http://" + r.Host
	}
	s.mu.Unlock()
	if strings.HasPrefix(r.URL.Path, "/_fake/") {
		s.serveAdmin(w, r)
		return
	}
	if r.URL.Path == "/" {
		s.serveSTS(w, r)
		return
	}
	rec := Request{Time: s.opts.Now(), Method: r.Method, Path: r.URL.Path, Op: "Unknown"}
	rt, ok := routes[r.URL.Path]
	var rep reply
	switch {
	case !ok:
		rep = fail(http.StatusNotFound, "UnknownOperationException", "no operation at "+r.URL.Path)
	case !slices.Contains(strings.Fields(rt.methods), r.Method):
		rec.Op = rt.op
		w.Header().Set("Allow", strings.ReplaceAll(rt.methods, " ", ", "))
		rep = fail(http.StatusMethodNotAllowed, "UnknownOperationException", r.Method+" is not allowed on "+r.URL.Path)
	default:
		if rt.opOf != nil {
			rt.op = rt.opOf(r)
		}
		rec.Op = rt.op
		rep = s.serveOp(r, rt, &rec)
	}
	switch {
	case rep.wire == "redirect":
		rec.Status, rec.ErrorType = http.StatusFound, rep.errType
	case rep.wire != "":
		rec.ErrorType = rep.wire
	case rep.err != nil:
		rec.Status, rec.ErrorType = rep.err.status, rep.err.typ
	default:
		rec.Status, rec.ErrorType = rep.status, rep.errType
		switch {
		case rep.redirect != "":
			rec.Status = http.StatusFound
		case rec.Status == 0:
			rec.Status = http.StatusOK
		}
	}
	s.mu.Lock()
	s.log = append(s.log, rec)
	s.mu.Unlock()
	if s.opts.OnRequest != nil {
		s.opts.OnRequest(rec)
	}
	// The Date header follows the fake's clock, so tests can skew it.
	w.Header().Set("Date", s.opts.Now().UTC().Format(http.TimeFormat))
	if rep.wire != "" {
		actOut(w, r, rep)
		return
	}
	if rt.pages && rep.err != nil {
		rep = federationPage(rep.err.status, rep.err.typ, http.StatusText(rep.err.status), rep.err.msg)
	}
	writeReply(w, r, rt.portal, rep)
}

func (s *Server) serveOp(r *http.Request, rt route, rec *Request) reply {
	sleep(r.Context(), s.opts.Latency)
	var in input
	var bad error
	if rt.json {
		dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
		if err := dec.Decode(&in); err != nil && !errors.Is(err, io.EOF) {
			bad = err
		}
	} else {
		bad = r.ParseForm()
	}
	rec.GrantType, rec.ClientID = in.GrantType, in.ClientID
	if !rt.json {
		rec.ClientID, rec.AccountID, rec.RoleName = r.Form.Get("client_id"), r.Form.Get("account_id"), r.Form.Get("role_name")
	}
	if rep, hit := s.fault(r.Context(), rt); hit {
		return rep
	}
	if bad != nil {
		return fail(http.StatusBadRequest, "InvalidRequestException", "malformed request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return rt.handle(s, r, &in, rec)
}

// fault applies the first fault matching rt, reporting whether the call
// failed because of it.
func (s *Server) fault(ctx context.Context, rt route) (reply, bool) {
	s.mu.Lock()
	var f *Fault
	for i, af := range s.faults {
		if af.Op != "" && af.Op != rt.op || !af.due() {
			continue
		}
		f = new(af.Fault)
		if af.Times > 0 {
			if af.left--; af.left == 0 {
				s.faults = slices.Delete(s.faults, i, i+1)
			}
		}
		break
	}
	s.mu.Unlock()
	if f == nil {
		return reply{}, false
	}
	sleep(ctx, f.Delay)
	if f.Kind != "" {
		return reply{wire: f.Kind, errType: f.ErrorType}, true
	}
	status, typ, msg := f.Status, f.ErrorType, f.Message
	switch {
	case status == 0 && typ == "":
		return reply{}, false
	case status == 0:
		status = defaultStatus(typ)
	case typ == "" && status == http.StatusTooManyRequests:
		typ = "TooManyRequestsException"
	case typ == "" && status >= 500:
		typ = "InternalServerException"
	case typ == "":
		typ = "InvalidRequestException"
	}
	if msg == "" {
		msg = "injected fault"
	}
	return fail(status, typ, msg), true
}

func defaultStatus(typ string) int {
	switch typ {
	case "TooManyRequestsException":
		return http.StatusTooManyRequests
	case "InternalServerException":
		return http.StatusInternalServerError
	case "UnauthorizedException", "InvalidClientException":
		return http.StatusUnauthorized
	case "ForbiddenException":
		return http.StatusForbidden
	case "ResourceNotFoundException":
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

// oauthErrors maps OIDC exception types to the OAuth error codes the
// service puts in the body's "error" member.
var oauthErrors = map[string]string{
	"AccessDeniedException":          "access_denied",
	"AuthorizationPendingException":  "authorization_pending",
	"ExpiredTokenException":          "expired_token",
	"InternalServerException":        "server_error",
	"InvalidClientException":         "invalid_client",
	"InvalidClientMetadataException": "invalid_client_metadata",
	"InvalidGrantException":          "invalid_grant",
	"InvalidRedirectUriException":    "invalid_redirect_uri",
	"InvalidRequestException":        "invalid_request",
	"InvalidScopeException":          "invalid_scope",
	"SlowDownException":              "slow_down",
	"UnauthorizedClientException":    "unauthorized_client",
	"UnsupportedGrantTypeException":  "unsupported_grant_type",
}

func writeReply(w http.ResponseWriter, r *http.Request, portal bool, rep reply) {
	h := w.Header()
	h.Set("X-Amzn-Requestid", randomText(16))
	for _, c := range rep.cookies {
		http.SetCookie(w, c)
	}
	switch {
	case rep.err != nil:
		e := rep.err
		h.Set("X-Amzn-ErrorType", e.typ)
		var body any
		// Errors from outside the service models take the plain AWS shape.
		if portal || e.typ == "UnknownOperationException" {
			body = map[string]string{"__type": e.typ, "message": e.msg}
		} else {
			code, ok := oauthErrors[e.typ]
			if !ok {
				code = "server_error"
				if e.status < 500 {
					code = "invalid_request"
				}
			}
			body = map[string]string{"__type": e.typ, "error": code, "error_description": e.msg}
		}
		writeJSON(w, e.status, body)
	case rep.redirect != "":
		http.Redirect(w, r, rep.redirect, http.StatusFound)
	case rep.html != "":
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(max(rep.status, http.StatusOK))
		fmt.Fprint(w, rep.html)
	case rep.body == nil:
		w.WriteHeader(http.StatusOK)
	default:
		writeJSON(w, http.StatusOK, rep.body)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// serveAdmin serves the /_fake/ API used by tests and scripts in other
// processes. Its calls are not logged.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	ok := func() { w.WriteHeader(http.StatusNoContent) }
	switch r.Method + " " + r.URL.Path {
	case "GET /_fake/requests":
		writeJSON(w, http.StatusOK, nonNil(s.Requests()))
	case "POST /_fake/reset-log":
		s.ResetLog()
		ok()
	case "POST /_fake/faults":
		var f Fault
		if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
			http.Error(w, "bad fault: "+err.Error(), http.StatusBadRequest)
			return
		}
		s.AddFault(f)
		ok()
	case "DELETE /_fake/faults":
		s.ClearFaults()
		ok()
	case "POST /_fake/expire-access-tokens":
		s.ExpireAccessTokens()
		ok()
	case "POST /_fake/reject-credentials":
		if err := s.RejectCredentials(r.URL.Query().Get("error")); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ok()
	case "POST /_fake/revoke-refresh-tokens":
		s.RevokeRefreshTokens()
		ok()
	case "GET /_fake/console-session":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, s.consoleSessionOf(r))
	case "GET /_fake/issued":
		writeJSON(w, http.StatusOK, nonNil(s.Issued()))
	case "POST /_fake/approve":
		if err := s.ApproveDevice(r.URL.Query().Get("user_code")); err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		ok()
	default:
		http.Error(w, "unknown admin call "+r.Method+" "+r.URL.Path, http.StatusNotFound)
	}
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
