package sso

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	ssooidctypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/errs"
)

// deviceLogin is the device authorization grant (RFC 8628).
func (m *Manager) deviceLogin(ctx context.Context, client *ssooidc.Client, req Request, newRegistration bool) (*Token, error) {
	reg, err := m.registration(ctx, client, req.Session, false, newRegistration)
	if err != nil {
		return nil, err
	}
	auth, err := client.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId:     aws.String(reg.ClientID),
		ClientSecret: aws.String(reg.ClientSecret),
		StartUrl:     aws.String(req.Session.StartURL),
	})
	err = awsapi.Clean(err)
	if err != nil {
		return nil, staleClient(hintUnlessClassified(fmt.Errorf("start device authorization with %s: %w", req.Session, err), "%s to try again", req.loginHint()))
	}
	code := aws.ToString(auth.UserCode)
	if complete := aws.ToString(auth.VerificationUriComplete); complete != "" {
		// The URL with the code in it saves typing the code, where the
		// browser is not on this machine.
		m.IO.Say("to log in to %s, open this URL and enter the code:\n\n  %s\n  code: %s\n\nor open this URL, the code filled in:\n\n  %s\n",
			req.Session, aws.ToString(auth.VerificationUri), code, complete)
	} else {
		m.IO.Say("to log in to %s, open this URL and enter the code:\n\n  %s\n  code: %s\n",
			req.Session, aws.ToString(auth.VerificationUri), code)
	}
	if m.browserUsable() && auth.VerificationUriComplete != nil {
		defer m.openURL(aws.ToString(auth.VerificationUriComplete))()
	}
	interval := time.Duration(auth.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second
	}
	if auth.ExpiresIn > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(auth.ExpiresIn)*time.Second)
		defer cancel()
	}
	stop := m.spin(ctx, "waiting for approval in the browser", code)
	defer stop()
	for {
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, errs.WithHint(errors.New("the device code expired before it was approved"), "%s and approve it within the time shown", req.loginHint())
			}
			return nil, ctx.Err()
		case <-m.after(interval):
		}
		start := m.now()
		out, err := client.CreateToken(ctx, &ssooidc.CreateTokenInput{
			ClientId:     aws.String(reg.ClientID),
			ClientSecret: aws.String(reg.ClientSecret),
			GrantType:    aws.String(grantDevice),
			DeviceCode:   auth.DeviceCode,
		})
		err = awsapi.Clean(err)
		var pending *ssooidctypes.AuthorizationPendingException
		var slow *ssooidctypes.SlowDownException
		var expired *ssooidctypes.ExpiredTokenException
		var denied *ssooidctypes.AccessDeniedException
		switch {
		case err == nil:
			stop()
			return tokenFrom(out, req, reg, start), nil
		case errors.As(err, &pending):
		case errors.As(err, &slow):
			interval += 5 * time.Second
			m.Log.Printf("asked to slow down; polling every %s", interval)
		case errors.As(err, &expired):
			stop()
			return nil, errs.WithHint(errors.New("the device code expired before it was approved"), "%s and approve it within the time shown", req.loginHint())
		case errors.As(err, &denied):
			stop()
			return nil, errs.WithHint(errors.New("the login was refused in the browser"), "%s to try again", req.loginHint())
		case ctx.Err() != nil:
			continue
		default:
			stop()
			return nil, staleClient(hintUnlessClassified(fmt.Errorf("poll for the device token: %w", err), "%s to try again", req.loginHint()))
		}
	}
}
