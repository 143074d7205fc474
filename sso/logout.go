package sso

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ssoapi "github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/awscache"
)

// Logout deletes the session's local secrets first — the cached token and
// the client registration under the session's lock, then, through
// removeRoles, the role credentials under the locks their fetches take —
// and then ends the session at the portal. That last step is best effort:
// a portal that fails or does not answer gets a warning, and the secrets
// are gone all the same. It reports whether there was a token.
//
// The token's lock is let go before removeRoles runs: a fetch holds a role
// lock while it may renew the token, so holding both here could deadlock.
// A fetch that started with the deleted token sees it gone and writes
// nothing (creds.Provider checks under its lock).
func (m *Manager) Logout(ctx context.Context, req Request, removeRoles func(context.Context) error) (bool, error) {
	t, had, err := m.removeLocal(ctx, req, CachePath(m.Home, req.Session.CacheKey()),
		registrationPath(m.Home, req.Session, req.Session.Scopes()))
	if err != nil {
		return had, err
	}
	if removeRoles != nil {
		if err := removeRoles(ctx); err != nil {
			return had, err
		}
	}
	if t != nil {
		region := req.Session.Region
		if region == "" {
			region = t.Region
		}
		m.portalLogout(ctx, region, req, t)
	}
	return had, nil
}

// removeLocal deletes the token at tokenPath and the other files under
// the token's lock, and returns the token, for the portal's Logout.
func (m *Manager) removeLocal(ctx context.Context, req Request, tokenPath string, others ...string) (*Token, bool, error) {
	unlock, err := m.lock(ctx, tokenPath, req)
	if err != nil {
		return nil, false, err
	}
	defer unlock()
	t, err := m.read(tokenPath)
	had := !errors.Is(err, ErrNoToken)
	for _, p := range append([]string{tokenPath}, others...) {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, had, fmt.Errorf("delete %s: %w", p, err)
		}
		m.Log.Printf("deleted %s", p)
	}
	return t, had, nil
}

// portalLogout ends the session at the portal, warning when it cannot: the
// local secrets are already gone. A token the portal no longer knows is
// logged out already.
func (m *Manager) portalLogout(ctx context.Context, region string, req Request, t *Token) {
	err := func() error {
		// The region may come from a cache file, which anyone's tool writes.
		if err := awsconfig.CheckRegion(region); err != nil {
			return fmt.Errorf("the token's region: %w", err)
		}
		cfg, err := m.Net.Config(awsapi.SSO, region, req.Shared)
		if err != nil {
			return err
		}
		m.Log.Printf("portal Logout for %s", req.Session)
		_, err = ssoapi.NewFromConfig(cfg).Logout(ctx, &ssoapi.LogoutInput{AccessToken: aws.String(t.AccessToken)})
		return awsapi.Clean(err)
	}()
	var unauthorized *ssotypes.UnauthorizedException
	if err == nil || errors.As(err, &unauthorized) || ctx.Err() != nil {
		return
	}
	m.IO.Warn("the local token and credentials of %s are deleted, but the portal did not end the session: %s",
		req.Session, m.Log.Redact(err.Error()))
}

// LogoutAll logs out of every session with a token in the cache folder, as
// 'aws sso logout' does, and deletes every client registration there,
// leaving other files alone; it returns how many sessions there were. removeRoles then deletes the role
// credentials, before the portal is told.
func (m *Manager) LogoutAll(ctx context.Context, removeRoles func(context.Context) error) (int, error) {
	entries, err := os.ReadDir(awscache.SSODir(m.Home))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	var tokens []*Token
	var errList []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		path := filepath.Join(awscache.SSODir(m.Home), e.Name())
		o, err := awscache.Read(path)
		if err != nil {
			continue
		}
		switch {
		case o.Has("accessToken") || o.Has("startUrl"):
			// A token, even one with unusable fields, is logged out and
			// removed; one another logout removed meanwhile is not counted.
			req := Request{Session: awsconfig.Session{StartURL: o.String("startUrl"), Region: o.String("region")}}
			t, had, err := m.removeLocal(ctx, req, path)
			if err != nil {
				errList = append(errList, err)
			} else if had {
				tokens = append(tokens, t)
			}
		case o.Has("clientId") && o.Has("clientSecret"):
			// A client registration: its secret goes, but it is no session.
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errList = append(errList, err)
			}
		}
	}
	if removeRoles != nil {
		if err := removeRoles(ctx); err != nil {
			errList = append(errList, err)
		}
	}
	for _, t := range tokens {
		if t != nil && t.Region != "" {
			m.portalLogout(ctx, t.Region, Request{Session: awsconfig.Session{StartURL: t.StartURL, Region: t.Region}}, t)
		}
	}
	return len(tokens), errors.Join(errList...)
}
