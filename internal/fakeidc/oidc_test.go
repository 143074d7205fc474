package fakeidc

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
)

var (
	pending      = isErr[*types.AuthorizationPendingException]
	slowDown     = isErr[*types.SlowDownException]
	expired      = isErr[*types.ExpiredTokenException]
	invalidGrant = isErr[*types.InvalidGrantException]
	invalidCli   = isErr[*types.InvalidClientException]
	unauthCli    = isErr[*types.UnauthorizedClientException]
	invalidReq   = isErr[*types.InvalidRequestException]
)

func TestRegisterClient(t *testing.T) {
	base := func() *ssooidc.RegisterClientInput {
		return &ssooidc.RegisterClientInput{ClientName: aws.String("ssox"), ClientType: aws.String("public")}
	}
	for _, tc := range []struct {
		name     string
		edit     func(*ssooidc.RegisterClientInput)
		wantErr  func(error) bool
		wantAuth bool // expect authorization and token endpoints
	}{
		{name: "legacy device client", edit: func(*ssooidc.RegisterClientInput) {}},
		{name: "scoped device client", edit: func(in *ssooidc.RegisterClientInput) {
			in.Scopes = []string{scope}
			in.GrantTypes = []string{grantDevice, grantRefresh}
		}},
		{name: "pkce client", wantAuth: true, edit: func(in *ssooidc.RegisterClientInput) {
			in.Scopes, in.GrantTypes, in.RedirectUris = []string{scope}, []string{grantAuthCode, grantRefresh}, []string{callback}
		}},
		{name: "ipv6 loopback redirect", wantAuth: true, edit: func(in *ssooidc.RegisterClientInput) {
			in.GrantTypes, in.RedirectUris = []string{grantAuthCode}, []string{"http://[::1]/cb"}
		}},
		{name: "empty name", wantErr: invalidReq, edit: func(in *ssooidc.RegisterClientInput) { in.ClientName = aws.String("") }},
		{name: "confidential client", wantErr: isErr[*types.InvalidClientMetadataException],
			edit: func(in *ssooidc.RegisterClientInput) { in.ClientType = aws.String("confidential") }},
		{name: "unknown grant", wantErr: isErr[*types.InvalidClientMetadataException],
			edit: func(in *ssooidc.RegisterClientInput) { in.GrantTypes = []string{"password"} }},
		{name: "code grant without redirect", wantErr: isErr[*types.InvalidRedirectUriException],
			edit: func(in *ssooidc.RegisterClientInput) { in.GrantTypes = []string{grantAuthCode} }},
		{name: "https redirect", wantErr: isErr[*types.InvalidRedirectUriException], edit: func(in *ssooidc.RegisterClientInput) {
			in.GrantTypes, in.RedirectUris = []string{grantAuthCode}, []string{"https://127.0.0.1/cb"}
		}},
		{name: "remote redirect", wantErr: isErr[*types.InvalidRedirectUriException], edit: func(in *ssooidc.RegisterClientInput) {
			in.GrantTypes, in.RedirectUris = []string{grantAuthCode}, []string{"http://example.com/cb"}
		}},
		{name: "private address redirect", wantErr: isErr[*types.InvalidRedirectUriException], edit: func(in *ssooidc.RegisterClientInput) {
			in.GrantTypes, in.RedirectUris = []string{grantAuthCode}, []string{"http://10.0.0.1/cb"}
		}},
		{name: "bad scope", wantErr: isErr[*types.InvalidScopeException],
			edit: func(in *ssooidc.RegisterClientInput) { in.Scopes = []string{"a b"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			s, u := start(t, Options{Now: clk.Now})
			in := base()
			tc.edit(in)
			out, err := oidcClient(u).RegisterClient(context.Background(), in)
			if tc.wantErr != nil {
				if !tc.wantErr(err) {
					t.Fatalf("err = %v, want another type", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if aws.ToString(out.ClientId) == "" || !hasPrefix(out.ClientSecret, "fakeidc-cs-") {
				t.Errorf("client id %q secret %q", aws.ToString(out.ClientId), aws.ToString(out.ClientSecret))
			}
			if out.ClientIdIssuedAt != clk.Now().Unix() || out.ClientSecretExpiresAt != clk.Now().Add(90*24*time.Hour).Unix() {
				t.Errorf("issued at %d expires at %d", out.ClientIdIssuedAt, out.ClientSecretExpiresAt)
			}
			wantAuth, wantToken := "", ""
			if tc.wantAuth {
				wantAuth, wantToken = u+"/authorize", u+"/token"
			}
			if aws.ToString(out.AuthorizationEndpoint) != wantAuth || aws.ToString(out.TokenEndpoint) != wantToken {
				t.Errorf("endpoints %q %q", aws.ToString(out.AuthorizationEndpoint), aws.ToString(out.TokenEndpoint))
			}
			if !slices.Contains(s.Issued(), aws.ToString(out.ClientSecret)) {
				t.Error("client secret not in Issued")
			}
		})
	}
}

func TestStartDeviceAuthorization(t *testing.T) {
	clk := newClock()
	s, u := start(t, Options{Now: clk.Now})
	c := oidcClient(u)
	r := deviceClient(t, c)
	d := startDevice(t, c, r)
	if !regexp.MustCompile(`^[A-Z]{4}-[A-Z]{4}$`).MatchString(aws.ToString(d.UserCode)) {
		t.Errorf("user code %q", aws.ToString(d.UserCode))
	}
	if !hasPrefix(d.DeviceCode, "fakeidc-dc-") || aws.ToString(d.VerificationUri) != u+"/device" ||
		aws.ToString(d.VerificationUriComplete) != u+"/device?user_code="+aws.ToString(d.UserCode) ||
		d.ExpiresIn != 600 || d.Interval != 1 {
		t.Errorf("unexpected output %+v", *d)
	}
	if s.Count("StartDeviceAuthorization") != 1 {
		t.Errorf("log %+v", s.Requests())
	}

	pkce := pkceClient(t, c)
	for _, tc := range []struct {
		name     string
		reg      registration
		startURL string
		advance  time.Duration
		want     func(error) bool
	}{
		{"trailing slash start url", r, "https://fake.awsapps.com/start/", 0, nil},
		{"other start url", r, "https://other.awsapps.com/start", 0, invalidReq},
		{"wrong secret", registration{r.id, "fakeidc-cs-nope"}, "https://fake.awsapps.com/start", 0, invalidCli},
		{"unknown client", registration{"nope", r.secret}, "https://fake.awsapps.com/start", 0, invalidCli},
		{"code grant only", pkce, "https://fake.awsapps.com/start", 0, unauthCli},
		{"expired registration", r, "https://fake.awsapps.com/start", 91 * 24 * time.Hour, invalidCli},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk.Advance(tc.advance)
			_, err := c.StartDeviceAuthorization(context.Background(), &ssooidc.StartDeviceAuthorizationInput{
				ClientId: aws.String(tc.reg.id), ClientSecret: aws.String(tc.reg.secret), StartUrl: aws.String(tc.startURL),
			})
			if tc.want == nil && err != nil || tc.want != nil && !tc.want(err) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// TestDevicePolling scripts device-code polling against a fake clock.
func TestDevicePolling(t *testing.T) {
	type step struct {
		advance time.Duration
		do      string // "poll" (the default), "visit" or "approve"
		want    func(error) bool
	}
	for _, tc := range []struct {
		name  string
		opts  Options
		steps []step
	}{
		{"approve by visiting", Options{}, []step{
			{want: pending}, {advance: time.Second, do: "visit"}, {}, {advance: time.Second, want: invalidGrant},
		}},
		{"polling too fast", Options{}, []step{
			{want: pending}, {advance: 100 * time.Millisecond, want: slowDown},
			{advance: time.Second, want: slowDown},      // the interval is now 6s
			{advance: 10 * time.Second, want: slowDown}, // and now 11s
			{advance: 16 * time.Second, want: pending},
		}},
		{"early within tolerance", Options{}, []step{
			{want: pending}, {advance: 900 * time.Millisecond, want: pending},
		}},
		{"slow-down knob", Options{DeviceSlowDownPolls: 2}, []step{
			{want: slowDown}, {advance: 6 * time.Second, want: slowDown}, {advance: 11 * time.Second, want: pending},
		}},
		{"approve after polls", Options{DeviceApproveAfterPolls: 2}, []step{
			{want: pending}, {advance: time.Second, want: pending}, {advance: time.Second},
		}},
		{"expiry", Options{}, []step{
			{want: pending}, {advance: 10 * time.Minute, want: expired},
		}},
		{"short ttl", Options{DeviceCodeTTL: 5 * time.Second}, []step{
			{want: pending}, {advance: 5 * time.Second, do: "visit"}, {want: expired},
		}},
		{"manual approval", Options{ManualApproval: true}, []step{
			{do: "visit"}, {want: pending}, {do: "approve"}, {advance: time.Second},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			tc.opts.Now = clk.Now
			s, u := start(t, tc.opts)
			c := oidcClient(u)
			r := deviceClient(t, c)
			d := startDevice(t, c, r)
			for i, st := range tc.steps {
				clk.Advance(st.advance)
				switch st.do {
				case "visit":
					res, err := http.Get(aws.ToString(d.VerificationUriComplete))
					if err != nil {
						t.Fatal(err)
					}
					res.Body.Close()
				case "approve":
					if err := s.ApproveDevice(strings.ToLower(aws.ToString(d.UserCode))); err != nil {
						t.Fatal(err)
					}
				default:
					tok, err := pollDevice(c, r, aws.ToString(d.DeviceCode))
					if st.want != nil {
						if !st.want(err) {
							t.Fatalf("step %d: err = %v", i, err)
						}
						continue
					}
					if err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
					if !hasPrefix(tok.AccessToken, "fakeidc-at-") || !hasPrefix(tok.RefreshToken, "fakeidc-rt-") ||
						aws.ToString(tok.TokenType) != "Bearer" || tok.ExpiresIn != 3600 || tok.IdToken != nil {
						t.Fatalf("step %d: token %+v", i, *tok)
					}
				}
			}
		})
	}
}

func TestDevicePages(t *testing.T) {
	for _, tc := range []struct {
		name       string
		manual     bool
		query      string // user_code value, "CODE" replaced by the real one
		wantStatus int
		wantBody   string
		approved   bool
	}{
		{"form", false, "", 200, `name="user_code"`, false},
		{"approve", false, "CODE", 200, "approved", true},
		{"approve without dash", false, "CODENODASH", 200, "approved", true},
		{"unknown code", false, "BBBB-CCCC", 400, "unknown user code", false},
		{"manual shows confirmation", true, "CODE", 200, `method="post"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t, Options{ManualApproval: tc.manual})
			c := oidcClient(u)
			r := deviceClient(t, c)
			d := startDevice(t, c, r)
			code := aws.ToString(d.UserCode)
			q := strings.NewReplacer("CODENODASH", strings.ReplaceAll(code, "-", ""), "CODE", code).Replace(tc.query)
			res, err := http.Get(u + "/device?user_code=" + url.QueryEscape(q))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.wantStatus || !strings.Contains(string(body), tc.wantBody) ||
				!strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("status %d body %s", res.StatusCode, body)
			}
			if s.Count("DeviceVerify") != 1 {
				t.Fatalf("log %+v", s.Requests())
			}
			_, err = pollDevice(c, r, aws.ToString(d.DeviceCode))
			if tc.approved != (err == nil) {
				t.Fatalf("approved %v, poll err %v", tc.approved, err)
			}
		})
	}

	t.Run("manual form post approves", func(t *testing.T) {
		_, u := start(t, Options{ManualApproval: true})
		c := oidcClient(u)
		r := deviceClient(t, c)
		d := startDevice(t, c, r)
		res, err := http.PostForm(u+"/device", url.Values{"user_code": {aws.ToString(d.UserCode)}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if _, err := pollDevice(c, r, aws.ToString(d.DeviceCode)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCreateTokenErrors(t *testing.T) {
	clk := newClock()
	_, u := start(t, Options{Now: clk.Now})
	c := oidcClient(u)
	dev, other, pkce := deviceClient(t, c), deviceClient(t, c), pkceClient(t, c)
	code := aws.ToString(startDevice(t, c, dev).DeviceCode)
	for _, tc := range []struct {
		name    string
		reg     registration
		grant   string
		device  string
		advance time.Duration
		want    func(error) bool
	}{
		{"unknown client", registration{"nope", dev.secret}, grantDevice, code, 0, invalidCli},
		{"wrong secret", registration{dev.id, "fakeidc-cs-nope"}, grantDevice, code, 0, invalidCli},
		{"unknown grant", dev, "password", code, 0, isErr[*types.UnsupportedGrantTypeException]},
		{"grant not registered", dev, grantAuthCode, "", 0, unauthCli},
		{"device grant not registered", pkce, grantDevice, code, 0, unauthCli},
		{"unknown device code", dev, grantDevice, "fakeidc-dc-nope", 0, invalidGrant},
		{"another client's device code", other, grantDevice, code, 0, invalidGrant},
		{"expired registration", dev, grantDevice, code, 91 * 24 * time.Hour, invalidCli},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk.Advance(tc.advance)
			_, err := c.CreateToken(context.Background(), &ssooidc.CreateTokenInput{
				ClientId: aws.String(tc.reg.id), ClientSecret: aws.String(tc.reg.secret),
				GrantType: aws.String(tc.grant), DeviceCode: aws.String(tc.device),
			})
			if !tc.want(err) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// authorizeURL builds the URL the AWS CLI opens for the authorization code
// grant.
func authorizeURL(u string, r registration, port, verifier string) url.Values {
	return url.Values{
		"response_type": {"code"}, "client_id": {r.id},
		"redirect_uri":   {"http://127.0.0.1:" + port + "/oauth/callback"},
		"state":          {"st-123"},
		"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"},
		"scopes": {scope},
	}
}

func get(t *testing.T, rawURL string) (*http.Response, string) {
	t.Helper()
	res, err := noRedirects.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

func TestAuthorize(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       Options
		reg        bool // register a client without the authorization code grant but with the redirect URI
		edit       func(url.Values)
		wantStatus int    // 400 means an error page and no redirect
		wantError  string // error in the redirect; "" means a code
	}{
		{name: "ok", wantStatus: 302},
		{name: "scope parameter", edit: func(q url.Values) { q.Del("scopes"); q.Set("scope", scope) }, wantStatus: 302},
		{name: "deny knob", opts: Options{DenyAuthorize: true}, wantStatus: 302, wantError: "access_denied"},
		{name: "unknown client", edit: func(q url.Values) { q.Set("client_id", "nope") }, wantStatus: 400},
		{name: "device client", reg: true, wantStatus: 400},
		{name: "redirect path mismatch", edit: func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:5555/other") }, wantStatus: 400},
		{name: "redirect host mismatch", edit: func(q url.Values) { q.Set("redirect_uri", "http://localhost:5555/oauth/callback") }, wantStatus: 400},
		{name: "remote redirect", edit: func(q url.Values) { q.Set("redirect_uri", "http://evil.example/oauth/callback") }, wantStatus: 400},
		{name: "no redirect", edit: func(q url.Values) { q.Del("redirect_uri") }, wantStatus: 400},
		{name: "no challenge", edit: func(q url.Values) { q.Del("code_challenge") }, wantStatus: 302, wantError: "invalid_request"},
		{name: "plain challenge", edit: func(q url.Values) { q.Set("code_challenge_method", "plain") }, wantStatus: 302, wantError: "invalid_request"},
		{name: "implicit grant", edit: func(q url.Values) { q.Set("response_type", "token") }, wantStatus: 302, wantError: "unsupported_response_type"},
		{name: "unregistered scope", edit: func(q url.Values) { q.Set("scopes", scope+" openid") }, wantStatus: 302, wantError: "invalid_scope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t, tc.opts)
			r := pkceClient(t, oidcClient(u))
			if tc.reg {
				r = register(t, oidcClient(u), &ssooidc.RegisterClientInput{ClientName: aws.String("d"), ClientType: aws.String("public"),
					Scopes: []string{scope}, GrantTypes: []string{grantDevice}, RedirectUris: []string{callback}})
			}
			q := authorizeURL(u, r, "5555", verifier)
			if tc.edit != nil {
				tc.edit(q)
			}
			res, body := get(t, u+"/authorize?"+q.Encode())
			if res.StatusCode != tc.wantStatus {
				t.Fatalf("status %d, body %s", res.StatusCode, body)
			}
			loc := res.Header.Get("Location")
			if tc.wantStatus == 400 {
				if loc != "" || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
					t.Fatalf("error page redirects to %q", loc)
				}
				return
			}
			back, err := url.Parse(loc)
			if err != nil {
				t.Fatal(err)
			}
			if back.Host != "127.0.0.1:5555" || back.Path != "/oauth/callback" || back.Query().Get("state") != "st-123" {
				t.Fatalf("redirected to %s", loc)
			}
			if got := back.Query().Get("error"); got != tc.wantError {
				t.Fatalf("error = %q (%s)", got, back.Query().Get("error_description"))
			}
			code := back.Query().Get("code")
			if (code != "") != (tc.wantError == "") || code != "" && !slices.Contains(s.Issued(), code) {
				t.Fatalf("code %q", code)
			}
			if got := s.Requests(); got[len(got)-1].Op != "Authorize" || got[len(got)-1].ErrorType != tc.wantError {
				t.Fatalf("log %+v", got[len(got)-1])
			}
		})
	}
}

func TestManualConsent(t *testing.T) {
	for _, decision := range []string{"allow", "deny"} {
		t.Run(decision, func(t *testing.T) {
			_, u := start(t, Options{ManualApproval: true})
			r := pkceClient(t, oidcClient(u))
			q := authorizeURL(u, r, "5555", verifier)
			res, body := get(t, u+"/authorize?"+q.Encode())
			if res.StatusCode != 200 || !strings.Contains(body, `<form method="post" action="/authorize">`) {
				t.Fatalf("status %d body %s", res.StatusCode, body)
			}
			q.Set("decision", decision)
			res, err := noRedirects.PostForm(u+"/authorize", q)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			back, _ := url.Parse(res.Header.Get("Location"))
			if gotCode := back.Query().Get("code") != ""; gotCode != (decision == "allow") ||
				(decision == "deny") != (back.Query().Get("error") == "access_denied") {
				t.Fatalf("redirected to %s", back)
			}
		})
	}
}

func TestAuthorizationCodeGrant(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*ssooidc.CreateTokenInput)
		// before runs ahead of the token request under test.
		before func(*testing.T, *clock, *ssooidc.Client, *ssooidc.CreateTokenInput)
		want   func(error) bool
	}{
		{name: "ok"},
		{name: "wrong verifier", want: invalidGrant,
			edit: func(in *ssooidc.CreateTokenInput) { in.CodeVerifier = aws.String(verifier + "x") }},
		{name: "no verifier", want: invalidGrant, edit: func(in *ssooidc.CreateTokenInput) { in.CodeVerifier = nil }},
		{name: "redirect without port", want: invalidGrant, edit: func(in *ssooidc.CreateTokenInput) { in.RedirectUri = aws.String(callback) }},
		{name: "other port", want: invalidGrant,
			edit: func(in *ssooidc.CreateTokenInput) {
				in.RedirectUri = aws.String("http://127.0.0.1:5556/oauth/callback")
			}},
		{name: "unknown code", want: invalidGrant, edit: func(in *ssooidc.CreateTokenInput) { in.Code = aws.String("nope") }},
		{name: "reused code", want: invalidGrant,
			before: func(t *testing.T, _ *clock, c *ssooidc.Client, in *ssooidc.CreateTokenInput) {
				if _, err := c.CreateToken(context.Background(), in); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "code used with a wrong verifier first", want: invalidGrant,
			before: func(t *testing.T, _ *clock, c *ssooidc.Client, in *ssooidc.CreateTokenInput) {
				bad := *in
				bad.CodeVerifier = aws.String("wrong")
				if _, err := c.CreateToken(context.Background(), &bad); !invalidGrant(err) {
					t.Fatal(err)
				}
			}},
		{name: "expired code", want: invalidGrant,
			before: func(_ *testing.T, clk *clock, _ *ssooidc.Client, _ *ssooidc.CreateTokenInput) {
				clk.Advance(5*time.Minute + time.Second)
			}},
		{name: "another client's code", want: invalidGrant,
			before: func(t *testing.T, _ *clock, c *ssooidc.Client, in *ssooidc.CreateTokenInput) {
				other := pkceClient(t, c)
				in.ClientId, in.ClientSecret = aws.String(other.id), aws.String(other.secret)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			s, u := start(t, Options{Now: clk.Now})
			c := oidcClient(u)
			r := pkceClient(t, c)
			res, _ := get(t, u+"/authorize?"+authorizeURL(u, r, "5555", verifier).Encode())
			back, _ := url.Parse(res.Header.Get("Location"))
			in := &ssooidc.CreateTokenInput{
				ClientId: aws.String(r.id), ClientSecret: aws.String(r.secret), GrantType: aws.String(grantAuthCode),
				Code: aws.String(back.Query().Get("code")), CodeVerifier: aws.String(verifier),
				RedirectUri: aws.String("http://127.0.0.1:5555/oauth/callback"),
			}
			if tc.before != nil {
				tc.before(t, clk, c, in)
			}
			if tc.edit != nil {
				tc.edit(in)
			}
			tok, err := c.CreateToken(context.Background(), in)
			if tc.want != nil {
				if !tc.want(err) {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !hasPrefix(tok.AccessToken, "fakeidc-at-") || !hasPrefix(tok.RefreshToken, "fakeidc-rt-") || tok.ExpiresIn != 3600 {
				t.Fatalf("token %+v", *tok)
			}
			if s.Count("CreateToken", grantAuthCode) != 1 {
				t.Fatalf("log %+v", s.Requests())
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		reg  func(*testing.T, *ssooidc.Client) registration
		// run gets the sign-in's tokens and checks what follows.
		run func(*testing.T, *Server, *clock, *ssooidc.Client, registration, *ssooidc.CreateTokenOutput)
	}{
		{name: "rotation", run: func(t *testing.T, s *Server, _ *clock, c *ssooidc.Client, r registration, tok *ssooidc.CreateTokenOutput) {
			next, err := refresh(c, r, aws.ToString(tok.RefreshToken))
			if err != nil {
				t.Fatal(err)
			}
			if !hasPrefix(next.RefreshToken, "fakeidc-rt-") || aws.ToString(next.RefreshToken) == aws.ToString(tok.RefreshToken) ||
				aws.ToString(next.AccessToken) == aws.ToString(tok.AccessToken) {
				t.Fatalf("refresh gave %+v", *next)
			}
			if _, err := refresh(c, r, aws.ToString(tok.RefreshToken)); !invalidGrant(err) {
				t.Fatalf("old refresh token: %v", err)
			}
			if _, err := refresh(c, r, aws.ToString(next.RefreshToken)); err != nil {
				t.Fatalf("new refresh token: %v", err)
			}
			if n := s.Count("CreateToken", grantRefresh); n != 3 {
				t.Fatalf("%d refreshes logged", n)
			}
		}},
		{name: "no rotation", opts: Options{NoRefreshRotation: true},
			run: func(t *testing.T, _ *Server, _ *clock, c *ssooidc.Client, r registration, tok *ssooidc.CreateTokenOutput) {
				for range 2 {
					next, err := refresh(c, r, aws.ToString(tok.RefreshToken))
					if err != nil || aws.ToString(next.RefreshToken) != aws.ToString(tok.RefreshToken) {
						t.Fatalf("refresh: %v", err)
					}
				}
			}},
		{name: "revoked", run: func(t *testing.T, s *Server, _ *clock, c *ssooidc.Client, r registration, tok *ssooidc.CreateTokenOutput) {
			s.RevokeRefreshTokens()
			if _, err := refresh(c, r, aws.ToString(tok.RefreshToken)); !invalidGrant(err) {
				t.Fatalf("err = %v", err)
			}
		}},
		{name: "session expiry", opts: Options{RefreshTokenTTL: time.Hour},
			run: func(t *testing.T, _ *Server, clk *clock, c *ssooidc.Client, r registration, tok *ssooidc.CreateTokenOutput) {
				clk.Advance(30 * time.Minute)
				next, err := refresh(c, r, aws.ToString(tok.RefreshToken))
				if err != nil {
					t.Fatal(err)
				}
				clk.Advance(30 * time.Minute) // rotation does not extend the session
				if _, err := refresh(c, r, aws.ToString(next.RefreshToken)); !invalidGrant(err) {
					t.Fatalf("err = %v", err)
				}
			}},
		{name: "another client", run: func(t *testing.T, _ *Server, _ *clock, c *ssooidc.Client, _ registration, tok *ssooidc.CreateTokenOutput) {
			if _, err := refresh(c, deviceClient(t, c), aws.ToString(tok.RefreshToken)); !invalidGrant(err) {
				t.Fatalf("err = %v", err)
			}
		}},
		{name: "after logout", run: func(t *testing.T, _ *Server, _ *clock, c *ssooidc.Client, r registration, tok *ssooidc.CreateTokenOutput) {
			if err := logout(ssoClient(urlOf(c)), tok); err != nil {
				t.Fatal(err)
			}
			if _, err := refresh(c, r, aws.ToString(tok.RefreshToken)); !invalidGrant(err) {
				t.Fatalf("err = %v", err)
			}
		}},
		{name: "no scopes, no refresh token",
			reg: func(t *testing.T, c *ssooidc.Client) registration {
				return register(t, c, &ssooidc.RegisterClientInput{ClientName: aws.String("legacy"), ClientType: aws.String("public")})
			},
			run: noRefreshToken},
		{name: "no refresh grant, no refresh token",
			reg: func(t *testing.T, c *ssooidc.Client) registration {
				return register(t, c, &ssooidc.RegisterClientInput{ClientName: aws.String("x"), ClientType: aws.String("public"),
					Scopes: []string{scope}, GrantTypes: []string{grantDevice}})
			},
			run: noRefreshToken},
		{name: "knob", opts: Options{NoRefreshTokens: true}, run: noRefreshToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			tc.opts.Now = clk.Now
			s, u := start(t, tc.opts)
			c := oidcClient(u)
			reg := tc.reg
			if reg == nil {
				reg = deviceClient
			}
			r := reg(t, c)
			tc.run(t, s, clk, c, r, signIn(t, s, c, r))
		})
	}
}

func noRefreshToken(t *testing.T, _ *Server, _ *clock, _ *ssooidc.Client, _ registration, tok *ssooidc.CreateTokenOutput) {
	if tok.RefreshToken != nil || !hasPrefix(tok.AccessToken, "fakeidc-at-") {
		t.Fatalf("token %+v", *tok)
	}
}

// urlOf recovers the fake's URL from a client.
func urlOf(c *ssooidc.Client) string { return aws.ToString(c.Options().BaseEndpoint) }
