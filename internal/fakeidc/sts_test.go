package fakeidc

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// stsClient is a real SDK STS client for the fake, signing with keys.
func stsClient(u, akid, secret, token string) *sts.Client {
	return sts.New(sts.Options{
		Region: "eu-west-1", BaseEndpoint: aws.String(u), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(akid, secret, token),
	})
}

// ssoKeys signs in and returns an STS client with the portal's credentials
// for 123456789012/AdministratorAccess.
func ssoKeys(t *testing.T, s *Server, u string) *sts.Client {
	t.Helper()
	oidc := oidcClient(u)
	tok := signIn(t, s, oidc, deviceClient(t, oidc))
	out, err := roleCreds(ssoClient(u), aws.ToString(tok.AccessToken), "123456789012", "AdministratorAccess")
	if err != nil {
		t.Fatal(err)
	}
	rc := out.RoleCredentials
	return stsClient(u, aws.ToString(rc.AccessKeyId), aws.ToString(rc.SecretAccessKey), aws.ToString(rc.SessionToken))
}

func assume(c *sts.Client, arn, session string, fns ...func(*sts.AssumeRoleInput)) (*sts.AssumeRoleOutput, error) {
	in := &sts.AssumeRoleInput{RoleArn: aws.String(arn), RoleSessionName: aws.String(session)}
	for _, f := range fns {
		f(in)
	}
	return c.AssumeRole(context.Background(), in)
}

func keysOf(u string, out *sts.AssumeRoleOutput) *sts.Client {
	c := out.Credentials
	return stsClient(u, aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
}

func whoami(t *testing.T, c *sts.Client) string {
	t.Helper()
	out, err := c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	return aws.ToString(out.Account) + " " + aws.ToString(out.Arn) + " " + aws.ToString(out.UserId)
}

func TestSTSChainAnswersWithTheSigner(t *testing.T) {
	clk := newClock()
	s, u := start(t, Options{Now: clk.Now})
	sso := ssoKeys(t, s, u)
	ssoRole := "AWSReservedSSO_AdministratorAccess_" + roleSuffix("123456789012/AdministratorAccess")
	if got, want := whoami(t, sso), "123456789012 arn:aws:sts::123456789012:assumed-role/"+ssoRole+"/user@example.com "+roleID("123456789012/"+ssoRole)+":user@example.com"; got != want {
		t.Errorf("SSO caller:\n got %s\nwant %s", got, want)
	}
	s.ResetLog()

	hop1, err := assume(sso, "arn:aws:iam::222233334444:role/Deploy", "ci")
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(hop1.AssumedRoleUser.Arn); got != "arn:aws:sts::222233334444:assumed-role/Deploy/ci" {
		t.Errorf("AssumedRoleUser.Arn = %s", got)
	}
	if got, want := aws.ToTime(hop1.Credentials.Expiration), clk.Now().Add(time.Hour); !got.Equal(want) {
		t.Errorf("Expiration = %s, want %s", got, want)
	}
	hop2, err := assume(keysOf(u, hop1), "arn:aws:iam::333344445555:role/team/Admin", "second", func(in *sts.AssumeRoleInput) {
		in.DurationSeconds = aws.Int32(900)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := whoami(t, keysOf(u, hop2)), "333344445555 arn:aws:sts::333344445555:assumed-role/Admin/second "+roleID("333344445555/Admin")+":second"; got != want {
		t.Errorf("second hop:\n got %s\nwant %s", got, want)
	}
	var log []string
	for _, r := range s.Requests() {
		log = append(log, strings.Join([]string{r.Op, r.Method, r.Path, http.StatusText(r.Status), r.Caller, r.RoleARN, r.SessionName, r.AccountID, r.RoleName}, " "))
	}
	want := []string{
		"AssumeRole POST / OK arn:aws:sts::123456789012:assumed-role/" + ssoRole + "/user@example.com arn:aws:iam::222233334444:role/Deploy ci 222233334444 Deploy",
		"AssumeRole POST / OK arn:aws:sts::222233334444:assumed-role/Deploy/ci arn:aws:iam::333344445555:role/team/Admin second 333344445555 Admin",
		"GetCallerIdentity POST / OK arn:aws:sts::333344445555:assumed-role/Admin/second    ",
	}
	if strings.Join(log, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(log, "\n"), strings.Join(want, "\n"))
	}
	if r := s.Requests()[1]; r.DurationSeconds != 900 {
		t.Errorf("logged DurationSeconds %d", r.DurationSeconds)
	}

	clk.Advance(time.Hour)
	_, err = keysOf(u, hop2).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if e := wantAPIError(err, "ExpiredToken", 400); e != nil {
		t.Error("expired session:", e)
	}
}

func TestSTSRefusals(t *testing.T) {
	s, u := start(t, Options{Roles: []Role{
		{ARN: "arn:aws:iam::222233334444:role/Customer", ExternalID: "ext-123"},
		{ARN: "arn:aws:iam::222233334444:role/Locked", Deny: true},
	}})
	c := ssoKeys(t, s, u)
	caller := "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_" + roleSuffix("123456789012/AdministratorAccess") + "/user@example.com"
	ext := func(id string) func(*sts.AssumeRoleInput) {
		return func(in *sts.AssumeRoleInput) { in.ExternalId = aws.String(id) }
	}
	dur := func(n int32) func(*sts.AssumeRoleInput) {
		return func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(n) }
	}
	for _, tc := range []struct {
		name, arn, session string
		fn                 func(*sts.AssumeRoleInput)
		code               string
		status             int
		msg                string
	}{
		{"external id missing", "arn:aws:iam::222233334444:role/Customer", "s1", nil, "AccessDenied", 403,
			"User: " + caller + " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222233334444:role/Customer"},
		{"external id wrong", "arn:aws:iam::222233334444:role/Customer", "s1", ext("nope"), "AccessDenied", 403, ""},
		{"external id right", "arn:aws:iam::222233334444:role/Customer", "s1", ext("ext-123"), "", 0, ""},
		{"external id not asked for", "arn:aws:iam::222233334444:role/Deploy", "s1", ext("any"), "", 0, ""},
		{"denied", "arn:aws:iam::222233334444:role/Locked", "s1", nil, "AccessDenied", 403,
			"User: " + caller + " is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222233334444:role/Locked"},
		{"chained over an hour", "arn:aws:iam::222233334444:role/Deploy", "s1", dur(3601), "ValidationError", 400,
			"The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."},
		{"below 900", "arn:aws:iam::222233334444:role/Deploy", "s1", dur(899), "ValidationError", 400, ""},
		{"bad arn", "arn:aws:iam::2222:role/Deploy", "s1", nil, "ValidationError", 400, ""},
		{"bad session name", "arn:aws:iam::222233334444:role/Deploy", "a b", nil, "ValidationError", 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fns []func(*sts.AssumeRoleInput)
			if tc.fn != nil {
				fns = append(fns, tc.fn)
			}
			_, err := assume(c, tc.arn, tc.session, fns...)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e := wantAPIError(err, tc.code, tc.status); e != nil {
				t.Fatal(e)
			}
			var ae smithy.APIError
			if errors.As(err, &ae) && tc.msg != "" && ae.ErrorMessage() != tc.msg {
				t.Errorf("message %q, want %q", ae.ErrorMessage(), tc.msg)
			}
			if r := s.Requests(); r[len(r)-1].ErrorType != tc.code {
				t.Errorf("logged %+v", r[len(r)-1])
			}
		})
	}
}

