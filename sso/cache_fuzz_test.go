package sso

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fuzzcheck"
)

// FuzzReadToken feeds the token cache reader any file. Properties: it never
// panics; an error never quotes a secret's value; and a token it accepts,
// written back, reads back the same (times to the second, as the AWS CLI
// writes them).
func FuzzReadToken(f *testing.F) {
	f.Add([]byte(`{"startUrl":"https://x/start","region":"us-east-1","accessToken":"at","expiresAt":"2026-11-25T12:00:00Z","clientId":"c","clientSecret":"cs","registrationExpiresAt":"2027-02-23T12:00:00Z","refreshToken":"rt"}`))
	f.Add([]byte(`{"accessToken":"at","expiresAt":"2026-11-25T12:00:00.5+02:00"}`))
	f.Add([]byte(`{"accessToken":"at","expiresAt":"2026-11-25T12:00:00UTC","refreshToken":7}`))
	f.Add([]byte(`[]`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "token.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		tok, err := ReadToken(path)
		if err != nil {
			var fields map[string]any
			if json.Unmarshal(data, &fields) == nil {
				fuzzcheck.NoSecretShown(t, err.Error(), fields, "accessToken", "clientSecret", "refreshToken")
			}
			return
		}
		if err := WriteToken(path, tok); err != nil {
			if !representable(tok.ExpiresAt) || !representable(tok.RegistrationExpiresAt) {
				return
			}
			t.Fatalf("write back: %v", err)
		}
		again, err := ReadToken(path)
		if err != nil {
			t.Fatalf("what WriteToken wrote does not read back: %v", err)
		}
		want := *tok
		want.ExpiresAt = tok.ExpiresAt.Truncate(time.Second)
		want.RegistrationExpiresAt = tok.RegistrationExpiresAt.Truncate(time.Second)
		if *again != want {
			t.Fatalf("round trip\n got  %+v\n want %+v", *again, want)
		}
	})
}

// representable: the AWS CLI's timestamp format has four-digit years.
func representable(t time.Time) bool { return t.Year() >= 0 && t.Year() <= 9999 }
