package setup

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/fakeidc"
)

// portal starts the fake with n accounts of one to three roles (unless
// opts has accounts) and returns it with a session, an access token and the
// network configuration that reaches it.
func portal(tb testing.TB, n int, opts fakeidc.Options) (*fakeidc.Server, awsconfig.Session, string, *awsapi.Net) {
	tb.Helper()
	for i := range n * btoi(opts.Accounts == nil) {
		roles := []string{"AdministratorAccess", "ReadOnlyAccess", "Billing"}[:1+i%3]
		opts.Accounts = append(opts.Accounts, fakeidc.Account{ID: fmt.Sprintf("%012d", 100000000000+i), Name: fmt.Sprintf("Team %d", i%(n/2+1)), Roles: roles})
	}
	fake := fakeidc.New(opts)
	url, err := fake.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { fake.Close() })
	ctx := context.Background()
	c := ssooidc.New(ssooidc.Options{Region: "us-east-1", BaseEndpoint: aws.String(url)})
	reg, err := c.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: aws.String("test"), ClientType: aws.String("public")})
	if err != nil {
		tb.Fatal(err)
	}
	auth, err := c.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: aws.String("https://fake.awsapps.com/start")})
	if err != nil {
		tb.Fatal(err)
	}
	if err := fake.ApproveDevice(aws.ToString(auth.UserCode)); err != nil {
		tb.Fatal(err)
	}
	tok, err := c.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: aws.String("urn:ietf:params:oauth:grant-type:device_code"), DeviceCode: auth.DeviceCode})
	if err != nil {
		tb.Fatal(err)
	}
	fake.ResetLog()
	return fake, session, aws.ToString(tok.AccessToken), &awsapi.Net{Env: environ.Env{"AWS_ENDPOINT_URL_SSO": url}}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func noWait(int) time.Duration { return 0 }

// The config setup writes depends on the portal's data only: one call at a
// time or many, throttled or not, the bytes are the same, and every page of
// both lists is followed.
func TestListSameConfigSerialConcurrentThrottled(t *testing.T) {
	t.Parallel()
	const n = 120
	fake, s, token, netw := portal(t, n, fakeidc.Options{PageSize: 2})
	// 120 accounts in pages of 2; roles 1, 2, 3 in turn, in pages of 2.
	wantAccounts, wantRoles := n/2, n/3*(1+1+2)

	var want string
	for _, tc := range []struct {
		name     string
		opts     ListOptions
		every    int
		throttle bool
	}{
		{name: "serial", opts: ListOptions{Window: 1}},
		{name: "concurrent", opts: ListOptions{}},
		{name: "concurrent, throttled", opts: ListOptions{backoff: noWait}, every: 7},
		{name: "serial, throttled", opts: ListOptions{Window: 1, backoff: noWait}, every: 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake.ClearFaults()
			fake.ResetLog()
			if tc.every > 0 {
				fake.AddFault(fakeidc.Fault{Op: "ListAccountRoles", Status: 429, Every: tc.every})
				fake.AddFault(fakeidc.Fault{Op: "ListAccounts", Status: 429, Every: 3})
			}
			tc.opts.Net = netw
			got, err := List(context.Background(), s, nil, token, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := MakePlan(guide, s, got, "us-east-1", false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want == "" {
				want = plan.New
				if c := strings.Count(want, "[profile "); c != 1+n/3*6 {
					t.Fatalf("%d profiles", c)
				}
			} else if plan.New != want {
				t.Fatalf("config differs from the serial run:\n%s", Diff("serial", tc.name, want, plan.New))
			}
			throttled := 0
			for _, r := range fake.Requests() {
				if r.Status == 429 {
					throttled++
				}
			}
			if tc.every > 0 && throttled == 0 || tc.every == 0 && throttled != 0 {
				t.Fatalf("%d calls throttled", throttled)
			}
			// Each throttled call is made once more, by List alone (the
			// SDK's retryer leaves throttling to it).
			if a, r := fake.Count("ListAccounts"), fake.Count("ListAccountRoles"); a+r != wantAccounts+wantRoles+throttled {
				t.Fatalf("ListAccounts %d, ListAccountRoles %d, throttled %d", a, r, throttled)
			}
		})
	}
}

func TestListGivesUpOnEndlessThrottling(t *testing.T) {
	t.Parallel()
	for _, op := range []string{"ListAccounts", "ListAccountRoles"} {
		t.Run(op, func(t *testing.T) {
			t.Parallel()
			fake, s, token, netw := portal(t, 1, fakeidc.Options{})
			fake.AddFault(fakeidc.Fault{Op: op, Status: 429})
			_, err := List(context.Background(), s, nil, token, ListOptions{Net: netw, backoff: noWait})
			prefix := "list accounts: "
			if op == "ListAccountRoles" {
				prefix = `list roles of account "100000000000": `
			}
			if err == nil || !strings.HasPrefix(err.Error(), prefix+"the portal still throttles after 8 tries: ") {
				t.Fatalf("err %v", err)
			}
			if hint := errs.HintOf(err); hint != "the portal is busy: run setup again in a minute" {
				t.Fatalf("hint %q", hint)
			}
			if c := fake.Count(op); c != throttleTries {
				t.Fatalf("%d calls to %s, want %d", c, op, throttleTries)
			}
		})
	}
}

func TestListProgress(t *testing.T) {
	t.Parallel()
	_, s, token, netw := portal(t, 30, fakeidc.Options{PageSize: 7})
	var last [3]int
	calls := 0
	_, err := List(context.Background(), s, nil, token, ListOptions{Net: netw, Progress: func(done, known int, listed bool) {
		calls++
		l := 0
		if listed {
			l = 1
		}
		if done < last[0] || known < last[1] || l < last[2] || done > known {
			t.Errorf("progress went from %v to %d/%d %v", last, done, known, listed)
		}
		last = [3]int{done, known, l}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if last != [3]int{30, 30, 1} || calls < 30 {
		t.Fatalf("last progress %v after %d calls", last, calls)
	}
}

func TestWindow(t *testing.T) {
	w := newWindow(16, 32)
	ctx := context.Background()
	var tickets []uint64
	for range 16 {
		tk, _ := w.acquire(ctx)
		tickets = append(tickets, tk)
	}
	// Full: a seventeenth waits until one comes back.
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := w.acquire(short); err == nil {
		t.Fatal("acquired beyond the window")
	}
	// Sixteen throttles of one round trip cut the window once.
	for _, tk := range tickets {
		w.release(tk, true)
	}
	if w.size != 12 {
		t.Fatalf("size %v after one round of throttles", w.size)
	}
	// Four successes grow it by one; a throttle of a later call cuts again.
	for range 4 {
		tk, _ := w.acquire(ctx)
		w.release(tk, false)
	}
	if w.size != 13 {
		t.Fatalf("size %v after four successes", w.size)
	}
	tk, _ := w.acquire(ctx)
	w.release(tk, true)
	if w.size != 9.75 {
		t.Fatalf("size %v after a new throttle", w.size)
	}
	for range 200 {
		tk, _ := w.acquire(ctx)
		w.release(tk, false)
	}
	if w.size != 32 {
		t.Fatalf("size %v, want the cap", w.size)
	}
}
