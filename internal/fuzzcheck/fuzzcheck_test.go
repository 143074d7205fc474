package fuzzcheck

import (
	"fmt"
	"testing"
)

type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestNoSecretShown(t *testing.T) {
	fields := map[string]any{"refreshToken": "rt-secret", "expiresAt": "not-a-time-000000", "clientSecret": "000000"}
	for msg, want := range map[string]string{
		`token cache x: refreshToken is "rt-secret"`:            `error "token cache x: refreshToken is \"rt-secret\"" shows the refreshToken`,
		`token cache x: expiresAt is "not-a-time-000000"`:       "", // the secret 000000 is part of another value
		`token cache x: refreshToken is a number, not a string`: "",
	} {
		r := &recorder{TB: t}
		NoSecretShown(r, msg, fields, "refreshToken", "clientSecret")
		if r.failed != want {
			t.Errorf("%s: failed with %q, want %q", msg, r.failed, want)
		}
	}
}
