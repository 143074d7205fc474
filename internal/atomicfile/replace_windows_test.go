package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/internal/winshare"
)

// holdOpen opens path as Go's os.Open and Python (the AWS CLI) do, without
// FILE_SHARE_DELETE, and first checks the premise: Windows will not replace
// the file while it is open.
func holdOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(filepath.Dir(path), "other")
	if err := os.WriteFile(other, []byte("other"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, path); err == nil {
		t.Fatal("a file a reader holds open was replaced: this Windows does not refuse it")
	}
	if err := os.Remove(other); err != nil {
		t.Fatal(err)
	}
	return f
}

// A replace waits for a reader that holds the file to let go, then
// happens.
func TestReplaceWaitsForAReader(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	if err := WriteFile(path, []byte("old"), 0o600, 0o700); err != nil {
		t.Fatal(err)
	}
	f := holdOpen(t, path)
	time.AfterFunc(300*time.Millisecond, func() { f.Close() })
	if err := WriteFile(path, []byte("new"), 0o600, 0o700); err != nil {
		t.Fatal(err)
	}
	if data, err := safefile.ReadFile(path, safefile.CacheLimit); err != nil || string(data) != "new" {
		t.Fatalf("read %q, %v", data, err)
	}
	if extra := leftovers(t, dir, "token.json"); len(extra) > 0 {
		t.Errorf("left behind: %q", extra)
	}
}

// A reader that never lets go: the replace gives up after winshare.Timeout with
// Windows' error, the old content whole and no temporary file left.
func TestReplaceGivesUpOnAReaderThatStays(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "token.json")
	if err := WriteFile(path, []byte("old"), 0o600, 0o700); err != nil {
		t.Fatal(err)
	}
	f := holdOpen(t, path)
	defer f.Close()
	start := time.Now()
	err := WriteFile(path, []byte("new"), 0o600, 0o700)
	if err == nil || !winshare.Busy(err, path) {
		t.Fatalf("err %v", err)
	}
	if waited := time.Since(start); waited < winshare.Timeout {
		t.Errorf("gave up after %v", waited)
	}
	if data, err := safefile.ReadFile(path, safefile.CacheLimit); err != nil || string(data) != "old" {
		t.Fatalf("read %q, %v", data, err)
	}
	if extra := leftovers(t, dir, "token.json"); len(extra) > 0 {
		t.Errorf("left behind: %q", extra)
	}
}
