//go:build unix

package filelock

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/errs"
)

// A symbolic link at the lock's name, dangling or not, is refused: ssox
// neither creates its target nor opens it.
func TestAcquireRefusesSymlink(t *testing.T) {
	// A space in the path: the hint's rm command quotes it.
	dir := filepath.Join(t.TempDir(), "my cache")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		exists bool
	}{{"dangling", false}, {"existing", true}} {
		t.Run(tt.name, func(t *testing.T) {
			target := filepath.Join(dir, tt.name+"-target")
			if tt.exists {
				if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			lock := filepath.Join(dir, tt.name+".lock")
			if err := os.Symlink(target, lock); err != nil {
				t.Fatal(err)
			}
			unlock, err := Acquire(context.Background(), lock, nil)
			if err == nil {
				unlock()
				t.Fatal("locked through a symbolic link")
			}
			want := "lock file " + lock + " is a symbolic link; ssox does not follow it"
			if err.Error() != want || errs.HintOf(err) != "remove it: 'rm '"+lock+"'' (ssox creates the lock file itself)" {
				t.Fatalf("error %q hint %q", err, errs.HintOf(err))
			}
			data, rerr := os.ReadFile(target)
			switch {
			case !tt.exists && !errors.Is(rerr, fs.ErrNotExist):
				t.Fatalf("the link's target was created: %v", rerr)
			case tt.exists && string(data) != "keep":
				t.Fatalf("target now %q", data)
			}
		})
	}
}

func TestAcquireCreatesPrivateLock(t *testing.T) {
	lock := filepath.Join(t.TempDir(), "cache", "x.lock")
	unlock, err := Acquire(context.Background(), lock, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	for path, want := range map[string]os.FileMode{lock: 0o600, filepath.Dir(lock): 0o700 | fs.ModeDir} {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode() != want {
			t.Errorf("%s: %v %v, want %v", path, fi.Mode(), err, want)
		}
	}
}

// A waiter blocks until the holder lets go, then holds the lock itself; a
// cancelled wait returns the context's error and leaves the lock free.
func TestAcquireBlocksUntilReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.lock")
	unlock, err := Acquire(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	noticed := make(chan struct{})
	got := make(chan error, 1)
	go func() {
		u, err := Acquire(context.Background(), path, func() { close(noticed) })
		if err == nil {
			u()
		}
		got <- err
	}()
	<-noticed // the waiter is blocked and told the user so
	select {
	case err := <-got:
		t.Fatalf("waiter got the lock while it was held (err %v)", err)
	default:
	}
	unlock()
	if err := <-got; err != nil {
		t.Fatal(err)
	}

	unlock, err = Acquire(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan struct{})
	go func() {
		<-waiting
		cancel()
	}()
	if _, err := Acquire(ctx, path, func() { close(waiting) }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
	unlock()
	u, err := Acquire(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	u()
}

// A named pipe at the lock's name is refused at once: opening it for the
// lock must not wait for a writer (which would hang ssox beyond any
// Ctrl-C's reach), and it is no lock file ssox made.
func TestAcquireRefusesNamedPipe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my cache")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(dir, "x.lock")
	if err := syscall.Mkfifo(lock, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		unlock, err := Acquire(context.Background(), lock, nil)
		if err == nil {
			unlock()
		}
		got <- err
	}()
	select {
	case err := <-got:
		want := "lock file " + lock + " is a named pipe, not a regular file"
		if err == nil || err.Error() != want || errs.HintOf(err) != "remove it: 'rm '"+lock+"'' (ssox creates the lock file itself)" {
			t.Fatalf("error %v hint %q, want %q", err, errs.HintOf(err), want)
		}
	case <-time.After(time.Minute):
		t.Fatal("Acquire is stuck opening a named pipe")
	}
}

// TryAcquire takes a free lock, and answers ErrBusy at once while another
// holder has it (flock locks belong to the open file, so a second open in
// this process is another holder).
func TestTryAcquire(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := TryAcquire(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TryAcquire(path); !errors.Is(err, ErrBusy) {
		t.Fatalf("second TryAcquire: %v, want ErrBusy", err)
	}
	unlock()
	again, err := TryAcquire(path)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again()
}
