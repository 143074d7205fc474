// Package endpoint is the credentials endpoint of `--server` and `--docker`:
// one HTTP server that answers the SDKs' container credential requests
// (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN)
// for the child ssox runs, on a loopback port or on the gateway of a Docker
// network, which this package also sets up.
package endpoint

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/sso"
)

// Path is where the credentials are served.
const Path = "/ssox/credentials"

// Server serves a profile's credentials to a long-running child, renewing
// them as they run out, so the child can outlive any one set of them.
type Server struct {
	// Credentials returns what an authorised request is answered with;
	// requests call it one at a time. An error wrapping
	// sso.ErrLoginRequired is answered 503, and telling the user what to
	// do about it is Credentials' own affair (creds.Keeper logs in or says
	// how); any other is answered 500 and told to the user on IO, since the
	// child's SDK may not show it.
	Credentials func(ctx context.Context) (*creds.Credentials, error)
	IO          *iostreams.IOStreams
	Log         *debuglog.Logger

	// URL and Token are what the child's environment gets; Serve sets them.
	URL, Token string

	srv   *http.Server
	ip    net.IP // the address listened on: a request's Host must name it
	conns *shedder
	mu    sync.Mutex // one renewal at a time; SDK clients may ask in parallel
	// told is the problem last told to the user, under mu: an SDK retries a
	// failed request several times, and each retry fails the same way.
	told string
}

// Timeouts of a connection. No client of this server needs long to send a
// request: botocore gives up on the whole exchange after 2 s.
const (
	headerTimeout = 2 * time.Second
	// A request may wait for a refresh, bounded by the network timeouts;
	// nothing else takes this long.
	writeTimeout = 2 * time.Minute
	// SDKs keep connections for the next refresh, minutes away: idle ones
	// are closed rather than held.
	idleTimeout = 5 * time.Second
)

// Loopback listens on a random port of 127.0.0.1, for --server.
func Loopback() (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the credential server: %w", err)
	}
	return ln, nil
}

// Serve serves on ln, a TCP listener, until Close, which closes ln too.
func (s *Server) Serve(ln net.Listener) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		ln.Close()
		return err
	}
	s.Token = hex.EncodeToString(b)
	s.Log.Secret(s.Token)
	s.ip = ln.Addr().(*net.TCPAddr).IP
	s.URL = "http://" + ln.Addr().String() + Path
	s.conns = &shedder{max: maxUntrusted}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: headerTimeout,
		ReadTimeout:       headerTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ConnState:         s.conns.connState,
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
	}
	go s.srv.Serve(ln)
	return nil
}

type connKey struct{}

// Close stops the server: the port is closed when it returns.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// ServeHTTP answers the SDKs' container credential requests: GET of Path,
// addressed to the host listened on (a name that a web page made resolve
// to it, DNS rebinding, is refused), with the token. Every other request
// is answered and its connection closed, so that only the token holder's
// connections stay open (see shedder).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	refuse := func(status int, code, msg string) {
		w.Header().Set("Connection", "close")
		writeError(w, status, code, msg)
	}
	if r.URL.Path != Path {
		refuse(http.StatusNotFound, "NotFound", "no such path")
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		refuse(http.StatusMethodNotAllowed, "MethodNotAllowed", "only GET is served")
		return
	}
	if !s.hostAllowed(r.Host) {
		refuse(http.StatusForbidden, "Forbidden", "the request is not addressed to "+s.hosts())
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(s.Token)) != 1 {
		refuse(http.StatusUnauthorized, "Unauthorized", "missing or wrong authorization token")
		return
	}
	if c, ok := r.Context().Value(connKey{}).(net.Conn); ok {
		s.conns.trust(c)
	}
	s.mu.Lock()
	c, err := s.Credentials(r.Context())
	s.tell(err)
	s.mu.Unlock()
	if err != nil {
		msg := err.Error()
		if hint := errs.HintOf(err); hint != "" {
			msg += " (" + hint + ")"
		}
		status := http.StatusInternalServerError
		if errors.Is(err, sso.ErrLoginRequired) {
			status = http.StatusServiceUnavailable
		}
		writeError(w, status, "CredentialsUnavailable", msg)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{
		"AccessKeyId":     c.AccessKeyID,
		"SecretAccessKey": c.SecretAccessKey,
		"Token":           c.SessionToken,
		"Expiration":      awscache.FormatTime(c.Expiration),
		"AccountId":       c.AccountID,
	})
}

// tell tells the user of a request's failure, on IO, with its hint: once
// for a problem, however often the child's SDK asks again, until a request
// succeeds or the problem changes. s.mu is held.
func (s *Server) tell(err error) {
	if err == nil {
		s.told = ""
		return
	}
	msg, hint := err.Error(), errs.HintOf(err)
	if msg == s.told || errors.Is(err, sso.ErrLoginRequired) {
		s.Log.Printf("credential server: %s", msg)
		s.told = msg
		return
	}
	s.told = msg
	s.IO.Warn("credential server: %s", msg)
	if hint != "" {
		fmt.Fprintf(s.IO.ErrOut, "hint: %s\n", visible.String(hint))
	}
}

// hostAllowed reports whether a Host header names the address listened
// on: by that address, or for a loopback one also as another loopback
// address or "localhost". A name that resolves there is refused.
func (s *Server) hostAllowed(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	ip := net.ParseIP(host)
	if !s.ip.IsLoopback() {
		return ip != nil && ip.Equal(s.ip)
	}
	return strings.EqualFold(host, "localhost") || ip != nil && ip.IsLoopback()
}

// hosts names the hosts hostAllowed accepts, for the 403's message.
func (s *Server) hosts() string {
	if s.ip.IsLoopback() {
		return "a loopback host"
	}
	return s.ip.String()
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}
