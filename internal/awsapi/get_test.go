package awsapi

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/debuglog"
)

// Get fails as SDK calls do: one line by class, naming the endpoint and the
// operation, never the URL's query (it holds credentials), not even under
// --debug.
func TestGet(t *testing.T) {
	t.Parallel()
	const secret = "Session=%7B%22sessionKey%22%3A%22s3cr3t%22%7D"
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()
	for _, tt := range []struct {
		name    string
		handler http.HandlerFunc // nil: nothing listens
		class   Class
		msg     string // after "URL (GetSigninToken) "; the whole message for Unreachable
	}{
		{"ok", answer(200, "", `{"SigninToken":"x"}`), 0, ""},
		{"forbidden", answer(403, "", `<html>Forbidden</html>`), Forbidden, "denied access (HTTP 403)"},
		{"bad request", answer(400, "", `<html>Bad Request</html>`), InvalidRequest, "rejected the request (HTTP 400)"},
		{"server error", answer(503, "", `<html>oops</html>`), ServerError, "failed (HTTP 503)"},
		{"throttled", answer(429, "", ``), Throttled, "is throttling requests (HTTP 429)"},
		{"hang", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		}, Timeout, "did not answer within 300ms"},
		{"refused", nil, Unreachable, "cannot reach " + refused + " (GetSigninToken): connection refused"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			endpoint := refused
			if tt.handler != nil {
				srv := httptest.NewServer(tt.handler)
				defer srv.Close()
				endpoint = srv.URL
			}
			var debug bytes.Buffer
			var mu sync.Mutex
			var slow []string
			n := &Net{Timeout: 300 * time.Millisecond, SlowAfter: 100 * time.Millisecond, Log: debuglog.New(&debug),
				Slow: func(m string) { mu.Lock(); slow = append(slow, m); mu.Unlock() }}
			body, err := n.Get(context.Background(), "GetSigninToken", endpoint+"/federation?Action=getSigninToken&"+secret)
			if tt.class == 0 {
				if err != nil || string(body) != `{"SigninToken":"x"}` {
					t.Fatalf("%q %v", body, err)
				}
				return
			}
			want := tt.msg
			if tt.class != Unreachable {
				want = endpoint + " (GetSigninToken) " + tt.msg
			}
			if ClassOf(err) != tt.class || err.Error() != want {
				t.Fatalf("%v: %q, want %q", ClassOf(err), err, want)
			}
			if strings.Contains(debug.String(), "s3cr3t") || strings.Contains(debug.String(), "Session=") {
				t.Fatalf("the debug log shows the query: %s", debug.String())
			}
			mu.Lock()
			defer mu.Unlock()
			if tt.class == Timeout && (len(slow) != 1 || slow[0] != "still waiting for "+endpoint+" (GetSigninToken); giving up after 300ms (Ctrl-C stops)") {
				t.Fatalf("slow notes %q", slow)
			}
		})
	}
}

// Ctrl-C during the call is the context's own error.
func TestGetCancelled(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := (&Net{}).Get(ctx, "GetSigninToken", srv.URL); !errors.Is(err, context.Canceled) || ClassOf(err) != 0 {
		t.Fatalf("cancelled call: %v", err)
	}
}
