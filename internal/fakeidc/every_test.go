package fakeidc

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sso"
)

func TestFaultEvery(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault Fault
		want  []int
	}{
		{"every third", Fault{Op: "ListAccounts", Status: 429, Every: 3}, []int{200, 200, 429, 200, 200, 429, 200}},
		{"every third, once", Fault{Op: "ListAccounts", Status: 429, Every: 3, Times: 1}, []int{200, 200, 429, 200, 200, 200, 200}},
		{"other operations do not count", Fault{Op: "ListAccountRoles", Status: 429, Every: 2}, []int{200, 200, 200, 200, 200, 200, 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t, Options{})
			c := oidcClient(u)
			tok := signIn(t, s, c, deviceClient(t, c))
			portal := ssoClient(u, func(o *sso.Options) { o.RetryMaxAttempts = 1 })
			s.AddFault(tc.fault)
			s.ResetLog()
			for range tc.want {
				portal.ListAccounts(context.Background(), &sso.ListAccountsInput{AccessToken: tok.AccessToken})
			}
			var got []int
			for _, r := range s.Requests() {
				got = append(got, r.Status)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("statuses %v, want %v", got, tc.want)
			}
		})
	}
}
