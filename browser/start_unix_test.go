//go:build unix

// The stand-in browser is a sh script.

package browser

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/testwait"
)

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
