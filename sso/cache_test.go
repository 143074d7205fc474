package sso

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/testmode"
)

func TestCachePathMatchesSDK(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home) // where the SDK looks on Windows
	for _, key := range []string{"njoitaws", "https://old.awsapps.com/start"} {
		want, err := ssocreds.StandardCachedTokenFilepath(key)
		if err != nil {
			t.Fatal(err)
		}
		if got := CachePath(home, key); got != want {
			t.Errorf("CachePath(%q) = %s, SDK says %s", key, got, want)
		}
	}
	if got := filepath.Base(CachePath(home, "njoitaws")); got != "662689cc54bac1669760656c3b1383288e4e4e31.json" {
		t.Errorf("file name = %s", got)
	}
}

func TestRegistrationPathMatchesAWSCLI(t *testing.T) {
	// Hashes computed with the AWS CLI's own recipe in CPython.
	tests := []struct {
		s      awsconfig.Session
		scopes []string
		want   string
	}{
		{awsconfig.Session{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1"}, []string{"sso:account:access"},
			"1f079468f5daadb48764848391bcc85b96836b97.json"},
		{awsconfig.Session{StartURL: "https://old.awsapps.com/start", Region: "eu-central-1"}, nil,
			"59986af7e832b7250193a5de0509f535cc1dcdc7.json"},
	}
	for _, tt := range tests {
		if got := filepath.Base(registrationPath("/h", tt.s, tt.scopes)); got != tt.want {
			t.Errorf("registrationPath(%v) = %s, want %s", tt.s, got, tt.want)
		}
	}
}

func TestReadTokenLenient(t *testing.T) {
	want := time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)
	for _, exp := range []string{
		"2026-11-25T20:00:00Z",
		"2026-11-25T20:00:00.000Z",
		"2026-11-25T21:00:00+01:00",
		"2026-11-25T20:00:00UTC",
		"2026-11-25T20:00:00",
	} {
		path := filepath.Join(t.TempDir(), "t.json")
		if err := os.WriteFile(path, []byte(`{"accessToken":"at","expiresAt":"`+exp+`","region":"us-east-1"}`), 0o600); err != nil {
			t.Fatal(err)
		}
		tok, err := ReadToken(path)
		if err != nil {
			t.Fatalf("%s: %v", exp, err)
		}
		if !tok.ExpiresAt.Equal(want) {
			t.Errorf("%s: ExpiresAt = %s", exp, tok.ExpiresAt)
		}
		if tok.CanRefresh(want.Add(-time.Hour)) {
			t.Errorf("%s: no refresh token, yet CanRefresh", exp)
		}
	}
}

func TestReadTokenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadToken(filepath.Join(dir, "missing.json")); !errors.Is(err, ErrNoToken) {
		t.Errorf("missing file: %v", err)
	}
	for name, content := range map[string]string{
		"not json":      `{"accessToken":`,
		"no token":      `{"expiresAt":"2026-11-25T20:00:00Z"}`,
		"bad expiresAt": `{"accessToken":"x","expiresAt":"tomorrow"}`,
	} {
		path := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		var corrupt *CorruptError
		if _, err := ReadToken(path); !errors.As(err, &corrupt) {
			t.Errorf("%s: err = %v, want CorruptError", name, err)
		}
	}
}

