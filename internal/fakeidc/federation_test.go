package fakeidc

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// keys are role credentials as getSigninToken takes them.
type keys struct{ id, secret, token string }

func (k keys) session() string {
	b, _ := json.Marshal(map[string]string{"sessionId": k.id, "sessionKey": k.secret, "sessionToken": k.token})
	return string(b)
}

// portalKeys signs in and gets the portal's role credentials of an account.
func portalKeys(t *testing.T, s *Server, u, account, role string) keys {
	t.Helper()
	oidc := oidcClient(u)
	tok := signIn(t, s, oidc, deviceClient(t, oidc))
	out, err := roleCreds(ssoClient(u), aws.ToString(tok.AccessToken), account, role)
	if err != nil {
		t.Fatal(err)
	}
	rc := out.RoleCredentials
	return keys{aws.ToString(rc.AccessKeyId), aws.ToString(rc.SecretAccessKey), aws.ToString(rc.SessionToken)}
}

// getSigninToken asks the fake for a sign-in token: the status and, on
// success, the token (else the page).
func getSigninToken(t *testing.T, u string, q url.Values) (int, string) {
	t.Helper()
	q.Set("Action", "getSigninToken")
	resp, err := http.Get(u + "/federation?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, string(body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q", ct)
	}
	var out struct{ SigninToken string }
	if err := json.Unmarshal(body, &out); err != nil || out.SigninToken == "" {
		t.Fatalf("answer %s: %v", body, err)
	}
	return resp.StatusCode, out.SigninToken
}

func TestGetSigninToken(t *testing.T) {
	clk := newClock()
	s, u := start(t, Options{Now: clk.Now, RoleCredentialsTTL: time.Hour})
	k := portalKeys(t, s, u, "123456789012", "AdministratorAccess")
	chained, err := assume(stsClient(u, k.id, k.secret, k.token), "arn:aws:iam::222233334444:role/Deploy", "s1")
	if err != nil {
		t.Fatal(err)
	}
	ck := keys{aws.ToString(chained.Credentials.AccessKeyId), aws.ToString(chained.Credentials.SecretAccessKey), aws.ToString(chained.Credentials.SessionToken)}
	s.ResetLog()
	for _, tc := range []struct {
		name   string
		q      url.Values
		status int
		errTyp string
	}{
		{"portal credentials", url.Values{"Session": {k.session()}}, 200, ""},
		{"portal credentials, 12 hours", url.Values{"Session": {k.session()}, "SessionDuration": {"43200"}}, 200, ""},
		{"portal credentials, 15 minutes", url.Values{"Session": {k.session()}, "SessionDuration": {"900"}}, 200, ""},
		{"chained credentials", url.Values{"Session": {ck.session()}}, 200, ""},
		{"chained credentials with a duration", url.Values{"Session": {ck.session()}, "SessionDuration": {"3600"}}, 400, "InvalidParameter"},
		{"duration too short", url.Values{"Session": {k.session()}, "SessionDuration": {"899"}}, 400, "InvalidParameter"},
		{"duration too long", url.Values{"Session": {k.session()}, "SessionDuration": {"43201"}}, 400, "InvalidParameter"},
		{"duration not a number", url.Values{"Session": {k.session()}, "SessionDuration": {"1h"}}, 400, "InvalidParameter"},
		{"no session", url.Values{}, 400, "InvalidParameter"},
		{"session not JSON", url.Values{"Session": {"x"}}, 400, "InvalidParameter"},
		{"no session token", url.Values{"Session": {`{"sessionId":"` + k.id + `","sessionKey":"` + k.secret + `"}`}}, 400, "InvalidParameter"},
		{"wrong secret", url.Values{"Session": {keys{k.id, k.secret + "x", k.token}.session()}}, 403, "InvalidCredentials"},
		{"wrong token", url.Values{"Session": {keys{k.id, k.secret, ck.token}.session()}}, 403, "InvalidCredentials"},
		{"unknown key", url.Values{"Session": {keys{"ASIAUNKNOWN", k.secret, k.token}.session()}}, 403, "InvalidCredentials"},
	} {
		s.ResetLog()
		status, _ := getSigninToken(t, u, tc.q)
		log := s.Requests()
		if status != tc.status || len(log) != 1 || log[0].Op != "GetSigninToken" || log[0].Status != tc.status || log[0].ErrorType != tc.errTyp {
			t.Errorf("%s: status %d, log %+v", tc.name, status, log)
		}
	}
	// Faults reach it by its operation's name, as an HTML page.
	s.AddFault(Fault{Op: "GetSigninToken", Status: 500, Times: 1})
	if status, page := getSigninToken(t, u, url.Values{"Session": {k.session()}}); status != 500 || !strings.Contains(page, "<title>Internal Server Error</title>") {
		t.Errorf("fault: %d %s", status, page)
	}
	clk.Advance(time.Hour)
	if status, page := getSigninToken(t, u, url.Values{"Session": {k.session()}}); status != 403 || !strings.Contains(page, "expired") {
		t.Errorf("expired credentials: %d %s", status, page)
	}
}

