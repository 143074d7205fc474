package endpoint

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/sso"
)

// Only GET of the path, addressed to the host listened on, reaches the
// token check; the token check is what stands between a request and the
// credentials. Every refused request closes its connection.
func TestServerRefusesMethodsHostsAndTokens(t *testing.T) {
	for _, tt := range []struct {
		listen, method, path, host, auth string
		status                           int
		allow                            string
	}{
		{"127.0.0.1", "POST", Path, "127.0.0.1:4000", "t0ken", 405, "GET"},
		{"127.0.0.1", "PUT", Path, "127.0.0.1:4000", "t0ken", 405, "GET"},
		{"127.0.0.1", "DELETE", Path, "127.0.0.1:4000", "t0ken", 405, "GET"},
		{"127.0.0.1", "GET", "/other", "127.0.0.1:4000", "t0ken", 404, ""},
		{"127.0.0.1", "GET", Path, "evil.example:4000", "t0ken", 403, ""},
		{"127.0.0.1", "GET", Path, "127.0.0.1.nip.io:4000", "t0ken", 403, ""},
		{"127.0.0.1", "GET", Path, "169.254.170.2:4000", "t0ken", 403, ""},
		{"127.0.0.1", "GET", Path, "127.0.0.1:4000", "wrong", 401, ""},
		{"127.0.0.1", "GET", Path, "localhost:4000", "", 401, ""},
		{"127.0.0.1", "GET", Path, "[::1]:4000", "", 401, ""},
		{"127.0.0.1", "GET", Path, "127.0.0.1:4000", "t0ken", 200, ""},
		{"127.0.0.1", "GET", Path, "LOCALHOST:4000", "t0ken", 200, ""},
		// On a Docker network's gateway: that address only.
		{"169.254.170.2", "GET", Path, "169.254.170.2:4000", "t0ken", 200, ""},
		{"169.254.170.2", "GET", Path, "169.254.170.2", "t0ken", 200, ""},
		{"169.254.170.2", "GET", Path, "169.254.170.2:4000", "", 401, ""},
		{"169.254.170.2", "GET", Path, "localhost:4000", "t0ken", 403, ""},
		{"169.254.170.2", "GET", Path, "127.0.0.1:4000", "t0ken", 403, ""},
		{"169.254.170.2", "GET", Path, "169.254.170.2.nip.io:4000", "t0ken", 403, ""},
		{"169.254.170.2", "GET", Path, "host.docker.internal:4000", "t0ken", 403, ""},
		{"169.254.170.2", "GET", Path, "169.254.170.3:4000", "t0ken", 403, ""},
	} {
		s := &Server{Token: "t0ken", ip: net.ParseIP(tt.listen), conns: &shedder{max: 1}, Credentials: fixed}
		r := httptest.NewRequest(tt.method, tt.path, nil)
		r.Host = tt.host
		r.Header.Set("Authorization", tt.auth)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		closes := w.Header().Get("Connection") == "close"
		if w.Code != tt.status || w.Header().Get("Allow") != tt.allow || closes != (tt.status != 200) {
			t.Errorf("on %s, %s %s Host %s: %d Allow %q Connection %q, want %d %q", tt.listen, tt.method, tt.path, tt.host,
				w.Code, w.Header().Get("Allow"), w.Header().Get("Connection"), tt.status, tt.allow)
		}
	}
}

func fixed(context.Context) (*creds.Credentials, error) {
	return &creds.Credentials{AccessKeyID: "ASIAFIXED", SecretAccessKey: "s", SessionToken: "t",
		Expiration: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), AccountID: "123456789012"}, nil
}

// closeLog is a connection that records its Close.
type closeLog struct {
	net.Conn
	name   string
	closed *[]string
}

func (c *closeLog) Close() error { *c.closed = append(*c.closed, c.name); return nil }

// The shedder closes the oldest connection that has not shown the token
// when one too many is open; trusted and closed connections leave the count.
func TestShedderClosesTheOldestUntrusted(t *testing.T) {
	var closed []string
	s := &shedder{max: 2}
	conn := map[string]net.Conn{}
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		conn[n] = &closeLog{name: n, closed: &closed}
	}
	for _, step := range []struct {
		do   func()
		shed string
	}{
		{func() { s.connState(conn["a"], http.StateNew) }, ""},
		{func() { s.connState(conn["b"], http.StateNew) }, ""},
		{func() { s.connState(conn["c"], http.StateNew) }, "a"},
		{func() { s.trust(conn["b"]) }, "a"},
		{func() { s.connState(conn["d"], http.StateNew) }, "a"},
		{func() { s.connState(conn["e"], http.StateNew) }, "a c"},
		// b is trusted: never shed, whatever arrives.
		{func() { s.connState(conn["b"], http.StateIdle) }, "a c"},
		{func() { s.connState(conn["e"], http.StateClosed) }, "a c"},
		{func() { s.connState(conn["f"], http.StateNew) }, "a c"},
		{func() { s.connState(conn["g"], http.StateNew) }, "a c d"},
		// A closed connection reported again changes nothing.
		{func() { s.connState(conn["a"], http.StateClosed) }, "a c d"},
	} {
		step.do()
		if got := strings.Join(closed, " "); got != step.shed {
			t.Fatalf("closed %q, want %q", got, step.shed)
		}
	}
	if len(s.untrusted) != 2 || s.untrusted[0] != conn["f"] || s.untrusted[1] != conn["g"] {
		t.Fatalf("untrusted %v", s.untrusted)
	}
}

