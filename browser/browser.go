// Package browser opens URLs in the user's browser, for the login and the
// console alike, and tells whether a browser here can finish a login that
// redirects to 127.0.0.1.
//
// The default browser is BROWSER when it is set: a list of commands
// separated by ':' (';' on Windows), "%s" standing for the URL, else the
// URL goes last. Otherwise it is the platform's opener: open on macOS,
// wslview or cmd.exe /c start on WSL, rundll32 on Windows, xdg-open
// elsewhere. The console may name a browser instead (Find), which then
// keeps each AWS profile apart as its kind allows (Plan).
//
// A URL that carries a secret never goes on a browser's command line
// (handoff.go).
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/lookpath"
)

// Opener opens URLs in a browser, for one environment and platform.
type Opener struct {
	// Env is the environment ssox runs in. BROWSER, PATH, DISPLAY,
	// WAYLAND_DISPLAY, SSH_*, WSL_*, HOME and the data folders are read
	// from it, and a browser starts with it.
	Env environ.Env
	// GOOS is the platform, runtime.GOOS when empty.
	GOOS string
	// Start starts argv, its first word looked up on Env's PATH, without
	// waiting for it, and returns a channel that gets its exit (nil for a
	// success) or nil when that cannot be known; nil starts it with
	// os/exec, in a session of its own. Tests record argv here.
	Start func(argv []string) (<-chan error, error)
	// Wait is how long Launch waits for the browser to take the URL;
	// zero: DefaultWait.
	Wait time.Duration
}

// DefaultWait is how long Launch waits for a browser to open the page.
const DefaultWait = 30 * time.Second

func (o *Opener) goos() string {
	if o.GOOS == "" {
		return runtime.GOOS
	}
	return o.GOOS
}

// Commands lists the commands Open tries for url, in order.
func (o *Opener) Commands(url string) [][]string {
	var cmds [][]string
	if b := o.Env.Get("BROWSER"); b != "" {
		sep := ":"
		if o.goos() == "windows" {
			sep = ";"
		}
		for _, entry := range strings.Split(b, sep) {
			args := strings.Fields(entry)
			if len(args) == 0 {
				continue
			}
			replaced := false
			for i, a := range args {
				if strings.Contains(a, "%s") {
					args[i] = strings.ReplaceAll(a, "%s", url)
					replaced = true
				}
			}
			if !replaced {
				args = append(args, url)
			}
			cmds = append(cmds, args)
		}
		return cmds
	}
	switch {
	case o.goos() == "darwin":
		cmds = append(cmds, []string{"open", url})
	case o.goos() == "windows":
		cmds = append(cmds, []string{"rundll32", "url.dll,FileProtocolHandler", url})
	case o.wsl():
		// cmd.exe treats & as a command separator; ^ escapes it.
		cmds = append(cmds, []string{"wslview", url}, []string{"cmd.exe", "/c", "start", `""`, strings.ReplaceAll(url, "&", "^&")})
	default:
		cmds = append(cmds, []string{"xdg-open", url})
	}
	return cmds
}

// Open opens url in the default browser (BROWSER, else the platform's
// opener) without putting it on a command line: the browser gets a
// one-time loopback address that redirects to url (or, when BROWSER names
// a browser ssox knows, a private page that leads there). It returns once
// a command started, with the function that ends the hand-over: call it
// when the URL is of no more use (the login finished).
func (o *Opener) Open(url string) (done func(), err error) {
	h, err := newHandoff(url)
	if err != nil {
		return nil, err
	}
	if _, err := o.startFirst(h, &Plan{}); err != nil {
		h.Close()
		return nil, err
	}
	return h.Close, nil
}

