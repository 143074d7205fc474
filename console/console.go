// Package console signs a browser in to the AWS console with a profile's
// role credentials: it asks the partition's federation endpoint for a
// sign-in token (getSigninToken) and builds the URL that signs in and lands
// on the page asked for, behind the console's logout where the browser may
// hold another account's session.
package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/errs"
)

// The console session lengths AWS accepts as SessionDuration.
const (
	MinDuration = 15 * time.Minute
	MaxDuration = 12 * time.Hour
)

// Issuer is the sign-in URL's Issuer.
const Issuer = "ssox"

// Endpoints are the sign-in host's pages a sign-in goes through.
type Endpoints struct {
	// Federation is the federation endpoint: getSigninToken and login.
	Federation string
	// Logout is the logout page that redirects to a sign-in URL on the
	// same host; "" where no such page is known.
	Logout string
}

// EndpointsFor returns the partition's endpoints; with logoutFirst, those
// of the sign-in host whose logout page redirects (the sign-in token must
// be used at the host that issued it). override, when not empty
// (SSOX_FEDERATION_ENDPOINT), replaces the federation endpoint, and its
// host serves the logout page.
func EndpointsFor(p Partition, override string, logoutFirst bool) (Endpoints, error) {
	if override != "" {
		u, err := url.Parse(override)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return Endpoints{}, errs.WithHint(fmt.Errorf("SSOX_FEDERATION_ENDPOINT=%q is not a federation endpoint's URL", override),
				"set it to a URL like https://signin.aws.amazon.com/federation, or unset it")
		}
		e := Endpoints{Federation: override}
		if logoutFirst {
			e.Logout = u.Scheme + "://" + u.Host + "/oauth"
		}
		return e, nil
	}
	host := p.Signin
	if logoutFirst && p.LogoutSignin != "" {
		host = p.LogoutSignin
	}
	e := Endpoints{Federation: "https://" + host + "/federation"}
	if logoutFirst && p.LogoutSignin != "" {
		e.Logout = "https://" + host + "/oauth"
	}
	return e, nil
}

// Request is one sign-in.
type Request struct {
	// Profile names the credentials in messages.
	Profile string
	// Credentials signs in; Fresh, if set, gets newer ones once when the
	// federation endpoint refuses them (revoked, or expired by its clock).
	Credentials *creds.Credentials
	Fresh       func(context.Context) (*creds.Credentials, error)
	// Destination is the console page to land on.
	Destination string
	// Duration is the console session's length (SessionDuration); zero
	// leaves it to AWS. It is not sent for Chained credentials, which the
	// federation endpoint refuses it for.
	Duration time.Duration
	Chained  bool
}

// SignInURL asks e for a sign-in token for r and returns the URL that signs
// a browser in and lands on r.Destination: through e.Logout first, when
// set, so that a session of another account in that browser does not stop
// the sign-in. The URL is a credential for 15 minutes: it is registered
// with log as a secret, and no error holds it.
func SignInURL(ctx context.Context, net *awsapi.Net, log *debuglog.Logger, e Endpoints, r Request) (string, error) {
	q := url.Values{"Action": {"getSigninToken"}}
	switch {
	case r.Duration != 0 && r.Chained:
		log.Printf("console session length: AWS's default; the federation endpoint refuses SessionDuration for credentials of a role chain")
	case r.Duration != 0:
		q.Set("SessionDuration", strconv.Itoa(int(r.Duration/time.Second)))
	}
	token, err := signinToken(ctx, net, log, e, q, r.Credentials)
	retried := false
	if awsapi.ClassOf(err) == awsapi.Forbidden && r.Fresh != nil {
		retried = true
		log.Printf("the federation endpoint refused the credentials of profile %s; getting fresh ones", r.Profile)
		var c *creds.Credentials
		if c, err = r.Fresh(ctx); err != nil {
			return "", err
		}
		token, err = signinToken(ctx, net, log, e, q, c)
	}
	if err != nil {
		return "", explain(err, e, r, retried)
	}
	log.Secret(token)
	login := e.Federation + "?" + url.Values{"Action": {"login"}, "Issuer": {Issuer}, "Destination": {r.Destination}, "SigninToken": {token}}.Encode()
	log.Secret(login, url.QueryEscape(token))
	if e.Logout == "" {
		return login, nil
	}
	out := e.Logout + "?" + url.Values{"Action": {"logout"}, "redirect_uri": {login}}.Encode()
	log.Secret(out, url.QueryEscape(url.QueryEscape(token)))
	return out, nil
}

func signinToken(ctx context.Context, net *awsapi.Net, log *debuglog.Logger, e Endpoints, q url.Values, c *creds.Credentials) (string, error) {
	session, err := json.Marshal(map[string]string{"sessionId": c.AccessKeyID, "sessionKey": c.SecretAccessKey, "sessionToken": c.SessionToken})
	if err != nil {
		return "", err
	}
	q.Set("Session", string(session))
	log.Printf("getSigninToken at %s for %s (SessionDuration %q)", e.Federation, c.AccessKeyID, q.Get("SessionDuration"))
	body, err := net.Get(ctx, "GetSigninToken", e.Federation+"?"+q.Encode())
	if err != nil {
		return "", err
	}
	var out struct{ SigninToken string }
	if err := json.Unmarshal(body, &out); err != nil || out.SigninToken == "" {
		return "", errs.WithHint(fmt.Errorf("%s answered getSigninToken without a sign-in token", e.Federation),
			"run the command again with --debug to see the answer")
	}
	return out.SigninToken, nil
}

// explain adds what the user can do about a refused getSigninToken.
func explain(err error, e Endpoints, r Request, retried bool) error {
	var ae *awsapi.Error
	if !errors.As(err, &ae) {
		return err
	}
	switch ae.Class {
	case awsapi.Forbidden:
		which := "the"
		if retried {
			which = "fresh"
		}
		return errs.WithHint(fmt.Errorf("%w: it refuses %s credentials of profile %s", err, which, r.Profile),
			"a proxy between here and %s may block it (HTTPS_PROXY); run the command again with --debug to see its answer", e.Federation)
	case awsapi.InvalidRequest:
		if r.Duration != 0 && !r.Chained {
			return errs.WithHint(err, "the federation endpoint may refuse --duration for these credentials: run the command without --duration")
		}
	}
	return err
}
