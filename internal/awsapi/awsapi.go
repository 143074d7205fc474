// Package awsapi builds the aws.Config that every SDK client ssox makes
// uses: one HTTP client with bounded connect and response times, the same
// endpoint resolution for all, errors turned into one-line classes, and a
// check of the local clock against the services' Date header.
//
// Endpoints come from the SDK's own configuration settings, read from the
// environment ssox was given, so AWS_ENDPOINT_URL_SSO,
// AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL and a profile's endpoint_url or
// services block redirect them as they do for any SDK tool. Only the proxy
// variables (HTTPS_PROXY, NO_PROXY) are Go's net/http's, read from the
// process.
package awsapi

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/middleware"

	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/safefile"
)

// Defaults of Net's bounds. The AWS CLI waits 60 s to connect and 60 s per
// read; ssox runs in front of a command someone is waiting for, so it gives
// up sooner and says so.
const (
	DefaultTimeout        = 30 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultSlowAfter      = 3 * time.Second
	// SkewLimit is how far the local clock may be from a service's before
	// ssox warns: role credentials then look expired, or last longer than
	// they do.
	SkewLimit = time.Minute
)

// Net is the network behaviour shared by every SDK client of one ssox run.
// The zero value and a nil *Net use the defaults and say nothing.
type Net struct {
	// Timeout bounds a whole call, retries included; opening a connection
	// (TCP and TLS) gets DefaultConnectTimeout of it at most.
	Timeout time.Duration
	// SlowAfter is how long a call runs before Slow is told.
	SlowAfter time.Duration
	// Slow, if set, is told once per call that is still waiting after
	// SlowAfter, with what it waits for (the terminal's "still waiting").
	Slow func(msg string)
	// Warn, if set, receives the clock-skew warning, once per run.
	Warn func(format string, args ...any)
	// Log receives each failed call's raw SDK error (--debug).
	Log *debuglog.Logger
	// Now is the local clock, time.Now if nil.
	Now func() time.Time
	// Env is the environment ssox was given, where the SDK's settings are
	// read: AWS_ENDPOINT_URL_*, AWS_CA_BUNDLE and the like.
	Env environ.Env

	once     sync.Once
	client   aws.HTTPClient
	clientEr error
	skewOnce sync.Once
}

func (n *Net) timeout() time.Duration {
	if n == nil || n.Timeout <= 0 {
		return DefaultTimeout
	}
	return n.Timeout
}

func (n *Net) connectTimeout() time.Duration { return min(DefaultConnectTimeout, n.timeout()) }

func (n *Net) slowAfter() time.Duration {
	if n == nil || n.SlowAfter <= 0 {
		return DefaultSlowAfter
	}
	return n.SlowAfter
}

func (n *Net) env() environ.Env {
	if n == nil {
		return nil
	}
	return n.Env
}

func (n *Net) now() time.Time {
	if n == nil || n.Now == nil {
		return time.Now()
	}
	return n.Now()
}

// Config returns an unsigned client configuration for service in region.
// The SDK's settings (endpoints, CA bundle, FIPS and dual-stack endpoints,
// retries) come from Env, then from shared, the profile's SDK config when
// not nil, in the SDK's own order; never from the process environment.
//
// It is built by hand rather than with config.LoadDefaultConfig: that would
// parse the config file again, read the process environment, and fail on a
// stale AWS_PROFILE naming a profile that does not exist, which ssox by
// design ignores.
func (n *Net) Config(service Service, region string, shared *config.SharedConfig) (aws.Config, error) {
	s, err := readSettings(service, n.env(), shared)
	if err != nil {
		return aws.Config{}, fmt.Errorf("read AWS environment: %w", err)
	}
	client, err := n.httpClient(s.caBundle)
	if err != nil {
		return aws.Config{}, err
	}
	cfg := aws.Config{
		Region:           region,
		ConfigSources:    []any{endpointVariant{fips: s.fips, dualStack: s.dualStack}},
		Credentials:      aws.AnonymousCredentials{},
		HTTPClient:       client,
		APIOptions:       []func(*middleware.Stack) error{n.addMiddleware},
		RetryMaxAttempts: s.maxAttempts,
		RetryMode:        s.retryMode,
		AppID:            s.appID,
	}
	if s.endpoint != "" {
		cfg.BaseEndpoint = aws.String(s.endpoint)
	}
	return cfg, nil
}

// httpClient is built once per Net, so every client of a run shares its
// connections and bounds. A nil Net builds a fresh one.
func (n *Net) httpClient(caBundle string) (aws.HTTPClient, error) {
	if n == nil {
		return buildClient(n.connectTimeout(), caBundle)
	}
	n.once.Do(func() { n.client, n.clientEr = buildClient(n.connectTimeout(), caBundle) })
	return n.client, n.clientEr
}

// buildClient bounds connecting; the whole call is bounded by the context
// the middleware gives it. AWS_CA_BUNDLE is honoured, as corporate TLS
// proxies require.
func buildClient(connect time.Duration, caBundle string) (aws.HTTPClient, error) {
	var pool *x509.CertPool
	if caBundle != "" {
		pem, err := safefile.ReadFile(caBundle, safefile.ConfigLimit)
		if err != nil {
			return nil, fmt.Errorf("read AWS_CA_BUNDLE: %w", err)
		}
		if pool, err = x509.SystemCertPool(); err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("AWS_CA_BUNDLE %s holds no PEM certificate", caBundle)
		}
	}
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = connect }).
		WithTransportOptions(func(t *http.Transport) {
			t.TLSHandshakeTimeout = connect
			if pool != nil {
				if t.TLSClientConfig == nil {
					t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
				}
				t.TLSClientConfig.RootCAs = pool
			}
		}), nil
}
