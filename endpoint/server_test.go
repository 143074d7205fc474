package endpoint

import (
	"net"
	"net/http/httptest"
	"testing"
)

// Only GET with a loopback Host reaches the token check; the token check
// is what stands between a request and the credentials.
func TestServerRefusesMethodsAndHosts(t *testing.T) {
	s := &Server{Token: "t0ken"}
	for _, tt := range []struct {
		method, host, auth string
		status             int
		allow              string
	}{
		{"POST", "127.0.0.1:4000", "t0ken", 405, "GET"},
		{"PUT", "127.0.0.1:4000", "t0ken", 405, "GET"},
		{"DELETE", "127.0.0.1:4000", "t0ken", 405, "GET"},
		{"GET", "evil.example:4000", "t0ken", 403, ""},
		{"GET", "127.0.0.1.nip.io:4000", "t0ken", 403, ""},
		{"GET", "127.0.0.1:4000", "wrong", 401, ""},
		{"GET", "localhost:4000", "", 401, ""},
		{"GET", "[::1]:4000", "", 401, ""},
	} {
		r := httptest.NewRequest(tt.method, "/ssox/credentials", nil)
		r.Host = tt.host
		r.Header.Set("Authorization", tt.auth)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != tt.status || w.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.host, w.Code, w.Header().Get("Allow"), tt.status, tt.allow)
		}
	}
}

// The listener holds at most its cap of connections: the next is taken
// only when one closes.
func TestLimitListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	l := limitListener(ln, 2)
	var conns []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	for range 2 {
		c, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	third := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			third <- c
		}
	}()
	if got := len(l.(*limited).slots); got != 2 {
		t.Fatalf("%d slots taken", got)
	}
	conns[0].Close()
	conns[0].Close() // a second Close frees nothing more
	c := <-third
	c.Close()
	conns[1].Close()
	if got := len(l.(*limited).slots); got != 0 {
		t.Fatalf("%d slots still taken", got)
	}
}
