package creds

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/atomicfile"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/pyjson"
)

// sourceWindow is how long the credentials that assume a role must still
// last: botocore's expiry window, which it applies to every hop of a chain.
const sourceWindow = 15 * time.Minute

// assumeRoleArgs are the AssumeRole parameters botocore hashes for the cache
// key (AssumeRoleCredentialFetcher._create_cache_key): RoleArn, and
// RoleSessionName, ExternalId and DurationSeconds when configured. A
// generated session name is left out of the key.
func assumeRoleArgs(r awsconfig.Role) map[string]any {
	args := map[string]any{"RoleArn": r.ARN}
	if r.SessionName != "" {
		args["RoleSessionName"] = r.SessionName
	}
	if r.ExternalID != "" {
		args["ExternalId"] = r.ExternalID
	}
	if r.DurationSeconds != 0 {
		args["DurationSeconds"] = r.DurationSeconds
	}
	return args
}

// AssumeRoleCachePath is the AWS CLI's assume-role cache file for a role:
// ~/.aws/cli/cache/<sha1hex(json.dumps(args, sort_keys=True))>.json, with
// Python's default separators.
func AssumeRoleCachePath(home string, r awsconfig.Role) string {
	return awscache.Path(awscache.CLIDir(home), pyjson.Dumps(assumeRoleArgs(r), pyjson.Default))
}

// ReadAssumeRoleCache reads an assume-role cache entry, as the AWS CLI or
// ssox wrote it.
func ReadAssumeRoleCache(path string) (*Credentials, error) {
	return readCredentials(path, func(o *awscache.Object) string {
		// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
		if parts := strings.SplitN(o.Object("AssumedRoleUser").String("Arn"), ":", 6); len(parts) == 6 {
			return parts[4]
		}
		return ""
	})
}

// assumed is an AssumeRole answer with what the CLI's cache keeps of it.
type assumed struct {
	creds         *Credentials
	arn, roleID   string
	requestID     string
	status        int
	headers       map[string]string
	retryAttempts int
}

// writeAssumeRoleCache writes the response as the AWS CLI does: botocore's
// parsed AssumeRole response in json.dumps's default form, the expiry as
// "2006-01-02T15:04:05UTC" (strftime '%Y-%m-%dT%H:%M:%S%Z'), mode 0600.
func writeAssumeRoleCache(path string, a *assumed) error {
	headers := pyjson.Object{}
	for _, h := range []string{"x-amzn-requestid", "content-type", "content-length", "date"} {
		if v, ok := a.headers[h]; ok {
			headers = append(headers, pyjson.Member{Key: h, Value: v})
		}
	}
	doc := pyjson.Object{
		{Key: "Credentials", Value: pyjson.Object{
			{Key: "AccessKeyId", Value: a.creds.AccessKeyID},
			{Key: "SecretAccessKey", Value: a.creds.SecretAccessKey},
			{Key: "SessionToken", Value: a.creds.SessionToken},
			{Key: "Expiration", Value: a.creds.Expiration.UTC().Format("2006-01-02T15:04:05UTC")},
		}},
		{Key: "AssumedRoleUser", Value: pyjson.Object{
			{Key: "AssumedRoleId", Value: a.roleID},
			{Key: "Arn", Value: a.arn},
		}},
		{Key: "ResponseMetadata", Value: pyjson.Object{
			{Key: "RequestId", Value: a.requestID},
			{Key: "HTTPStatusCode", Value: a.status},
			{Key: "HTTPHeaders", Value: headers},
			{Key: "RetryAttempts", Value: a.retryAttempts},
		}},
	}
	return atomicfile.WriteFile(path, []byte(pyjson.Dumps(doc, pyjson.Default)), 0o600, 0o700)
}

