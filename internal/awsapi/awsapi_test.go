package awsapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ssoapi "github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
)

func getRole(ctx context.Context, t *testing.T, n *Net, url string) error {
	t.Helper()
	n.Env = environ.Env{"AWS_ENDPOINT_URL_SSO": url}
	cfg, err := n.Config(SSO, "us-east-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ssoapi.NewFromConfig(cfg).GetRoleCredentials(ctx, &ssoapi.GetRoleCredentialsInput{
		AccessToken: aws.String("tok"), AccountId: aws.String("123456789012"), RoleName: aws.String("R"),
	})
	return Clean(err)
}

func answer(status int, typ, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if typ != "" {
			w.Header().Set("X-Amzn-ErrorType", typ)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

// Every class of failure reads as one line naming the endpoint and the
// operation, without the SDK's text, with the class's hint where it has
// one; the service's exception types stay reachable.
func TestFailedCallsAreClassified(t *testing.T) {
	t.Parallel()
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) }) // after the parallel subtests
	for _, tt := range []struct {
		name    string
		handler http.HandlerFunc
		class   Class
		msg     string // after "URL (GetRoleCredentials) "
		hint    string
	}{
		{"server error", answer(500, "InternalServerException", `{"message":"boom \u001b[2J"}`), ServerError,
			"failed (HTTP 500, InternalServerException)", "the service failed, not your configuration: try again in a few minutes"},
		{"throttled", answer(429, "TooManyRequestsException", `{"message":"slow down"}`), Throttled,
			"is throttling requests (HTTP 429, TooManyRequestsException)", "too many requests in a short time: wait a minute, then try again"},
		{"unauthorized", answer(401, "UnauthorizedException", `{"message":"Session token not found or invalid"}`), Unauthorized,
			"refused the sign-in (HTTP 401, UnauthorizedException)", ""},
		{"forbidden", answer(403, "ForbiddenException", `{"message":"No access"}`), Forbidden,
			"denied access (HTTP 403, ForbiddenException)", ""},
		{"invalid", answer(400, "InvalidRequestException", `{"message":"bad"}`), InvalidRequest,
			"rejected the request (HTTP 400, InvalidRequestException)", "run the command again with --debug to see the service's answer"},
		{"hostile code", answer(400, "", `{"__type":"Bad\u001b[31mCode\r\n"}`), InvalidRequest,
			"rejected the request (HTTP 400, Bad31mCode)", "run the command again with --debug to see the service's answer"},
		{"malformed", answer(200, "", `{"roleCredentials": {"accessKeyId": `), ServerError,
			"sent an answer ssox cannot read (HTTP 200)", "the service failed, not your configuration: try again in a few minutes"},
		{"hang", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		}, Timeout, "did not answer within 300ms", "check the network connection and any proxy, then try again; SSOX_TIMEOUT=2m waits longer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			var mu sync.Mutex
			var slow []string
			timeout := 10 * time.Second // the SDK's retries of 5xx and 429 fit
			if tt.class == Timeout {
				timeout = 300 * time.Millisecond
			}
			n := &Net{Timeout: timeout, SlowAfter: 50 * time.Millisecond, Slow: func(m string) {
				mu.Lock()
				slow = append(slow, m)
				mu.Unlock()
			}}
			err := getRole(context.Background(), t, n, srv.URL)
			want := srv.URL + " (GetRoleCredentials) " + tt.msg
			if ClassOf(err) != tt.class || err.Error() != want || errs.HintOf(err) != tt.hint {
				t.Fatalf("class %v err %q hint %q\nwant %v %q %q", ClassOf(err), err, errs.HintOf(err), tt.class, want, tt.hint)
			}
			mu.Lock()
			defer mu.Unlock()
			if tt.class == Timeout {
				if len(slow) != 1 || slow[0] != "still waiting for "+srv.URL+" (GetRoleCredentials); giving up after 300ms (Ctrl-C stops)" {
					t.Fatalf("slow notes %q", slow)
				}
			}
		})
	}
	var unauthorized *ssotypes.UnauthorizedException
	srv := httptest.NewServer(answer(401, "UnauthorizedException", `{"message":"x"}`))
	defer srv.Close()
	if err := getRole(context.Background(), t, &Net{}, srv.URL); !errors.As(err, &unauthorized) {
		t.Fatalf("the exception type is lost: %v", err)
	}
}

func TestUnreachableAndCancelled(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	err = getRole(context.Background(), t, &Net{}, url)
	if ClassOf(err) != Unreachable || err.Error() != "cannot reach "+url+" (GetRoleCredentials): connection refused" {
		t.Fatalf("%v: %q", ClassOf(err), err)
	}

	// The caller's own cancellation (Ctrl-C) is the context's error.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if err := getRole(ctx, t, &Net{}, srv.URL); !errors.Is(err, context.Canceled) || ClassOf(err) != 0 {
		t.Fatalf("cancelled call: %v", err)
	}
}

// The Date header is compared with the local clock, and a skew above a
// minute is reported once.
func TestClockSkew(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(-10*time.Minute).UTC().Format(http.TimeFormat))
		answer(200, "", `{"roleCredentials":{"accessKeyId":"A","secretAccessKey":"S","sessionToken":"T","expiration":1}}`)(w, r)
	}))
	defer srv.Close()
	var warnings []string
	n := &Net{Warn: func(f string, a ...any) { warnings = append(warnings, f) }}
	for range 2 {
		if err := getRole(context.Background(), t, n, srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if len(warnings) != 1 || !strings.HasPrefix(warnings[0], "the local clock is %s %s the clock of %s") {
		t.Fatalf("warnings %q", warnings)
	}
}
