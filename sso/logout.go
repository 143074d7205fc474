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

// Logout ends the session at the portal and deletes its cached token. It
// reports whether there was a token. A token the portal no longer knows is
// deleted all the same.
func (m *Manager) Logout(ctx context.Context, req Request) (bool, error) {
	path := CachePath(m.Home, req.Session.CacheKey())
	unlock, err := m.lock(ctx, path, req)
	if err != nil {
		return false, err
	}
	defer unlock()
	t, err := m.read(path)
	if errors.Is(err, ErrNoToken) {
		return false, nil
	}
	if t != nil {
		region := req.Session.Region
		if region == "" {
			region = t.Region
		}
		if err := m.portalLogout(ctx, region, req, t); err != nil {
			return true, err
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return true, fmt.Errorf("delete the cached token: %w", err)
	}
	m.Log.Printf("deleted %s", path)
	return true, nil
}

func (m *Manager) portalLogout(ctx context.Context, region string, req Request, t *Token) error {
	cfg, err := awsapi.Config(region, req.Shared)
	if err != nil {
		return err
	}
	m.Log.Printf("portal Logout for %s", req.Session)
	_, err = ssoapi.NewFromConfig(cfg).Logout(ctx, &ssoapi.LogoutInput{AccessToken: aws.String(t.AccessToken)})
	var unauthorized *ssotypes.UnauthorizedException
	if err != nil && !errors.As(err, &unauthorized) {
		return fmt.Errorf("log out of %s at the portal: %w", req.Session, err)
	}
	return nil
}

// LogoutAll logs out of every session with a token in the cache folder, as
// 'aws sso logout' does, and returns how many there were. Registrations and
// other files are left alone.
func (m *Manager) LogoutAll(ctx context.Context) (int, error) {
	entries, err := os.ReadDir(awscache.SSODir(m.Home))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	var errList []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		path := filepath.Join(awscache.SSODir(m.Home), e.Name())
		// A token with unusable fields is still logged out and removed.
		t, _ := ReadToken(path)
		if t == nil {
			continue
		}
		m.secret(t)
		n++
		req := Request{Session: awsconfig.Session{StartURL: t.StartURL, Region: t.Region}}
		if t.Region != "" {
			if err := m.portalLogout(ctx, t.Region, req, t); err != nil {
				errList = append(errList, err)
				continue
			}
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errList = append(errList, err)
		}
	}
	return n, errors.Join(errList...)
}
