package creds

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fuzzcheck"
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
				fuzzcheck.NoSecretShown(t, err.Error(), f.Credentials, "SecretAccessKey", "SessionToken")
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

// FuzzReadAssumeRoleCache does the same for the assume-role cache, whose
// entries the AWS CLI writes in botocore's shape: credentials it accepts,
// written back in that shape, read back the same.
func FuzzReadAssumeRoleCache(f *testing.F) {
	f.Add([]byte(`{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "secret", "SessionToken": "token", "Expiration": "2026-11-25T12:00:00UTC"}, "AssumedRoleUser": {"AssumedRoleId": "AROA:s", "Arn": "arn:aws:sts::222233334444:assumed-role/Deploy/s"}, "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 200, "HTTPHeaders": {}, "RetryAttempts": 0}}`))
	f.Add([]byte(`{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": "secret", "SessionToken": "token", "Expiration": "2026-11-25T12:00:00+00:00"}, "AssumedRoleUser": {"Arn": "arn:aws:sts:::x"}}`))
	f.Add([]byte(`{"Credentials": {"AccessKeyId": "ASIAX", "SecretAccessKey": 5}}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "assumed.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := ReadAssumeRoleCache(path)
		if err != nil {
			var f struct{ Credentials map[string]any }
			if json.Unmarshal(data, &f) == nil {
				fuzzcheck.NoSecretShown(t, err.Error(), f.Credentials, "SecretAccessKey", "SessionToken")
			}
			return
		}
		if y := c.Expiration.Year(); y < 0 || y > 9999 {
			return
		}
		a := &assumed{creds: c, arn: "arn:aws:sts::" + c.AccountID + ":assumed-role/R/s", status: 200}
		if err := writeAssumeRoleCache(path, a); err != nil {
			t.Fatalf("write back: %v", err)
		}
		again, err := ReadAssumeRoleCache(path)
		if err != nil {
			t.Fatalf("what writeAssumeRoleCache wrote does not read back: %v", err)
		}
		want := *c
		want.Expiration = c.Expiration.Truncate(time.Second)
		if *again != want {
			t.Fatalf("round trip\n got  %+v\n want %+v", *again, want)
		}
	})
}
