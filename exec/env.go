// Package exec builds the child's environment and runs the child: on Unix by
// replacing ssox with it, elsewhere (and for the credential server) as a
// supervised subprocess whose exit status ssox passes on.
package exec

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/sso"
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

// staleprefixes mark variables other credential tools (and an outer ssox)
// leave behind.
var stalePrefixes = []string{"AWS_SSO_", "GRANTED_", "SSOX_"}

// settings are SSOX_ variables that configure ssox rather than describe an
// active profile; a nested ssox should still see them.
var settings = map[string]bool{
	"SSOX_DEBUG": true, "SSOX_MIN_TTL": true, "SSOX_REGION": true, "SSOX_NO_BROWSER": true,
	"SSOX_DEVICE_CODE": true, "SSOX_SERVER": true, "SSOX_NO_PROMPT": true, "SSOX_FEDERATION_ENDPOINT": true,
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
	// Region is the region for AWS_REGION; empty leaves the parent's.
	Region string
}

// ChildEnv returns parent without the overriding and stale variables and
// with the credentials and profile variables set.
func ChildEnv(parent environ.Env, id Identity, c *creds.Credentials) environ.Env {
	env := Scrub(parent)
	for k, v := range Injected(parent, id, c) {
		env.Set(k, v)
	}
	return env
}

// Injected returns only the variables ssox sets for the child: the
// credentials, the region, the account and the SSOX_* prompt variables.
func Injected(parent environ.Env, id Identity, c *creds.Credentials) environ.Env {
	env := environ.Env{}
	env.Set("AWS_ACCESS_KEY_ID", c.AccessKeyID)
	env.Set("AWS_SECRET_ACCESS_KEY", c.SecretAccessKey)
	env.Set("AWS_SESSION_TOKEN", c.SessionToken)
	env.Set("AWS_CREDENTIAL_EXPIRATION", sso.FormatTime(c.Expiration))
	SetIdentity(env, parent, id)
	env.Set("SSOX_EXPIRES", strconv.FormatInt(c.Expiration.Unix(), 10))
	return env
}

// Removed lists, sorted, the variables of parent that the child will not
// have and that ssox does not set anew.
func Removed(parent, injected environ.Env) []string {
	kept := Scrub(parent)
	var out []string
	for k := range parent {
		if _, ok := kept[k]; !ok {
			if _, set := injected[k]; !set {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Scrub returns a copy of parent without any variable that would override
// or confuse injected credentials.
func Scrub(parent environ.Env) environ.Env {
	env := parent.Clone()
	for _, k := range overriding {
		env.Unset(k)
	}
	for k := range env {
		for _, p := range stalePrefixes {
			if strings.HasPrefix(k, p) && !settings[k] {
				env.Unset(k)
			}
		}
	}
	return env
}

// SetIdentity sets the region, account and SSOX_* variables of id. The
// region falls back to the parent's AWS_REGION, then AWS_DEFAULT_REGION.
func SetIdentity(env, parent environ.Env, id Identity) {
	region := id.Region
	if region == "" {
		region = parent.Get("AWS_REGION")
	}
	if region == "" {
		region = parent.Get("AWS_DEFAULT_REGION")
	}
	if region != "" {
		env.Set("AWS_REGION", region)
		env.Set("AWS_DEFAULT_REGION", region)
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
