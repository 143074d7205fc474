package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ssox/ssox/creds"
)

func TestPartitions(t *testing.T) {
	for region, want := range map[string][2]string{
		"us-east-1":     {"https://signin.aws.amazon.com/federation", "https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1"},
		"us-gov-west-1": {"https://signin.amazonaws-us-gov.com/federation", "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1"},
		"cn-north-1":    {"https://signin.amazonaws.cn/federation", "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1"},
		"":              {"https://signin.aws.amazon.com/federation", "https://console.aws.amazon.com/"},
	} {
		if Endpoint(region) != want[0] || Destination(region) != want[1] {
			t.Errorf("%q: %s %s", region, Endpoint(region), Destination(region))
		}
	}
}

func TestLoginURL(t *testing.T) {
	c := &creds.Credentials{AccessKeyID: "ASIAX", SecretAccessKey: "sk+/=", SessionToken: "st&x"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var s map[string]string
		if r.URL.Query().Get("Action") != "getSigninToken" || json.Unmarshal([]byte(r.URL.Query().Get("Session")), &s) != nil ||
			s["sessionId"] != "ASIAX" || s["sessionKey"] != "sk+/=" || s["sessionToken"] != "st&x" {
			http.Error(w, "bad request", 400)
			return
		}
		w.Write([]byte(`{"SigninToken":"tok&1"}`))
	}))
	defer srv.Close()
	u, err := LoginURL(context.Background(), srv.Client(), srv.URL+"/federation", "https://console.aws.amazon.com/", c)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := url.Parse(u)
	q := parsed.Query()
	if parsed.Path != "/federation" || q.Get("Action") != "login" || q.Get("Issuer") != "ssox" || q.Get("SigninToken") != "tok&1" || q.Get("Destination") != "https://console.aws.amazon.com/" {
		t.Fatalf("url %s", u)
	}
	// A failing endpoint never puts the credentials in the error.
	_, err = LoginURL(context.Background(), srv.Client(), "http://127.0.0.1:1/federation", "x", c)
	if err == nil || strings.Contains(err.Error(), "sk+") || strings.Contains(err.Error(), "Session=") {
		t.Fatalf("err %v", err)
	}
}
