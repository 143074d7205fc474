// Package browser opens URLs in the user's browser, for the login and the
// console alike, and tells whether a browser here can finish a login that
// redirects to 127.0.0.1.
//
// The browser is BROWSER when it is set: a list of commands separated by
// ':' (';' on Windows), "%s" standing for the URL, else the URL goes last.
// Otherwise it is the platform's opener: open on macOS, wslview or
// cmd.exe /c start on WSL, rundll32 on Windows, xdg-open elsewhere.
package browser

import (
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/lookpath"
)

// Opener opens URLs in a browser, for one environment and platform.
type Opener struct {
	// Env is the environment ssox runs in. BROWSER, PATH, DISPLAY,
	// WAYLAND_DISPLAY, SSH_* and WSL_* are read from it, and a browser
	// starts with it.
	Env environ.Env
	// GOOS is the platform, runtime.GOOS when empty.
	GOOS string
	// Start starts argv, its first word looked up on Env's PATH, without
	// waiting for it; nil starts it with os/exec. Tests record argv here.
	Start func(argv []string) error
}

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

// Open starts the first of the commands for url that starts. It does not
// wait for it: a real browser may run for hours.
func (o *Opener) Open(url string) error {
	start := o.Start
	if start == nil {
		start = o.start
	}
	var errs []error
	for _, argv := range o.Commands(url) {
		err := start(argv)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return errors.New("no browser command")
	}
	return errors.Join(errs...)
}

func (o *Opener) start(argv []string) error {
	path, err := lookpath.Find(argv[0], o.Env.Get("PATH"))
	if err != nil {
		return fmt.Errorf("%s: %w", argv[0], err)
	}
	cmd := exec.Command(path, argv[1:]...)
	cmd.Env = o.Env.List()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", argv[0], err)
	}
	go cmd.Wait() // reap it whenever it exits
	return nil
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
