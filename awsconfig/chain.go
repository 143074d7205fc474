package awsconfig

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/visible"
)

// ChainedSessionLimit is the longest session STS grants a role assumed with
// role-session credentials. Every role ssox assumes is chained: IAM Identity
// Center's credentials are themselves a role session.
const ChainedSessionLimit = 3600

// The shortest and longest sessions STS's AssumeRole grants any role.
const (
	minSessionSeconds = 900
	maxSessionSeconds = 43200
)

// Role is one AssumeRole step of a role chain: a profile's role_arn with the
// keys the AWS CLI reads beside it.
type Role struct {
	// Profile is the profile whose role_arn this is.
	Profile string
	ARN     string
	// AccountID and Name come from the ARN (the name without its path).
	AccountID, Name string
	// SessionName is role_session_name; empty means a generated one.
	SessionName string
	ExternalID  string
	// DurationSeconds is duration_seconds; 0 when not set (STS grants 3600).
	DurationSeconds int
}

// assumesRole reports whether a profile assumes a role, as botocore's
// AssumeRoleProvider sees it: role_arn, unless web_identity_token_file
// makes it a web-identity profile.
func assumesRole(keys map[string]string) bool {
	_, role := keys["role_arn"]
	_, web := keys["web_identity_token_file"]
	return role && !web
}

func hasStaticKeys(keys map[string]string) bool {
	_, id := keys["aws_access_key_id"]
	_, secret := keys["aws_secret_access_key"]
	return id || secret
}

// Chain names the profiles from this one to the SSO profile at the root:
// "deploy → ui-dev". An SSO profile's chain is its name.
func (p *Profile) Chain() string {
	names := []string{}
	for i := len(p.Roles) - 1; i >= 0; i-- {
		names = append(names, p.Roles[i].Profile)
	}
	if p.Source != nil {
		names = append(names, p.Source.Name)
	} else {
		names = append(names, p.Name)
	}
	return strings.Join(names, " → ")
}

// roleProfile resolves a profile with role_arn by botocore's rules: follow
// source_profile until a profile without role_arn, which must be an SSO
// profile; a profile may name itself only to use its own static keys, which
// ssox refuses like every non-SSO root.
func (c *Config) roleProfile(name string, shared config.SharedConfig) (*Profile, error) {
	visited := []string{name}
	var roles []Role
	cur := name
	for {
		blk, _ := c.block(blockName(cur))
		role, err := c.role(cur, blk.keys)
		if err != nil {
			return nil, err
		}
		roles = append(roles, role)
		src := blk.keys["source_profile"]
		srcBlk, ok := c.block(blockName(src))
		if !ok {
			return nil, c.missingSource(cur, src)
		}
		if slices.Contains(visited, src) {
			if src == cur && hasStaticKeys(srcBlk.keys) {
				return nil, c.notSSORoot(name, cur, src, srcBlk.keys)
			}
			return nil, errs.WithHint(fmt.Errorf("the role chain of profile %q loops in %s: %s → %s", name, c.Display, visible.String(strings.Join(visited, " → ")), visible.String(src)),
				"end the chain at an SSO profile: the last source_profile must name a profile with sso_session (or sso_start_url) and no role_arn")
		}
		visited = append(visited, src)
		if hasStaticKeys(srcBlk.keys) || !assumesRole(srcBlk.keys) {
			root, err := c.chainRoot(name, cur, src, srcBlk.keys)
			if err != nil {
				return nil, err
			}
			// The chain's STS calls go to the running profile's region.
			if err := c.profileRegion(name, shared.Region); err != nil {
				return nil, err
			}
			slices.Reverse(roles)
			last := roles[len(roles)-1]
			return &Profile{
				Name:                 name,
				Region:               shared.Region,
				AccountID:            last.AccountID,
				RoleName:             last.Name,
				Session:              root.Session,
				Shared:               shared,
				Roles:                roles,
				Source:               root,
				STSRegionalEndpoints: c.stsRegionalEndpoints(name),
				cfg:                  c,
			}, nil
		}
		cur = src
	}
}

