package sso

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/errs"
)

// pkceLogin is the authorization-code flow with PKCE (RFC 7636) and a
// loopback redirect (RFC 8252), as the AWS CLI v2.22+ does.
func (m *Manager) pkceLogin(ctx context.Context, client *ssooidc.Client, req Request, newRegistration bool) (*Token, error) {
	reg, err := m.registration(ctx, client, req.Session, true, newRegistration)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the login redirect: %w", err)
	}
	redirect := fmt.Sprintf("http://127.0.0.1:%d/oauth/callback", ln.Addr().(*net.TCPAddr).Port)
	verifier := randomString(64)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	state := uuid4()

	base, err := oidcEndpoint(ctx, client)
	if err != nil {
		ln.Close()
		return nil, err
	}
	scopes := reg.Scopes
	if len(scopes) == 0 {
		scopes = []string{"sso:account:access"}
	}
	authURL := base + "/authorize?" + encodeQuery([][2]string{
		{"response_type", "code"},
		{"client_id", reg.ClientID},
		{"redirect_uri", redirect},
		{"state", state},
		{"code_challenge_method", "S256"},
		{"scopes", strings.Join(scopes, " ")},
		{"code_challenge", challenge},
	})

	results := make(chan callbackResult, 1)
	srv := &http.Server{Handler: callbackHandler(state, req.Session.String(), results), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	if m.browserUsable() {
		m.IO.Say("log in to %s in the browser; if it does not open, visit:\n\n  %s\n", req.Session, authURL)
		defer m.openURL(authURL)()
	} else {
		// The redirect comes back to 127.0.0.1: only a browser here can finish.
		m.IO.Say("to log in to %s, open this URL in a browser on this machine:\n\n  %s\n", req.Session, authURL)
	}
	stop := m.spin(ctx, "waiting for the browser login", "")
	var res callbackResult
	select {
	case res = <-results:
	case <-ctx.Done():
	}
	stop()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if res.oauthErr == "invalid_client" {
		return nil, &staleClientError{errs.WithHint(res.err, "%s to try again", req.loginHint())}
	}
	if res.err != nil {
		return nil, errs.WithHint(res.err, "%s to try again", req.loginHint())
	}
	m.Log.Printf("got an authorization code; exchanging it for a token")
	start := m.now()
	out, err := client.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId:     aws.String(reg.ClientID),
		ClientSecret: aws.String(reg.ClientSecret),
		GrantType:    aws.String(grantAuthCode),
		Code:         aws.String(res.code),
		CodeVerifier: aws.String(verifier),
		RedirectUri:  aws.String(redirect),
	})
	err = awsapi.Clean(err)
	if err != nil {
		return nil, staleClient(hintUnlessClassified(fmt.Errorf("exchange the authorization code: %w", err), "%s to try again", req.loginHint()))
	}
	return tokenFrom(out, req, reg, start), nil
}

// oidcEndpoint is the OIDC base URL the SDK resolved for client, for the
// authorize URL that no SDK operation builds.
func oidcEndpoint(ctx context.Context, client *ssooidc.Client) (string, error) {
	o := client.Options()
	ep, err := o.EndpointResolverV2.ResolveEndpoint(ctx, ssooidc.EndpointParameters{
		Region:       aws.String(o.Region),
		Endpoint:     o.BaseEndpoint,
		UseFIPS:      aws.Bool(o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled),
		UseDualStack: aws.Bool(o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled),
	})
	if err != nil {
		return "", fmt.Errorf("resolve the OIDC endpoint: %w", err)
	}
	return strings.TrimSuffix(ep.URI.String(), "/"), nil
}

// encodeQuery keeps the parameters' order and encodes spaces as %20, as the
// AWS CLI's authorize URL does.
func encodeQuery(params [][2]string) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = url.QueryEscape(p[0]) + "=" + strings.ReplaceAll(url.QueryEscape(p[1]), "+", "%20")
	}
	return strings.Join(parts, "&")
}
