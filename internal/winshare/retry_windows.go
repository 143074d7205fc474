package winshare

import (
	"errors"
	"math/rand/v2"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// Timeout bounds how long Retry waits for the other side to let go.
const Timeout = 2 * time.Second

// Retry runs op, a replace or a read of path, until it succeeds, fails for
// another reason than another process holding path, or Timeout has passed:
// after a wait that doubles from 1 ms to 64 ms, with some jitter. The last
// error is returned.
func Retry(path string, op func() error) error {
	deadline := time.Now().Add(Timeout)
	wait := time.Millisecond
	for {
		err := op()
		if err == nil || !Busy(err, path) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait/2 + rand.N(wait))
		wait = min(2*wait, 64*time.Millisecond)
	}
}

// Busy reports whether err, met on path, is how Windows says another
// process holds the file. A folder or a read-only file in the way gets the
// same "access denied" for good, and is not waited for.
func Busy(err error, path string) bool {
	if !errors.Is(err, windows.ERROR_ACCESS_DENIED) && !errors.Is(err, windows.ERROR_SHARING_VIOLATION) &&
		!errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false
	}
	fi, serr := os.Lstat(path)
	return serr != nil || !fi.IsDir() && fi.Mode().Perm()&0o200 != 0
}
