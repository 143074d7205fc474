// Package awsapi builds the aws.Config that ssox's SSO and SSO OIDC clients
// use. Endpoints come from the SDK's own configuration sources, so
// AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL and a
// profile's endpoint_url or services block redirect them as they do for any
// SDK tool.
package awsapi

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
)

// Config returns an unsigned client configuration for region. shared, when
// not nil, is the profile's SDK config, consulted for endpoints after the
// environment, in the SDK's own order.
//
// It is built by hand rather than with config.LoadDefaultConfig: that would
// parse the config file again and fail on a stale AWS_PROFILE naming a
// profile that does not exist, which ssox by design ignores.
func Config(region string, shared *config.SharedConfig) (aws.Config, error) {
	envCfg, err := config.NewEnvConfig()
	if err != nil {
		return aws.Config{}, fmt.Errorf("read AWS environment: %w", err)
	}
	sources := []any{envCfg}
	if shared != nil {
		sources = append(sources, *shared)
	}
	cfg := aws.Config{
		Region:        region,
		ConfigSources: sources,
		Credentials:   aws.AnonymousCredentials{},
	}
	if ignore := envCfg.IgnoreConfiguredEndpoints; ignore == nil || !*ignore {
		switch {
		case envCfg.BaseEndpoint != "":
			cfg.BaseEndpoint = aws.String(envCfg.BaseEndpoint)
		case shared != nil && shared.BaseEndpoint != "":
			cfg.BaseEndpoint = aws.String(shared.BaseEndpoint)
		}
	}
	if envCfg.CustomCABundle != "" {
		client, err := caBundleClient(envCfg.CustomCABundle)
		if err != nil {
			return aws.Config{}, err
		}
		cfg.HTTPClient = client
	}
	return cfg, nil
}

// caBundleClient honours AWS_CA_BUNDLE, as corporate TLS proxies require.
func caBundleClient(path string) (aws.HTTPClient, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read AWS_CA_BUNDLE: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("AWS_CA_BUNDLE %s holds no PEM certificate", path)
	}
	return awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		t.TLSClientConfig.RootCAs = pool
	}), nil
}
