package sso

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
			noSecretIn(t, err.Error(), data, "accessToken", "clientSecret", "refreshToken")
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

// noSecretIn fails if msg holds the value of one of keys in the JSON data,
// when that value is a string long enough to be told apart from the
// message's own words and is not part of another key or value.
func noSecretIn(t *testing.T, msg string, data []byte, keys ...string) {
	t.Helper()
	var fields map[string]any
	if json.Unmarshal(data, &fields) != nil {
		return
	}
	for _, k := range keys {
		v, ok := fields[k].(string)
		if !ok || len(v) < 6 {
			continue
		}
		for other, o := range fields {
			if s, _ := o.(string); other != k && (strings.Contains(s, v) || strings.Contains(other, v)) {
				ok = false // found in another field, it would prove nothing
			}
		}
		if ok && strings.Contains(msg, v) {
			t.Fatalf("error %q shows the %s", msg, k)
		}
	}
}
