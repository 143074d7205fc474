// Package creds gets a profile's role credentials: from the AWS CLI v2's own
// role-credential cache when they last long enough, else from the portal's
// GetRoleCredentials with the SSO token, cached again for the CLI and ssox.
package creds

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/filelock"
	"github.com/ssox/ssox/internal/pyjson"
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

// CachePath is the file the AWS CLI v2 uses for a profile's role
// credentials: named by the compact, key-sorted JSON of account, role and
// session name (the start URL for legacy profiles).
func CachePath(home string, p *awsconfig.Profile) string {
	key := map[string]any{"accountId": p.AccountID, "roleName": p.RoleName}
	if p.Session.Legacy() {
		key["startUrl"] = p.Session.StartURL
	} else {
		key["sessionName"] = p.Session.Name
	}
	return awscache.Path(awscache.CLIDir(home), pyjson.Dumps(key, pyjson.Compact))
}

// ErrNotCached is returned when the cache has no entry.
var ErrNotCached = errors.New("no cached role credentials")

// ReadCache reads a role-credential cache entry.
func ReadCache(path string) (*Credentials, error) {
	return readCredentials(path, func(o *awscache.Object) string {
		return o.Object("Credentials").String("AccountId")
	})
}

// readCredentials reads the Credentials object that the AWS CLI's role and
// assume-role cache entries share; accountID finds the account where each
// kind keeps it.
func readCredentials(path string, accountID func(*awscache.Object) string) (*Credentials, error) {
	o, err := awscache.Read(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotCached
	}
	if err != nil {
		return nil, fmt.Errorf("credential cache %s: %w", path, err)
	}
	v := o.Object("Credentials")
	c := &Credentials{
		AccessKeyID:     v.String("AccessKeyId"),
		SecretAccessKey: v.String("SecretAccessKey"),
		SessionToken:    v.String("SessionToken"),
		Expiration:      v.Time("Expiration"),
		AccountID:       accountID(o),
	}
	if err := o.Err(); err != nil {
		return nil, fmt.Errorf("credential cache %s: %w", path, err)
	}
	if c.AccessKeyID == "" || c.SecretAccessKey == "" || c.SessionToken == "" || c.Expiration.IsZero() {
		return nil, fmt.Errorf("credential cache %s is incomplete", path)
	}
	return c, nil
}

// WriteCache writes an entry atomically, mode 0600, in the AWS CLI's shape.
func WriteCache(path string, c *Credentials) error {
	return awscache.Write(path, cacheFile{
		ProviderType: "sso",
		Credentials: cacheFileValues{
			AccessKeyID:     c.AccessKeyID,
			SecretAccessKey: c.SecretAccessKey,
			SessionToken:    c.SessionToken,
			Expiration:      awscache.FormatTime(c.Expiration),
			AccountID:       c.AccountID,
		},
	})
}

// RemoveSession deletes the cached role credentials of every profile in cfg
// that uses session, as logging out of it must (and logging in to it, so
// that keys AWS refuses go too), each under the lock its fetch takes, so a
// fetch in progress finishes (or gives up) before its entry goes. It
// returns how many profiles had some.
func RemoveSession(ctx context.Context, home string, cfg *awsconfig.Config, session awsconfig.Session) (int, error) {
	names, err := cfg.ProfileNames()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range names {
		p, err := cfg.Profile(name)
		// Roles assumed on top of the session keep their own credentials,
		// as 'aws sso logout' leaves them.
		if err != nil || len(p.Roles) > 0 || p.Session.CacheKey() != session.CacheKey() {
			continue
		}
		had, err := removeLocked(ctx, CachePath(home, p))
		if err != nil {
			return n, fmt.Errorf("delete cached role credentials of %s: %w", name, err)
		}
		if had {
			n++
		}
	}
	return n, nil
}

// removeLocked deletes path under its lock, reporting whether it was there.
func removeLocked(ctx context.Context, path string) (bool, error) {
	unlock, err := filelock.Acquire(ctx, filelock.PathFor(path), nil)
	if err != nil {
		return false, err
	}
	defer unlock()
	err = os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// RemoveAll deletes every SSO entry of the role-credential cache, as
// 'aws sso logout' does, each under its lock; other providers' entries
// stay.
func RemoveAll(ctx context.Context, home string) error {
	entries, err := os.ReadDir(awscache.CLIDir(home))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		path := filepath.Join(awscache.CLIDir(home), e.Name())
		o, err := awscache.Read(path)
		if err != nil || o.String("ProviderType") != "sso" {
			continue
		}
		if _, err := removeLocked(ctx, path); err != nil {
			return err
		}
	}
	return nil
}

// RenewAt is when a shell holding c should get fresh credentials: minTTL
// before they expire, or, for credentials that live less than minTTL
// (which Provider.Get then keeps for that long), when the window in which
// it fetches new ones begins.
func (c *Credentials) RenewAt(minTTL time.Duration, now time.Time) time.Time {
	if at := c.Expiration.Add(-minTTL); at.After(now) {
		return at
	}
	return c.Expiration.Add(-window(c.Expiration.Sub(now)))
}
