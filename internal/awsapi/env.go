package awsapi

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/ssox/ssox/internal/environ"
)

// Service is an AWS service by its SDK ID, the name its endpoint settings
// are derived from: AWS_ENDPOINT_URL_SSO_OIDC, a services section's sso_oidc.
type Service string

// The services ssox calls.
const (
	SSO     Service = "SSO"
	SSOOIDC Service = "SSO OIDC"
	STS     Service = "STS"
)

// envVar is the service's AWS_ENDPOINT_URL_<SERVICE> variable.
func (s Service) envVar() string {
	return "AWS_ENDPOINT_URL_" + strings.ReplaceAll(strings.ToUpper(string(s)), " ", "_")
}

// settings are the SDK's settings that ssox honours, read from the
// environment ssox was given, as config.NewEnvConfig reads them from the
// process, with the profile's values where the environment has none.
//
// config.EnvConfig itself cannot carry them: its GetServiceBaseEndpoint
// reads AWS_ENDPOINT_URL_<SERVICE> from the process when a client is made,
// and every service client looks AWS_ENDPOINT_URL up in the process before
// it consults its configuration sources. So ssox resolves a client's
// endpoint itself and hands it over as aws.Config.BaseEndpoint, with no
// configuration source that could answer for endpoints.
type settings struct {
	endpoint    string // resolved for one service; "" for the SDK's own
	caBundle    string
	fips        aws.FIPSEndpointState
	dualStack   aws.DualStackEndpointState
	maxAttempts int
	retryMode   aws.RetryMode
	appID       string
}

// readSettings reads the settings for service from env and, under them,
// the profile's shared config (nil for a bare sso-session).
func readSettings(service Service, env environ.Env, shared *config.SharedConfig) (settings, error) {
	if shared == nil {
		shared = &config.SharedConfig{}
	}
	s := settings{caBundle: env.Get("AWS_CA_BUNDLE"), appID: env.Get("AWS_SDK_UA_APP_ID")}
	ignore, err := envBool(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
	if err != nil {
		return s, err
	}
	if ignore == nil {
		ignore = shared.IgnoreConfiguredEndpoints
	}
	if ignore == nil || !*ignore {
		profileService, _, _ := shared.GetServiceBaseEndpoint(context.Background(), string(service))
		s.endpoint = firstOf(env.Get(service.envVar()), env.Get("AWS_ENDPOINT_URL"), profileService, shared.BaseEndpoint)
	}

	s.fips = shared.UseFIPSEndpoint
	if b, err := envBool(env, "AWS_USE_FIPS_ENDPOINT"); err != nil {
		return s, err
	} else if b != nil {
		s.fips = aws.FIPSEndpointStateDisabled
		if *b {
			s.fips = aws.FIPSEndpointStateEnabled
		}
	}
	s.dualStack = shared.UseDualStackEndpoint
	if b, err := envBool(env, "AWS_USE_DUALSTACK_ENDPOINT"); err != nil {
		return s, err
	} else if b != nil {
		s.dualStack = aws.DualStackEndpointStateDisabled
		if *b {
			s.dualStack = aws.DualStackEndpointStateEnabled
		}
	}

	s.maxAttempts = shared.RetryMaxAttempts
	if v := env.Get("AWS_MAX_ATTEMPTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return s, fmt.Errorf("AWS_MAX_ATTEMPTS=%q is not a number of attempts", v)
		}
		s.maxAttempts = n
	}
	s.retryMode = shared.RetryMode
	if v := env.Get("AWS_RETRY_MODE"); v != "" {
		if s.retryMode, err = aws.ParseRetryMode(v); err != nil {
			return s, fmt.Errorf("AWS_RETRY_MODE=%q is not a retry mode (expected: standard, adaptive)", v)
		}
	}
	if s.appID == "" {
		s.appID = shared.AppID
	}
	return s, nil
}

// envBool reads a true/false variable as the SDK does (any case); nil when
// it is unset or empty.
func envBool(env environ.Env, key string) (*bool, error) {
	v := env.Get(key)
	switch {
	case v == "":
		return nil, nil
	case strings.EqualFold(v, "true"):
		return aws.Bool(true), nil
	case strings.EqualFold(v, "false"):
		return aws.Bool(false), nil
	}
	return nil, fmt.Errorf("%s=%q is not true or false", key, v)
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// endpointVariant is the one configuration source a client gets: which
// variant of the service's endpoint (FIPS, dual-stack) to resolve.
type endpointVariant struct {
	fips      aws.FIPSEndpointState
	dualStack aws.DualStackEndpointState
}

// GetUseFIPSEndpoint answers the SDK's UseFIPSEndpointProvider.
func (v endpointVariant) GetUseFIPSEndpoint(context.Context) (aws.FIPSEndpointState, bool, error) {
	return v.fips, v.fips != aws.FIPSEndpointStateUnset, nil
}

// GetUseDualStackEndpoint answers the SDK's UseDualStackEndpointProvider.
func (v endpointVariant) GetUseDualStackEndpoint(context.Context) (aws.DualStackEndpointState, bool, error) {
	return v.dualStack, v.dualStack != aws.DualStackEndpointStateUnset, nil
}
