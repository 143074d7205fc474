package browser

import (
	"os"
	"path/filepath"
	"reflect"
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
