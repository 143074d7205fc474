// Package creds gets a profile's role credentials: from the AWS CLI v2's own
// role-credential cache when they last long enough, else from the portal's
// GetRoleCredentials with the SSO token, cached again for the CLI and ssox.
package creds

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/atomicfile"
	"github.com/ssox/ssox/internal/pyjson"
	"github.com/ssox/ssox/sso"
)

// Credentials are temporary role credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
	AccountID       string
}

// cacheFile is the AWS CLI v2's role-credential cache entry.
type cacheFile struct {
	ProviderType string          `json:"ProviderType"`
	Credentials  cacheFileValues `json:"Credentials"`
}

type cacheFileValues struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	SessionToken    string `json:"SessionToken"`
	Expiration      string `json:"Expiration"`
	AccountID       string `json:"AccountId,omitempty"`
}

// CacheDir is ~/.aws/cli/cache.
func CacheDir(home string) string { return filepath.Join(home, ".aws", "cli", "cache") }

// CachePath is the file the AWS CLI v2 uses for a profile's role
// credentials: the SHA-1 of the compact, key-sorted JSON of account, role and
// session name (the start URL for legacy profiles).
func CachePath(home string, p *awsconfig.Profile) string {
	key := map[string]any{"accountId": p.AccountID, "roleName": p.RoleName}
	if p.Session.Legacy() {
		key["startUrl"] = p.Session.StartURL
	} else {
		key["sessionName"] = p.Session.Name
	}
	sum := sha1.Sum([]byte(pyjson.Dumps(key, pyjson.Compact)))
	return filepath.Join(CacheDir(home), hex.EncodeToString(sum[:])+".json")
}

// ErrNotCached is returned when the cache has no entry.
var ErrNotCached = errors.New("no cached role credentials")

// ReadCache reads a role-credential cache entry.
func ReadCache(path string) (*Credentials, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotCached
	}
	if err != nil {
		return nil, fmt.Errorf("read credential cache: %w", err)
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("credential cache %s is not valid JSON", path)
	}
	v := f.Credentials
	if v.AccessKeyID == "" || v.SecretAccessKey == "" || v.SessionToken == "" {
		return nil, fmt.Errorf("credential cache %s is incomplete", path)
	}
	exp, err := sso.ParseTime(v.Expiration)
	if err != nil {
		return nil, fmt.Errorf("credential cache %s: Expiration: %w", path, err)
	}
	return &Credentials{
		AccessKeyID:     v.AccessKeyID,
		SecretAccessKey: v.SecretAccessKey,
		SessionToken:    v.SessionToken,
		Expiration:      exp,
		AccountID:       v.AccountID,
	}, nil
}

// WriteCache writes an entry atomically, mode 0600, in the AWS CLI's shape.
func WriteCache(path string, c *Credentials) error {
	data, err := json.Marshal(cacheFile{
		ProviderType: "sso",
		Credentials: cacheFileValues{
			AccessKeyID:     c.AccessKeyID,
			SecretAccessKey: c.SecretAccessKey,
			SessionToken:    c.SessionToken,
			Expiration:      sso.FormatTime(c.Expiration),
			AccountID:       c.AccountID,
		},
	})
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, 0o600, 0o700)
}

// RemoveAll deletes every SSO entry of the role-credential cache, as
// 'aws sso logout' does; other providers' entries stay.
func RemoveAll(home string) error {
	entries, err := os.ReadDir(CacheDir(home))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		path := filepath.Join(CacheDir(home), e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var f cacheFile
		if json.Unmarshal(data, &f) == nil && f.ProviderType == "sso" {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}
