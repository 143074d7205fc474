// Package fakebrowser plays the user's browser for tests and the demo: set
// as BROWSER, it is started with a login URL and follows it the way a
// browser would, through the fake Identity Center's approval to ssox's
// loopback redirect.
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
// FAKEBROWSER_LOG, when set, names a file that gets one line per start.
package fakebrowser

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"time"
)

// Main is the fakebrowser command: cmd/fakebrowser, and a command of the
// acceptance scripts.
func Main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "fakebrowser:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 1 {
		return errors.New("usage: fakebrowser URL")
	}
	if log := os.Getenv("FAKEBROWSER_LOG"); log != "" {
		f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		fmt.Fprintln(f, args[0])
		f.Close()
	}
	client := &http.Client{Timeout: 30 * time.Second}
	switch mode := os.Getenv("FAKEBROWSER_MODE"); mode {
	case "":
		return get(client, args[0])
	case "ignore":
		return nil
	case "tamper-state":
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := client.Get(args[0])
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil || loc.Host == "" {
			return fmt.Errorf("no redirect from %s (status %d)", args[0], resp.StatusCode)
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

func get(client *http.Client, u string) error {
	resp, err := client.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
