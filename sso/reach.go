package sso

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	ssoapi "github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/ssox/ssox/internal/awsapi"
)

// Reachability is what Reach found of a session's endpoints.
type Reachability struct {
	// OIDC and Portal are the failed calls that got no answer from the
	// service (a connection refused, a timeout, a 5xx); nil when it
	// answered, whatever it answered.
	OIDC, Portal error
	// TokenChecked is whether the portal was asked with the cached token,
	// which looks valid; TokenRefused whether it refused it (revoked, or
	// the session ended early).
	TokenChecked, TokenRefused bool
}

// Reach asks the session's OIDC endpoint and portal one question each, to
// tell whether they answer at all: CreateToken with a client that does not
// exist (the answer is a refusal), and ListAccounts with the cached token
// when it looks valid, else with none. It sends no secret but the token.
func (m *Manager) Reach(ctx context.Context, req Request) Reachability {
	var r Reachability
	if cfg, err := m.Net.Config(awsapi.SSOOIDC, req.Session.Region, req.Shared); err != nil {
		r.OIDC = err
	} else {
		_, err := ssooidc.NewFromConfig(cfg).CreateToken(ctx, &ssooidc.CreateTokenInput{
			ClientId: aws.String("ssox-doctor"), ClientSecret: aws.String("ssox-doctor"),
			GrantType: aws.String("refresh_token"), RefreshToken: aws.String("ssox-doctor"),
		})
		r.OIDC = unanswered(err)
	}
	t, _ := ReadToken(CachePath(m.Home, req.Session.CacheKey()))
	token := "ssox-doctor"
	if t.ValidAt(m.now()) {
		m.secret(t)
		token, r.TokenChecked = t.AccessToken, true
	}
	if cfg, err := m.Net.Config(awsapi.SSO, req.Session.Region, req.Shared); err != nil {
		r.Portal = err
	} else {
		m.Log.Printf("asking the portal of %s whether it answers", req.Session)
		_, err := ssoapi.NewFromConfig(cfg).ListAccounts(ctx, &ssoapi.ListAccountsInput{AccessToken: aws.String(token), MaxResults: aws.Int32(1)})
		err = awsapi.Clean(err)
		r.Portal = unanswered(err)
		r.TokenRefused = r.TokenChecked && r.Portal == nil && rejected(err)
	}
	return r
}

// unanswered is err unless the service answered it: a refusal, a request
// it rejects, even throttling, all come from a service that is there.
func unanswered(err error) error {
	err = awsapi.Clean(err)
	switch awsapi.ClassOf(err) {
	case awsapi.Unauthorized, awsapi.Forbidden, awsapi.InvalidRequest, awsapi.Throttled:
		return nil
	}
	return err
}
