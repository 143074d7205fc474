package sso

import "testing"

func TestEncodeQueryLikeAWSCLI(t *testing.T) {
	got := encodeQuery([][2]string{{"redirect_uri", "http://127.0.0.1:5/oauth/callback"}, {"scopes", "sso:account:access codewhisperer:x"}})
	want := "redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Foauth%2Fcallback&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Ax"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