// chain gets credentials for the last role of prof's chain with more than
// minTTL left: from the assume-role cache, else by assuming each role in
// turn from the SSO profile's credentials. Every hop is cached, under a
// lock, as the AWS CLI caches it; a hop's lock is held only to re-read its
// cache, assume its role and write the result, never while the hops before
// it or the SSO token are got.
func (p *Provider) chain(ctx context.Context, prof *awsconfig.Profile, hop int, minTTL time.Duration) (*Credentials, error) {
	role := prof.Roles[hop]
	e := cacheEntry{path: AssumeRoleCachePath(p.Home, role), what: "credentials of", of: role.ARN,
		read: func(path string) (*Credentials, error) {
			c, err := ReadAssumeRoleCache(path)
			if err == nil && c.AccountID == "" {
				c.AccountID = role.AccountID
			}
			return c, err
		}}
	if c, ok := p.cached(e, minTTL); ok {
		return c, nil
	}
	var src *Credentials
	return p.lockedFetch(ctx, e, minTTL,
		func() (err error) {
			if hop == 0 {
				src, err = p.Get(ctx, prof.Source, sourceWindow)
			} else {
				src, err = p.chain(ctx, prof, hop-1, sourceWindow)
			}
			return err
		},
		func() (*Credentials, error) {
			a, err := p.assumeRole(ctx, prof, role, src)
			if err != nil {
				return nil, p.explainAssume(prof, hop, src, err)
			}
			p.keep(e, writeAssumeRoleCache(e.path, a))
			return a.creds, nil
		})
}

// assumeRole calls STS AssumeRole with src's keys, in the running profile's
// region, as botocore does for every hop.
func (p *Provider) assumeRole(ctx context.Context, prof *awsconfig.Profile, role awsconfig.Role, src *Credentials) (*assumed, error) {
	client, err := p.sts(prof, src)
	if err != nil {
		return nil, err
	}
	in := &sts.AssumeRoleInput{RoleArn: aws.String(role.ARN), RoleSessionName: aws.String(role.SessionName)}
	if role.SessionName == "" {
		in.RoleSessionName = aws.String(fmt.Sprintf("botocore-session-%d", p.now().Unix()))
	}
	if role.ExternalID != "" {
		in.ExternalId = aws.String(role.ExternalID)
	}
	if role.DurationSeconds != 0 {
		in.DurationSeconds = aws.Int32(int32(role.DurationSeconds))
	}
	p.Log.Printf("AssumeRole %s as session %s", role.ARN, aws.ToString(in.RoleSessionName))
	out, err := client.AssumeRole(ctx, in)
	err = awsapi.Clean(err)
	if err != nil {
		return nil, err
	}
	c := out.Credentials
	if c == nil || c.AccessKeyId == nil || c.SecretAccessKey == nil || c.SessionToken == nil || c.Expiration == nil {
		return nil, errors.New("AssumeRole returned no credentials")
	}
	a := &assumed{
		creds: &Credentials{
			AccessKeyID:     aws.ToString(c.AccessKeyId),
			SecretAccessKey: aws.ToString(c.SecretAccessKey),
			SessionToken:    aws.ToString(c.SessionToken),
			Expiration:      c.Expiration.UTC(),
			AccountID:       role.AccountID,
		},
		status:  200,
		headers: map[string]string{},
	}
	if u := out.AssumedRoleUser; u != nil {
		a.arn, a.roleID = aws.ToString(u.Arn), aws.ToString(u.AssumedRoleId)
	}
	a.requestID, _ = awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	if raw, ok := awsmiddleware.GetRawResponse(out.ResultMetadata).(*smithyhttp.Response); ok {
		a.status = raw.StatusCode
		for k := range raw.Header {
			a.headers[strings.ToLower(k)] = raw.Header.Get(k)
		}
	}
	if attempts, ok := retry.GetAttemptResults(out.ResultMetadata); ok && len(attempts.Results) > 0 {
		a.retryAttempts = len(attempts.Results) - 1
	}
	p.Log.Secret(a.creds.SecretAccessKey, a.creds.SessionToken)
	p.Log.Printf("assumed %s: %s, valid until %s", role.ARN, a.creds.AccessKeyID, awscache.FormatTime(a.creds.Expiration))
	return a, nil
}

