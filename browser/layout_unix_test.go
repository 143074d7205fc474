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

func TestDataDirAndProfileDir(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		o    *Opener
		prog string
		want string
	}{
		{&Opener{Env: environ.Env{"HOME": "/home/a"}, GOOS: "linux"}, "", "/home/a/.local/share/ssox/browser"},
		{&Opener{Env: environ.Env{"HOME": "/home/a", "XDG_DATA_HOME": "relative"}, GOOS: "linux"}, "", "/home/a/.local/share/ssox/browser"},
		{&Opener{Env: environ.Env{"HOME": "/home/a", "XDG_DATA_HOME": "/xdg"}, GOOS: "linux"}, "/usr/bin/chromium", "/xdg/ssox/browser"},
		{&Opener{Env: environ.Env{"HOME": "/home/a"}, GOOS: "linux"}, "/snap/bin/firefox", "/home/a/snap/firefox/common/ssox-browser"},
		{&Opener{Env: environ.Env{"HOME": "/Users/a"}, GOOS: "darwin"}, "", "/Users/a/Library/Application Support/ssox/browser"},
	} {
		if got := tc.o.DataDir(tc.prog); got != tc.want {
			t.Errorf("%+v %s: %s, want %s", tc.o.Env, tc.prog, got, tc.want)
		}
	}
	for name, want := range map[string]string{
		"ui-dev": "ui-dev", "a.b_c-9": "a.b_c-9", "Prod": "!prod", "prod": "prod", "a/b": "a%2Fb", "..": "%2E%2E", ".": "%2E",
		"x y": "x%20y", "a!b": "a%21b", "é": "%C3%A9", "a..b": "a..b",
	} {
		if got := ProfileDir(name); got != want {
			t.Errorf("%q: %q, want %q", name, got, want)
		}
	}
	// A profile's container keeps its colour from one release to the next
	// (it is a hash of the name, not a random or ordered choice).
	for p, want := range map[string]string{"ui-dev": "turquoise", "dol-prod": "pink", "a": "orange"} {
		if got := containerColor(p); got != want {
			t.Errorf("%s's container is %s, want %s as in earlier releases", p, got, want)
		}
	}
	seen := map[string]bool{}
	for _, p := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"} {
		seen[containerColor(p)] = true
	}
	if len(seen) < 4 {
		t.Fatalf("twelve profiles get %d colours", len(seen))
	}
}

// Where each platform keeps a Chrome family's profiles and Firefox's.
func TestProfileFolders(t *testing.T) {
	t.Parallel()
	mac := &Opener{Env: environ.Env{"HOME": "/Users/a"}, GOOS: "darwin"}
	win := &Opener{Env: environ.Env{"LOCALAPPDATA": `C:\Users\a\AppData\Local`, "APPDATA": `C:\Users\a\AppData\Roaming`}, GOOS: "windows"}
	linux := &Opener{Env: environ.Env{"HOME": "/home/a", "XDG_CONFIG_HOME": "/cfg"}, GOOS: "linux"}
	for _, tc := range []struct {
		o    *Opener
		b    Browser
		want string
	}{
		{mac, Browser{Edge, "x"}, "/Users/a/Library/Application Support/Microsoft Edge"},
		{mac, Browser{Brave, "x"}, "/Users/a/Library/Application Support/BraveSoftware/Brave-Browser"},
		{win, Browser{Chrome, "x"}, `C:\Users\a\AppData\Local\Google\Chrome\User Data`},
		{win, Browser{Edge, "x"}, `C:\Users\a\AppData\Local\Microsoft\Edge\User Data`},
		{linux, Browser{Chrome, "/usr/bin/google-chrome"}, "/cfg/google-chrome"},
		{linux, Browser{Chromium, "/snap/bin/chromium"}, "/home/a/snap/chromium/common/chromium"},
		{linux, Browser{Chromium, "/var/lib/flatpak/exports/bin/org.chromium.Chromium"}, "/home/a/.var/app/org.chromium.Chromium/config/chromium"},
	} {
		if got := tc.o.chromeUserData(&tc.b); got != tc.want {
			t.Errorf("%s %+v: %s, want %s", tc.o.GOOS, tc.b, got, tc.want)
		}
	}
	for _, tc := range []struct {
		o    *Opener
		prog string
		want string
	}{
		{mac, "x", "/Users/a/Library/Application Support/Firefox"},
		{win, "x", `C:\Users\a\AppData\Roaming\Mozilla\Firefox`},
		{linux, "/usr/bin/firefox", "/home/a/.mozilla/firefox"},
		{linux, "/snap/bin/firefox", "/home/a/snap/firefox/common/.mozilla/firefox"},
	} {
		if got := tc.o.firefoxProfiles(&Browser{Firefox, tc.prog}); got != tc.want {
			t.Errorf("%s %s: %s, want %s", tc.o.GOOS, tc.prog, got, tc.want)
		}
	}
}

