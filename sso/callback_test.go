package sso

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

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