// sts is an STS client signing with c, in the running profile's region,
// as botocore makes it for every hop of a chain.
func (p *Provider) sts(prof *awsconfig.Profile, c *Credentials) (*sts.Client, error) {
	region := prof.Region
	global := strings.EqualFold(prof.STSRegionalEndpoints, "legacy")
	if region == "" {
		// Without a region botocore signs for the global endpoint.
		region, global = "us-east-1", true
	}
	cfg, err := p.Tokens.Net.Config(awsapi.STS, region, &prof.Shared)
	if err != nil {
		return nil, err
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
	return sts.NewFromConfig(cfg, func(o *sts.Options) {
		if global {
			o.EndpointResolverV2 = globalEndpoint{sts.NewDefaultEndpointResolverV2()}
		}
	}), nil
}

// Identity asks STS whose credentials c are (GetCallerIdentity), as
// profile prof would send them: whether AWS still takes keys that, by
// their expiry, should work. It returns the caller's ARN.
func (p *Provider) Identity(ctx context.Context, prof *awsconfig.Profile, c *Credentials) (string, error) {
	client, err := p.sts(prof, c)
	if err != nil {
		return "", err
	}
	p.Log.Secret(c.SecretAccessKey, c.SessionToken)
	p.Log.Printf("GetCallerIdentity with %s", c.AccessKeyID)
	out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", awsapi.Clean(err)
	}
	return aws.ToString(out.Arn), nil
}

// globalEndpoint resolves STS's global endpoint where the partition has
// one, as sts_regional_endpoints = legacy asks.
type globalEndpoint struct{ sts.EndpointResolverV2 }

func (g globalEndpoint) ResolveEndpoint(ctx context.Context, params sts.EndpointParameters) (smithyendpoints.Endpoint, error) {
	params.UseGlobalEndpoint = aws.Bool(true)
	return g.EndpointResolverV2.ResolveEndpoint(ctx, params)
}

// explainAssume says which role refused whom, and what to change.
func (p *Provider) explainAssume(prof *awsconfig.Profile, hop int, src *Credentials, err error) error {
	role := prof.Roles[hop]
	from := prof.Source.Name
	if hop > 0 {
		from = prof.Roles[hop-1].Profile
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("assume role %s for profile %s: %w", role.ARN, role.Profile, err)
	}
	switch {
	case apiErr.ErrorCode() == "AccessDenied":
		who := fmt.Sprintf("account %s", src.AccountID)
		// STS names the caller: "User: ARN is not authorized to perform: ...".
		if rest, ok := strings.CutPrefix(apiErr.ErrorMessage(), "User: "); ok {
			if arn, _, ok := strings.Cut(rest, " is not authorized"); ok && !strings.Contains(arn, " ") {
				who = arn
			}
		}
		e := fmt.Errorf("role %s in account %s (role_arn of profile %s) refused AssumeRole by %s (profile %s)", role.Name, role.AccountID, role.Profile, who, from)
		if role.ExternalID != "" {
			return errs.WithHint(e, "check external_id in [profile %s] against the role's sts:ExternalId condition, and that its trust policy allows that principal", role.Profile)
		}
		return errs.WithHint(e, "the role's trust policy must allow that principal (ask the owner of account %s), or set role_arn in [profile %s] to a role you may assume", role.AccountID, role.Profile)
	case apiErr.ErrorCode() == "ValidationError" && strings.Contains(apiErr.ErrorMessage(), "role chaining"):
		return errs.WithHint(fmt.Errorf("profile %s asks for duration_seconds = %d, but AWS limits a role assumed with role credentials (IAM Identity Center's included) to %d seconds: %s",
			role.Profile, role.DurationSeconds, awsconfig.ChainedSessionLimit, apiErr.ErrorMessage()),
			"set duration_seconds = %d or less in [profile %s], or remove it", awsconfig.ChainedSessionLimit, role.Profile)
	}
	e := fmt.Errorf("assume role %s for profile %s: %w", role.ARN, role.Profile, err)
	if awsapi.ClassOf(err) == awsapi.Unauthorized {
		// STS refused the source's credentials: fresh ones come with a new
		// login, as logging out deletes the cached ones.
		return errs.WithHint(e, "run 'ssox logout %s', then 'ssox login %s'", prof.Source.Name, prof.Source.Name)
	}
	return e
}
