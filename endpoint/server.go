// Package endpoint is the credentials endpoint of `--server`: one HTTP
// server that answers the SDKs' container credential requests
// (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN)
// for the child ssox runs.
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
	"github.com/ssox/ssox/sso"
)

// Server serves a profile's credentials to a long-running child as the
// container credentials endpoint the SDKs know
// (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN),
// renewing them and the SSO token as they run out, so the child can outlive
// any one set of credentials.
type Server struct {
	// Credentials returns what an authorised request is answered with;
	// requests call it one at a time. An error wrapping
	// sso.ErrLoginRequired is answered 503, any other 500; either is also
	// told to the user on IO, since the child's SDK may not show it.
	Credentials func(ctx context.Context) (*creds.Credentials, error)
	IO          *iostreams.IOStreams
	Log         *debuglog.Logger
	// URL and Token are what the child's environment gets.
	URL, Token string

	srv *http.Server
	ln  net.Listener
	mu  sync.Mutex // one renewal at a time; SDK clients may ask in parallel
}

// Start listens on a random loopback port.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start the credential server: %w", err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		ln.Close()
		return err
	}
	s.Token = hex.EncodeToString(b)
	s.Log.Secret(s.Token)
	s.ln = ln
	s.URL = fmt.Sprintf("http://%s/ssox/credentials", ln.Addr())
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		// A request may wait for a refresh, bounded by the network
		// timeouts; nothing else takes this long.
		WriteTimeout: 2 * time.Minute,
		// SDKs keep connections for the next refresh, minutes away: idle
		// ones are closed rather than held.
		IdleTimeout: 5 * time.Second,
	}
	go s.srv.Serve(limitListener(ln, maxConns))
	return nil
}

// maxConns caps the connections served at once: a child's SDKs need a few;
// a flood of them must not cost ssox its file descriptors.
const maxConns = 32

// limitListener accepts at most n connections at a time; Accept waits for
// one to close before it takes another.
func limitListener(ln net.Listener, n int) net.Listener {
	return &limited{Listener: ln, slots: make(chan struct{}, n)}
}

type limited struct {
	net.Listener
	slots chan struct{}
}

func (l *limited) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &slotConn{Conn: c, release: func() { <-l.slots }}, nil
}

type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// ServeHTTP answers the SDKs' container credential requests: GET of
// /ssox/credentials, addressed to a loopback host (a name that a web page
// made resolve to 127.0.0.1, DNS rebinding, is refused), with the token.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/ssox/credentials" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "only GET is served")
		return
	}
	if !loopbackHost(r.Host) {
		writeError(w, http.StatusForbidden, "Forbidden", "the request is not addressed to a loopback host")
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(s.Token)) != 1 {
		writeError(w, http.StatusUnauthorized, "Unauthorized", "missing or wrong authorization token")
		return
	}
	s.mu.Lock()
	c, err := s.Credentials(r.Context())
	s.mu.Unlock()
	if err != nil {
		msg := err.Error()
		if hint := errs.HintOf(err); hint != "" {
			msg += " (" + hint + ")"
		}
		s.IO.Warn("credential server: %s", msg)
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

// loopbackHost reports whether a Host header names this machine by a
// loopback address or "localhost".
func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}
