package fakeidc

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func do(t *testing.T, method, rawURL, body string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestErrorShape checks errors byte for byte as the SDK's deserializers
// and the real service's response snapshots have them.
func TestErrorShape(t *testing.T) {
	s, u := start(t, Options{})
	c := oidcClient(u)
	r := deviceClient(t, c)
	d := startDevice(t, c, r)
	tok := signIn(t, s, c, r)
	bearer := []string{"x-amz-sso_bearer_token", aws.ToString(tok.AccessToken)}
	poll := func(secret, grant string) string {
		return jsonBody(t, map[string]string{"clientId": r.id, "clientSecret": secret, "grantType": grant, "deviceCode": aws.ToString(d.DeviceCode)})
	}
	for _, tc := range []struct {
		name, method, path, body string
		header                   []string
		status                   int
		typ                      string
		oauth                    string // the OIDC "error" member; "" for portal errors
		message                  string // the portal "message" member
	}{
		{"pending", "POST", "/token", poll(r.secret, grantDevice), nil, 400, "AuthorizationPendingException", "authorization_pending", ""},
		{"bad secret", "POST", "/token", poll("x", grantDevice), nil, 401, "InvalidClientException", "invalid_client", ""},
		{"unsupported grant", "POST", "/token", poll(r.secret, "password"), nil, 400, "UnsupportedGrantTypeException", "unsupported_grant_type", ""},
		{"malformed json", "POST", "/token", "{", nil, 400, "InvalidRequestException", "invalid_request", ""},
		{"missing client name", "POST", "/client/register", `{"clientType":"public"}`, nil, 400, "InvalidRequestException", "invalid_request", ""},
		{"create token with iam", "POST", "/token?aws_iam=t", poll(r.secret, grantDevice), nil, 404, "UnknownOperationException", "", ""},
		{"no bearer token", "GET", "/assignment/accounts", "", nil, 401, "UnauthorizedException", "", "Session token not found or invalid"},
		{"no access", "GET", "/federation/credentials?account_id=987654321098&role_name=AdministratorAccess", "", bearer, 403, "ForbiddenException", "", "No access"},
		{"missing role name", "GET", "/federation/credentials?account_id=987654321098", "", bearer, 400, "InvalidRequestException", "", "account_id and role_name are required"},
		{"logout without token", "POST", "/logout", "", nil, 401, "UnauthorizedException", "", "Session token not found or invalid"},
		{"unknown path", "GET", "/nope", "", nil, 404, "UnknownOperationException", "", ""},
		{"wrong method", "GET", "/token", "", nil, 405, "UnknownOperationException", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, b := do(t, tc.method, u+tc.path, tc.body, tc.header...)
			if res.StatusCode != tc.status || res.Header.Get("X-Amzn-ErrorType") != tc.typ ||
				res.Header.Get("Content-Type") != "application/json" || res.Header.Get("X-Amzn-Requestid") == "" {
				t.Fatalf("status %d headers %v", res.StatusCode, res.Header)
			}
			var body map[string]string
			if err := json.Unmarshal(b, &body); err != nil {
				t.Fatalf("%v: %s", err, b)
			}
			if body["__type"] != tc.typ {
				t.Fatalf("body %s", b)
			}
			if tc.oauth != "" {
				if body["error"] != tc.oauth || body["error_description"] == "" || len(body) != 3 {
					t.Fatalf("body %s", b)
				}
			} else if tc.message != "" && body["message"] != tc.message || len(body) != 2 {
				t.Fatalf("body %s", b)
			}
		})
	}
	res, _ := do(t, "GET", u+"/token", "")
	if res.Header.Get("Allow") != "POST" {
		t.Errorf("Allow %q", res.Header.Get("Allow"))
	}
	res, b := do(t, "POST", u+"/logout", "", bearer...)
	if res.StatusCode != 200 || len(b) != 0 {
		t.Errorf("logout: %d %s", res.StatusCode, b)
	}
}

