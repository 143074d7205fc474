package fakeidc

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"html"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The console's federation endpoint (signin.aws.amazon.com/federation and
// its logout page), as ssox reaches it through SSOX_FEDERATION_ENDPOINT:
//
//	GET /federation?Action=getSigninToken&Session=JSON[&SessionDuration=N]
//	    Session is {"sessionId","sessionKey","sessionToken"}: role
//	    credentials the fake issued (GetRoleCredentials or AssumeRole).
//	    200 {"SigninToken": "..."}, a token valid for 15 minutes.
//	    400 for a request it cannot read: no or malformed Session, a
//	    SessionDuration outside 900..43200, or any SessionDuration with
//	    credentials of a role assumed by role chaining (every AssumeRole
//	    here), which the federation endpoint refuses.
//	    403 for credentials it does not accept: unknown, a wrong secret or
//	    session token, expired.
//	GET /federation?Action=login&Issuer=&Destination=URL&SigninToken=T
//	    Signs the browser in (a cookie) and redirects to Destination, an
//	    https URL of a partition's console (aws.amazon.com,
//	    amazonaws-us-gov.com, amazonaws.cn). A browser already signed in
//	    as another principal gets AWS's "You must first log out" page
//	    instead (200, logged as MustLogOutFirst). An unknown or expired
//	    token, or another destination, gets a 400 page.
//	GET /oauth?Action=logout[&redirect_uri=URL]
//	    Signs the browser out, then redirects to redirect_uri when it is on
//	    this sign-in host (the real one honours a redirect only on
//	    us-east-1.signin.aws.amazon.com; the fake plays that host), else
//	    shows a signed-out page (logged as RedirectIgnored).
//
// StartConsole serves the console itself, for a browser whose console
// hosts are mapped to it; GET /_fake/console-session says who the
// browser's cookie signs in as.

// signinTokenTTL is how long a sign-in token can be used, as AWS documents.
const signinTokenTTL = 15 * time.Minute

// consoleCookie holds the fake console session of a browser.
const consoleCookie = "fakeidc-console-session"

// signinToken is what a SigninToken stands for.
type signinToken struct {
	p        *principal
	session  time.Duration // SessionDuration, or the default
	expires  time.Time
	duration int // SessionDuration as asked, 0 when not
}

// consoleSession is a browser's sign-in to the console.
type consoleSession struct {
	arn, account string
	expires      time.Time
}

// federationOp names the operation of a /federation request by its Action.
func federationOp(r *http.Request) string {
	switch r.URL.Query().Get("Action") {
	case "getSigninToken":
		return "GetSigninToken"
	case "login":
		return "ConsoleLogin"
	}
	return "Federation"
}

// federationPage is an error page of the sign-in host.
func federationPage(status int, errType, title, text string) reply {
	return reply{status: status, errType: errType, html: page(title, "<p>"+html.EscapeString(text)+"</p>")}
}

func (s *Server) federation(r *http.Request, _ *input, rec *Request) reply {
	switch rec.Op {
	case "GetSigninToken":
		return s.getSigninToken(r, rec)
	case "ConsoleLogin":
		return s.consoleLogin(r, rec)
	}
	return federationPage(http.StatusBadRequest, "InvalidAction", "Bad Request", "Action must be getSigninToken or login.")
}

func (s *Server) getSigninToken(r *http.Request, rec *Request) reply {
	bad := func(text string) reply {
		return federationPage(http.StatusBadRequest, "InvalidParameter", "Bad Request", text)
	}
	var sess struct {
		ID    *string `json:"sessionId"`
		Key   *string `json:"sessionKey"`
		Token *string `json:"sessionToken"`
	}
	if err := json.Unmarshal([]byte(r.Form.Get("Session")), &sess); err != nil || sess.ID == nil || sess.Key == nil || sess.Token == nil {
		return bad("Invalid credentials parameter: the request sent by the client was syntactically incorrect.")
	}
	duration := 0
	if d := r.Form.Get("SessionDuration"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 900 || n > 43200 {
			return bad("SessionDuration must be a number of seconds from 900 to 43200.")
		}
		duration = n
		rec.DurationSeconds = n
	}
	p := s.principals[*sess.ID]
	if p == nil || p.secret != *sess.Key || p.token != *sess.Token {
		return federationPage(http.StatusForbidden, "InvalidCredentials", "Forbidden", "The credentials are not valid.")
	}
	rec.AccountID, rec.Caller = p.account, p.arn
	if !s.opts.Now().Before(p.expires) {
		return federationPage(http.StatusForbidden, "ExpiredCredentials", "Forbidden", "The credentials have expired.")
	}
	if duration != 0 && p.chained {
		return bad("Invalid credentials parameter: SessionDuration cannot be used with credentials of a role assumed by role chaining.")
	}
	session := time.Hour
	if duration != 0 {
		session = time.Duration(duration) * time.Second
	}
	tok := s.secret("fakeidc-signin-", 48)
	if s.signin == nil {
		s.signin = map[string]*signinToken{}
	}
	s.signin[tok] = &signinToken{p: p, session: session, expires: s.opts.Now().Add(signinTokenTTL), duration: duration}
	return reply{body: map[string]string{"SigninToken": tok}}
}

