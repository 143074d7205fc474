package browser

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/ssox/ssox/internal/lookpath"
	"github.com/ssox/ssox/internal/visible"
)

// Family is a kind of browser: it decides how ssox keeps each AWS
// profile's console apart in it.
type Family string

// The families ssox knows; Other is any other program.
const (
	Firefox  Family = "firefox"
	Chrome   Family = "chrome"
	Chromium Family = "chromium"
	Brave    Family = "brave"
	Edge     Family = "edge"
	Vivaldi  Family = "vivaldi"
	Safari   Family = "safari"
	Other    Family = ""
)

// Names are the browser names --browser takes, besides a program's name
// or path.
var Names = []string{"firefox", "chrome", "chromium", "brave", "edge", "vivaldi", "safari"}

// chromeFamily reports a browser built on Chromium: profiles by
// --user-data-dir and --profile-directory.
func (f Family) chromeFamily() bool {
	return f == Chrome || f == Chromium || f == Brave || f == Edge || f == Vivaldi
}

// FamilyOf tells a browser by its program's name: /opt/x/chromium is
// Chromium, google-chrome-stable and chrome.exe are Chrome.
func FamilyOf(program string) Family {
	base := strings.ToLower(path.Base(strings.ReplaceAll(program, `\`, "/")))
	base = strings.TrimSuffix(base, ".exe")
	switch {
	case strings.HasPrefix(base, "firefox"):
		return Firefox
	case base == "chrome" || strings.HasPrefix(base, "google-chrome") || base == "google chrome" || base == "com.google.chrome":
		return Chrome
	case strings.HasPrefix(base, "chromium") || base == "org.chromium.chromium":
		return Chromium
	case strings.HasPrefix(base, "brave") || base == "com.brave.browser":
		return Brave
	case base == "msedge" || strings.HasPrefix(base, "microsoft-edge") || base == "microsoft edge" || base == "com.microsoft.edge":
		return Edge
	case strings.HasPrefix(base, "vivaldi") || base == "com.vivaldi.vivaldi":
		return Vivaldi
	case base == "safari" || base == "safari.app":
		return Safari
	case base == "org.mozilla.firefox":
		return Firefox
	}
	return Other
}

// Browser is a browser found on this machine.
type Browser struct {
	Family Family
	// Path is its program; for Safari, its application (started with
	// open -a).
	Path string
}

// Find finds the browser --browser names: a path (its family told by its
// base name); a name on PATH (likewise); or one of Names, under the names
// it has on PATH and then in the usual places it is installed on this
// platform.
func (o *Opener) Find(name string) (*Browser, error) {
	if name == "" {
		return nil, errors.New("no browser name")
	}
	if strings.ContainsRune(name, '/') || (o.goos() == "windows" && strings.ContainsRune(name, '\\')) {
		if err := isProgram(name, o.goos()); err != nil {
			return nil, fmt.Errorf("browser %s: %w", visible.String(name), err)
		}
		return &Browser{Family: FamilyOf(name), Path: name}, nil
	}
	if p, err := lookpath.Find(name, o.Env.Get("PATH")); err == nil {
		return &Browser{Family: FamilyOf(name), Path: p}, nil
	}
	f := Family(strings.ToLower(name))
	if !slices.Contains(Names, string(f)) {
		return nil, &UnknownError{Name: name}
	}
	for _, alias := range pathNames(f) {
		if p, err := lookpath.Find(alias, o.Env.Get("PATH")); err == nil {
			return &Browser{Family: f, Path: p}, nil
		}
	}
	places := o.installPlaces(f)
	if len(places) == 0 {
		return nil, fmt.Errorf("%s does not run on %s", f, o.goos())
	}
	for _, p := range places {
		if isProgram(p, o.goos()) == nil {
			return &Browser{Family: f, Path: p}, nil
		}
	}
	return nil, &NotInstalledError{Name: string(f), Places: append(pathNames(f), places...)}
}

// pathNames are the names a browser has on PATH, besides its own. (A
// switch, not a map: a package-level map is built at start-up, before
// every command.)
func pathNames(f Family) []string {
	switch f {
	case Firefox:
		return []string{"firefox-esr"}
	case Chrome:
		return []string{"google-chrome", "google-chrome-stable"}
	case Chromium:
		return []string{"chromium-browser"}
	case Brave:
		return []string{"brave-browser"}
	case Edge:
		return []string{"microsoft-edge", "microsoft-edge-stable", "msedge"}
	case Vivaldi:
		return []string{"vivaldi-stable"}
	}
	return nil
}

// UnknownError is a --browser that names neither a known browser nor a
// program on PATH.
type UnknownError struct{ Name string }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown browser \"%s\" (expected: %s, or a program's name or path)", visible.String(e.Name), strings.Join(Names, ", "))
}

// NotInstalledError is a known browser found neither on PATH nor where it
// is installed.
type NotInstalledError struct {
	Name   string
	Places []string
}

func (e *NotInstalledError) Error() string {
	return fmt.Sprintf("%s is not installed: looked on PATH and for %s", e.Name, strings.Join(e.Places, ", "))
}

// isProgram checks that p is a file this platform can run: on Safari's
// behalf, an application bundle counts.
func isProgram(p, goos string) error {
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file")
	case err != nil:
		return err
	case fi.IsDir() && strings.HasSuffix(p, ".app"):
		return nil
	case fi.IsDir():
		return errors.New("is a folder")
	case goos != "windows" && fi.Mode()&0o111 == 0:
		return errors.New("is not executable")
	}
	return nil
}

// installPlaces are where f is installed, besides PATH, in the order ssox
// looks: nil for a family it does not know.
func (o *Opener) installPlaces(f Family) []string {
	home := o.Env.Get("HOME")
	switch o.goos() {
	case "darwin":
		app := map[Family]string{
			Firefox: "Firefox.app/Contents/MacOS/firefox", Chrome: "Google Chrome.app/Contents/MacOS/Google Chrome",
			Chromium: "Chromium.app/Contents/MacOS/Chromium", Brave: "Brave Browser.app/Contents/MacOS/Brave Browser",
			Edge: "Microsoft Edge.app/Contents/MacOS/Microsoft Edge", Vivaldi: "Vivaldi.app/Contents/MacOS/Vivaldi",
			Safari: "Safari.app",
		}[f]
		if app == "" {
			return nil
		}
		places := []string{"/Applications/" + app}
		if f != Safari && home != "" {
			places = append(places, home+"/Applications/"+app)
		}
		return places
	case "windows":
		return o.windowsPlaces(f)
	}
	bins := map[Family][]string{
		Firefox:  {"/usr/lib/firefox/firefox", "/usr/lib/firefox-esr/firefox-esr", "/opt/firefox/firefox", "/snap/bin/firefox"},
		Chrome:   {"/opt/google/chrome/chrome", "/usr/bin/google-chrome-stable"},
		Chromium: {"/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser", "/snap/bin/chromium"},
		Brave:    {"/opt/brave.com/brave/brave", "/usr/bin/brave-browser", "/snap/bin/brave"},
		Edge:     {"/opt/microsoft/msedge/msedge", "/usr/bin/microsoft-edge-stable"},
		Vivaldi:  {"/opt/vivaldi/vivaldi", "/usr/bin/vivaldi-stable"},
	}[f]
	if bins == nil {
		return nil
	}
	flatpak := map[Family]string{Firefox: "org.mozilla.firefox", Chrome: "com.google.Chrome", Chromium: "org.chromium.Chromium",
		Brave: "com.brave.Browser", Edge: "com.microsoft.Edge", Vivaldi: "com.vivaldi.Vivaldi"}[f]
	bins = append(bins, "/var/lib/flatpak/exports/bin/"+flatpak)
	if home != "" {
		bins = append(bins, home+"/.local/share/flatpak/exports/bin/"+flatpak)
	}
	return bins
}

func (o *Opener) windowsPlaces(f Family) []string {
	rel := map[Family][]string{
		Firefox:  {`Mozilla Firefox\firefox.exe`},
		Chrome:   {`Google\Chrome\Application\chrome.exe`},
		Chromium: {`Chromium\Application\chrome.exe`},
		Brave:    {`BraveSoftware\Brave-Browser\Application\brave.exe`},
		Edge:     {`Microsoft\Edge\Application\msedge.exe`},
		Vivaldi:  {`Vivaldi\Application\vivaldi.exe`},
	}[f]
	if rel == nil {
		return nil
	}
	var places []string
	for _, root := range []string{"ProgramFiles", "ProgramFiles(x86)", "LOCALAPPDATA"} {
		if dir := o.Env.Get(root); dir != "" {
			for _, r := range rel {
				places = append(places, strings.TrimRight(dir, `\`)+`\`+r)
			}
		}
	}
	return places
}
