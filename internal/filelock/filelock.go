// Package filelock takes exclusive advisory locks on files, so that of many
// processes needing the same refresh or login, one does it and the others
// wait and find its result.
package filelock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/fsperm"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/internal/visible"
)

// PathFor is the lock file beside a cache file: the same name with .lock in
// place of .json, so each cache entry has its own lock.
func PathFor(cacheFile string) string {
	return strings.TrimSuffix(cacheFile, ".json") + ".lock"
}

// NoticeAfter is how long a wait lasts before Acquire calls onWait.
const NoticeAfter = time.Second

// Acquire locks path (created 0600 in a 0700 folder), blocking until it is
// free or ctx ends: the kernel wakes a waiter when the holder unlocks, so a
// thousand waiters cost nothing while they wait. onWait, if not nil, is
// called once when the wait has lasted NoticeAfter, so the user learns why
// nothing happens.
func Acquire(ctx context.Context, path string, onWait func()) (unlock func(), err error) {
	// Every refresh, login and fetch starts here, and a lock may wait: from
	// now on Ctrl-C ends the run. The warm path never takes a lock.
	interrupt.Arm(ctx)
	fl, unlock, err := try(path)
	if err != ErrBusy {
		return unlock, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- fl.Lock() }()
	var notice <-chan time.Time
	if onWait != nil {
		t := time.NewTimer(NoticeAfter)
		defer t.Stop()
		notice = t.C
	}
	for {
		select {
		case err := <-done:
			if err != nil {
				return nil, lockError(path, err)
			}
			return held(fl)
		case <-notice:
			onWait()
		case <-ctx.Done():
			// A blocked flock cannot be interrupted: let it finish in the
			// background and let go at once, so the lock is not kept from
			// others.
			go func() {
				if <-done == nil {
					_ = fl.Unlock()
				}
			}()
			return nil, ctx.Err()
		}
	}
}

// ErrBusy is TryAcquire's answer when another process holds the lock.
var ErrBusy = errors.New("another process holds the lock")

// TryAcquire locks path as Acquire does, but never waits: when another
// process holds the lock it returns ErrBusy at once.
func TryAcquire(path string) (unlock func(), err error) {
	_, unlock, err = try(path)
	return unlock, err
}

// try takes the lock if it is free; ErrBusy says it is not, and fl is
// then the file to wait on.
func try(path string) (fl *flock.Flock, unlock func(), err error) {
	if err := fsperm.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	// O_NOFOLLOW: a symbolic link planted at the lock's name must not make
	// ssox create or open the file it points to. NoBlock: nor may a named
	// pipe there make the open wait for a writer, forever.
	fl = flock.New(path, flock.SetPermissions(0o600), flock.SetFlag(os.O_CREATE|os.O_RDONLY|noFollow|safefile.NoBlock))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, nil, lockError(path, err)
	}
	if !ok {
		return fl, nil, ErrBusy
	}
	unlock, err = held(fl)
	return fl, unlock, err
}

// held returns the unlock of a lock taken on fl, which must be a regular
// file: a named pipe or a device at the lock's name is no lock file ssox
// made.
func held(fl *flock.Flock) (func(), error) {
	fi, err := fl.Stat()
	if err == nil {
		err = safefile.CheckRegular(fl.Path(), fi)
	}
	if err != nil {
		_ = fl.Unlock()
		return nil, lockError(fl.Path(), err)
	}
	return func() { _ = fl.Unlock() }, nil
}

// lockError explains a lock file that cannot be opened; a symbolic link in
// its place is refused, never followed.
func lockError(path string, err error) error {
	remove := "remove it: '" + visible.RemoveCommand(path) + "' (ssox creates the lock file itself)"
	if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&os.ModeSymlink != 0 {
		return errs.Hintf(remove, "lock file %s is a symbolic link; ssox does not follow it", visible.String(path))
	}
	var notRegular *safefile.NotRegularError
	if errors.As(err, &notRegular) {
		return errs.Hintf(remove, "lock file %s is %s, not a regular file", visible.String(path), notRegular.Kind())
	}
	return fsperm.Explain(filepath.Dir(path), fmt.Errorf("lock %s: %w", path, err))
}
