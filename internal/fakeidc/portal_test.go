package fakeidc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	oidctypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	"github.com/aws/smithy-go"
)

func logout(c *sso.Client, tok *ssooidc.CreateTokenOutput) error {
	_, err := c.Logout(context.Background(), &sso.LogoutInput{AccessToken: tok.AccessToken})
	return err
}

func roleCreds(c *sso.Client, token, account, role string) (*sso.GetRoleCredentialsOutput, error) {
	return c.GetRoleCredentials(context.Background(), &sso.GetRoleCredentialsInput{
		AccessToken: aws.String(token), AccountId: aws.String(account), RoleName: aws.String(role),
	})
}

// wantAPIError checks that err is the service error code with that HTTP status.
func wantAPIError(err error, code string, status int) error {
	var ae smithy.APIError
	var re *awshttp.ResponseError
	if !errors.As(err, &ae) || !errors.As(err, &re) {
		return fmt.Errorf("err = %v, want an API error", err)
	}
	if ae.ErrorCode() != code || re.HTTPStatusCode() != status {
		return fmt.Errorf("got %s (%d), want %s (%d)", ae.ErrorCode(), re.HTTPStatusCode(), code, status)
	}
	return nil
}

var unauthorized = func(err error) bool {
	var ue *ssotypes.UnauthorizedException
	return errors.As(err, &ue) && aws.ToString(ue.Message) == "Session token not found or invalid"
}

