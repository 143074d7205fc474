package creds

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzReadCache feeds the role-credential cache reader any file.
// Properties: it never panics; an error never quotes a secret; credentials
// it accepts, written back, read back the same (the expiry to the second).
func FuzzReadCache(f *testing.F) {
	f.Add([]byte(`{"ProviderType":"sso","Credentials":{"AccessKeyId":"ASIAX","SecretAccessKey":"secret","SessionToken":"token","Expiration":"2026-11-25T12:00:00Z","AccountId":"123456789012"}}`))
	f.Add([]byte(`{"Credentials":{"AccessKeyId":"ASIAX","SecretAccessKey":"secret","SessionToken":"token","Expiration":"2026-11-25T12:00:00+00:00"}}`))
	f.Add([]byte(`{"ProviderType":"sso","Credentials":{"AccessKeyId":1,"SecretAccessKey":"secretvalue"}}`))
	f.Add([]byte(`{"Credentials":"x"}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "role.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := ReadCache(path)
		if err != nil {
			var f struct{ Credentials map[string]any }
			if json.Unmarshal(data, &f) == nil {
				for _, k := range []string{"SecretAccessKey", "SessionToken"} {
					v, ok := f.Credentials[k].(string)
					if ok && distinct(v, k, f.Credentials) && strings.Contains(err.Error(), v) {
						t.Fatalf("error %q shows the %s", err, k)
					}
				}
			}
			return
		}
		if err := WriteCache(path, c); err != nil {
			if y := c.Expiration.Year(); y < 0 || y > 9999 {
				return
			}
			t.Fatalf("write back: %v", err)
		}
		again, err := ReadCache(path)
		if err != nil {
			t.Fatalf("what WriteCache wrote does not read back: %v", err)
		}
		want := *c
		want.Expiration = c.Expiration.Truncate(time.Second)
		if *again != want {
			t.Fatalf("round trip\n got  %+v\n want %+v", *again, want)
		}
	})
}

// distinct reports whether the value v of key is long enough, and not part
// of another key or value, so that finding it in a message means the
// message shows it.
func distinct(v, key string, fields map[string]any) bool {
	if len(v) < 6 {
		return false
	}
	for k, other := range fields {
		o, _ := other.(string)
		if k != key && (strings.Contains(o, v) || strings.Contains(k, v)) {
			return false
		}
	}
	return true
}
