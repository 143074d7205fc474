package browser

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/testwait"
)

func TestCommands(t *testing.T) {
	t.Parallel()
	const u = "http://x/a?b=1&c=2"
	tests := []struct {
		name string
		env  environ.Env
		goos string
		want [][]string
	}{
		{"BROWSER list", environ.Env{"BROWSER": "firefox --new-tab:chromium %s --x"}, "linux", [][]string{{"firefox", "--new-tab", u}, {"chromium", u, "--x"}}},
		{"BROWSER with empty entries", environ.Env{"BROWSER": "::a %s%s:"}, "linux", [][]string{{"a", u + u}}},
		{"BROWSER on Windows", environ.Env{"BROWSER": `C:\b\chrome.exe;edge`}, "windows", [][]string{{`C:\b\chrome.exe`, u}, {"edge", u}}},
		{"BROWSER over WSL", environ.Env{"BROWSER": "w3m", "WSL_INTEROP": "/run/x"}, "linux", [][]string{{"w3m", u}}},
		{"linux", environ.Env{}, "linux", [][]string{{"xdg-open", u}}},
		{"mac", environ.Env{}, "darwin", [][]string{{"open", u}}},
		{"windows", environ.Env{}, "windows", [][]string{{"rundll32", "url.dll,FileProtocolHandler", u}}},
		{"wsl", environ.Env{"WSL_INTEROP": "/run/x"}, "linux", [][]string{{"wslview", u}, {"cmd.exe", "/c", "start", `""`, "http://x/a?b=1^&c=2"}}},
	}
	for _, tt := range tests {
		o := &Opener{Env: tt.env, GOOS: tt.goos}
		if got := o.Commands(u); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLocal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  environ.Env
		goos string
		want bool
	}{
		{"desktop linux", environ.Env{"DISPLAY": ":0"}, "linux", true},
		{"wayland", environ.Env{"WAYLAND_DISPLAY": "wayland-0"}, "linux", true},
		{"ssh", environ.Env{"SSH_CONNECTION": "1 2 3 4", "DISPLAY": ":10"}, "linux", false},
		{"ssh client", environ.Env{"SSH_CLIENT": "1 2 3", "DISPLAY": ":10"}, "linux", false},
		{"ssh tty on mac", environ.Env{"SSH_TTY": "/dev/ttys001"}, "darwin", false},
		{"ssh with BROWSER", environ.Env{"SSH_TTY": "/dev/pts/1", "BROWSER": "w3m"}, "linux", true},
		{"headless linux", environ.Env{}, "linux", false},
		{"headless with BROWSER", environ.Env{"BROWSER": "/bin/browser"}, "linux", true},
		{"wsl", environ.Env{"WSL_DISTRO_NAME": "Ubuntu"}, "linux", true},
		{"mac", environ.Env{}, "darwin", true},
		{"windows", environ.Env{}, "windows", true},
	}
	for _, tt := range tests {
		if got := (&Opener{Env: tt.env, GOOS: tt.goos}).Local(); got != tt.want {
			t.Errorf("%s: Local = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Open tries the commands in order until one starts, and gives each the
// one-time address, not the URL.
func TestOpenFallsThrough(t *testing.T) {
	t.Parallel()
	var tried [][]string
	o := &Opener{Env: environ.Env{"WSL_INTEROP": "/run/x"}, GOOS: "linux", Start: func(argv []string) (<-chan error, error) {
		tried = append(tried, argv)
		if argv[0] == "wslview" {
			return nil, errors.New("wslview: not found")
		}
		return nil, nil
	}}
	done, err := o.Open("http://x/?a&b")
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if len(tried) != 2 || tried[0][0] != "wslview" || tried[1][0] != "cmd.exe" || tried[0][1] != tried[1][4] || !oneTime.MatchString(tried[0][1]) {
		t.Fatalf("tried %q", tried)
	}
	o.Start = func(argv []string) (<-chan error, error) { return nil, errors.New(argv[0] + " failed") }
	if _, err := o.Open("http://x/"); err == nil || err.Error() != "wslview failed; cmd.exe failed" {
		t.Fatalf("err %v", err)
	}
	o.Env = environ.Env{"BROWSER": ":"}
	if _, err := o.Open("http://x/"); err == nil || err.Error() != "no browser command" {
		t.Fatalf("err %v", err)
	}
}

// oneTime is a handoff's address.
var oneTime = regexp.MustCompile(`^http://127\.0\.0\.1:\d+/ssox/[A-Za-z0-9_-]{43}$`)

// noRedirects shows a redirect instead of following it.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// The real start looks the command up on the environment's PATH (not the
// process's) and runs it in that environment, without waiting for it: the
// stand-in browser waits (5 s at most) for the test to let it go once Open
// has returned, and says whether it was let go. It is given the one-time
// address, which redirects to the URL once.
func TestOpenStartsTheBrowser(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, release := filepath.Join(dir, "out"), filepath.Join(dir, "release")
	script := "#!/bin/sh\nfor i in $(seq 100); do [ -e " + release + " ] && break; sleep 0.05; done\n" +
		"[ -e " + release + " ] && echo \"$MARK $*\" > " + out + ".tmp || echo unreleased > " + out + ".tmp\n" +
		"mv " + out + ".tmp " + out + "\n"
	if err := os.WriteFile(filepath.Join(dir, "stand-in"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	o := &Opener{Env: environ.Env{"PATH": dir + ":/usr/bin:/bin", "BROWSER": "stand-in --new-window %s", "MARK": "env"}}
	done, err := o.Open("http://x/y?secret=1")
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if err := os.WriteFile(release, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var got []byte
	testwait.Until(t, "the stand-in browser to write", func() bool {
		got, _ = os.ReadFile(out)
		return len(got) > 0
	})
	words := strings.Fields(string(got))
	if len(words) != 3 || words[0] != "env" || words[1] != "--new-window" || !oneTime.MatchString(words[2]) {
		t.Fatalf("the browser wrote %q", got)
	}
	for i, want := range []int{http.StatusFound, http.StatusGone} {
		resp, err := noRedirects.Get(words[2])
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want || (i == 0 && resp.Header.Get("Location") != "http://x/y?secret=1") {
			t.Fatalf("visit %d: %d %q", i, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	o.Env["BROWSER"] = "no-such-browser"
	if _, err := o.Open("http://x/y"); err == nil || err.Error() != "no-such-browser: not found on PATH" {
		t.Fatalf("err %v", err)
	}
}
