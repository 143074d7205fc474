package creds

import (
	"context"
	"os"
	"time"

	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/filelock"
	"github.com/ssox/ssox/internal/timeleft"
)

// cacheEntry is a credentials cache file that one process at a time fills:
// the role-credential cache of an SSO profile, or the assume-role cache of
// one hop of a role chain. The two differ in what they hold and how they
// are read (read), in what must be got before the lock (the SSO token, the
// source's credentials) and in how their credentials are fetched and
// written; the first read (cached), the lock, the second read
// (lockedFetch) and the messages are the same.
type cacheEntry struct {
	path string
	// what and of name the credentials in messages, "what of": "role
	// credentials of profile" "ui-dev", "credentials of"
	// "arn:aws:iam::…:role/Deploy" (two strings: joining them would cost the
	// warm path an allocation).
	what, of string
	read     func(path string) (*Credentials, error)
}

// cached returns the entry's credentials when more than minTTL of them
// remain: the warm path, which makes nothing more.
func (p *Provider) cached(e cacheEntry, minTTL time.Duration) (*Credentials, bool) {
	c, ok := p.fresh(e, minTTL)
	if ok && p.Log.Enabled() { // its arguments alone would cost the warm path
		p.Log.Printf("%s %s from %s, valid until %s", e.what, e.of, e.path, awscache.FormatTime(c.Expiration))
	}
	return c, ok
}

// lockedFetch fills the entry, which cached found short of minTTL, one
// process at a time. It runs before, outside the lock (what before waits
// for is waited for under its own lock: processes waiting for a login wait
// on the session's, where a failed login fails them all at once); then
// takes the lock beside the entry, reads it again (another process may
// have just filled it) and, if it still falls short, runs fetch, which gets
// the credentials and writes the entry.
func (p *Provider) lockedFetch(ctx context.Context, e cacheEntry, minTTL time.Duration, before func() error, fetch func() (*Credentials, error)) (*Credentials, error) {
	if err := before(); err != nil {
		return nil, err
	}
	unlock, err := filelock.Acquire(ctx, filelock.PathFor(e.path), func() {
		p.IO.Say("waiting for another ssox to get %s %s", e.what, e.of)
	})
	if err != nil {
		return nil, err
	}
	defer unlock()
	if c, ok := p.fresh(e, minTTL); ok {
		p.Log.Printf("another process cached %s %s in %s", e.what, e.of, e.path)
		return c, nil
	}
	c, err := fetch()
	if err == nil && c.Expiration.Sub(p.now()) <= minTTL {
		// The role's session is shorter than --min-ttl: no fetch can do
		// better, so these serve until the window (fresh reads the
		// lifetime back from the entry).
		p.IO.Warn("%s %s last %s, less than the %s of --min-ttl (or SSOX_MIN_TTL): using them, and new ones once %s remain",
			e.what, e.of, timeleft.Until(c.Expiration, p.now()), timeleft.Format(int64(minTTL/time.Second)), timeleft.Format(int64(window(c.Expiration.Sub(p.now()))/time.Second)))
	}
	return c, err
}

// fresh reads the entry and reports whether more than minTTL remain of its
// credentials.
func (p *Provider) fresh(e cacheEntry, minTTL time.Duration) (*Credentials, bool) {
	if p.Refresh {
		p.Log.Printf("--refresh: new %s %s", e.what, e.of)
		return nil, false
	}
	c, err := e.read(e.path)
	switch {
	case err != nil:
		p.Log.Printf("cache of %s %s: %v", e.what, e.of, err)
		return nil, false
	case c.Expiration.Sub(p.now()) <= minTTL && !p.outlived(e, c, minTTL):
		p.Log.Printf("cached %s %s expire at %s, within %s", e.what, e.of, awscache.FormatTime(c.Expiration), minTTL)
		return nil, false
	}
	p.Log.Secret(c.SecretAccessKey, c.SessionToken)
	return c, true
}

// outlived reports whether minTTL asks more of the entry's credentials
// than they could ever give: their whole life, from when the entry was
// written (its modification time; the AWS CLI's format has no field for
// it) to their expiry, was no longer. New ones would last no longer, so
// these serve until the window is left, rather than a fetch on every run.
// It runs only for credentials that fall short of minTTL.
func (p *Provider) outlived(e cacheEntry, c *Credentials, minTTL time.Duration) bool {
	fi, err := os.Stat(e.path)
	if err != nil {
		return false
	}
	// A file written after its credentials expired was not written by
	// their fetch: their life is unknown.
	life := c.Expiration.Sub(fi.ModTime())
	if life <= 0 || life > minTTL || c.Expiration.Sub(p.now()) <= window(life) {
		return false
	}
	p.Log.Printf("cached %s %s last %s in all, less than --min-ttl %s: used until %s remain", e.what, e.of, life.Round(time.Second), minTTL, window(life))
	return true
}

// window is how much of credentials that live for life is left when
// new ones are fetched though --min-ttl asks more: the AWS CLI's 15
// minutes, or half their life if that is shorter.
func window(life time.Duration) time.Duration { return min(sourceWindow, life/2) }

// keep reports a failure to write the entry: the credentials still serve
// this run.
func (p *Provider) keep(e cacheEntry, err error) {
	if err != nil {
		p.IO.Warn("could not cache %s %s: %v", e.what, e.of, err)
	}
}
