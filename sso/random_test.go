package sso

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

func TestVerifierAndState(t *testing.T) {
	v := randomString(64)
	if len(v) != 64 || strings.Trim(v, verifierChars) != "" {
		t.Fatalf("verifier %q", v)
	}
	if randomString(64) == v {
		t.Fatal("verifier repeats")
	}
	sum := sha256.Sum256([]byte(v))
	if c := base64.RawURLEncoding.EncodeToString(sum[:]); len(c) != 43 {
		t.Fatalf("challenge %q", c)
	}
	if u := uuid4(); len(u) != 36 || u[14] != '4' {
		t.Fatalf("uuid %q", u)
	}
}
