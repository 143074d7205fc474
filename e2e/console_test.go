//go:build unix

package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/golden"
	"github.com/ssox/ssox/internal/testwait"
)

// consoleEnv points ssox at the fake's federation endpoint.
func (h *harness) consoleEnv(extra ...string) []string {
	return append([]string{"SSOX_FEDERATION_ENDPOINT=" + h.url + "/federation"}, extra...)
}

// follow plays a browser with cookies (jar) through a sign-in URL at the
// fake, up to the redirect that leaves it for the console: the console URL
// it lands on, or the page it stopped at.
func follow(t *testing.T, jar http.CookieJar, u string) (landed, page string) {
	t.Helper()
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme == "https" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.Header.Get("Location"), string(body)
}

// `ssox console --print` prints a sign-in URL that logs the browser out
// first and lands on the region's console; the fake's federation endpoint
// gets the profile's role credentials.
func TestConsolePrint(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)

	r := h.run(h.consoleEnv(), "console", "--print", "dol-prod")
	if r.code != 0 || r.stderr != "" || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("%+v", r)
	}
	h.noSecrets("stderr", r.stderr)
	u, err := url.Parse(strings.TrimSpace(r.stdout))
	if err != nil || u.Path != "/oauth" || u.Query().Get("Action") != "logout" || !strings.HasPrefix(u.Query().Get("redirect_uri"), h.url+"/federation?Action=login&") {
		t.Fatalf("url %q", r.stdout)
	}
	jar, _ := cookiejar.New(nil)
	landed, page := follow(t, jar, u.String())
	if landed != "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1" {
		t.Fatalf("landed at %q: %s", landed, page)
	}
	h.wantOps("GetRoleCredentials 200", "GetSigninToken 200", "ConsoleLogout 302", "ConsoleLogin 302")
	if log := h.fake.Requests(); log[1].AccountID != "987654321098" || log[1].DurationSeconds != 0 {
		t.Fatalf("getSigninToken %+v", log[1])
	}

	// A service in another region, for 12 hours.
	h.fake.ResetLog()
	r = h.run(h.consoleEnv(), "console", "dol-prod", "--print", "--region", "ap-southeast-2", "--service", "cloudformation", "--duration", "12h")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if landed, _ := follow(t, jar, strings.TrimSpace(r.stdout)); landed != "https://ap-southeast-2.console.aws.amazon.com/cloudformation/home?region=ap-southeast-2" {
		t.Fatalf("landed at %q", landed)
	}
	h.wantOps("GetSigninToken 200", "ConsoleLogout 302", "ConsoleLogin 302")
	if d := h.fake.Requests()[0].DurationSeconds; d != 43200 {
		t.Fatalf("SessionDuration %d", d)
	}
}