// start serves fixed credentials on a loopback port.
func start(t *testing.T) *Server {
	t.Helper()
	io, _, _, _ := iostreams.Test()
	s := &Server{Credentials: fixed, IO: io}
	ln, err := Loopback()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Serve(ln); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// child asks s for credentials as an SDK does, giving up after botocore's
// 2 s, and says whether it reused a kept-alive connection.
func child(t *testing.T, s *Server, client *http.Client) (reused bool) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL, nil)
	req.Header.Set("Authorization", s.Token)
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused },
	}))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("the token holder got no credentials: %v", err)
	}
	defer resp.Body.Close()
	var c map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil || resp.StatusCode != 200 || c["AccessKeyId"] != "ASIAFIXED" {
		t.Fatalf("%d %v %v", resp.StatusCode, c, err)
	}
	return reused
}

// fresh is a client that opens a new connection for each request.
func fresh() *http.Client {
	return &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

// A neighbour holding many connections open, silent or halfway through a
// request, does not keep the token holder from its credentials within
// botocore's 2 s, on a new connection or on its kept-alive one; and ssox
// holds no more of the neighbour's connections than its cap.
func TestIdleConnectionsDoNotDenyTheTokenHolder(t *testing.T) {
	s := start(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL, "http://"), Path)
	keep := &http.Client{Timeout: 2 * time.Second}
	if child(t, s, keep) {
		t.Fatal("the first request reused a connection")
	}

	// The token holder asks again on its kept-alive connection while the
	// neighbour opens its connections, well within idleTimeout, however
	// long the dialling takes (seconds under Wine).
	last := time.Now()
	for i := range 4 * maxUntrusted {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if i%2 == 1 {
			c.Write([]byte("GET " + Path + " HTTP/1.1\r\nHost: " + addr + "\r\n"))
		}
		if time.Since(last) > idleTimeout/5 {
			if !child(t, s, keep) {
				t.Fatalf("the token holder's kept-alive connection was closed after %d of the neighbour's", i+1)
			}
			last = time.Now()
		}
	}
	for range 5 {
		child(t, s, fresh())
	}
	if !child(t, s, keep) {
		t.Fatal("the token holder's kept-alive connection was closed")
	}
	if n := len(s.conns.untrustedNow()); n > maxUntrusted {
		t.Fatalf("%d untrusted connections held", n)
	}
}

// A neighbour that keeps opening connections while the token holder asks
// does not deny it either: each new connection sheds the neighbour's oldest.
func TestConnectionFloodDoesNotDenyTheTokenHolder(t *testing.T) {
	if underWine() {
		// Every socket call of every Windows program goes through Wine's
		// one server process, which the flood keeps busy: botocore's 2 s
		// would measure Wine, not ssox.
		t.Skip("under Wine, a connection flood starves every socket call, the token holder's included")
	}
	s := start(t)
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL, "http://"), Path)
	stop, shedding := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for dials := 1; ; dials++ {
			select {
			case <-stop:
				return
			default:
			}
			c, err := net.Dial("tcp", addr)
			if err != nil {
				continue
			}
			if held = append(held, c); len(held) > 2*maxUntrusted {
				held[0].Close()
				held = held[1:]
			}
			if dials == 2*maxUntrusted {
				close(shedding)
			}
		}
	}()
	<-shedding
	for range 20 {
		child(t, s, fresh())
	}
	close(stop)
	wg.Wait()
}

// untrustedNow is a copy of the untrusted connections.
func (s *shedder) untrustedNow() []net.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]net.Conn(nil), s.untrusted...)
}

// A failed request is told once, with its hint on a line of its own, not
// once per retry of the child's SDK; after a success, or when the problem
// changes, it is told again. A login that is needed is Credentials' to
// tell (creds.Keeper does, in its own words): the server answers 503 and
// says nothing.
func TestServerTellsAProblemOnce(t *testing.T) {
	io, _, _, stderr := iostreams.Test()
	var fail error
	s := &Server{Token: "t0ken", ip: net.ParseIP("127.0.0.1"), conns: &shedder{max: 1}, IO: io,
		Credentials: func(ctx context.Context) (*creds.Credentials, error) {
			if fail != nil {
				return nil, fail
			}
			return fixed(ctx)
		}}
	get := func() int {
		r := httptest.NewRequest("GET", Path, nil)
		r.Host = "127.0.0.1:4000"
		r.Header.Set("Authorization", "t0ken")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Code
	}
	fail = errs.Hintf("check the network, then try again", "get role credentials for profile ui-dev: cannot reach the portal")
	for range 4 {
		if code := get(); code != 500 {
			t.Fatalf("status %d", code)
		}
	}
	fail = nil
	get()
	fail = errors.New("get role credentials for profile ui-dev: the portal failed")
	get()
	get()
	fail = errs.Hintf("run 'ssox login ui-dev' in another terminal", "%w: sso-session \"s\" has expired", sso.ErrLoginRequired)
	for range 3 {
		if code := get(); code != 503 {
			t.Fatalf("status %d", code)
		}
	}
	want := "ssox: warning: credential server: get role credentials for profile ui-dev: cannot reach the portal\n" +
		"hint: check the network, then try again\n" +
		"ssox: warning: credential server: get role credentials for profile ui-dev: the portal failed\n"
	if stderr.String() != want {
		t.Fatalf("stderr\n%s\nwant\n%s", stderr, want)
	}
	fail = errs.Hintf("check the network, then try again", "get role credentials for profile ui-dev: cannot reach the portal")
	get()
	if !strings.HasSuffix(stderr.String(), "hint: check the network, then try again\n") {
		t.Fatalf("the problem came back and was not told:\n%s", stderr)
	}
}
