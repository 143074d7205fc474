//go:build unix

package browser

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

// A named pipe where a browser keeps its profiles is refused at once, not
// waited on.
func TestProfilesFromAPipe(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	for _, p := range []string{".config/google-chrome/Local State", ".mozilla/firefox/profiles.ini"} {
		os.MkdirAll(filepath.Dir(filepath.Join(home, p)), 0o700)
		if err := syscall.Mkfifo(filepath.Join(home, p), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	o := &Opener{Env: environ.Env{"HOME": home}, GOOS: "linux"}
	for b, want := range map[Family]string{Chrome: "read chrome's profiles: ", Firefox: "read firefox's profiles: "} {
		if _, err := o.Plan(Console{Browser: &Browser{b, "/x"}, BrowserProfile: "Work"}); err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "regular file") {
			t.Errorf("%s: %v", b, err)
		}
	}
}
