// Package filelock takes exclusive advisory locks on files, so that of many
// processes needing the same refresh or login, one does it and the others
// wait and find its result.
package filelock

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// PathFor is the lock file beside a cache file: the same name with .lock in
// place of .json, so each cache entry has its own lock.
func PathFor(cacheFile string) string {
	return strings.TrimSuffix(cacheFile, ".json") + ".lock"
}

// Acquire locks path (created 0600 in a 0700 folder), polling until it is
// free or ctx ends. onWait, if not nil, is called once when the wait has
// lasted a second, so the user learns why nothing happens.
func Acquire(ctx context.Context, path string, onWait func()) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	fl := flock.New(path, flock.SetPermissions(0o600))
	start := time.Now()
	for {
		ok, err := fl.TryLock()
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			return func() { _ = fl.Unlock() }, nil
		}
		if onWait != nil && time.Since(start) > time.Second {
			onWait()
			onWait = nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}
