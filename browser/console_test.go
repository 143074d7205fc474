package browser

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/testmode"
)

// Launch returns once the browser followed the one-time address; a browser
// that fails, or never comes, is an error; its user-data-dir is made 0700.
func TestLaunch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	udd := filepath.Join(dir, "data", "ui-dev")
	p := &Plan{name: "chrome", page: true, dir: udd, data: filepath.Join(dir, "data")}
	var got []string
	p.argv = func(target string) []string { return []string{"chrome", target} }
	follows := &Opener{Start: func(argv []string) (<-chan error, error) {
		got = argv
		exited := make(chan error, 1)
		exited <- nil // handed over to a running browser, which follows the page's address
		go func() {
			text, _ := os.ReadFile(filePath(t, argv[1]))
			u := string(text)[strings.Index(string(text), "url=")+4:]
			u = u[:strings.Index(u, `"`)]
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		return exited, nil
	}}
	const target = "http://127.0.0.1:1/never-fetched"
	if err := follows.Launch(context.Background(), p, target); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got[1], fileURL(filepath.Join(dir, "data"))+"/open-") {
		t.Fatalf("argv %q", got)
	}
	if fi, err := os.Stat(udd); err != nil || !fi.IsDir() {
		t.Fatalf("user-data-dir %v", err)
	}
	testmode.Check(t, udd, 0o700)
	if left, _ := filepath.Glob(filepath.Join(dir, "data", "open-*")); len(left) != 0 {
		t.Fatalf("left behind: %q", left)
	}

	fails := &Opener{Start: func([]string) (<-chan error, error) {
		exited := make(chan error, 1)
		exited <- errors.New("exit status 1")
		return exited, nil
	}}
	if err := fails.Launch(context.Background(), p, target); err == nil || err.Error() != "chrome failed before it opened the page: exit status 1" {
		t.Fatalf("failing browser: %v", err)
	}
	never := &Opener{Wait: 100 * time.Millisecond, Start: func([]string) (<-chan error, error) { return nil, nil }}
	if err := never.Launch(context.Background(), p, target); err == nil || err.Error() != "chrome did not open the page within 100ms" {
		t.Fatalf("a browser that never comes: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "data", "open-*")); len(left) != 0 {
		t.Fatalf("left behind: %q", left)
	}
}
