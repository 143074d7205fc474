package sso

import (
	"errors"
	"os/exec"
	"runtime"
	"strings"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/lookpath"
)

// browserCommands lists the commands to try, in order, to open rawURL:
// BROWSER (a colon-separated list, "%s" standing for the URL), else the
// platform's opener.
func browserCommands(env environ.Env, goos, rawURL string) [][]string {
	var cmds [][]string
	if b := env.Get("BROWSER"); b != "" {
		for _, entry := range strings.Split(b, string(listSeparator(goos))) {
			args := strings.Fields(entry)
			if len(args) == 0 {
				continue
			}
			replaced := false
			for i, a := range args {
				if strings.Contains(a, "%s") {
					args[i] = strings.ReplaceAll(a, "%s", rawURL)
					replaced = true
				}
			}
			if !replaced {
				args = append(args, rawURL)
			}
			cmds = append(cmds, args)
		}
		return cmds
	}
	switch {
	case goos == "darwin":
		cmds = append(cmds, []string{"open", rawURL})
	case goos == "windows":
		cmds = append(cmds, []string{"rundll32", "url.dll,FileProtocolHandler", rawURL})
	case isWSL(env):
		// cmd.exe treats & as a command separator; ^ escapes it.
		cmds = append(cmds, []string{"wslview", rawURL}, []string{"cmd.exe", "/c", "start", `""`, strings.ReplaceAll(rawURL, "&", "^&")})
	default:
		cmds = append(cmds, []string{"xdg-open", rawURL})
	}
	return cmds
}

func listSeparator(goos string) rune {
	if goos == "windows" {
		return ';'
	}
	return ':'
}

// OpenBrowser starts the first browser command that exists. It does not wait
// for it: a real browser may run for hours.
func OpenBrowser(env environ.Env, rawURL string) error {
	var errs []error
	for _, args := range browserCommands(env, runtime.GOOS, rawURL) {
		path, err := lookpath.Find(args[0], env.Get("PATH"))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cmd := exec.Command(path, args[1:]...)
		cmd.Env = env.List()
		if err := cmd.Start(); err != nil {
			errs = append(errs, err)
			continue
		}
		go cmd.Wait() // reap it whenever it exits
		return nil
	}
	if len(errs) == 0 {
		return errors.New("no browser command")
	}
	return errors.Join(errs...)
}