func TestAdminAPI(t *testing.T) {
	s, u := start(t, Options{ManualApproval: true})
	c := oidcClient(u)
	r := deviceClient(t, c)
	tok := signIn(t, s, c, r)

	requests := func() []Request {
		_, b := do(t, "GET", u+"/_fake/requests", "")
		var got []Request
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		return got
	}
	admin := func(method, path, body string, want int) {
		t.Helper()
		if res, b := do(t, method, u+path, body); res.StatusCode != want {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
	}

	got := requests()
	if ops := []string{got[0].Op, got[1].Op, got[2].Op}; !slices.Equal(ops, []string{"RegisterClient", "StartDeviceAuthorization", "CreateToken"}) ||
		got[2].GrantType != grantDevice || got[2].ClientID != r.id || got[2].Status != 200 {
		t.Fatalf("requests %+v", got)
	}
	admin("POST", "/_fake/reset-log", "", 204)
	if got := requests(); got == nil || len(got) != 0 {
		t.Fatalf("after reset: %+v", got)
	}

	admin("POST", "/_fake/faults", `{"op":"ListAccounts","status":429,"errorType":"TooManyRequestsException","times":1}`, 204)
	bearer := []string{"x-amz-sso_bearer_token", aws.ToString(tok.AccessToken)}
	if res, _ := do(t, "GET", u+"/assignment/accounts", "", bearer...); res.StatusCode != 429 {
		t.Fatalf("fault not applied: %d", res.StatusCode)
	}
	if res, _ := do(t, "GET", u+"/assignment/accounts", "", bearer...); res.StatusCode != 200 {
		t.Fatalf("fault outlived times: %d", res.StatusCode)
	}
	admin("POST", "/_fake/faults", `{"op":"ListAccounts","status":500}`, 204)
	admin("DELETE", "/_fake/faults", "", 204)
	if res, _ := do(t, "GET", u+"/assignment/accounts", "", bearer...); res.StatusCode != 200 {
		t.Fatalf("fault not cleared: %d", res.StatusCode)
	}
	admin("POST", "/_fake/faults", `{`, 400)

	admin("POST", "/_fake/revoke-refresh-tokens", "", 204)
	if _, err := refresh(c, r, aws.ToString(tok.RefreshToken)); !invalidGrant(err) {
		t.Fatalf("refresh after revoke: %v", err)
	}
	admin("POST", "/_fake/reject-credentials?error=ExpiredToken", "", 204)
	admin("POST", "/_fake/reject-credentials?error=Nope", "", 400)
	admin("POST", "/_fake/expire-access-tokens", "", 204)
	if res, _ := do(t, "GET", u+"/assignment/accounts", "", bearer...); res.StatusCode != 401 {
		t.Fatalf("token still valid: %d", res.StatusCode)
	}

	d := startDevice(t, c, r)
	admin("POST", "/_fake/approve?user_code=BBBB-BBBB", "", 404)
	admin("POST", "/_fake/approve?user_code="+aws.ToString(d.UserCode), "", 204)
	if _, err := pollDevice(c, r, aws.ToString(d.DeviceCode)); err != nil {
		t.Fatalf("approved via admin: %v", err)
	}

	_, b := do(t, "GET", u+"/_fake/issued", "")
	var issued []string
	if err := json.Unmarshal(b, &issued); err != nil || !slices.Equal(issued, s.Issued()) ||
		!slices.Contains(issued, aws.ToString(tok.AccessToken)) || !slices.Contains(issued, r.secret) {
		t.Fatalf("issued %v (%v)", issued, err)
	}
	admin("GET", "/_fake/nope", "", 404)
	admin("GET", "/_fake/faults", "", 404)
	if n := len(requests()); n != 7 { // the admin calls themselves are not logged
		t.Fatalf("%d requests logged: %+v", n, requests())
	}
}

// TestSecrets runs every flow and checks the secrets: recognisable,
// unique, and absent from the log.
func TestSecrets(t *testing.T) {
	s, u := start(t, Options{})
	c := oidcClient(u)
	dev := deviceClient(t, c)
	tok := signIn(t, s, c, dev)
	if _, err := refresh(c, dev, aws.ToString(tok.RefreshToken)); err != nil {
		t.Fatal(err)
	}
	portal := ssoClient(u)
	if _, err := roleCreds(portal, aws.ToString(tok.AccessToken), "123456789012", "ReadOnlyAccess"); err != nil {
		t.Fatal(err)
	}
	pk := pkceClient(t, c)
	res, _ := get(t, u+"/authorize?"+authorizeURL(u, pk, "5555", verifier).Encode())
	back, _ := url.Parse(res.Header.Get("Location"))
	code := back.Query().Get("code")
	if res, b := do(t, "POST", u+"/token", jsonBody(t, map[string]string{"clientId": pk.id, "clientSecret": pk.secret,
		"grantType": grantAuthCode, "code": code, "codeVerifier": verifier, "redirectUri": "http://127.0.0.1:5555/oauth/callback"})); res.StatusCode != 200 {
		t.Fatalf("authorization code grant: %d %s", res.StatusCode, b)
	}
	if err := logout(portal, tok); err != nil {
		t.Fatal(err)
	}

	issued := s.Issued()
	if len(issued) != 12 { // 2 client secrets, a device and an auth code, 3 access and 3 refresh tokens, 2 role secrets
		t.Errorf("%d secrets issued: %v", len(issued), issued)
	}
	log, err := json.Marshal(s.Requests())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, v := range issued {
		if !strings.Contains(v, "fakeidc") || seen[v] {
			t.Errorf("secret %q is unrecognisable or repeated", v)
		}
		seen[v] = true
		if strings.Contains(string(log), v) {
			t.Errorf("secret %q in the log", v)
		}
	}
	if s.Count("CreateToken") != 3 || s.Count("CreateToken", grantRefresh, grantAuthCode) != 2 || s.Count("Logout") != 1 {
		t.Errorf("log %s", log)
	}
}

// TestHTTPTest checks the Server works as a plain handler, taking its URL
// from the requests.
func TestHTTPTest(t *testing.T) {
	s := New(Options{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := oidcClient(ts.URL)
	d := startDevice(t, c, deviceClient(t, c))
	if s.URL() != ts.URL || !strings.HasPrefix(aws.ToString(d.VerificationUriComplete), ts.URL+"/device?user_code=") {
		t.Fatalf("URL %q, verification URI %q", s.URL(), aws.ToString(d.VerificationUriComplete))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestStartTwice(t *testing.T) {
	s, u := start(t, Options{})
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Fatal("second Start succeeded")
	}
	if s.URL() != u || !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Fatalf("URL %q", u)
	}
}
