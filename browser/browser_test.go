package browser

import (
	"errors"
	"net/http"
	"reflect"
	"regexp"
	"testing"

	"github.com/ssox/ssox/internal/environ"
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