func TestGetRoleCredentials(t *testing.T) {
	for _, tc := range []struct {
		name          string
		account, role string
		before        func(*Server, *clock, *sso.Client, *ssooidc.CreateTokenOutput)
		token         string // instead of the signed-in one
		want          func(error) bool
		wantCode      string // for errors the SDK does not model
	}{
		{name: "ok", account: "123456789012", role: "ReadOnlyAccess"},
		{name: "role not assigned", account: "987654321098", role: "AdministratorAccess", wantCode: "ForbiddenException"},
		{name: "unknown account", account: "000000000000", role: "ReadOnlyAccess", wantCode: "ForbiddenException"},
		{name: "unknown token", account: "123456789012", role: "ReadOnlyAccess", token: "fakeidc-at-nope", want: unauthorized},
		{name: "expired by the test", account: "123456789012", role: "ReadOnlyAccess", want: unauthorized,
			before: func(s *Server, _ *clock, _ *sso.Client, _ *ssooidc.CreateTokenOutput) { s.ExpireAccessTokens() }},
		{name: "expired by time", account: "123456789012", role: "ReadOnlyAccess", want: unauthorized,
			before: func(_ *Server, clk *clock, _ *sso.Client, _ *ssooidc.CreateTokenOutput) { clk.Advance(time.Hour) }},
		{name: "logged out", account: "123456789012", role: "ReadOnlyAccess", want: unauthorized,
			before: func(_ *Server, _ *clock, c *sso.Client, tok *ssooidc.CreateTokenOutput) {
				if err := logout(c, tok); err != nil {
					panic(err)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			s, u := start(t, Options{Now: clk.Now})
			c := oidcClient(u)
			tok := signIn(t, s, c, deviceClient(t, c))
			portal := ssoClient(u)
			if tc.before != nil {
				tc.before(s, clk, portal, tok)
			}
			token := aws.ToString(tok.AccessToken)
			if tc.token != "" {
				token = tc.token
			}
			out, err := roleCreds(portal, token, tc.account, tc.role)
			switch {
			case tc.want != nil:
				if !tc.want(err) {
					t.Fatalf("err = %v", err)
				}
				return
			case tc.wantCode != "":
				if err := wantAPIError(err, tc.wantCode, http.StatusForbidden); err != nil {
					t.Fatal(err)
				}
				var ae smithy.APIError
				if errors.As(err, &ae); ae.ErrorMessage() != "No access" {
					t.Fatalf("message %q", ae.ErrorMessage())
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			rc := out.RoleCredentials
			if !regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`).MatchString(aws.ToString(rc.AccessKeyId)) ||
				len(aws.ToString(rc.SecretAccessKey)) != 40 || !strings.Contains(aws.ToString(rc.SecretAccessKey), "fakeidc") ||
				!hasPrefix(rc.SessionToken, "fakeidc-st-") {
				t.Fatalf("credentials %+v", *rc)
			}
			if got, want := time.UnixMilli(rc.Expiration), clk.Now().Add(time.Hour); !got.Equal(want) {
				t.Fatalf("expiration %v, want %v", got, want)
			}
			issued := s.Issued()
			if !slices.Contains(issued, aws.ToString(rc.SecretAccessKey)) || !slices.Contains(issued, aws.ToString(rc.SessionToken)) {
				t.Fatal("role secrets missing from Issued")
			}
			last := s.Requests()[len(s.Requests())-1]
			if last.Op != "GetRoleCredentials" || last.AccountID != tc.account || last.RoleName != tc.role || last.Status != 200 {
				t.Fatalf("log %+v", last)
			}
		})
	}
}

func TestListPagination(t *testing.T) {
	five := append(DefaultAccounts(),
		Account{ID: "444455556666", Name: "four", Email: "4@example.com", Roles: []string{"A", "B", "C"}},
		Account{ID: "777788889999", Name: "five", Email: "5@example.com"})
	for _, tc := range []struct {
		name      string
		accounts  []Account
		pageSize  int
		limit     int32 // MaxResults; 0 leaves it out
		wantPages int
	}{
		{"page size one via max_result", nil, 0, 1, 3},
		{"page size knob", nil, 2, 0, 2},
		{"max_result above the knob", five, 2, 10, 3},
		{"one page", nil, 0, 100, 1},
		{"five accounts", five, 0, 2, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t, Options{Accounts: tc.accounts, PageSize: tc.pageSize})
			c := oidcClient(u)
			tok := signIn(t, s, c, deviceClient(t, c))
			in := &sso.ListAccountsInput{AccessToken: tok.AccessToken}
			if tc.limit > 0 {
				in.MaxResults = aws.Int32(tc.limit)
			}
			want := tc.accounts
			if want == nil {
				want = DefaultAccounts()
			}
			var got []ssotypes.AccountInfo
			for p := sso.NewListAccountsPaginator(ssoClient(u), in); p.HasMorePages(); {
				page, err := p.NextPage(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, page.AccountList...)
			}
			if len(got) != len(want) || s.Count("ListAccounts") != tc.wantPages {
				t.Fatalf("got %d accounts in %d pages", len(got), s.Count("ListAccounts"))
			}
			for i, a := range got {
				if aws.ToString(a.AccountId) != want[i].ID || aws.ToString(a.AccountName) != want[i].Name ||
					aws.ToString(a.EmailAddress) != want[i].Email {
					t.Fatalf("account %d = %+v", i, a)
				}
			}
			for _, a := range want {
				var roles []string
				rin := &sso.ListAccountRolesInput{AccessToken: tok.AccessToken, AccountId: aws.String(a.ID)}
				if tc.limit > 0 {
					rin.MaxResults = aws.Int32(tc.limit)
				}
				for p := sso.NewListAccountRolesPaginator(ssoClient(u), rin); p.HasMorePages(); {
					page, err := p.NextPage(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range page.RoleList {
						if aws.ToString(r.AccountId) != a.ID {
							t.Fatalf("role %+v in account %s", r, a.ID)
						}
						roles = append(roles, aws.ToString(r.RoleName))
					}
				}
				if !slices.Equal(roles, a.Roles) {
					t.Fatalf("account %s roles %v, want %v", a.ID, roles, a.Roles)
				}
			}
		})
	}
}

func TestListErrors(t *testing.T) {
	s, u := start(t, Options{PageSize: 1})
	c := oidcClient(u)
	tok := signIn(t, s, c, deviceClient(t, c))
	portal := ssoClient(u)
	roles, err := portal.ListAccountRoles(context.Background(), &sso.ListAccountRolesInput{
		AccessToken: tok.AccessToken, AccountId: aws.String("123456789012")})
	if err != nil || roles.NextToken == nil {
		t.Fatalf("ListAccountRoles: %v", err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		call  func() error
		check func(error) error
	}{
		{"garbage next token", func() error {
			_, err := portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken, NextToken: aws.String("garbage")})
			return err
		}, modeled[*ssotypes.InvalidRequestException]},
		{"roles token for accounts", func() error {
			_, err := portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken, NextToken: roles.NextToken})
			return err
		}, modeled[*ssotypes.InvalidRequestException]},
		{"roles token for another account", func() error {
			_, err := portal.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: tok.AccessToken,
				AccountId: aws.String("111122223333"), NextToken: roles.NextToken})
			return err
		}, modeled[*ssotypes.InvalidRequestException]},
		{"zero max_result", func() error {
			_, err := portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken, MaxResults: aws.Int32(0)})
			return err
		}, modeled[*ssotypes.InvalidRequestException]},
		{"roles of an unassigned account", func() error {
			_, err := portal.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: tok.AccessToken, AccountId: aws.String("000000000000")})
			return err
		}, func(err error) error { return wantAPIError(err, "ForbiddenException", 403) }},
		{"bad token", func() error {
			_, err := portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: aws.String("x")})
			return err
		}, modeled[*ssotypes.UnauthorizedException]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.check(tc.call()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func modeled[T error](err error) error {
	if !isErr[T](err) {
		var want T
		return fmt.Errorf("err = %v, want %T", err, want)
	}
	return nil
}

// noBackoff makes retry tests fast.
type noBackoff struct{}

func (noBackoff) BackoffDelay(int, error) (time.Duration, error) { return 0, nil }

func TestFaults(t *testing.T) {
	retrying := func(o *sso.Options) {
		o.RetryMaxAttempts = 0 // else it caps the retryer below
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.MaxAttempts, so.Backoff = 3, noBackoff{} })
	}
	for _, tc := range []struct {
		name       string
		faults     []Fault
		retry      bool
		call       string // "creds", "accounts" or "token"
		check      func(error) error
		wantStatus []int // statuses logged for the operation, in order
		minElapsed time.Duration
	}{
		{name: "throttled", faults: []Fault{{Op: "GetRoleCredentials", Status: 429, ErrorType: "TooManyRequestsException", Times: 1}},
			call: "creds", check: modeled[*ssotypes.TooManyRequestsException], wantStatus: []int{429}},
		{name: "status from type", faults: []Fault{{Op: "GetRoleCredentials", ErrorType: "TooManyRequestsException", Times: 1}},
			call: "creds", check: modeled[*ssotypes.TooManyRequestsException], wantStatus: []int{429}},
		{name: "type from status", faults: []Fault{{Op: "ListAccounts", Status: 500, Times: 1}},
			call: "accounts", check: func(err error) error { return wantAPIError(err, "InternalServerException", 500) }, wantStatus: []int{500}},
		{name: "any operation", faults: []Fault{{ErrorType: "ResourceNotFoundException", Message: "gone"}},
			call: "accounts", check: modeled[*ssotypes.ResourceNotFoundException], wantStatus: []int{404}},
		{name: "retried until it passes", retry: true, faults: []Fault{{Op: "ListAccounts", Status: 429, Times: 2}},
			call: "accounts", wantStatus: []int{429, 429, 200}},
		{name: "retries exhausted", retry: true, faults: []Fault{{Op: "ListAccounts", Status: 503, ErrorType: "ServiceUnavailableException"}},
			call: "accounts", check: func(err error) error { return wantAPIError(err, "ServiceUnavailableException", 503) },
			wantStatus: []int{503, 503, 503}},
		{name: "other operation untouched", faults: []Fault{{Op: "ListAccountRoles", Status: 500}}, call: "accounts", wantStatus: []int{200}},
		{name: "oidc server error", faults: []Fault{{Op: "CreateToken", Status: 500, ErrorType: "InternalServerException", Times: 1}},
			call: "token", check: modeled[*oidctypes.InternalServerException], wantStatus: []int{500}},
		{name: "delay only", faults: []Fault{{Op: "ListAccounts", Delay: 200 * time.Millisecond, Times: 1}},
			call: "accounts", wantStatus: []int{200}, minElapsed: 200 * time.Millisecond},
		{name: "delayed failure", faults: []Fault{{Op: "ListAccounts", Status: 429, Delay: 100 * time.Millisecond}},
			call: "accounts", check: modeled[*ssotypes.TooManyRequestsException], wantStatus: []int{429}, minElapsed: 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t, Options{})
			c := oidcClient(u)
			r := deviceClient(t, c)
			tok := signIn(t, s, c, r)
			var opts []func(*sso.Options)
			if tc.retry {
				opts = append(opts, retrying)
			}
			portal := ssoClient(u, opts...)
			for _, f := range tc.faults {
				s.AddFault(f)
			}
			s.ResetLog()
			call := func() error {
				var err error
				switch tc.call {
				case "creds":
					_, err = roleCreds(portal, aws.ToString(tok.AccessToken), "123456789012", "ReadOnlyAccess")
				case "accounts":
					_, err = portal.ListAccounts(context.Background(), &sso.ListAccountsInput{AccessToken: tok.AccessToken})
				case "token":
					_, err = refresh(c, r, aws.ToString(tok.RefreshToken))
				}
				return err
			}
			began := time.Now()
			err := call()
			if elapsed := time.Since(began); elapsed < tc.minElapsed {
				t.Errorf("took %v", elapsed)
			}
			if tc.check != nil {
				if cerr := tc.check(err); cerr != nil {
					t.Fatal(cerr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			var statuses []int
			for _, rq := range s.Requests() {
				statuses = append(statuses, rq.Status)
				if rq.Status != 200 && rq.ErrorType == "" {
					t.Errorf("logged without error type: %+v", rq)
				}
			}
			if !slices.Equal(statuses, tc.wantStatus) {
				t.Fatalf("statuses %v, want %v", statuses, tc.wantStatus)
			}
			// Faults with Times run out; the others stay until cleared.
			s.ClearFaults()
			if err := call(); err != nil {
				t.Fatalf("after ClearFaults: %v", err)
			}
		})
	}
}

func TestLatency(t *testing.T) {
	s, u := start(t, Options{Latency: 150 * time.Millisecond})
	began := time.Now()
	deviceClient(t, oidcClient(u))
	if elapsed := time.Since(began); elapsed < 150*time.Millisecond {
		t.Fatalf("took %v", elapsed)
	}
	if s.Count("RegisterClient") != 1 {
		t.Fatal("not logged")
	}
}