// browser is a client that keeps cookies and shows redirects.
func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func visit(t *testing.T, c *http.Client, u string) (int, string, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

func loginURL(u, token, dest string) string {
	return u + "/federation?" + url.Values{"Action": {"login"}, "Issuer": {"ssox"}, "Destination": {dest}, "SigninToken": {token}}.Encode()
}

// A browser signs in, cannot sign in as another account on top, and can
// after logging out, through the logout page's redirect.
func TestConsoleLoginAndLogout(t *testing.T) {
	clk := newClock()
	s, u := start(t, Options{Now: clk.Now})
	dev := portalKeys(t, s, u, "123456789012", "AdministratorAccess")
	prod := portalKeys(t, s, u, "987654321098", "ReadOnlyAccess")
	_, devTok := getSigninToken(t, u, url.Values{"Session": {dev.session()}})
	_, prodTok := getSigninToken(t, u, url.Values{"Session": {prod.session()}})
	const dest = "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"
	b := browser(t)
	whoami := func() string {
		_, _, body := visit(t, b, u+"/_fake/console-session")
		return strings.TrimSpace(body)
	}
	if who := whoami(); who != "none" {
		t.Fatalf("before: %s", who)
	}
	s.ResetLog()
	if status, loc, _ := visit(t, b, loginURL(u, devTok, dest)); status != http.StatusFound || loc != dest {
		t.Fatalf("login: %d %q", status, loc)
	}
	if who := whoami(); !strings.HasPrefix(who, "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_") {
		t.Fatalf("signed in as %s", who)
	}
	// The same principal again is fine; another one must log out first.
	if status, _, _ := visit(t, b, loginURL(u, devTok, dest)); status != http.StatusFound {
		t.Fatalf("second login: %d", status)
	}
	status, _, page := visit(t, b, loginURL(u, prodTok, dest))
	if status != http.StatusOK || !strings.Contains(page, "You must first log out before logging into a different AWS account.") {
		t.Fatalf("other account: %d %s", status, page)
	}
	// Logging out redirects to a URL on the same sign-in host only.
	status, _, page = visit(t, b, u+"/oauth?"+url.Values{"Action": {"logout"}, "redirect_uri": {"https://elsewhere.example/x"}}.Encode())
	if status != http.StatusOK || !strings.Contains(page, "signed out") || whoami() != "none" {
		t.Fatalf("logout elsewhere: %d %s", status, page)
	}
	visit(t, b, loginURL(u, devTok, dest))
	login := loginURL(u, prodTok, dest)
	status, loc, _ := visit(t, b, u+"/oauth?"+url.Values{"Action": {"logout"}, "redirect_uri": {login}}.Encode())
	if status != http.StatusFound || loc != login || whoami() != "none" {
		t.Fatalf("logout: %d %q", status, loc)
	}
	if status, loc, _ := visit(t, b, loc); status != http.StatusFound || loc != dest || !strings.Contains(whoami(), "::987654321098:") {
		t.Fatalf("login after logout: %d %q", status, loc)
	}
	var got []string
	for _, r := range s.Requests() {
		got = append(got, r.Op+" "+r.AccountID+" "+r.ErrorType)
	}
	want := []string{"ConsoleLogin 123456789012 ", "ConsoleLogin 123456789012 ", "ConsoleLogin 987654321098 MustLogOutFirst",
		"ConsoleLogout 123456789012 RedirectIgnored", "ConsoleLogin 123456789012 ", "ConsoleLogout 123456789012 ", "ConsoleLogin 987654321098 "}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("log:\n%s", strings.Join(got, "\n"))
	}

	// Refused: an unknown token, a token older than 15 minutes, a
	// destination outside the console.
	for _, tc := range []struct{ u, errType string }{
		{loginURL(u, "nope", dest), "InvalidSigninToken"},
		{loginURL(u, devTok, "https://evil.example/"), "InvalidDestination"},
		{loginURL(u, devTok, "http://eu-west-1.console.aws.amazon.com/"), "InvalidDestination"},
		{loginURL(u, devTok, "https://console.aws.amazon.com.evil.example/"), "InvalidDestination"},
	} {
		s.ResetLog()
		if status, _, _ := visit(t, browser(t), tc.u); status != http.StatusBadRequest || s.Requests()[0].ErrorType != tc.errType {
			t.Errorf("%s: %d %+v", tc.u, status, s.Requests())
		}
	}
	clk.Advance(15 * time.Minute)
	s.ResetLog()
	if status, _, _ := visit(t, browser(t), loginURL(u, devTok, dest)); status != http.StatusBadRequest || s.Requests()[0].ErrorType != "InvalidSigninToken" {
		t.Errorf("an old token: %d", status)
	}
}

// The console's pages answer any host over TLS and log the URL.
func TestStartConsole(t *testing.T) {
	s, _ := start(t, Options{})
	addr, certPEM, err := s.StartConsole("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(certPEM) {
		t.Fatal("no certificate")
	}
	// The certificate names the console hosts; reaching one by address
	// takes its name for the check.
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "s3.console.aws.amazon.com"}}}
	req, _ := http.NewRequest("GET", "https://"+addr+"/s3/home?region=eu-west-1", nil)
	req.Host = "s3.console.aws.amazon.com"
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	const want = "https://s3.console.aws.amazon.com/s3/home?region=eu-west-1"
	if !strings.Contains(string(body), "<title>console "+want+"</title>") {
		t.Fatalf("page %s", body)
	}
	if log := s.Requests(); len(log) != 1 || log[0].Op != "Console" || log[0].URL != want {
		t.Fatalf("log %+v", log)
	}
}