// A role chain's console is the assumed role's; --duration is not sent
// (the federation endpoint refuses it for role chains), and --debug says so.
func TestConsoleChainedDuration(t *testing.T) {
	h := newHarness(t, fakeidc.Options{Roles: chainRoles})
	h.writeConfig(chainConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(h.consoleEnv(), "console", "deploy", "--print", "--duration", "8h", "--debug")
	if r.code != 0 || !strings.Contains(r.stderr, "console session length: AWS's default; the federation endpoint refuses SessionDuration for credentials of a role chain") {
		t.Fatalf("%+v", r)
	}
	h.noSecrets("--debug", r.stderr)
	if strings.Contains(r.stderr, "SigninToken=") || strings.Contains(r.stderr, "fakeidc-signin-") {
		t.Fatalf("the sign-in URL is in the debug log:\n%s", r.stderr)
	}
	var sign fakeidc.Request
	for _, q := range h.fake.Requests() {
		if q.Op == "GetSigninToken" {
			sign = q
		}
	}
	if sign.Status != 200 || sign.AccountID != "222233334444" || !strings.HasSuffix(sign.Caller, ":assumed-role/Deploy/"+sign.Caller[strings.LastIndex(sign.Caller, "/")+1:]) || sign.DurationSeconds != 0 {
		t.Fatalf("getSigninToken %+v", sign)
	}
}

// Every failure is one line with a fix; none shows a credential.
func TestConsoleFailures(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig + "[profile bad-region]\nregion = evil.example#\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = AdministratorAccess\n" +
		"[profile bad-browser]\nssox_browser = netscape\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = AdministratorAccess\n")
	h.seedToken("njoitaws", 8*time.Hour, true)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	bin := h.standIns("google-chrome")
	h.writeFile("failing/chromium", "#!/bin/sh\nexit 3\n")
	os.Chmod(h.path("failing/chromium"), 0o755)
	os.Symlink(h.path("failing/chromium"), filepath.Join(bin, "chromium"))
	h.writeFile(".config/google-chrome/Local State", `{"profile":{"info_cache":{"Default":{"name":"Person 1"},"Profile 2":{"name":"Work"}}}}`)
	usage := "hint: usage: ssox console [PROFILE] [--browser B] [--browser-profile P | --container-ext E] [--region R] [--service S | --destination URL] [--duration DURATION] [--print]; more in 'ssox console --help'\n"
	for _, tc := range []struct {
		name   string
		env    []string
		args   []string
		fault  *fakeidc.Fault
		code   int
		stderr string
	}{
		{"refused twice", nil, []string{"ui-dev"}, &fakeidc.Fault{Op: "GetSigninToken", Status: 403}, 1,
			"ssox: {fake} (GetSigninToken) denied access (HTTP 403): it refuses fresh credentials of profile ui-dev\n" +
				"hint: a proxy between here and {fake}/federation may block it (HTTPS_PROXY); run the command again with --debug to see its answer\n"},
		{"offline", []string{"SSOX_FEDERATION_ENDPOINT=" + closed + "/federation"}, []string{"ui-dev"}, nil, 1,
			"ssox: cannot reach " + closed + " (GetSigninToken): connection refused\nhint: check the network connection and any proxy (HTTPS_PROXY), then try again\n"},
		{"a region that is not one", nil, []string{"ui-dev", "--region", "us-east-1;id"}, nil, 2,
			"ssox: --region: \"us-east-1;id\" is not an AWS region name (like us-east-1)\n" + usage},
		{"the profile's region", nil, []string{"bad-region"}, nil, 1,
			"ssox: [profile bad-region] in ~/.aws/config: region \"evil.example#\" is not an AWS region name (like us-east-1)\nhint: set region in [profile bad-region] to a region name such as us-east-1, or remove it\n"},
		{"a service that is not one", nil, []string{"ui-dev", "--service", "../x"}, nil, 2,
			"ssox: --service: \"../x\" is not the name of a console service (like s3, ec2, cloudformation)\n" + usage},
		{"service and destination", nil, []string{"ui-dev", "--service", "s3", "--destination", "ec2/home"}, nil, 2,
			"ssox: --service and --destination cannot be used together\n" + usage},
		{"a destination elsewhere", nil, []string{"ui-dev", "--destination", "https://evil.example/"}, nil, 2,
			"ssox: --destination \"https://evil.example/\" is not on the aws console: give a console URL (https://…console.aws.amazon.com/…) or a path (ec2/home#Instances)\n" + usage},
		{"too short", nil, []string{"ui-dev", "--duration", "5m"}, nil, 2, "ssox: --duration must be from 15m to 12h, not 5m0s\n" + usage},
		{"an unknown browser", nil, []string{"ui-dev", "--browser", "netscape"}, nil, 2,
			"ssox: unknown browser \"netscape\" (expected: firefox, chrome, chromium, brave, edge, vivaldi, safari, or a program's name or path)\n" + usage},
		{"a browser that is not installed", []string{"PATH=/usr/bin:/bin"}, []string{"ui-dev", "--browser", "vivaldi"}, nil, 1,
			"ssox: vivaldi is not installed: looked on PATH and for vivaldi-stable, /opt/vivaldi/vivaldi, /usr/bin/vivaldi-stable, /var/lib/flatpak/exports/bin/com.vivaldi.Vivaldi, {home}/.local/share/flatpak/exports/bin/com.vivaldi.Vivaldi\n" +
				"hint: install it, or name it by its path: --browser /path/to/program\n"},
		{"a browser in the config that is not one", nil, []string{"bad-browser"}, nil, 1,
			"ssox: profile bad-browser: ssox_browser: unknown browser \"netscape\" (expected: firefox, chrome, chromium, brave, edge, vivaldi, safari, or a program's name or path)\n" +
				"hint: fix ssox_browser in [profile bad-browser] (or [default]), or give --browser\n"},
		{"a Chrome profile that does not exist", []string{"PATH={bin}:/usr/bin:/bin"}, []string{"ui-dev", "--browser", "chrome", "--browser-profile", "Wrk"}, nil, 1,
			"ssox: chrome has no profile \"Wrk\" (its profiles: \"Person 1\", \"Work\")\nhint: name one of its profiles, or leave --browser-profile out\n"},
		{"a container add-on that is not one", nil, []string{"ui-dev", "--browser", "firefox", "--container-ext", "multi"}, nil, 2,
			"ssox: --container-ext: \"multi\" is not a container add-on ssox knows (expected: open-url-in-container, granted)\n" + usage},
		{"a container without Firefox", []string{"PATH={bin}:/usr/bin:/bin"}, []string{"ui-dev", "--browser", "chrome", "--container-ext", "granted"}, nil, 2,
			"ssox: --container-ext opens Firefox containers, and chrome is not Firefox\n" + usage},
		{"a browser that fails", []string{"PATH={bin}:/usr/bin:/bin"}, []string{"ui-dev", "--browser", "chromium"}, nil, 1,
			"ssox: open the console: chromium failed before it opened the page: exit status 3\nhint: run 'ssox console ui-dev --print' and open the URL yourself\n"},
		{"too long", nil, []string{"ui-dev", "--duration", "13h"}, nil, 2, "ssox: --duration must be from 15m to 12h, not 13h0m0s\n" + usage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.fake.ClearFaults()
			if tc.fault != nil {
				h.fake.AddFault(*tc.fault)
			}
			var env []string
			for _, e := range tc.env {
				env = append(env, strings.ReplaceAll(e, "{bin}", bin))
			}
			r := h.run(h.consoleEnv(env...), append([]string{"console"}, tc.args...)...)
			want := strings.NewReplacer("{fake}", h.url, "{home}", h.home).Replace(tc.stderr)
			if r.code != tc.code || r.stdout != "" || r.stderr != want {
				t.Fatalf("%d %q\n%s\nwant %d\n%s", r.code, r.stdout, r.stderr, tc.code, want)
			}
			h.noSecrets("stderr", r.stderr)
		})
	}
}

