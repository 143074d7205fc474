//go:build unix

// The shell scripts ssox init prints are for Unix shells, and the test links
// the binary with a symlink.

package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

// The scripts run the ssox found on PATH when it is this binary, so a
// package manager's stable symlink is kept; otherwise this binary's path.
func TestExecutablePrefersPathLink(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, "ssox")
	if err := os.Symlink(self, link); err != nil {
		t.Fatal(err)
	}
	d := &deps{env: environ.Env{"PATH": dir}}
	if got, err := d.executable(); err != nil || got != link {
		t.Fatalf("executable() = %q, %v; want %q", got, err, link)
	}
	resolved, _ := filepath.EvalSymlinks(self)
	d.env = environ.Env{"PATH": t.TempDir()}
	if got, err := d.executable(); err != nil || got != resolved {
		t.Fatalf("executable() = %q, %v; want %q", got, err, resolved)
	}
}
