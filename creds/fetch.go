package creds

import (
	"context"
	"time"

	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/filelock"
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
	return fetch()
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
	case c.Expiration.Sub(p.now()) <= minTTL:
		p.Log.Printf("cached %s %s expire at %s, within %s", e.what, e.of, awscache.FormatTime(c.Expiration), minTTL)
		return nil, false
	}
	p.Log.Secret(c.SecretAccessKey, c.SessionToken)
	return c, true
}

// keep reports a failure to write the entry: the credentials still serve
// this run.
func (p *Provider) keep(e cacheEntry, err error) {
	if err != nil {
		p.IO.Warn("could not cache %s %s: %v", e.what, e.of, err)
	}
}
