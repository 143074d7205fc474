package sso

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/pyjson"
)

const (
	grantAuthCode = "authorization_code"
	grantRefresh  = "refresh_token"
	grantDevice   = "urn:ietf:params:oauth:grant-type:device_code"
	// redirectBase is registered without a port; loopback redirects may use
	// any port (RFC 8252 §7.3), as the AWS CLI relies on.
	redirectBase = "http://127.0.0.1/oauth/callback"
)

// registration is an OIDC client registration as the AWS CLI caches it in
// ~/.aws/sso/cache, so the two tools reuse each other's.
type registration struct {
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	ExpiresAt    string   `json:"expiresAt"`
	Scopes       []string `json:"scopes,omitempty"`
	GrantTypes   []string `json:"grantTypes,omitempty"`

	expires time.Time
}

func (r *registration) forAuthCode() bool { return slices.Contains(r.GrantTypes, grantAuthCode) }

// registrationPath is the AWS CLI's name for a session's registration: the
// SHA-1 of json.dumps({tool, startUrl, region, scopes, session_name},
// sort_keys=True) with Python's default separators.
func registrationPath(home string, s awsconfig.Session, sessionScopes []string) string {
	var scopes, name any
	if sessionScopes != nil {
		scopes = sessionScopes
	}
	if s.Name != "" {
		name = s.Name
	}
	key := pyjson.Dumps(map[string]any{
		"tool":         "botocore",
		"startUrl":     s.StartURL,
		"region":       s.Region,
		"scopes":       scopes,
		"session_name": name,
	}, pyjson.Default)
	return awscache.Path(awscache.SSODir(home), key)
}

// registration returns a cached registration of the right kind with more
// than RefreshWindow left, or registers a new client and caches it.
func (m *Manager) registration(ctx context.Context, client *ssooidc.Client, s awsconfig.Session, authCode, fresh bool) (*registration, error) {
	scopes := s.Scopes()
	path := registrationPath(m.Home, s, scopes)
	if !fresh {
		if r := readRegistration(path); r != nil && r.expires.Sub(m.now()) > RefreshWindow && r.forAuthCode() == authCode {
			m.Log.Secret(r.ClientSecret)
			m.Log.Printf("reusing client registration %s (expires %s)", path, r.ExpiresAt)
			return r, nil
		}
	}
	name := "ssox"
	if s.Name != "" {
		name = "ssox-" + s.Name
	}
	in := &ssooidc.RegisterClientInput{ClientName: aws.String(name), ClientType: aws.String("public")}
	if authCode {
		if len(scopes) == 0 {
			scopes = []string{awsconfig.DefaultScope}
		}
		in.GrantTypes = []string{grantAuthCode, grantRefresh}
		in.RedirectUris = []string{redirectBase}
		in.IssuerUrl = aws.String(s.StartURL)
	}
	in.Scopes = scopes
	m.Log.Printf("registering a client for %s (grant types %v, scopes %v)", s, in.GrantTypes, scopes)
	out, err := client.RegisterClient(ctx, in)
	err = awsapi.Clean(err)
	if err != nil {
		return nil, hintUnlessClassified(fmt.Errorf("register an OIDC client with %s: %w", s, err),
			"try again later; if it persists, check sso_start_url and sso_region of %s", s)
	}
	r := &registration{
		ClientID:     aws.ToString(out.ClientId),
		ClientSecret: aws.ToString(out.ClientSecret),
		expires:      time.Unix(out.ClientSecretExpiresAt, 0).UTC(),
		Scopes:       scopes,
		GrantTypes:   in.GrantTypes,
	}
	m.Log.Secret(r.ClientSecret)
	r.ExpiresAt = awscache.FormatTime(r.expires)
	if err := awscache.Write(path, r); err != nil {
		return nil, fmt.Errorf("save the client registration: %w", err)
	}
	return r, nil
}

func readRegistration(path string) *registration {
	r, _ := loadRegistration(path)
	return r
}
