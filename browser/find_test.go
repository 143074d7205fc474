package browser

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

func TestFamilyOf(t *testing.T) {
	t.Parallel()
	for prog, want := range map[string]Family{
		"/opt/x/chromium": Chromium, "chromium-browser": Chromium, "/snap/bin/chromium": Chromium,
		"google-chrome-stable": Chrome, "/opt/google/chrome/chrome": Chrome, `C:\Program Files\Google\Chrome\Application\chrome.exe`: Chrome,
		"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome": Chrome, "com.google.Chrome": Chrome,
		"firefox": Firefox, "firefox-esr": Firefox, "/usr/lib/firefox-esr/firefox-esr": Firefox, "org.mozilla.firefox": Firefox,
		"brave-browser": Brave, "msedge.exe": Edge, "microsoft-edge-stable": Edge, "vivaldi-stable": Vivaldi,
		"/Applications/Safari.app": Safari, "w3m": Other, "xdg-open": Other, "fakebrowser": Other,
	} {
		if got := FamilyOf(prog); got != want {
			t.Errorf("%s: %q, want %q", prog, got, want)
		}
	}
}

// program makes an executable file.
func program(t *testing.T, path string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

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

// The usual places, per platform.
func TestInstallPlaces(t *testing.T) {
	t.Parallel()
	win := &Opener{Env: environ.Env{"ProgramFiles": `C:\Program Files`, "ProgramFiles(x86)": `C:\Program Files (x86)`, "LOCALAPPDATA": `C:\Users\a\AppData\Local`}, GOOS: "windows"}
	if got := win.installPlaces(Edge); !reflect.DeepEqual(got, []string{
		`C:\Program Files\Microsoft\Edge\Application\msedge.exe`, `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
		`C:\Users\a\AppData\Local\Microsoft\Edge\Application\msedge.exe`}) {
		t.Errorf("windows: %q", got)
	}
	mac := &Opener{Env: environ.Env{"HOME": "/Users/a"}, GOOS: "darwin"}
	if got := mac.installPlaces(Chrome); !reflect.DeepEqual(got, []string{
		"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Users/a/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"}) {
		t.Errorf("mac: %q", got)
	}
	if got := mac.installPlaces(Safari); !reflect.DeepEqual(got, []string{"/Applications/Safari.app"}) {
		t.Errorf("safari: %q", got)
	}
	if got := (&Opener{Env: environ.Env{"HOME": "/home/a"}, GOOS: "linux"}).installPlaces(Chromium); !reflect.DeepEqual(got, []string{
		"/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser", "/snap/bin/chromium",
		"/var/lib/flatpak/exports/bin/org.chromium.Chromium", "/home/a/.local/share/flatpak/exports/bin/org.chromium.Chromium"}) {
		t.Errorf("linux: %q", got)
	}
}
