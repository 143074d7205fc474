// Package exec builds the child's environment and runs the child: on Unix by
// replacing ssox with it, elsewhere (and for the credential server) as a
// supervised subprocess whose exit status ssox passes on.
package exec

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
)

// overriding are the variables that would override or confuse injected
// credentials in some SDK or tool. The JS SDK ignores key variables when
// AWS_PROFILE is set; botocore prefers a stale AWS_SECURITY_TOKEN to a fresh
// AWS_SESSION_TOKEN; the container variables outrank keys in some chains.
var overriding = []string{
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
	"AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CREDENTIAL_FILE",
	"AWS_CREDENTIAL_EXPIRATION", "AWS_SESSION_EXPIRATION", "AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_BEARER_TOKEN_BEDROCK", "AWS_VAULT",
	"AWSU_PROFILE", "AWSUME_PROFILE",
}

// stalePrefixes mark variables other credential tools (and an outer ssox)
// leave behind.
var stalePrefixes = []string{"AWS_SSO_", "GRANTED_", "SSOX_"}

// isSetting reports whether k is an SSOX_ variable that configures ssox
// rather than describes an active profile; a nested ssox should still see
// it. (A switch: a package-level map would be built at every start-up.)
func isSetting(k string) bool {
	switch k {
	case "SSOX_DEBUG", "SSOX_MIN_TTL", "SSOX_REGION", "SSOX_NO_BROWSER",
		"SSOX_DEVICE_CODE", "SSOX_SERVER", "SSOX_DOCKER", "SSOX_DOCKER_NETWORK", "SSOX_NO_PROMPT",
		"SSOX_FEDERATION_ENDPOINT", "SSOX_TIMEOUT", "SSOX_PICKER", "SSOX_NO_BANNER":
		return true
	}
	return false
}

// Identity describes the profile the child runs as, for the SSOX_* prompt
// variables.
type Identity struct {
	Profile     string
	AccountID   string
	AccountName string
	RoleName    string
	// SSOSession is the sso-session name, or the start URL of a legacy profile.
	SSOSession string
	// Region is the region for AWS_REGION and AWS_DEFAULT_REGION; empty
	// leaves the parent's.
	Region string
}

// IdentityOf is the identity of profile p for a child of parent. Its region
// is the given one, else the profile's, else the parent's AWS_REGION, else
// its AWS_DEFAULT_REGION. The first two were checked where they entered
// ssox; one from the parent is checked here, since ssox passes it on as
// both variables.
func IdentityOf(parent environ.Env, p *awsconfig.Profile, region string) (Identity, error) {
	if region == "" {
		region = p.Region
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if region != "" {
			break
		}
		if region = parent.Get(k); region != "" {
			if err := awsconfig.CheckRegion(region); err != nil {
				return Identity{}, errs.WithHint(fmt.Errorf("%s=%w", k, err), "unset %s, or give the region with --region R", k)
			}
		}
	}
	session := p.Session.Name
	if p.Session.Legacy() {
		session = p.Session.StartURL
	}
	return Identity{
		Profile:     p.Name,
		AccountID:   p.AccountID,
		AccountName: p.AccountName(),
		RoleName:    p.RoleName,
		SSOSession:  session,
		Region:      region,
	}, nil
}

// Change is what ssox does to the parent's environment for the child; the
// one description that exec, --server and `ssox env` all use.
type Change struct {
	// Set are the variables ssox sets.
	Set environ.Env
	// Unset are the parent's variables, sorted, that would override or
	// confuse the injected credentials and that ssox does not set anew.
	Unset []string
}

// WithKeys is the change for a child that gets c as keys in its environment;
// a shell hook renews them at renewAt (SSOX_RENEW_AT).
func WithKeys(parent environ.Env, id Identity, c *creds.Credentials, renewAt time.Time) Change {
	return change(parent, id, Keys(c, renewAt))
}

// Keys are the variables that hold c and their times: what a renewal in a
// shell replaces, and all it replaces.
func Keys(c *creds.Credentials, renewAt time.Time) environ.Env {
	return environ.Env{
		"AWS_ACCESS_KEY_ID":         c.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY":     c.SecretAccessKey,
		"AWS_SESSION_TOKEN":         c.SessionToken,
		"AWS_CREDENTIAL_EXPIRATION": awscache.FormatTime(c.Expiration),
		"SSOX_EXPIRES":              strconv.FormatInt(c.Expiration.Unix(), 10),
		"SSOX_RENEW_AT":             strconv.FormatInt(renewAt.Unix(), 10),
	}
}

// Endpoint is where the child of --server or --docker asks for its
// credentials.
type Endpoint struct {
	URL, Token string
	// DockerNetwork is the Docker network the endpoint is on (--docker),
	// for the containers the child starts to join.
	DockerNetwork string
}

// WithServer is the change for a child that asks ssox's credential server
// at ep for its credentials.
func WithServer(parent environ.Env, id Identity, ep Endpoint) Change {
	set := environ.Env{
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": ep.URL,
		"AWS_CONTAINER_AUTHORIZATION_TOKEN":  ep.Token,
	}
	if ep.DockerNetwork != "" {
		set.Set("SSOX_DOCKER_NETWORK", ep.DockerNetwork)
	}
	return change(parent, id, set)
}

// Apply returns a copy of parent with the change made.
func (ch Change) Apply(parent environ.Env) environ.Env {
	env := parent.Clone()
	for _, k := range ch.Unset {
		env.Unset(k)
	}
	for k, v := range ch.Set {
		env.Set(k, v)
	}
	return env
}

func change(parent environ.Env, id Identity, set environ.Env) Change {
	setIdentity(set, id)
	var unset []string
	for k := range parent {
		if _, ok := set.Lookup(k); !ok && overrides(k) {
			unset = append(unset, k)
		}
	}
	sort.Strings(unset)
	return Change{Set: set, Unset: unset}
}

// overrides reports whether a variable of the parent would override or
// confuse injected credentials; on Windows in any case (aws_profile is
// AWS_PROFILE there).
func overrides(k string) bool {
	k = environ.Name(k)
	if slices.Contains(overriding, k) {
		return true
	}
	for _, p := range stalePrefixes {
		if strings.HasPrefix(k, p) && !isSetting(k) {
			return true
		}
	}
	return false
}

// setIdentity sets the region, account and SSOX_* variables of id.
func setIdentity(env environ.Env, id Identity) {
	if id.Region != "" {
		env.Set("AWS_REGION", id.Region)
		env.Set("AWS_DEFAULT_REGION", id.Region)
	}
	env.Set("AWS_ACCOUNT_ID", id.AccountID)
	env.Set("SSOX_PROFILE", id.Profile)
	env.Set("SSOX_ACCOUNT_ID", id.AccountID)
	env.Set("SSOX_ROLE_NAME", id.RoleName)
	env.Set("SSOX_SSO_SESSION", id.SSOSession)
	if id.AccountName != "" {
		env.Set("SSOX_ACCOUNT_NAME", id.AccountName)
	}
	env.Set("AWS_SSO_PROFILE", id.Profile)
}