// consoleDomains are the partitions' console domains, the destinations
// the sign-in host redirects to.
var consoleDomains = []string{"aws.amazon.com", "amazonaws-us-gov.com", "amazonaws.cn"}

func consoleURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.User != nil {
		return false
	}
	host := u.Hostname()
	for _, d := range consoleDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

func (s *Server) consoleLogin(r *http.Request, rec *Request) reply {
	t := s.signin[r.Form.Get("SigninToken")]
	if t == nil || !s.opts.Now().Before(t.expires) {
		return federationPage(http.StatusBadRequest, "InvalidSigninToken", "Bad Request", "The sign-in token is not valid or has expired.")
	}
	rec.AccountID, rec.Caller, rec.DurationSeconds = t.p.account, t.p.arn, t.duration
	dest := r.Form.Get("Destination")
	if !consoleURL(dest) {
		return federationPage(http.StatusBadRequest, "InvalidDestination", "Bad Request", "The destination is not an AWS console URL.")
	}
	if c, err := r.Cookie(consoleCookie); err == nil {
		if cur := s.consoles[c.Value]; cur != nil && cur.arn != t.p.arn && s.opts.Now().Before(cur.expires) {
			return reply{errType: "MustLogOutFirst", html: page("Amazon Web Services Sign-In",
				"<p>You must first log out before logging into a different AWS account.</p>"+
					`<p>To logout, <a href="/oauth?Action=logout">click here</a>.</p>`)}
		}
	}
	id := randomText(24)
	if s.consoles == nil {
		s.consoles = map[string]*consoleSession{}
	}
	s.consoles[id] = &consoleSession{arn: t.p.arn, account: t.p.account, expires: s.opts.Now().Add(t.session)}
	// It lasts as long as the session, kept across browser restarts as
	// the console's are.
	return reply{redirect: dest, cookies: []*http.Cookie{{Name: consoleCookie, Value: id, Path: "/", HttpOnly: true, MaxAge: int(t.session / time.Second)}}}
}

func (s *Server) consoleLogout(r *http.Request, _ *input, rec *Request) reply {
	if r.Form.Get("Action") != "logout" {
		return federationPage(http.StatusBadRequest, "InvalidAction", "Bad Request", "Action must be logout.")
	}
	if c, err := r.Cookie(consoleCookie); err == nil {
		if cur := s.consoles[c.Value]; cur != nil {
			rec.AccountID, rec.Caller = cur.account, cur.arn
			delete(s.consoles, c.Value)
		}
	}
	gone := []*http.Cookie{{Name: consoleCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true}}
	if to, err := url.Parse(r.Form.Get("redirect_uri")); err == nil && to.Host == r.Host && (to.Scheme == "http" || to.Scheme == "https") {
		return reply{redirect: to.String(), cookies: gone}
	}
	rep := reply{html: page("Signed out", "<p>You have signed out of the AWS Management Console.</p>"), cookies: gone}
	if r.Form.Get("redirect_uri") != "" {
		rep.errType = "RedirectIgnored"
	}
	return rep
}

// consoleSessionOf says whom the browser's console cookie signs in as:
// the principal's ARN, or "none".
func (s *Server) consoleSessionOf(r *http.Request) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, err := r.Cookie(consoleCookie); err == nil {
		if cur := s.consoles[c.Value]; cur != nil && s.opts.Now().Before(cur.expires) {
			return cur.arn
		}
	}
	return "none"
}

// StartConsole serves the AWS console's pages over TLS on addr, for any
// host: a browser whose console hosts are mapped to it (Chromium's
// --host-resolver-rules) lands there after a sign-in. Each page names the
// URL it was asked for (in its title and body), and each request is
// logged as op Console with its URL. It returns the listener's address
// and the PEM of its self-signed certificate. Close stops it too.
func (s *Server) StartConsole(addr string) (string, []byte, error) {
	cert, certPEM, err := selfSigned()
	if err != nil {
		return "", nil, err
	}
	ln, err := tls.Listen("tcp", addr, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: http.HandlerFunc(s.serveConsole), ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.extra = append(s.extra, hs)
	s.mu.Unlock()
	go hs.Serve(ln)
	return ln.Addr().String(), certPEM, nil
}

func (s *Server) serveConsole(w http.ResponseWriter, r *http.Request) {
	u := "https://" + r.Host + r.URL.RequestURI()
	rec := Request{Time: s.opts.Now(), Op: "Console", Method: r.Method, Path: r.URL.Path, Status: http.StatusOK, URL: u}
	s.mu.Lock()
	s.log = append(s.log, rec)
	s.mu.Unlock()
	if s.opts.OnRequest != nil {
		s.opts.OnRequest(rec)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "<!doctype html><title>console %s</title><p id=\"url\">%s</p>\n", html.EscapeString(u), html.EscapeString(u))
}

// selfSigned makes a certificate for the console hosts of every partition.
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	var names []string
	for _, d := range consoleDomains {
		names = append(names, d, "*."+d, "*.console."+d, "*.signin."+d)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "fakeidc console"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     names,
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	if err != nil {
		return tls.Certificate{}, nil, errors.Join(errors.New("fakeidc: console certificate"), err)
	}
	return cert, certPEM, nil
}