// role reads and checks the AssumeRole keys of one profile of a chain.
func (c *Config) role(profile string, keys map[string]string) (Role, error) {
	where := fmt.Sprintf("%s in %s", profileBlock(profile), c.Display)
	for _, k := range []struct{ key, why string }{
		{"mfa_serial", "ssox does not prompt for MFA codes (IAM Identity Center asks for MFA at sign-in)"},
		{"credential_source", "ssox assumes roles only from IAM Identity Center credentials"},
	} {
		if v, ok := keys[k.key]; ok {
			return Role{}, errs.WithHint(fmt.Errorf("%s has %s = %s: %s", where, k.key, visible.String(v), k.why),
				"remove %s and set source_profile to an SSO profile, or run this profile with the AWS CLI", k.key)
		}
	}
	arn := keys["role_arn"]
	r := Role{Profile: profile, ARN: arn, SessionName: keys["role_session_name"], ExternalID: keys["external_id"]}
	var ok bool
	if r.AccountID, r.Name, ok = parseRoleARN(arn); !ok {
		return Role{}, errs.Hintf("set role_arn = arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME in "+profileBlock(profile),
			"%s has role_arn = %q, which is not a role ARN", where, arn)
	}
	if _, ok := keys["source_profile"]; !ok {
		if misspelt(keys, "source_profile") != "" {
			return Role{}, missingKey(where, profileBlock(profile), "source_profile", keys, "")
		}
		return Role{}, errs.WithHint(fmt.Errorf("%s has role_arn but no source_profile", where),
			"add 'source_profile = NAME' naming the SSO profile whose credentials assume %s", visible.String(arn))
	}
	// botocore passes duration_seconds only when it is an integer. One
	// outside what STS takes for any role is refused here, with the fix,
	// rather than sent (a negative one, or one past int32 that would reach
	// STS cut short); STS itself says when more than an hour is too much
	// for a chained role (ChainedSessionLimit).
	if d, err := strconv.Atoi(keys["duration_seconds"]); err == nil {
		if d < minSessionSeconds || d > maxSessionSeconds {
			return Role{}, errs.Hintf(fmt.Sprintf("set duration_seconds = %d (STS's least) to %d in %s, or remove it", minSessionSeconds, ChainedSessionLimit, profileBlock(profile)),
				"%s has duration_seconds = %d: STS takes %d to %d seconds", where, d, minSessionSeconds, maxSessionSeconds)
		}
		r.DurationSeconds = d
	}
	return r, nil
}

// parseRoleARN splits arn:PARTITION:iam::ACCOUNT:role/PATH/NAME.
func parseRoleARN(arn string) (account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !IsAccountID(parts[4]) {
		return "", "", false
	}
	res, ok := strings.CutPrefix(parts[5], "role/")
	if !ok || res == "" {
		return "", "", false
	}
	return parts[4], res[strings.LastIndexByte(res, '/')+1:], true
}

// chainRoot resolves the profile a chain's last source_profile names, which
// must be an SSO profile.
func (c *Config) chainRoot(name, parent, src string, keys map[string]string) (*Profile, error) {
	_, sess := keys["sso_session"]
	if hasStaticKeys(keys) || !(sess || keys["sso_start_url"] != "" || keys["sso_account_id"] != "") {
		return nil, c.notSSORoot(name, parent, src, keys)
	}
	return c.ssoProfile(src)
}

// notSSORoot explains a chain whose root is not IAM Identity Center.
func (c *Config) notSSORoot(name, parent, src string, keys map[string]string) error {
	what := "neither sso_session nor sso_start_url"
	for _, k := range []struct{ key, what string }{
		{"aws_access_key_id", "static keys (aws_access_key_id)"},
		{"aws_secret_access_key", "static keys (aws_secret_access_key)"},
		{"credential_process", "credential_process"},
		{"web_identity_token_file", "web_identity_token_file"},
		{"credential_source", "credential_source"},
	} {
		if _, ok := keys[k.key]; ok {
			what = k.what
			break
		}
	}
	return errs.WithHint(fmt.Errorf("the role chain of profile %q starts at profile %q in %s, which is not an SSO profile (it has %s)", name, src, c.Display, what),
		"ssox runs role chains whose root is an IAM Identity Center profile: set source_profile in %s to one ('ssox list' shows them)", profileBlock(parent))
}

// missingSource explains a source_profile that names no profile.
func (c *Config) missingSource(profile, src string) error {
	where := fmt.Sprintf("%s in %s", profileBlock(profile), c.Display)
	if src == "" {
		return errs.WithHint(fmt.Errorf("%s has an empty source_profile", where), "set source_profile to the SSO profile whose credentials assume the role")
	}
	err := fmt.Errorf("%s has source_profile = %s, but there is no %s", where, visible.String(src), profileBlock(src))
	names, _ := c.ProfileNames()
	if near := Closest(src, names); len(near) > 0 {
		return errs.WithHint(err, "did you mean source_profile = %s?", visible.String(near[0]))
	}
	return errs.WithHint(err, "set source_profile to an SSO profile ('ssox list' shows them; 'aws configure sso' adds one, 'ssox setup' one for every account and role)")
}

// stsRegionalEndpoints is sts_regional_endpoints as botocore reads it: the
// environment first, then the running profile.
func (c *Config) stsRegionalEndpoints(profile string) string {
	if c.stsEndpointsEnv != "" {
		return c.stsEndpointsEnv
	}
	blk, _ := c.block(blockName(profile))
	return blk.keys["sts_regional_endpoints"]
}
