package sso

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/internal/environ"
)

func TestUseDeviceCode(t *testing.T) {
	tests := []struct {
		name          string
		env           environ.Env
		goos          string
		legacy, asked bool
		want          bool
	}{
		{"desktop linux", environ.Env{"DISPLAY": ":0"}, "linux", false, false, false},
		{"asked", environ.Env{"DISPLAY": ":0"}, "linux", false, true, true},
		{"legacy profile", environ.Env{"DISPLAY": ":0"}, "darwin", true, false, true},
		{"ssh", environ.Env{"SSH_CONNECTION": "1 2 3 4", "DISPLAY": ":10"}, "linux", false, false, true},
		{"headless linux", environ.Env{}, "linux", false, false, true},
		{"headless with BROWSER", environ.Env{"BROWSER": "/bin/browser"}, "linux", false, false, false},
		{"mac", environ.Env{}, "darwin", false, false, false},
	}
	for _, tt := range tests {
		if got := useDeviceCode(&browser.Opener{Env: tt.env, GOOS: tt.goos}, tt.legacy, tt.asked); got != tt.want {
			t.Errorf("%s: useDeviceCode = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEncodeQueryLikeAWSCLI(t *testing.T) {
	got := encodeQuery([][2]string{{"redirect_uri", "http://127.0.0.1:5/oauth/callback"}, {"scopes", "sso:account:access codewhisperer:x"}})
	want := "redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Foauth%2Fcallback&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Ax"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestVerifierAndState(t *testing.T) {
	v := randomString(64)
	if len(v) != 64 || strings.Trim(v, verifierChars) != "" {
		t.Fatalf("verifier %q", v)
	}
	if randomString(64) == v {
		t.Fatal("verifier repeats")
	}
	sum := sha256.Sum256([]byte(v))
	if c := base64.RawURLEncoding.EncodeToString(sum[:]); len(c) != 43 {
		t.Fatalf("challenge %q", c)
	}
	if u := uuid4(); len(u) != 36 || u[14] != '4' {
		t.Fatalf("uuid %q", u)
	}
}

// The callback acts only on a request with the login's state: a wrong or
// missing state gets 400 and leaves the login waiting (anyone on the machine
// can reach the port), an error is acted on only with the right state, and
// what the redirect carries reaches the terminal without control
// characters.
func TestCallbackHandler(t *testing.T) {
	tests := []struct {
		query    string
		sent     bool
		wantCode string
		wantErr  string
		oauthErr string
		status   int
	}{
		{"code=abc&state=s1", true, "abc", "", "", 200},
		{"code=abc&state=other", false, "", "", "", 400},
		{"code=abc", false, "", "", "", 400},
		{"error=access_denied&state=other", false, "", "", "", 400},
		{"error=access_denied&error_description=User+said+no&state=s1", true, "", "the login was refused: access_denied (User said no)", "access_denied", 400},
		{"error=invalid_client&state=s1", true, "", "the login was refused: invalid_client", "invalid_client", 400},
		{"error=x%1b%5b2J%1b%5d0%3bpwned%07&error_description=a%0d%0bb%c2%9bc&state=s1", true, "", `the login was refused: x\x1b[2J\x1b]0;pwned\x07 (a\x0d\x0bb\u009bc)`, `x\x1b[2J\x1b]0;pwned\x07`, 400},
		{"state=s1", true, "", "the login redirect carried no authorization code", "", 400},
	}
	for _, tt := range tests {
		results := make(chan callbackResult, 1)
		rec := httptest.NewRecorder()
		callbackHandler("s1", "sso-session \"x\"", results).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/oauth/callback?"+tt.query, nil))
		if rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.query, rec.Code, tt.status)
		}
		var res callbackResult
		select {
		case res = <-results:
			if !tt.sent {
				t.Errorf("%s: the login got a result %+v; it must keep waiting", tt.query, res)
				continue
			}
		default:
			if tt.sent {
				t.Errorf("%s: no result", tt.query)
			}
			continue
		}
		if res.code != tt.wantCode || res.oauthErr != tt.oauthErr {
			t.Errorf("%s: code %q oauthErr %q", tt.query, res.code, res.oauthErr)
		}
		if tt.wantErr == "" && res.err != nil || tt.wantErr != "" && (res.err == nil || res.err.Error() != tt.wantErr) {
			t.Errorf("%s: err %v, want %q", tt.query, res.err, tt.wantErr)
		}
	}
	rec := httptest.NewRecorder()
	callbackHandler("s1", "x", make(chan callbackResult, 1)).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/favicon.ico", nil))
	if rec.Code != 404 {
		t.Errorf("favicon: %d", rec.Code)
	}
}
