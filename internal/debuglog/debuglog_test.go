package debuglog

import (
	"bytes"
	"strings"
	"testing"
)

func TestRedactsRegisteredSecrets(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf)
	l.Secret("aoaSECRETTOKEN", "abc") // too short to register: would redact noise
	l.Printf("token=%s key=%s", "aoaSECRETTOKEN", "abc")
	got := buf.String()
	if strings.Contains(got, "aoaSECRETTOKEN") {
		t.Fatalf("secret printed: %q", got)
	}
	if !strings.Contains(got, "token="+Redacted+" key=abc") {
		t.Fatalf("unexpected line: %q", got)
	}
}

func TestNilAndDisabledAreSilent(t *testing.T) {
	var l *Logger
	l.Printf("x")
	l.Secret("secretvalue")
	if l.Enabled() {
		t.Fatal("nil logger enabled")
	}
	if New(nil).Enabled() {
		t.Fatal("logger without writer enabled")
	}
}
