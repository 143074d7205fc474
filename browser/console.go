package browser

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/internal/visible"
)

// ContainerExts are the Firefox add-ons that open a URL in a container:
// Open external links in a container (ext+container:) and Granted's
// (ext+granted-containers:).
var ContainerExts = []string{"open-url-in-container", "granted"}

// CheckContainerExt refuses a --container-ext ssox does not know.
func CheckContainerExt(ext string) error {
	if containerScheme(ext) == "" {
		return fmt.Errorf("\"%s\" is not a container add-on ssox knows (expected: %s)", visible.String(ext), strings.Join(ContainerExts, ", "))
	}
	return nil
}

// containerScheme is the add-on's URL scheme, "" for one ssox does not know.
func containerScheme(ext string) string {
	switch ext {
	case "open-url-in-container":
		return "ext+container:"
	case "granted":
		return "ext+granted-containers:"
	}
	return ""
}

// containerColors are the colours both add-ons take; each AWS profile
// gets one of them, always the same.
var containerColors = []string{"blue", "turquoise", "green", "yellow", "orange", "red", "pink", "purple"}

// Console is how to open the console of one AWS profile.
type Console struct {
	// Browser is the browser to use; nil is the system's default (BROWSER,
	// the platform's opener).
	Browser *Browser
	// Profile is the AWS profile, which names its isolation.
	Profile string
	// BrowserProfile is a profile of the browser's own to use
	// (--browser-profile): a Chrome profile's name, a Firefox profile.
	BrowserProfile string
	// ContainerExt is the Firefox add-on that opens the console in a
	// container named after Profile.
	ContainerExt string
}

// Plan is how the console will be opened.
type Plan struct {
	// Shared says the browser may hold another AWS account's console
	// session: the sign-in must log it out first.
	Shared bool
	// Isolation says how the profile's console is kept apart; "" when it
	// is not.
	Isolation string
	// Note, when set, tells the user once that this browser keeps no AWS
	// profile apart.
	Note string

	// argv is the command for a target URL; nil: the system's default.
	argv func(target string) []string
	// page says the browser reads a private page (a file:// URL).
	page bool
	// dir is the user-data-dir to make (0700) before the start.
	dir string
	// data is where the private page goes, for a browser of its own.
	data string
	name string
}

// Plan decides how to open c: the browser's command line and how it keeps
// the profile apart.
func (o *Opener) Plan(c Console) (*Plan, error) {
	b := c.Browser
	if b == nil {
		if c.BrowserProfile != "" || c.ContainerExt != "" {
			return nil, &FlagError{"--browser-profile and --container-ext need --browser (or SSOX_BROWSER, or ssox_browser in the profile)"}
		}
		return &Plan{Shared: true, name: "the default browser"}, nil
	}
	name := string(b.Family)
	if name == "" {
		name = path.Base(filepath.ToSlash(b.Path))
	}
	p := &Plan{name: name, data: o.DataDir(b.Path)}
	switch {
	case c.ContainerExt != "" && b.Family != Firefox:
		return nil, &FlagError{fmt.Sprintf("--container-ext opens Firefox containers, and %s is not Firefox", name)}
	case c.BrowserProfile != "" && !b.Family.chromeFamily() && b.Family != Firefox:
		return nil, &FlagError{fmt.Sprintf("--browser-profile takes a profile of Firefox or of the Chrome family (chrome, chromium, brave, edge, vivaldi), not of %s", name)}
	case c.ContainerExt != "":
		if err := CheckContainerExt(c.ContainerExt); err != nil {
			return nil, &FlagError{"--container-ext: " + err.Error()}
		}
		scheme := containerScheme(c.ContainerExt)
		color := containerColor(c.Profile)
		p.Isolation = fmt.Sprintf("Firefox container \"%s\" (%s)", visible.String(c.Profile), c.ContainerExt)
		p.argv = func(target string) []string {
			q := "name=" + url.QueryEscape(c.Profile) + "&url=" + url.QueryEscape(target) + "&color=" + color + "&icon=fingerprint"
			return []string{b.Path, "--new-tab", scheme + q}
		}
	case c.BrowserProfile != "" && b.Family == Firefox:
		if err := o.checkFirefoxProfile(b, c.BrowserProfile); err != nil {
			return nil, err
		}
		p.Shared, p.page = true, true
		p.Isolation = fmt.Sprintf("Firefox profile \"%s\"", visible.String(c.BrowserProfile))
		p.argv = func(target string) []string { return []string{b.Path, "-P", c.BrowserProfile, "--new-tab", target} }
	case c.BrowserProfile != "":
		dir, err := o.chromeProfile(b, c.BrowserProfile)
		if err != nil {
			return nil, err
		}
		p.Shared, p.page = true, true
		p.Isolation = fmt.Sprintf("%s profile \"%s\"", name, visible.String(c.BrowserProfile))
		p.argv = func(target string) []string { return []string{b.Path, "--profile-directory=" + dir, target} }
	case b.Family.chromeFamily():
		p.dir = filepath.Join(p.data, ProfileDir(c.Profile))
		p.page = true
		p.Isolation = "its own user-data-dir " + p.dir
		p.argv = func(target string) []string {
			return []string{b.Path, "--user-data-dir=" + p.dir, "--no-first-run", "--no-default-browser-check", target}
		}
	case b.Family == Firefox:
		p.Shared, p.page = true, true
		p.Note = "firefox keeps no AWS profile apart by itself, so ssox signs it out of any other account first; --container-ext or --browser-profile give each profile its own"
		p.argv = func(target string) []string { return []string{b.Path, "--new-tab", target} }
	case b.Family == Safari:
		p.Shared, p.page = true, true
		p.Note = "safari cannot keep AWS profiles apart, so ssox signs it out of any other account first"
		p.argv = func(target string) []string { return []string{"open", "-a", b.Path, target} }
	default:
		p.Shared = true
		p.Note = name + " is no browser ssox knows how to keep AWS profiles apart in, so ssox signs it out of any other account first"
		p.argv = func(target string) []string { return []string{b.Path, target} }
	}
	return p, nil
}

