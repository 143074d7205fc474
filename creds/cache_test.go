package creds

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/testmode"
)

func TestCachePathMatchesAWSCLI(t *testing.T) {
	// Hashes computed with the AWS CLI's recipe in CPython.
	sess := &awsconfig.Profile{AccountID: "123456789012", RoleName: "AdministratorAccess", Session: awsconfig.Session{Name: "njoitaws", StartURL: "https://njoitaws.awsapps.com/start"}}
	legacy := &awsconfig.Profile{AccountID: "111122223333", RoleName: "Dev", Session: awsconfig.Session{StartURL: "https://old.awsapps.com/start"}}
	for p, want := range map[*awsconfig.Profile]string{
		sess:   "/h/.aws/cli/cache/384cbdc8289bb5516a01d59900140e4999a611a3.json",
		legacy: "/h/.aws/cli/cache/9de373c7ded8d5068d274f80baf9525ac988bb52.json",
	} {
		if got := CachePath("/h", p); got != filepath.FromSlash(want) {
			t.Errorf("CachePath = %s, want %s", got, want)
		}
	}
}

func TestCacheRoundTripAndShape(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cli", "cache", "x.json")
	c := &Credentials{AccessKeyID: "ASIAX", SecretAccessKey: "sk", SessionToken: "st", Expiration: time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), AccountID: "123"}
	if err := WriteCache(path, c); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	want := `{"ProviderType":"sso","Credentials":{"AccessKeyId":"ASIAX","SecretAccessKey":"sk","SessionToken":"st","Expiration":"2026-11-25T20:00:00Z","AccountId":"123"}}`
	if string(data) != want {
		t.Fatalf("file %s", data)
	}
	testmode.Check(t, path, 0o600)
	back, err := ReadCache(path)
	if err != nil || !reflect.DeepEqual(back, c) {
		t.Fatalf("read back %+v, %v", back, err)
	}
}

func TestRemoveAllKeepsOtherProviders(t *testing.T) {
	home := t.TempDir()
	dir := awscache.CLIDir(home)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	WriteCache(filepath.Join(dir, "a.json"), &Credentials{AccessKeyID: "a", SecretAccessKey: "b", SessionToken: "c"})
	if err := os.WriteFile(filepath.Join(dir, "assume.json"), []byte(`{"Credentials":{"AccessKeyId":"x"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := RemoveAll(context.Background(), home); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.json")); !os.IsNotExist(err) {
		t.Error("sso entry kept")
	}
	if _, err := os.Stat(filepath.Join(dir, "assume.json")); err != nil {
		t.Error("assume-role entry deleted")
	}
}

func TestRenewAt(t *testing.T) {
	now := time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		left, minTTL, want time.Duration
	}{
		{time.Hour, 15 * time.Minute, 45 * time.Minute},
		{20 * time.Minute, 15 * time.Minute, 5 * time.Minute},
		{time.Hour, 0, time.Hour},
		// Fresh credentials that last less than minTTL: where Get fetches
		// new ones, 15 minutes before they expire or halfway.
		{time.Hour, 2 * time.Hour, 45 * time.Minute},
		{time.Hour, time.Hour, 45 * time.Minute},
		{10 * time.Minute, 15 * time.Minute, 5 * time.Minute},
	} {
		c := &Credentials{Expiration: now.Add(tc.left)}
		if got := c.RenewAt(tc.minTTL, now).Sub(now); got != tc.want {
			t.Errorf("%s left, --min-ttl %s: renew in %s, want %s", tc.left, tc.minTTL, got, tc.want)
		}
	}
}
