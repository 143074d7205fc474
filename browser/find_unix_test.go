//go:build unix

// These lay out Linux and macOS installs with Unix paths (and executable
// bits) in the host's file system: a Unix host's tests. Windows' own
// install places are not tested yet.

package browser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

// A name is looked up on PATH (its own, then the names the browser has
// there), then where the browser is installed; a path is taken as it is.
func TestFind(t *testing.T) {
	t.Parallel()
	home, bin := t.TempDir(), t.TempDir()
	program(t, filepath.Join(bin, "google-chrome-stable"))
	program(t, filepath.Join(bin, "w3m"))
	flatpak := program(t, filepath.Join(home, ".local/share/flatpak/exports/bin/com.brave.Browser"))
	mac := program(t, filepath.Join(home, "Applications/Vivaldi.app/Contents/MacOS/Vivaldi"))
	if err := os.WriteFile(filepath.Join(bin, "notexec"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	linux := &Opener{Env: environ.Env{"HOME": home, "PATH": bin}, GOOS: "linux"}
	for name, want := range map[string]Browser{
		"chrome":                  {Chrome, filepath.Join(bin, "google-chrome-stable")},
		"google-chrome-stable":    {Chrome, filepath.Join(bin, "google-chrome-stable")},
		"brave":                   {Brave, flatpak},
		"w3m":                     {Other, filepath.Join(bin, "w3m")},
		filepath.Join(bin, "w3m"): {Other, filepath.Join(bin, "w3m")},
		filepath.Join(bin, "google-chrome-stable"): {Chrome, filepath.Join(bin, "google-chrome-stable")},
	} {
		b, err := linux.Find(name)
		if err != nil || *b != want {
			t.Errorf("%s: %+v %v, want %+v", name, b, err, want)
		}
	}
	if b, err := (&Opener{Env: environ.Env{"HOME": home}, GOOS: "darwin"}).Find("vivaldi"); err != nil || *b != (Browser{Vivaldi, mac}) {
		t.Errorf("mac: %+v %v", b, err)
	}

	var unknown *UnknownError
	if _, err := linux.Find("netscape"); !errors.As(err, &unknown) ||
		err.Error() != `unknown browser "netscape" (expected: firefox, chrome, chromium, brave, edge, vivaldi, safari, or a program's name or path)` {
		t.Errorf("unknown: %v", err)
	}
	var missing *NotInstalledError
	if _, err := linux.Find("edge"); !errors.As(err, &missing) || !strings.HasPrefix(err.Error(),
		"edge is not installed: looked on PATH and for microsoft-edge, microsoft-edge-stable, msedge, /opt/microsoft/msedge/msedge, ") {
		t.Errorf("missing: %v", err)
	}
	if _, err := linux.Find("safari"); err == nil || err.Error() != "safari does not run on linux" {
		t.Errorf("safari: %v", err)
	}
	for name, want := range map[string]string{
		filepath.Join(bin, "nope"):    "no such file",
		filepath.Join(bin, "notexec"): "is not executable",
		bin + "/":                     "is a folder",
	} {
		if _, err := linux.Find(name); err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