// Default reports a plan for the system's default browser.
func (p *Plan) Default() bool { return p.argv == nil }

// Argv is the command line the plan starts for target, for tests and
// --debug; nil for the system's default browser.
func (p *Plan) Argv(target string) []string {
	if p.argv == nil {
		return nil
	}
	return p.argv(target)
}

// containerColor is the profile's container colour, always the same.
func containerColor(profile string) string {
	h := fnv.New32a()
	h.Write([]byte(profile))
	return containerColors[h.Sum32()%uint32(len(containerColors))]
}

// DataDir is where ssox keeps its browser data (user-data-dirs, the private
// pages): $XDG_DATA_HOME/ssox/browser, else the platform's data folder.
// A browser packaged as a snap (program under /snap/bin) cannot read
// hidden folders of the home folder, so its data is in its own snap
// folder.
func (o *Opener) DataDir(program string) string {
	home := o.Env.Get("HOME")
	if name, ok := strings.CutPrefix(filepath.ToSlash(program), "/snap/bin/"); ok && home != "" {
		return filepath.Join(home, "snap", name, "common", "ssox-browser")
	}
	if d := o.Env.Get("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "ssox", "browser")
	}
	switch o.goos() {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "ssox", "browser")
	case "windows":
		return filepath.Join(o.Env.Get("LOCALAPPDATA"), "ssox", "browser")
	}
	return filepath.Join(home, ".local", "share", "ssox", "browser")
}