func TestPlanRefusals(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	o := &Opener{Env: environ.Env{"HOME": home}, GOOS: "linux"}
	chrome, firefox := &Browser{Chrome, "/c"}, &Browser{Firefox, "/f"}
	for _, tc := range []struct {
		c    Console
		want string
	}{
		{Console{ContainerExt: "granted"}, "--browser-profile and --container-ext need --browser (or SSOX_BROWSER, or ssox_browser in the profile)"},
		{Console{Browser: chrome, ContainerExt: "granted"}, "--container-ext opens Firefox containers, and chrome is not Firefox"},
		{Console{Browser: firefox, ContainerExt: "multi"}, `--container-ext: "multi" is not a container add-on ssox knows (expected: open-url-in-container, granted)`},
		{Console{Browser: &Browser{Safari, "/s"}, BrowserProfile: "x"}, "--browser-profile takes a profile of Firefox or of the Chrome family (chrome, chromium, brave, edge, vivaldi), not of safari"},
		{Console{Browser: &Browser{Other, "/usr/bin/w3m"}, BrowserProfile: "x"}, "--browser-profile takes a profile of Firefox or of the Chrome family (chrome, chromium, brave, edge, vivaldi), not of w3m"},
		{Console{Browser: chrome, BrowserProfile: "Work"}, `chrome has no profile "Work": there is no ` + home + "/.config/google-chrome/Local State"},
		{Console{Browser: firefox, BrowserProfile: "work"}, `firefox has no profile "work": there is no ` + home + "/.mozilla/firefox/profiles.ini"},
	} {
		if _, err := o.Plan(tc.c); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: %v\nwant %s", tc.c, err, tc.want)
		}
	}
	state := filepath.Join(home, ".config/google-chrome/Local State")
	os.MkdirAll(filepath.Dir(state), 0o700)
	os.WriteFile(state, []byte(`{"profile":{"info_cache":{"Default":{"name":"Person 1"},"Profile 1":{"name":"Wörk\u001b"}}}}`), 0o600)
	var np *NoProfileError
	if _, err := o.Plan(Console{Browser: chrome, BrowserProfile: "Work"}); !errors.As(err, &np) ||
		err.Error() != `chrome has no profile "Work" (its profiles: "Person 1", "Wörk\x1b")` {
		t.Errorf("%v", err)
	}
}

