package endpoint

import (
	"net"
	"net/http"
	"slices"
	"sync"
)

// maxUntrusted caps the connections held that have not shown the token: a
// flood of them must not cost ssox its file descriptors. The child's own
// bursts stay far below it.
const maxUntrusted = 256

// shedder keeps idle and unauthenticated connections from denying service
// to the token holder. Accept never waits: every connection is taken, and
// when more than max have not yet shown the token, the oldest of them is
// closed. A neighbour holding connections open thus only loses its own
// oldest ones, while a connection that carries the token's request, sent at
// once by every SDK, is read long before max newer ones arrive; a connection
// that has shown the token (the child's keep-alive connections) is not
// counted at all. Requests without the token are answered with
// "Connection: close", so an untrusted connection lives for one request at
// most, and no longer than the header timeout while it sends nothing.
type shedder struct {
	max int

	mu sync.Mutex
	// untrusted are the open connections that have not shown the token,
	// oldest first.
	untrusted []net.Conn
}

// connState is the http.Server's ConnState hook. StateNew is reported from
// the accept loop, before the connection is read from.
func (s *shedder) connState(c net.Conn, state http.ConnState) {
	var shed net.Conn
	s.mu.Lock()
	switch state {
	case http.StateNew:
		s.untrusted = append(s.untrusted, c)
		if len(s.untrusted) > s.max {
			shed = s.untrusted[0]
			s.untrusted = slices.Delete(s.untrusted, 0, 1)
		}
	case http.StateClosed, http.StateHijacked:
		s.remove(c)
	}
	s.mu.Unlock()
	if shed != nil {
		shed.Close()
	}
}

// trust stops counting c: it carried the token.
func (s *shedder) trust(c net.Conn) {
	s.mu.Lock()
	s.remove(c)
	s.mu.Unlock()
}

func (s *shedder) remove(c net.Conn) {
	if i := slices.Index(s.untrusted, c); i >= 0 {
		s.untrusted = slices.Delete(s.untrusted, i, i+1)
	}
}
