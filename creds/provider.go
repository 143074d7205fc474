package creds

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ssoapi "github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/smithy-go"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/sso"
)

// Provider gets role credentials for profiles.
type Provider struct {
	Home   string
	Tokens *sso.Manager
	Log    *debuglog.Logger
	Now    func() time.Time
	// IO is where the user is told of problems that do not stop the
	// command, and why nothing seems to happen.
	IO *iostreams.IOStreams
	// Refresh passes over every cached credential, of each hop of a chain
	// too, and gets new ones (--refresh): for keys AWS refuses though
	// they have not expired.
	Refresh bool
}

func (p *Provider) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Get returns credentials for prof with more than minTTL left: cached ones
// without any network call when they last, else fresh ones from the portal.
//
// For a role chain they are the last role's, assumed hop by hop from the
// SSO profile's credentials.
func (p *Provider) Get(ctx context.Context, prof *awsconfig.Profile, minTTL time.Duration) (*Credentials, error) {
	if len(prof.Roles) > 0 {
		return p.chain(ctx, prof, len(prof.Roles)-1, minTTL)
	}
	e := cacheEntry{path: CachePath(p.Home, prof), what: "role credentials of profile", of: prof.Name, read: ReadCache}
	if c, ok := p.cached(e, minTTL); ok {
		return c, nil
	}
	req := sso.Request{Session: prof.Session, Profile: prof.Name, Shared: &prof.Shared}
	var tok *sso.Token
	return p.lockedFetch(ctx, e, minTTL,
		func() (err error) {
			tok, err = p.Tokens.Token(ctx, req)
			return err
		},
		func() (*Credentials, error) {
			c, err := p.fetch(ctx, prof, tok)
			var unauthorized *ssotypes.UnauthorizedException
			if errors.As(err, &unauthorized) {
				// The token looked valid but the portal refused it: it was
				// revoked or the session ended early. Renew it once.
				p.Log.Printf("portal refused the token: %v", err)
				if tok, err = p.Tokens.Renew(ctx, req, tok); err != nil {
					return nil, err
				}
				c, err = p.fetch(ctx, prof, tok)
				if errors.As(err, &unauthorized) {
					return nil, errs.WithHint(fmt.Errorf("the portal refuses the SSO session for %s although it was just renewed", prof.Session),
						"run 'ssox logout %s', then 'ssox login %s'", visible.ShellWord(prof.Name), visible.ShellWord(prof.Name))
				}
			}
			if err != nil {
				return nil, p.explain(prof, err)
			}
			// A logout that ran meanwhile deleted the token (and waits for
			// this lock to delete the role credentials): what it ended must
			// not be cached again.
			if !p.Tokens.LoggedIn(req) {
				return nil, errs.WithHint(fmt.Errorf("logged out of %s while getting credentials for %s", prof.Session, prof.Name), "run 'ssox login %s'", visible.ShellWord(prof.Name))
			}
			p.keep(e, WriteCache(e.path, c))
			return c, nil
		})
}

func (p *Provider) fetch(ctx context.Context, prof *awsconfig.Profile, tok *sso.Token) (*Credentials, error) {
	cfg, err := p.Tokens.Net.Config(awsapi.SSO, prof.Session.Region, &prof.Shared)
	if err != nil {
		return nil, err
	}
	p.Log.Printf("GetRoleCredentials account %s role %s", prof.AccountID, prof.RoleName)
	out, err := ssoapi.NewFromConfig(cfg).GetRoleCredentials(ctx, &ssoapi.GetRoleCredentialsInput{
		AccessToken: aws.String(tok.AccessToken),
		AccountId:   aws.String(prof.AccountID),
		RoleName:    aws.String(prof.RoleName),
	})
	if err != nil {
		return nil, awsapi.Clean(err)
	}
	rc := out.RoleCredentials
	if rc == nil || rc.AccessKeyId == nil || rc.SecretAccessKey == nil || rc.SessionToken == nil {
		return nil, errors.New("GetRoleCredentials returned no credentials")
	}
	c := &Credentials{
		AccessKeyID:     aws.ToString(rc.AccessKeyId),
		SecretAccessKey: aws.ToString(rc.SecretAccessKey),
		SessionToken:    aws.ToString(rc.SessionToken),
		Expiration:      time.UnixMilli(rc.Expiration).UTC(),
		AccountID:       prof.AccountID,
	}
	p.Log.Secret(c.SecretAccessKey, c.SessionToken)
	p.Log.Printf("got role credentials %s, valid until %s", c.AccessKeyID, awscache.FormatTime(c.Expiration))
	return c, nil
}

// explain turns portal errors into what the user can do about them.
func (p *Provider) explain(prof *awsconfig.Profile, err error) error {
	// ForbiddenException ("No access") is not in the SDK's model, so it is
	// known by its code.
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "ForbiddenException", "ResourceNotFoundException":
			reach := fmt.Sprintf("'aws configure sso --profile %s' lists what you can reach", visible.ShellWord(prof.Name))
			if !prof.Session.Legacy() {
				reach += fmt.Sprintf("; 'ssox setup --sso-session %s --dry-run' too", visible.ShellWord(prof.Session.Name))
			}
			return errs.WithHint(fmt.Errorf("%s cannot use role %s in account %s: %w", prof.Session, prof.RoleName, prof.AccountID, err),
				"check sso_account_id and sso_role_name of profile %s (%s)", visible.ShellWord(prof.Name), reach)
		}
	}
	if awsapi.ClassOf(err) == awsapi.Unauthorized {
		return errs.WithHint(fmt.Errorf("get role credentials for profile %s: %w", prof.Name, err), "run 'ssox login %s'", visible.ShellWord(prof.Name))
	}
	return fmt.Errorf("get role credentials for profile %s: %w", prof.Name, err)
}