// Each kind of browser's command line, and whether the sign-in must log a
// shared browser out first.
func TestPlans(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	localState := filepath.Join(home, ".config/BraveSoftware/Brave-Browser/Local State")
	os.MkdirAll(filepath.Dir(localState), 0o700)
	os.WriteFile(localState, []byte(`{"profile":{"info_cache":{"Default":{"name":"Person 1"},"Profile 3":{"name":"Work"}}}}`), 0o600)
	ini := filepath.Join(home, ".mozilla/firefox/profiles.ini")
	os.MkdirAll(filepath.Dir(ini), 0o700)
	os.WriteFile(ini, []byte("[Install4F96D1932A9F858E]\nDefault=x.default-release\n[Profile1]\nName=work\nIsRelative=1\n[Profile0]\nName=default-release\n"), 0o600)
	o := &Opener{Env: environ.Env{"HOME": home, "XDG_DATA_HOME": "/data"}, GOOS: "linux"}
	for _, tc := range []struct {
		c      Console
		argv   string // for target T
		shared bool
		note   bool
	}{
		{Console{Browser: &Browser{Chrome, "/opt/google/chrome/chrome"}, Profile: "ui-dev"},
			"/opt/google/chrome/chrome --user-data-dir=/data/ssox/browser/ui-dev --no-first-run --no-default-browser-check T", false, false},
		{Console{Browser: &Browser{Chromium, "/usr/bin/chromium"}, Profile: "Prod/Admin"},
			"/usr/bin/chromium --user-data-dir=/data/ssox/browser/!prod%2F!admin --no-first-run --no-default-browser-check T", false, false},
		{Console{Browser: &Browser{Chromium, "/snap/bin/chromium"}, Profile: "ui-dev"},
			"/snap/bin/chromium --user-data-dir=" + home + "/snap/chromium/common/ssox-browser/ui-dev --no-first-run --no-default-browser-check T", false, false},
		{Console{Browser: &Browser{Brave, "/usr/bin/brave-browser"}, Profile: "ui-dev", BrowserProfile: "Work"},
			"/usr/bin/brave-browser --profile-directory=Profile 3 T", true, false},
		{Console{Browser: &Browser{Brave, "/usr/bin/brave-browser"}, Profile: "ui-dev", BrowserProfile: "Default"},
			"/usr/bin/brave-browser --profile-directory=Default T", true, false},
		{Console{Browser: &Browser{Edge, "/usr/bin/microsoft-edge"}, Profile: "ui-dev"},
			"/usr/bin/microsoft-edge --user-data-dir=/data/ssox/browser/ui-dev --no-first-run --no-default-browser-check T", false, false},
		{Console{Browser: &Browser{Vivaldi, "/usr/bin/vivaldi"}, Profile: "ui-dev"},
			"/usr/bin/vivaldi --user-data-dir=/data/ssox/browser/ui-dev --no-first-run --no-default-browser-check T", false, false},
		{Console{Browser: &Browser{Firefox, "/usr/bin/firefox"}, Profile: "ui-dev"}, "/usr/bin/firefox --new-tab T", true, true},
		{Console{Browser: &Browser{Firefox, "/usr/bin/firefox"}, Profile: "ui-dev", BrowserProfile: "work"}, "/usr/bin/firefox -P work --new-tab T", true, false},
		{Console{Browser: &Browser{Firefox, "/usr/bin/firefox"}, Profile: "ui-dev", ContainerExt: "open-url-in-container"},
			"/usr/bin/firefox --new-tab ext+container:name=ui-dev&url=T&color=" + containerColor("ui-dev") + "&icon=fingerprint", false, false},
		{Console{Browser: &Browser{Firefox, "/usr/bin/firefox"}, Profile: "a b&c", ContainerExt: "granted"},
			"/usr/bin/firefox --new-tab ext+granted-containers:name=a+b%26c&url=T&color=" + containerColor("a b&c") + "&icon=fingerprint", false, false},
		{Console{Browser: &Browser{Safari, "/Applications/Safari.app"}, Profile: "ui-dev"}, "open -a /Applications/Safari.app T", true, true},
		{Console{Browser: &Browser{Other, "/usr/bin/w3m"}, Profile: "ui-dev"}, "/usr/bin/w3m T", true, true},
	} {
		p, err := o.Plan(tc.c)
		if err != nil {
			t.Errorf("%+v: %v", tc.c, err)
			continue
		}
		if got := strings.Join(p.Argv("T"), " "); got != tc.argv || p.Shared != tc.shared || (p.Note != "") != tc.note {
			t.Errorf("%+v:\n  %s shared=%v note=%q\nwant\n  %s shared=%v", tc.c, got, p.Shared, p.Note, tc.argv, tc.shared)
		}
	}
	if p, err := o.Plan(Console{Profile: "ui-dev"}); err != nil || !p.Shared || p.Argv("T") != nil {
		t.Errorf("the default browser: %+v %v", p, err)
	}
}
