// Package fakebrowser plays the user's browser for tests and the demo: set
// as BROWSER, it is started with a login URL and follows it the way a
// browser would, through the fake Identity Center's approval to ssox's
// loopback redirect. A file:// URL is a local page whose refresh it
// follows, as a browser does.
//
// FAKEBROWSER_MODE changes what the "user" does:
//
//	(empty)       follow every redirect: approve the login
//	tamper-state  follow to the redirect, but first send it twice with a
//	              changed state (once with error=access_denied), as a
//	              stranger on the machine could; both must get 400
//	              before the real redirect is sent
//	ignore        do nothing, as a user who never finishes
//
// FAKEBROWSER_LOG, when set, names a file that gets one line per start: the
// URL. FAKEBROWSER_ARGV, when set, names a file that gets the whole command
// line, as a JSON list, one per start. Started under another name (a link
// called chromium or firefox), it stands in for that browser: the URL is
// its last argument, and a Firefox container add-on's URL
// (ext+container:...&url=URL) leads to the url it holds.
package fakebrowser

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Main is the fakebrowser command: cmd/fakebrowser, and a command of the
// acceptance scripts.
func Main() {
	if err := run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "fakebrowser:", err)
		os.Exit(1)
	}
}

func run(argv []string) error {
	if len(argv) < 2 {
		return errors.New("usage: fakebrowser [BROWSER FLAGS...] URL")
	}
	if err := appendTo(os.Getenv("FAKEBROWSER_ARGV"), argv); err != nil {
		return err
	}
	arg := argv[len(argv)-1]
	if err := appendTo(os.Getenv("FAKEBROWSER_LOG"), arg); err != nil {
		return err
	}
	start, err := page(containerURL(arg))
	if err != nil {
		return err
	}
	client := &http.Client{Timeout: 30 * time.Second}
	switch mode := os.Getenv("FAKEBROWSER_MODE"); mode {
	case "":
		return get(client, start)
	case "ignore":
		return nil
	case "tamper-state":
		// Follow the redirects up to the one to the login's callback.
		client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
			if req.URL.Path == "/oauth/callback" {
				return http.ErrUseLastResponse
			}
			return nil
		}
		resp, err := client.Get(start)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil || loc.Host == "" {
			return fmt.Errorf("no redirect from %s (status %d)", start, resp.StatusCode)
		}
		real := loc.String()
		q := loc.Query()
		q.Set("state", "tampered-"+q.Get("state"))
		loc.RawQuery = q.Encode()
		denied := *loc
		q.Del("code")
		q.Set("error", "access_denied")
		denied.RawQuery = q.Encode()
		for _, u := range []string{loc.String(), denied.String()} {
			resp, err := client.Get(u)
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				return fmt.Errorf("a redirect with the wrong state got %d", resp.StatusCode)
			}
		}
		return get(&http.Client{Timeout: 30 * time.Second}, real)
	default:
		return fmt.Errorf("unknown FAKEBROWSER_MODE %q", mode)
	}
}

// appendTo appends v to the file named, as a line: a string as it is,
// anything else as JSON.
func appendTo(name string, v any) error {
	if name == "" {
		return nil
	}
	line, ok := v.(string)
	if !ok {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		line = string(b)
	}
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = fmt.Fprintln(f, line)
	return err
}

// containerURL is the URL a Firefox container add-on's URL holds, or u.
func containerURL(u string) string {
	for _, scheme := range []string{"ext+container:", "ext+granted-containers:"} {
		if q, ok := strings.CutPrefix(u, scheme); ok {
			if v, err := url.ParseQuery(q); err == nil {
				return v.Get("url")
			}
		}
	}
	return u
}

// page is where a URL leads: a file:// page's refresh target, else the URL.
func page(u string) (string, error) {
	p, ok := strings.CutPrefix(u, "file://")
	if !ok {
		return u, nil
	}
	path, err := url.PathUnescape(p)
	if err != nil {
		return "", err
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	_, rest, ok := strings.Cut(string(text), `http-equiv="refresh" content="0;url=`)
	if !ok {
		return "", fmt.Errorf("%s refreshes to no URL", path)
	}
	target, _, _ := strings.Cut(rest, `"`)
	return html.UnescapeString(target), nil
}

func get(client *http.Client, u string) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
