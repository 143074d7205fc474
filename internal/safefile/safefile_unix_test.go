//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Files that would stall or swell a plain read are refused at once: a named
// pipe nobody writes to (os.ReadFile waits for a writer forever) and a link
// to /dev/zero (endless). A link to a regular file reads as the file.
func TestReadFileRefusesOddFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "dotfiles-config")
	if err := os.WriteFile(target, []byte("[profile a]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		for path, kind := range map[string]string{fifo: "a named pipe", zero: "a device"} {
			var notRegular *NotRegularError
			_, err := ReadFile(path, CacheLimit)
			if !errors.As(err, &notRegular) || err.Error() != path+" is "+kind+", not a regular file" {
				t.Errorf("%s: %v", filepath.Base(path), err)
			}
		}
		if data, err := ReadFile(link, CacheLimit); err != nil || string(data) != "[profile a]\n" {
			t.Errorf("through a link: %q, %v", data, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("ReadFile is stuck on an odd file")
	}
}
