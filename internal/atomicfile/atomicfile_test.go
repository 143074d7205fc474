package atomicfile

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/safefile"
)

// leftovers lists what is in dir besides the names given: a temporary file
// a write forgot.
func leftovers(t *testing.T, dir string, names ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var extra []string
	for _, e := range entries {
		if !strings.Contains(" "+strings.Join(names, " ")+" ", " "+e.Name()+" ") {
			extra = append(extra, e.Name())
		}
	}
	return extra
}

// A new file gets its mode and its missing folders theirs; a second write
// replaces the content and the mode; no temporary file stays.
func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "f.json")
	if err := WriteFile(path, []byte("one"), 0o600, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("two, longer"), 0o640, 0o700); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "two, longer" {
		t.Fatalf("content %q, %v", got, err)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o640 {
			t.Errorf("file mode %v, %v; want 0640", fi.Mode().Perm(), err)
		}
		di, err := os.Stat(dir)
		if err != nil || di.Mode().Perm() != 0o700 {
			t.Errorf("folder mode %v, %v; want 0700", di.Mode().Perm(), err)
		}
	}
	if extra := leftovers(t, dir, "f.json"); len(extra) > 0 {
		t.Errorf("left behind: %q", extra)
	}
}

// A write that fails (the target is a folder) leaves the target as it was
// and no temporary file.
func TestWriteFileFailureLeavesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "inside"), []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(target, []byte("new"), 0o600, 0o700)
	if err == nil || !strings.HasPrefix(err.Error(), "write "+target+": ") {
		t.Fatalf("err %v", err)
	}
	if data, err := os.ReadFile(filepath.Join(target, "inside")); err != nil || string(data) != "kept" {
		t.Errorf("the target changed: %q, %v", data, err)
	}
	if extra := leftovers(t, dir, "target"); len(extra) > 0 {
		t.Errorf("left behind: %q", extra)
	}
}

// A reader never sees half a file: while two large contents replace each
// other, every read is one of them whole.
func TestReadersSeeOldOrNew(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "f")
	contents := [][]byte{bytes.Repeat([]byte("a"), 1<<20), bytes.Repeat([]byte("b"), 1<<20)}
	if err := WriteFile(path, contents[0], 0o600, 0o700); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := WriteFile(path, contents[i%2], 0o600, 0o700); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 200 {
		// As ssox reads (safefile): on Windows a plain open can meet the
		// replace itself (a sharing violation).
		data, err := safefile.ReadFile(path, safefile.ConfigLimit)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, contents[0]) && !bytes.Equal(data, contents[1]) {
			t.Fatalf("read %d bytes that are neither content whole", len(data))
		}
		// A moment between reads, as between two programs' reads: Windows
		// replaces a file only while no reader holds it.
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
}
