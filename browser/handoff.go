package browser

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// A handoff gives a browser a URL that carries a secret (a console sign-in
// token, a login's state and callback port) without putting it on the
// browser's command line, where any local user reads it (/proc/PID/cmdline,
// ps). The browser is given instead a one-time address on 127.0.0.1 that
// redirects to the URL once and is gone: a random path, answered only to
// a request for that host. Where ssox knows the browser reads local pages
// (a browser it starts itself), even that address stays off the command
// line: it is in a private page (0600, in a 0700 folder) that the browser
// is given by its path and that is removed once the redirect was taken.
type handoff struct {
	target string
	ln     net.Listener
	srv    *http.Server
	path   string
	// page is the private page's file, "" when there is none.
	page string

	once   sync.Once
	served chan struct{}
}

// newHandoff serves target at a one-time loopback address.
func newHandoff(target string) (*handoff, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on 127.0.0.1 to hand the URL over: %w", err)
	}
	b := make([]byte, 32)
	rand.Read(b)
	h := &handoff{target: target, ln: ln, path: "/ssox/" + base64.RawURLEncoding.EncodeToString(b), served: make(chan struct{})}
	h.srv = &http.Server{Handler: http.HandlerFunc(h.serve), ReadHeaderTimeout: 10 * time.Second}
	go h.srv.Serve(ln)
	return h, nil
}

// URL is the one-time address.
func (h *handoff) URL() string { return "http://" + h.ln.Addr().String() + h.path }

func (h *handoff) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	// A page elsewhere that a DNS name points here (rebinding) sends its
	// own Host; only the address itself is answered.
	if r.Host != h.ln.Addr().String() || r.URL.Path != h.path || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	first := false
	h.once.Do(func() { first = true })
	if !first {
		http.Error(w, "this address has been used", http.StatusGone)
		return
	}
	http.Redirect(w, r, h.target, http.StatusFound)
	close(h.served)
	if h.page != "" {
		os.Remove(h.page)
	}
}

// Served is closed once the redirect was taken.
func (h *handoff) Served() <-chan struct{} { return h.served }

// writePage writes the private page that leads to the one-time address, in
// a new 0700 folder under dir, and returns its file:// URL.
func (h *handoff) writePage(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("make %s: %w", dir, err)
	}
	folder, err := os.MkdirTemp(dir, "open-")
	if err != nil {
		return "", err
	}
	page := filepath.Join(folder, "console.html")
	u := html.EscapeString(h.URL())
	text := `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
		`<meta http-equiv="refresh" content="0;url=` + u + `"><title>ssox</title>` +
		`<p><a href="` + u + `">Continue</a></p>` + "\n"
	if err := os.WriteFile(page, []byte(text), 0o600); err != nil {
		removePage(page)
		return "", err
	}
	h.page = page
	return fileURL(page), nil
}

// fileURL is the file:// URL of an absolute path, on any platform.
func fileURL(path string) string {
	p := filepath.ToSlash(path)
	if p[0] != '/' {
		p = "/" + p // C:/Users/... on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// Close stops serving and removes the private page, taken or not.
func (h *handoff) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	h.srv.Shutdown(ctx)
	if h.page != "" {
		removePage(h.page)
	}
}

// removePage removes the private page and its folder, which holds nothing
// else: os.Remove each, not os.RemoveAll, which Wine 8 cannot do (it
// answers STATUS_NOT_IMPLEMENTED to the call Go's makes on Windows).
func removePage(page string) {
	os.Remove(page)
	os.Remove(filepath.Dir(page))
}
