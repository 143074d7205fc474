package creds

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
	"sync"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/sso"
)

// Server serves a profile's credentials to a long-running child as the
// container credentials endpoint the SDKs know
// (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN),
// renewing them and the SSO token as they run out, so the child can outlive
// any one set of credentials.
type Server struct {
	Provider *Provider
	Profile  *awsconfig.Profile
	MinTTL   time.Duration
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
	s.Provider.Log.Secret(s.Token)
	s.ln = ln
	s.URL = fmt.Sprintf("http://%s/ssox/credentials", ln.Addr())
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	return nil
}

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// ServeHTTP answers the SDKs' container credential requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/ssox/credentials" {
		http.NotFound(w, r)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(s.Token)) != 1 {
		writeError(w, http.StatusUnauthorized, "Unauthorized", "missing or wrong authorization token")
		return
	}
	s.mu.Lock()
	c, err := s.Provider.Get(r.Context(), s.Profile, s.MinTTL)
	s.mu.Unlock()
	if err != nil {
		msg := err.Error()
		if hint := errs.HintOf(err); hint != "" {
			msg += " (" + hint + ")"
		}
		s.Provider.IO.Warn("credential server: %s", msg)
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

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}