// Launch opens url as p plans, handing it over as Open does, and waits
// until the browser has taken it (the redirect was followed), the
// browser's command failed, or Wait has passed.
func (o *Opener) Launch(ctx context.Context, p *Plan, url string) error {
	if p.dir != "" {
		if err := os.MkdirAll(p.dir, 0o700); err != nil {
			return fmt.Errorf("make %s: %w", p.dir, err)
		}
		// MkdirAll leaves an existing folder's mode as it was.
		if err := os.Chmod(p.dir, 0o700); err != nil {
			return err
		}
	}
	h, err := newHandoff(url)
	if err != nil {
		return err
	}
	defer h.Close()
	wait := o.Wait
	if wait <= 0 {
		wait = DefaultWait
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	exited, err := o.startFirst(h, p)
	if err != nil {
		return &StartError{err}
	}
	for {
		select {
		case <-h.Served():
			return nil
		case err := <-exited:
			if err != nil {
				return fmt.Errorf("%s failed before it opened the page: %w", p.name, err)
			}
			exited = nil // it handed the URL to a running browser
		case <-timer.C:
			return fmt.Errorf("%s did not open the page within %s", p.name, wait)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// StartError is a Launch whose browser command did not start: not found,
// not executable.
type StartError struct{ Err error }

func (e *StartError) Error() string { return e.Err.Error() }
func (e *StartError) Unwrap() error { return e.Err }

// startFirst starts the first of p's commands (the default browser's
// several) that starts, with h's address or private page as its URL.
func (o *Opener) startFirst(h *handoff, p *Plan) (<-chan error, error) {
	start := o.Start
	if start == nil {
		start = o.start
	}
	var cmds [][]string
	page := ""
	// target is the URL a command gets: the private page, in data, when
	// the browser reads one, else the one-time address.
	target := func(private bool, data string) (string, error) {
		if !private {
			return h.URL(), nil
		}
		if page == "" {
			u, err := h.writePage(data)
			if err != nil {
				return "", err
			}
			page = u
		}
		return page, nil
	}
	if p.argv != nil {
		t, err := target(p.page, p.data)
		if err != nil {
			return nil, err
		}
		cmds = [][]string{p.argv(t)}
	} else {
		// BROWSER may name a browser ssox knows, which reads a local page;
		// an opener (xdg-open, open) might give an .html file to an editor.
		const marker = "\x00ssox-url\x00"
		for _, argv := range o.Commands(marker) {
			t, err := target(FamilyOf(argv[0]) != Other, o.DataDir(argv[0]))
			if err != nil {
				return nil, err
			}
			for i := range argv {
				argv[i] = strings.ReplaceAll(argv[i], marker, t)
			}
			cmds = append(cmds, argv)
		}
	}
	var failed []string
	for _, argv := range cmds {
		exited, err := start(argv)
		if err == nil {
			return exited, nil
		}
		failed = append(failed, err.Error())
	}
	if len(failed) == 0 {
		return nil, errors.New("no browser command")
	}
	return nil, errors.New(strings.Join(failed, "; "))
}

func (o *Opener) start(argv []string) (<-chan error, error) {
	path, err := lookpath.Find(argv[0], o.Env.Get("PATH"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", argv[0], err)
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Env = o.Env.List()
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", argv[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }() // and reap it whenever it exits
	return exited, nil
}

// Local reports whether a browser can run here and reach 127.0.0.1, where
// a login redirects: BROWSER names one, or this is a desktop session (not
// over SSH, and on Linux outside WSL, with a display).
func (o *Opener) Local() bool {
	if o.Env.Get("BROWSER") != "" {
		return true
	}
	if o.remote() {
		return false
	}
	return o.goos() != "linux" || o.wsl() || o.Env.Get("DISPLAY") != "" || o.Env.Get("WAYLAND_DISPLAY") != ""
}

// remote reports an SSH session, whose browser (if any) is on another
// machine.
func (o *Opener) remote() bool {
	return o.Env.Get("SSH_CONNECTION") != "" || o.Env.Get("SSH_TTY") != "" || o.Env.Get("SSH_CLIENT") != ""
}

// wsl reports the Windows Subsystem for Linux, whose browser is Windows'.
func (o *Opener) wsl() bool {
	return o.Env.Get("WSL_DISTRO_NAME") != "" || o.Env.Get("WSL_INTEROP") != ""
}
