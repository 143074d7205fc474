package browser

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The one-time address redirects once, only when asked for by itself.
func TestHandoffOnce(t *testing.T) {
	t.Parallel()
	h, err := newHandoff("https://signin.example/federation?SigninToken=secret")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	u, _ := url.Parse(h.URL())
	get := func(host, path string) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+u.Host+path, nil)
		req.Host = host
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	// Another name for this address (a DNS rebinding page), another path.
	if s, _ := get("evil.example:"+u.Port(), u.Path); s != http.StatusNotFound {
		t.Fatalf("rebinding: %d", s)
	}
	if s, _ := get(u.Host, "/ssox/guess"); s != http.StatusNotFound {
		t.Fatalf("another path: %d", s)
	}
	select {
	case <-h.Served():
		t.Fatal("served before it was taken")
	default:
	}
	if s, loc := get(u.Host, u.Path); s != http.StatusFound || loc != "https://signin.example/federation?SigninToken=secret" {
		t.Fatalf("first: %d %q", s, loc)
	}
	<-h.Served()
	if s, loc := get(u.Host, u.Path); s != http.StatusGone || loc != "" {
		t.Fatalf("second: %d %q", s, loc)
	}
}

// The private page is the owner's alone, leads to the one-time address
// without holding the URL, and is gone once the redirect was taken; Close
// removes its folder.
func TestHandoffPage(t *testing.T) {
	t.Parallel()
	h, err := newHandoff("https://signin.example/federation?SigninToken=secret")
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "data")
	page, err := h.writePage(data)
	if err != nil {
		t.Fatal(err)
	}
	path := filePath(t, page)
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(text), "secret") || !strings.Contains(string(text), `<meta http-equiv="refresh" content="0;url=`+h.URL()+`">`) {
		t.Fatalf("page %s", text)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700 | os.ModeDir, data: 0o700 | os.ModeDir} {
			if fi, err := os.Stat(p); err != nil || fi.Mode() != want {
				t.Errorf("%s: %v %v, want %v", p, fi.Mode(), err, want)
			}
		}
	}
	resp, err := noRedirects.Get(h.URL())
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the page is still there: %v", err)
	}
	h.Close()
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Fatalf("its folder is still there: %v", err)
	}
	if _, err := net.Dial("tcp", strings.TrimPrefix(h.URL()[:strings.LastIndex(h.URL(), "/ssox/")], "http://")); err == nil {
		t.Fatal("still listening after Close")
	}
}

func TestFileURL(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		if got := fileURL(`C:\Users\a b\page.html`); got != "file:///C:/Users/a%20b/page.html" {
			t.Fatal(got)
		}
		return
	}
	if got := fileURL("/home/a b/#x.html"); got != "file:///home/a%20b/%23x.html" {
		t.Fatal(got)
	}
}

// filePath is the path of a file:// URL that fileURL made.
func filePath(t *testing.T, fileURL string) string {
	t.Helper()
	u, err := url.Parse(fileURL)
	if err != nil || u.Scheme != "file" {
		t.Fatalf("%q: %v", fileURL, err)
	}
	if runtime.GOOS == "windows" {
		return filepath.FromSlash(strings.TrimPrefix(u.Path, "/")) // /C:/Users/...
	}
	return u.Path
}