func TestWriteTokenExactShape(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sso", "cache")
	path := filepath.Join(dir, "x.json")
	tok := &Token{
		StartURL: "https://x/start", Region: "us-east-1", AccessToken: "at",
		ExpiresAt: time.Date(2036, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600)),
		ClientID:  "cid", ClientSecret: "cs",
		RegistrationExpiresAt: time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC),
		RefreshToken:          "rt",
	}
	if err := WriteToken(path, tok); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"startUrl":"https://x/start","region":"us-east-1","accessToken":"at","expiresAt":"2036-01-02T02:04:05Z","clientId":"cid","clientSecret":"cs","registrationExpiresAt":"2027-01-02T03:04:05Z","refreshToken":"rt"}`
	if string(data) != want {
		t.Fatalf("file =\n%s\nwant\n%s", data, want)
	}
	testmode.Check(t, path, 0o600)
	testmode.Check(t, dir, 0o700)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	back, err := ReadToken(path)
	if err != nil {
		t.Fatal(err)
	}
	tok.ExpiresAt = tok.ExpiresAt.UTC().Truncate(time.Second)
	if !reflect.DeepEqual(back, tok) {
		t.Fatalf("round trip:\n%+v\n%+v", back, tok)
	}
	// The SDK's own reader (its SSO token provider, whose client is never
	// used while the token is valid) must accept what ssox wrote.
	sdkTok, err := ssocreds.NewSSOTokenProvider(nil, path).RetrieveBearerToken(context.Background())
	if err != nil || sdkTok.Value != "at" || !sdkTok.Expires.Equal(tok.ExpiresAt) {
		t.Fatalf("the SDK read %+v, %v", sdkTok, err)
	}
}

func TestWriteTokenOmitsAbsentOptionalFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.json")
	if err := WriteToken(path, &Token{StartURL: "u", Region: "r", AccessToken: "at", ExpiresAt: time.Unix(0, 0)}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if want := `{"startUrl":"u","region":"r","accessToken":"at","expiresAt":"1970-01-01T00:00:00Z"}`; string(data) != want {
		t.Fatalf("got %s", data)
	}
}

// The Go SDK's own SSO token provider, an independent reader, must accept a
// token ssox wrote, with no network call (its client is never used).
func TestSDKTokenProviderReadsOurCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tok.json")
	exp := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
	if err := WriteToken(path, &Token{StartURL: "https://x/start", Region: "us-east-1", AccessToken: "at-123", ExpiresAt: exp,
		ClientID: "cid", ClientSecret: "cs", RegistrationExpiresAt: exp.Add(24 * time.Hour), RefreshToken: "rt"}); err != nil {
		t.Fatal(err)
	}
	p := ssocreds.NewSSOTokenProvider(nil, path)
	tok, err := p.RetrieveBearerToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if tok.Value != "at-123" || !tok.Expires.Equal(exp) {
		t.Fatalf("SDK read %+v", tok)
	}
}

// A field of the wrong type costs only that field: the rest of the token,
// refresh token included, stays usable, and the error names the field.
func TestReadTokenKeepsUsableFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.json")
	for content, want := range map[string]string{
		`{"accessToken":42,"expiresAt":"2026-11-25T20:00:00Z","clientId":"cid","clientSecret":"cs","registrationExpiresAt":"2027-01-01T00:00:00Z","refreshToken":"rt"}`: "accessToken is a number, not a string",
		`{"accessToken":"at","expiresAt":1795636800,"clientId":"cid","clientSecret":"cs","registrationExpiresAt":"2027-01-01T00:00:00Z","refreshToken":"rt"}`:           "expiresAt is a number, not a string",
	} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		tok, err := ReadToken(path)
		var corrupt *CorruptError
		if !errors.As(err, &corrupt) || corrupt.Reason != want {
			t.Fatalf("%s: err = %v, want reason %q", content, err, want)
		}
		now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
		if tok == nil || tok.ValidAt(now) || !tok.CanRefresh(now) || tok.RefreshToken != "rt" || tok.AccessToken != "" {
			t.Fatalf("%s: token %+v", content, tok)
		}
	}
}

// A valid token with a field of the wrong type is used (Token) and is a
// login (LoggedIn), or a fetch under it would call itself logged out.
func TestLoggedInWithAFieldOfTheWrongType(t *testing.T) {
	home := t.TempDir()
	m := &Manager{Home: home, Now: func() time.Time { return time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC) }}
	req := Request{Session: awsconfig.Session{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1"}}
	path := CachePath(home, "njoitaws")
	if m.LoggedIn(req) {
		t.Fatal("logged in with no token cached")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	content := `{"accessToken":"at","expiresAt":"2026-11-25T20:00:00Z","registrationExpiresAt":42}`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, err := m.Token(context.Background(), req)
	if err != nil || tok.AccessToken != "at" || !m.LoggedIn(req) {
		t.Fatalf("token %+v, %v; logged in %v", tok, err, m.LoggedIn(req))
	}
}

func TestState(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	reg := now.Add(24 * time.Hour)
	for _, tc := range []struct {
		tok  *Token
		err  error
		want string
	}{
		{nil, ErrNoToken, "none"},
		{nil, &CorruptError{Reason: "not JSON"}, "invalid"},
		{&Token{AccessToken: "a", ExpiresAt: now.Add(time.Hour)}, nil, "valid"},
		{&Token{AccessToken: "a", ExpiresAt: now.Add(10 * time.Minute)}, nil, "expired"},
		{&Token{AccessToken: "a", ExpiresAt: now.Add(10 * time.Minute), RefreshToken: "r", ClientID: "c", ClientSecret: "s", RegistrationExpiresAt: reg}, nil, "refreshable"},
		{&Token{AccessToken: "a", ExpiresAt: now.Add(time.Hour)}, &CorruptError{Reason: "registrationExpiresAt is a number, not a string"}, "valid"},
	} {
		if got := State(tc.tok, tc.err, now); got != tc.want {
			t.Errorf("%+v %v: %s, want %s", tc.tok, tc.err, got, tc.want)
		}
	}
}
