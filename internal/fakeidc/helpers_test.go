package fakeidc

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
)

// clock is a settable Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// start runs a Server for the test's duration and returns it with its URL.
func start(t *testing.T, o Options) (*Server, string) {
	t.Helper()
	s := New(o)
	u, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s, u
}

// oidcClient is a real SDK client for the fake, without retries.
func oidcClient(u string) *ssooidc.Client {
	return ssooidc.New(ssooidc.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(u), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1,
	})
}

// ssoClient is a real SDK portal client for the fake, without retries.
func ssoClient(u string, optFns ...func(*sso.Options)) *sso.Client {
	return sso.New(sso.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(u), Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1,
	}, optFns...)
}

// isErr reports whether err is, or wraps, a T.
func isErr[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

type registration struct{ id, secret string }

const (
	callback = "http://127.0.0.1/oauth/callback"
	scope    = "sso:account:access"
)

func register(t *testing.T, c *ssooidc.Client, in *ssooidc.RegisterClientInput) registration {
	t.Helper()
	out, err := c.RegisterClient(context.Background(), in)
	if err != nil {
		t.Fatalf("RegisterClient: %v", err)
	}
	return registration{aws.ToString(out.ClientId), aws.ToString(out.ClientSecret)}
}

// deviceClient registers the way SDK device-code clients do: no grant
// types, with a scope.
func deviceClient(t *testing.T, c *ssooidc.Client) registration {
	return register(t, c, &ssooidc.RegisterClientInput{
		ClientName: aws.String("ssox-test"), ClientType: aws.String("public"), Scopes: []string{scope},
	})
}

// pkceClient registers the way the AWS CLI does for the authorization
// code grant.
func pkceClient(t *testing.T, c *ssooidc.Client) registration {
	return register(t, c, &ssooidc.RegisterClientInput{
		ClientName: aws.String("ssox-test"), ClientType: aws.String("public"), Scopes: []string{scope},
		GrantTypes: []string{"authorization_code", "refresh_token"}, RedirectUris: []string{callback},
		IssuerUrl: aws.String("https://fake.awsapps.com/start"),
	})
}

func startDevice(t *testing.T, c *ssooidc.Client, r registration) *ssooidc.StartDeviceAuthorizationOutput {
	t.Helper()
	out, err := c.StartDeviceAuthorization(context.Background(), &ssooidc.StartDeviceAuthorizationInput{
		ClientId: aws.String(r.id), ClientSecret: aws.String(r.secret), StartUrl: aws.String("https://fake.awsapps.com/start"),
	})
	if err != nil {
		t.Fatalf("StartDeviceAuthorization: %v", err)
	}
	return out
}

func pollDevice(c *ssooidc.Client, r registration, deviceCode string) (*ssooidc.CreateTokenOutput, error) {
	return c.CreateToken(context.Background(), &ssooidc.CreateTokenInput{
		ClientId: aws.String(r.id), ClientSecret: aws.String(r.secret),
		GrantType: aws.String(grantDevice), DeviceCode: aws.String(deviceCode),
	})
}

// signIn runs a whole device flow and returns the tokens.
func signIn(t *testing.T, s *Server, c *ssooidc.Client, r registration) *ssooidc.CreateTokenOutput {
	t.Helper()
	d := startDevice(t, c, r)
	if err := s.ApproveDevice(aws.ToString(d.UserCode)); err != nil {
		t.Fatal(err)
	}
	tok, err := pollDevice(c, r, aws.ToString(d.DeviceCode))
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	return tok
}

func refresh(c *ssooidc.Client, r registration, rt string) (*ssooidc.CreateTokenOutput, error) {
	return c.CreateToken(context.Background(), &ssooidc.CreateTokenInput{
		ClientId: aws.String(r.id), ClientSecret: aws.String(r.secret),
		GrantType: aws.String(grantRefresh), RefreshToken: aws.String(rt),
	})
}

// noRedirects is a browser stand-in that shows us the redirects.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func hasPrefix(v *string, prefix string) bool { return strings.HasPrefix(aws.ToString(v), prefix) }