// standIns makes a folder of stand-in browsers, each the fakebrowser under
// a browser's name: it records its command line and follows the URL.
func (h *harness) standIns(names ...string) string {
	h.t.Helper()
	dir := h.t.TempDir()
	for _, n := range names {
		if err := os.Symlink(filepath.Join(binDir, "fakebrowser"), filepath.Join(dir, n)); err != nil {
			h.t.Fatal(err)
		}
	}
	return dir
}

// argvs reads the stand-ins' command lines, one per start.
func (h *harness) argvs(file string) [][]string {
	h.t.Helper()
	data, _ := os.ReadFile(file)
	var out [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var argv []string
		if err := json.Unmarshal([]byte(line), &argv); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, argv)
	}
	return out
}

// Every browser's command line, through stand-ins that record it: each
// profile's own user-data-dir in the Chrome family, a Chrome profile by its
// name, Firefox containers and profiles; a shared browser is logged out
// first. No command line holds the sign-in URL: a browser ssox starts gets
// a private page, the others a one-time address.
func TestConsoleBrowsers(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig + "[profile chromium-dev]\nssox_browser = chromium\nsso_session = njoitaws\nsso_account_id = 123456789012\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n")
	h.seedToken("njoitaws", 8*time.Hour, true)
	h.writeFile(".config/BraveSoftware/Brave-Browser/Local State", `{"profile":{"info_cache":{"Default":{"name":"Person 1"},"Profile 2":{"name":"Work"}}}}`)
	h.writeFile(".mozilla/firefox/profiles.ini", "[Profile0]\nName=default-release\n[Profile1]\nName=work\n")
	bin := h.standIns("google-chrome", "chromium", "brave-browser", "microsoft-edge", "vivaldi", "firefox", "w3m")
	argvFile := h.path("argv.log")
	base := h.consoleEnv("FAKEBROWSER_ARGV="+argvFile, "PATH="+bin+":"+h.env["PATH"], "XDG_DATA_HOME="+h.path("data"))
	onetime := regexp.MustCompile(`http://127\.0\.0\.1:\d+/ssox/[A-Za-z0-9_-]{43}`)
	onetimeEscaped := regexp.MustCompile(`http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fssox%2F[A-Za-z0-9_-]{43}`)
	page := regexp.MustCompile(`file://` + regexp.QuoteMeta(h.path("data/ssox/browser")) + `/open-\d+/console\.html`)
	var out strings.Builder
	for _, tc := range []struct {
		args  []string
		env   []string
		ops   []string
		notes string
	}{
		{[]string{"ui-dev", "--browser", "chrome"}, nil, []string{"ConsoleLogin 302"}, ""},
		{[]string{"dol-prod", "--browser", "chrome"}, nil, []string{"ConsoleLogin 302"}, ""},
		{[]string{"ui-dev", "--browser", filepath.Join(bin, "chromium")}, nil, []string{"ConsoleLogin 302"}, ""},
		{[]string{"chromium-dev"}, nil, []string{"ConsoleLogin 302"}, ""},
		{[]string{"ui-dev"}, []string{"SSOX_BROWSER=vivaldi"}, []string{"ConsoleLogin 302"}, ""},
		{[]string{"ui-dev", "--browser", "edge"}, nil, []string{"ConsoleLogin 302"}, ""},
		{[]string{"ui-dev", "--browser", "brave", "--browser-profile", "Work"}, nil, []string{"ConsoleLogout 302", "ConsoleLogin 302"}, ""},
		{[]string{"ui-dev", "--browser", "firefox", "--container-ext", "open-url-in-container"}, nil, []string{"ConsoleLogin 302"}, ""},
		{[]string{"ui-dev", "--browser", "firefox", "--container-ext", "granted"}, nil, []string{"ConsoleLogin 302"}, ""},
		{[]string{"ui-dev", "--browser", "firefox", "--browser-profile", "work"}, nil, []string{"ConsoleLogout 302", "ConsoleLogin 302"}, ""},
		{[]string{"ui-dev", "--browser", "firefox"}, nil, []string{"ConsoleLogout 302", "ConsoleLogin 302"},
			"ssox: firefox keeps no AWS profile apart by itself, so ssox signs it out of any other account first; --container-ext or --browser-profile give each profile its own\n"},
		{[]string{"ui-dev", "--browser", "w3m"}, nil, []string{"ConsoleLogout 302", "ConsoleLogin 302"},
			"ssox: w3m is no browser ssox knows how to keep AWS profiles apart in, so ssox signs it out of any other account first\n"},
		{[]string{"ui-dev"}, []string{"BROWSER=" + filepath.Join(bin, "firefox")}, []string{"ConsoleLogout 302", "ConsoleLogin 302"}, ""},
		{[]string{"ui-dev"}, nil, []string{"ConsoleLogout 302", "ConsoleLogin 302"}, ""},
	} {
		os.Remove(argvFile)
		h.fake.ResetLog()
		r := h.run(append(slices.Clone(base), tc.env...), append([]string{"console"}, tc.args...)...)
		profile := tc.args[0]
		if r.code != 0 || r.stdout != "" || r.stderr != tc.notes+"ssox: opened the console as "+profile+"\n" {
			t.Fatalf("%v: %+v", tc.args, r)
		}
		// ssox returns once the browser took the one-time address; the
		// browser goes on by itself.
		var ops []string
		testwait.Until(t, "the browser to sign in", func() bool {
			ops = nil
			for _, q := range h.fake.Requests() {
				if strings.HasPrefix(q.Op, "Console") {
					ops = append(ops, fmt.Sprintf("%s %d", q.Op, q.Status))
				}
			}
			return slices.Contains(ops, "ConsoleLogin 302")
		})
		if !slices.Equal(ops, tc.ops) {
			t.Fatalf("%v: the fake saw %q, want %q", tc.args, ops, tc.ops)
		}
		argvs := h.argvs(argvFile)
		if len(argvs) != 1 {
			t.Fatalf("%v: started %q", tc.args, argvs)
		}
		line := strings.Join(argvs[0], " ")
		for _, secret := range append(h.fake.Issued(), "SigninToken", "federation") {
			if strings.Contains(line, secret) {
				t.Fatalf("%v: the command line holds %q: %s", tc.args, secret, line)
			}
		}
		line = page.ReplaceAllString(line, "file://$$DATA/ssox/browser/open-N/console.html")
		line = onetime.ReplaceAllString(line, "$$ONETIME")
		line = onetimeEscaped.ReplaceAllString(line, "$$ONETIME")
		fmt.Fprintf(&out, "%s\n  %s\n", strings.Join(slices.Concat(tc.env, []string{"ssox console"}, tc.args), " "), line)
	}
	// User-data-dirs are the owner's alone, one per profile.
	for _, p := range []string{"ui-dev", "dol-prod", "chromium-dev"} {
		if fi, err := os.Stat(h.path("data/ssox/browser/" + p)); err != nil || fi.Mode() != 0o700|os.ModeDir {
			t.Fatalf("%s: %v %v", p, fi.Mode(), err)
		}
	}
	if left, _ := filepath.Glob(h.path("data/ssox/browser/open-*")); len(left) != 0 {
		t.Fatalf("pages left behind: %q", left)
	}
	golden.Check(t, "testdata/console-browsers.golden", strings.NewReplacer(filepath.Join(binDir, "fakebrowser"), "$FAKEBROWSER",
		bin, "$BIN", h.path("data"), "$DATA", h.home, "$HOME").Replace(out.String()))
}
