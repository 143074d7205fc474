package fakeidc

import (
	"io"
	"net"
	"net/http"
	"net/url"
)

// actOut performs a Fault with a Kind, the failures that happen below the
// API: a server that never answers, a connection cut in the middle of an
// answer, an answer that is not JSON, a connection reset at once (the
// nearest to a refused connection for an endpoint that must stay reachable
// for the steps before), and for Authorize an OAuth error sent back to the
// redirect URI. The log records the kind as the ErrorType and status 0 (no
// status was sent); "redirect" is logged as 302 with the fault's ErrorType.
func actOut(w http.ResponseWriter, r *http.Request, rep reply) {
	switch rep.wire {
	case "hang":
		<-r.Context().Done()
	case "malformed":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, `{"roleCredentials": {"accessKeyId": "ASIA`)
		io.WriteString(w, "\x00<html>not json")
	case "cut":
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"roleCredentials\": {")
		buf.Flush()
		conn.Close()
	case "reset":
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // close with RST
		}
		conn.Close()
	case "redirect":
		redirectError(w, r, rep.errType)
	default:
		http.Error(w, "unknown fault kind "+rep.wire, http.StatusInternalServerError)
	}
}

// redirectError sends the browser back to the client's redirect URI with an
// OAuth error and the request's state, as the service does when it refuses
// an authorization request after validating the redirect.
func redirectError(w http.ResponseWriter, r *http.Request, errType string) {
	q := r.Form
	u, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || u.Host == "" {
		http.Error(w, "no redirect_uri", http.StatusBadRequest)
		return
	}
	code, ok := oauthErrors[errType]
	if !ok {
		code = errType
	}
	v := u.Query()
	v.Set("error", code)
	v.Set("error_description", "injected fault")
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	u.RawQuery = v.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// ForgetClients drops every client registration, as the service does with
// one it no longer knows: their clients then get InvalidClientException.
func (s *Server) ForgetClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.clients)
}