func TestSTSAuthentication(t *testing.T) {
	s, u := start(t, Options{})
	good := ssoKeys(t, s, u)
	creds, _ := good.Options().Credentials.Retrieve(context.Background())
	for _, tc := range []struct {
		name   string
		c      *sts.Client
		code   string
		status int
	}{
		{"unknown key", stsClient(u, "ASIAUNKNOWN", creds.SecretAccessKey, creds.SessionToken), "InvalidClientTokenId", 403},
		{"wrong session token", stsClient(u, creds.AccessKeyID, creds.SecretAccessKey, "other"), "InvalidClientTokenId", 403},
		{"wrong secret", stsClient(u, creds.AccessKeyID, "wrong", creds.SessionToken), "SignatureDoesNotMatch", 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.c.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			if e := wantAPIError(err, tc.code, tc.status); e != nil {
				t.Fatal(e)
			}
		})
	}
	// Unsigned and unknown actions.
	resp, err := http.Post(u+"/", "application/x-www-form-urlencoded", strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("unsigned: %d", resp.StatusCode)
	}
	s.AddFault(Fault{Op: "AssumeRole", ErrorType: "Throttling", Status: 400, Times: 1})
	_, err = assume(good, "arn:aws:iam::222233334444:role/Deploy", "s")
	if e := wantAPIError(err, "Throttling", 400); e != nil {
		t.Error("fault:", e)
	}
}

// RejectCredentials stages AWS refusing credentials that have not expired:
// every set issued so far is refused with the code asked for, sets issued
// afterwards are not.
func TestSTSRejectsCredentials(t *testing.T) {
	for _, tc := range []struct {
		code   string
		status int
	}{{"ExpiredToken", 400}, {"InvalidClientTokenId", 403}} {
		t.Run(tc.code, func(t *testing.T) {
			s, u := start(t, Options{})
			before := ssoKeys(t, s, u)
			whoami(t, before)
			if err := s.RejectCredentials(tc.code); err != nil {
				t.Fatal(err)
			}
			_, err := before.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			var apiErr smithy.APIError
			var re interface{ HTTPStatusCode() int }
			if !errors.As(err, &apiErr) || apiErr.ErrorCode() != tc.code || !errors.As(err, &re) || re.HTTPStatusCode() != tc.status {
				t.Fatalf("rejected credentials: %v", err)
			}
			whoami(t, ssoKeys(t, s, u))
		})
	}
	s, _ := start(t, Options{})
	if err := s.RejectCredentials("AccessDenied"); err == nil {
		t.Error("an unknown code was taken")
	}
}
