// Package sso owns the SSO access token: the cache it shares with the AWS CLI
// and SDKs, silent refresh, the browser and device-code logins, and the lock
// that keeps to one login at a time across processes.
package sso

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ssox/ssox/internal/atomicfile"
)

// TimeFormat is how the AWS CLI writes timestamps in its caches.
const TimeFormat = "2006-01-02T15:04:05Z"

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

// CacheDir is ~/.aws/sso/cache.
func CacheDir(home string) string { return filepath.Join(home, ".aws", "sso", "cache") }

// CachePath is the token file for a cache key (sso-session name, or start URL
// for legacy profiles): the SHA-1 of the key in hex, as the AWS CLI names it.
func CachePath(home, key string) string {
	return filepath.Join(CacheDir(home), sha1Hex(key)+".json")
}

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// CorruptError reports a cache file that exists but cannot be used.
type CorruptError struct {
	Path   string
	Reason string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("token cache %s is unreadable: %s", e.Path, e.Reason)
}

// ErrNoToken is returned when there is no cached token at all.
var ErrNoToken = errors.New("no cached SSO token")

// ReadToken reads a token file leniently: RFC 3339 with offsets or fractions,
// the AWS CLI's older "...UTC" form, optional fields missing.
func ReadToken(path string) (*Token, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoToken
	}
	if err != nil {
		return nil, fmt.Errorf("read token cache: %w", err)
	}
	var f tokenFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, &CorruptError{Path: path, Reason: "not valid JSON"}
	}
	if f.AccessToken == "" {
		return nil, &CorruptError{Path: path, Reason: "no accessToken"}
	}
	exp, err := ParseTime(f.ExpiresAt)
	if err != nil {
		return nil, &CorruptError{Path: path, Reason: "expiresAt: " + err.Error()}
	}
	t := &Token{
		StartURL:     f.StartURL,
		Region:       f.Region,
		AccessToken:  f.AccessToken,
		ExpiresAt:    exp,
		ClientID:     f.ClientID,
		ClientSecret: f.ClientSecret,
		RefreshToken: f.RefreshToken,
	}
	if f.RegistrationExpiresAt != "" {
		// A bad registration time only costs the silent refresh.
		t.RegistrationExpiresAt, _ = ParseTime(f.RegistrationExpiresAt)
	}
	return t, nil
}

// WriteToken writes t atomically with mode 0600, the folder 0700.
func WriteToken(path string, t *Token) error {
	f := tokenFile{
		StartURL:     t.StartURL,
		Region:       t.Region,
		AccessToken:  t.AccessToken,
		ExpiresAt:    FormatTime(t.ExpiresAt),
		ClientID:     t.ClientID,
		ClientSecret: t.ClientSecret,
		RefreshToken: t.RefreshToken,
	}
	if !t.RegistrationExpiresAt.IsZero() {
		f.RegistrationExpiresAt = FormatTime(t.RegistrationExpiresAt)
	}
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, 0o600, 0o700)
}

// FormatTime writes t as the AWS CLI does: UTC, seconds, a Z.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05UTC",
	"2006-01-02T15:04:05.999999999UTC",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
}

// ParseTime reads a cache timestamp in any form the AWS tools have written;
// one without a zone is UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("missing")
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q", s)
}
