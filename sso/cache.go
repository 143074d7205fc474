// Package sso owns the SSO access token: the cache it shares with the AWS CLI
// and SDKs, silent refresh, the browser and device-code logins, and the lock
// that keeps to one login at a time across processes.
package sso

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/ssox/ssox/internal/awscache"
)

// RefreshWindow is how close to expiry a token is treated as expired: the
// AWS CLI's window, so both tools agree on when a token is good.
const RefreshWindow = 15 * time.Minute

// Token is an entry of ~/.aws/sso/cache, field for field as the AWS CLI v2
// writes it.
type Token struct {
	StartURL              string
	Region                string
	AccessToken           string
	ExpiresAt             time.Time
	ClientID              string
	ClientSecret          string
	RegistrationExpiresAt time.Time // zero when absent
	RefreshToken          string
}

// ValidAt reports whether the token has more than RefreshWindow left at now.
func (t *Token) ValidAt(now time.Time) bool {
	return t != nil && t.AccessToken != "" && t.ExpiresAt.Sub(now) > RefreshWindow
}

// CanRefresh reports whether the cache holds what a silent refresh needs: a
// refresh token and a registration that has not expired.
func (t *Token) CanRefresh(now time.Time) bool {
	return t != nil && t.RefreshToken != "" && t.ClientID != "" && t.ClientSecret != "" &&
		!t.RegistrationExpiresAt.IsZero() && t.RegistrationExpiresAt.After(now)
}

// State names what ReadToken found, as list and status show it: "none" (no
// token cached), "invalid" (nothing usable in the file), "valid" (more than
// RefreshWindow left, so ssox uses it as it is), "refreshable" (a silent
// refresh would renew it) or "expired" (a login is needed). A token with a
// field of the wrong type is judged by what is usable, as Token uses it.
func State(t *Token, err error, now time.Time) string {
	switch {
	case errors.Is(err, ErrNoToken):
		return "none"
	case t == nil:
		return "invalid"
	case t.ValidAt(now):
		return "valid"
	case t.CanRefresh(now):
		return "refreshable"
	}
	return "expired"
}

// tokenFile is the JSON shape, in the AWS CLI's key order.
type tokenFile struct {
	StartURL              string `json:"startUrl,omitempty"`
	Region                string `json:"region,omitempty"`
	AccessToken           string `json:"accessToken"`
	ExpiresAt             string `json:"expiresAt"`
	ClientID              string `json:"clientId,omitempty"`
	ClientSecret          string `json:"clientSecret,omitempty"`
	RegistrationExpiresAt string `json:"registrationExpiresAt,omitempty"`
	RefreshToken          string `json:"refreshToken,omitempty"`
}

// CachePath is the token file for a cache key (sso-session name, or start URL
// for legacy profiles), named as the AWS CLI names it.
func CachePath(home, key string) string {
	return awscache.Path(awscache.SSODir(home), key)
}

// CorruptError reports a cache file that exists but cannot be used.
type CorruptError struct {
	Path   string
	Reason string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("token cache %s: %s", e.Path, e.Reason)
}

// ErrNoToken is returned when there is no cached token at all.
var ErrNoToken = errors.New("no cached SSO token")

// ReadToken reads a token file leniently: RFC 3339 with offsets or
// fractions, the AWS CLI's older "...UTC" form, optional fields missing. A
// file with unusable fields (a number where a string belongs) returns what
// is usable, the refresh token for instance, with a *CorruptError naming
// the fields.
func ReadToken(path string) (*Token, error) {
	o, err := awscache.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoToken
	}
	var notObject *awscache.NotObjectError
	if errors.As(err, &notObject) {
		return nil, &CorruptError{Path: path, Reason: "not valid JSON"}
	}
	if err != nil {
		return nil, fmt.Errorf("read token cache: %w", err)
	}
	t := &Token{
		StartURL:              o.String("startUrl"),
		Region:                o.String("region"),
		AccessToken:           o.String("accessToken"),
		ExpiresAt:             o.Time("expiresAt"),
		ClientID:              o.String("clientId"),
		ClientSecret:          o.String("clientSecret"),
		RegistrationExpiresAt: o.Time("registrationExpiresAt"),
		RefreshToken:          o.String("refreshToken"),
	}
	if !o.Has("accessToken") {
		*o.Problems = append(*o.Problems, "no accessToken")
	} else if !o.Has("expiresAt") {
		*o.Problems = append(*o.Problems, "no expiresAt")
	}
	if err := o.Err(); err != nil {
		if t.ExpiresAt.IsZero() {
			// An access token of unknown age is not usable.
			t.AccessToken = ""
		}
		return t, &CorruptError{Path: path, Reason: err.Error()}
	}
	return t, nil
}

// WriteToken writes t atomically with mode 0600, the folder 0700.
func WriteToken(path string, t *Token) error {
	f := tokenFile{
		StartURL:     t.StartURL,
		Region:       t.Region,
		AccessToken:  t.AccessToken,
		ExpiresAt:    awscache.FormatTime(t.ExpiresAt),
		ClientID:     t.ClientID,
		ClientSecret: t.ClientSecret,
		RefreshToken: t.RefreshToken,
	}
	if !t.RegistrationExpiresAt.IsZero() {
		f.RegistrationExpiresAt = awscache.FormatTime(t.RegistrationExpiresAt)
	}
	return awscache.Write(path, f)
}