// ProfileDir is the folder name of an AWS profile's user-data-dir: the
// name itself where it is made of letters, digits, '.', '_' and '-',
// upper-case letters as '!' and the letter (as Go's module cache does,
// for file systems that ignore case), anything else as %XX; "." and ".."
// escaped.
func ProfileDir(profile string) string {
	var b strings.Builder
	for i := 0; i < len(profile); i++ {
		c := profile[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '-', c == '.' && profile != "." && profile != "..":
			b.WriteByte(c)
		case 'A' <= c && c <= 'Z':
			b.WriteByte('!')
			b.WriteByte(c + 'a' - 'A')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// chromeUserData is the folder that holds the browser's own profiles and
// its Local State.
func (o *Opener) chromeUserData(b *Browser) string {
	home := o.Env.Get("HOME")
	prog := filepath.ToSlash(b.Path)
	linux := map[Family]string{Chrome: "google-chrome", Chromium: "chromium", Brave: "BraveSoftware/Brave-Browser", Edge: "microsoft-edge", Vivaldi: "vivaldi"}[b.Family]
	switch o.goos() {
	case "darwin":
		mac := map[Family]string{Chrome: "Google/Chrome", Chromium: "Chromium", Brave: "BraveSoftware/Brave-Browser", Edge: "Microsoft Edge", Vivaldi: "Vivaldi"}[b.Family]
		return filepath.Join(home, "Library", "Application Support", filepath.FromSlash(mac))
	case "windows":
		win := map[Family]string{Chrome: `Google\Chrome`, Chromium: "Chromium", Brave: `BraveSoftware\Brave-Browser`, Edge: `Microsoft\Edge`, Vivaldi: "Vivaldi"}[b.Family]
		return o.Env.Get("LOCALAPPDATA") + `\` + win + `\User Data`
	}
	if name, ok := strings.CutPrefix(prog, "/snap/bin/"); ok {
		return filepath.Join(home, "snap", name, "common", linux)
	}
	if i := strings.Index(prog, "/flatpak/exports/bin/"); i >= 0 {
		return filepath.Join(home, ".var", "app", prog[i+len("/flatpak/exports/bin/"):], "config", filepath.FromSlash(linux))
	}
	config := o.Env.Get("XDG_CONFIG_HOME")
	if !filepath.IsAbs(config) {
		config = filepath.Join(home, ".config")
	}
	return filepath.Join(config, filepath.FromSlash(linux))
}

// chromeProfile finds the folder of the browser's profile shown as name
// (or in the folder name), from its Local State.
func (o *Opener) chromeProfile(b *Browser, name string) (string, error) {
	dir := o.chromeUserData(b)
	data, err := safefile.ReadFile(filepath.Join(dir, "Local State"), safefile.ConfigLimit)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", &NoProfileError{Browser: string(b.Family), Name: name, Missing: filepath.Join(dir, "Local State")}
	case err != nil:
		return "", fmt.Errorf("read %s's profiles: %w", b.Family, err)
	}
	var state struct {
		Profile struct {
			InfoCache map[string]struct {
				Name string `json:"name"`
			} `json:"info_cache"`
		} `json:"profile"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		return "", fmt.Errorf("read %s: %w", filepath.Join(dir, "Local State"), err)
	}
	var names []string
	for folder, p := range state.Profile.InfoCache {
		if p.Name == name || folder == name {
			return folder, nil
		}
		names = append(names, `"`+visible.String(p.Name)+`"`)
	}
	sort.Strings(names)
	return "", &NoProfileError{Browser: string(b.Family), Name: name, Names: names}
}

// NoProfileError is a --browser-profile the browser does not have.
type NoProfileError struct {
	Browser, Name string
	// Names are the profiles it has; Missing, when set, is the file that
	// would list them, which does not exist.
	Names   []string
	Missing string
}

func (e *NoProfileError) Error() string {
	switch {
	case e.Missing != "":
		return fmt.Sprintf("%s has no profile \"%s\": there is no %s", e.Browser, visible.String(e.Name), e.Missing)
	case len(e.Names) == 0:
		return fmt.Sprintf("%s has no profile \"%s\": it has none yet", e.Browser, visible.String(e.Name))
	}
	return fmt.Sprintf("%s has no profile \"%s\" (its profiles: %s)", e.Browser, visible.String(e.Name), strings.Join(e.Names, ", "))
}

// FlagError is a choice of flags the browser cannot take: a container for
// another browser than Firefox, a profile of Safari.
type FlagError struct{ msg string }

func (e *FlagError) Error() string { return e.msg }

// firefoxProfiles is the folder of Firefox's profiles.ini.
func (o *Opener) firefoxProfiles(b *Browser) string {
	home := o.Env.Get("HOME")
	prog := filepath.ToSlash(b.Path)
	switch {
	case o.goos() == "darwin":
		return filepath.Join(home, "Library", "Application Support", "Firefox")
	case o.goos() == "windows":
		return o.Env.Get("APPDATA") + `\Mozilla\Firefox`
	case strings.HasPrefix(prog, "/snap/bin/"):
		return filepath.Join(home, "snap", "firefox", "common", ".mozilla", "firefox")
	case strings.Contains(prog, "/flatpak/exports/bin/"):
		return filepath.Join(home, ".var", "app", "org.mozilla.firefox", ".mozilla", "firefox")
	}
	return filepath.Join(home, ".mozilla", "firefox")
}

// checkFirefoxProfile checks that profiles.ini names the profile.
func (o *Opener) checkFirefoxProfile(b *Browser, name string) error {
	ini := filepath.Join(o.firefoxProfiles(b), "profiles.ini")
	data, err := safefile.ReadFile(ini, safefile.ConfigLimit)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &NoProfileError{Browser: "firefox", Name: name, Missing: ini}
	case err != nil:
		return fmt.Errorf("read firefox's profiles: %w", err)
	}
	var names []string
	inProfile := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			inProfile = strings.HasPrefix(line, "[Profile")
			continue
		}
		if v, ok := strings.CutPrefix(line, "Name="); ok && inProfile {
			if v == name {
				return nil
			}
			names = append(names, `"`+visible.String(v)+`"`)
		}
	}
	slices.Sort(names)
	return &NoProfileError{Browser: "firefox", Name: name, Names: names}
}
