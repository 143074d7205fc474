// Package fsperm explains a folder ssox cannot write to: which folder stops
// it, whose it is, and the command that fixes it, instead of a raw mkdir or
// open error. It also says who besides the user may read or change a file
// (Unix modes; on Windows the file's access list), for ssox doctor.
package fsperm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/ssox/ssox/internal/errs"
)

// MkdirAll is os.MkdirAll whose error, when permissions stop it, names the
// folder that is not writable and how to fix it.
func MkdirAll(dir string, perm os.FileMode) error {
	if err := os.MkdirAll(dir, perm); err != nil {
		return Explain(dir, err)
	}
	return nil
}

// Explain turns err, met while creating dir or a file in it, into an error
// naming the nearest existing folder that refuses the write. Other errors
// are returned as they are.
func Explain(dir string, err error) error {
	if !denied(err) {
		return err
	}
	blocker := existing(dir)
	why, hint := blocked(blocker, err)
	return errs.Hintf(hint, "cannot write to %s: %s %s", dir, blocker, why)
}

// Check reports, without creating anything, whether dir could be written
// to: dir itself when it exists, else the nearest folder above it.
func Check(dir string) error {
	blocker := existing(dir)
	if err := access(blocker); err != nil {
		return Explain(dir, &fs.PathError{Op: "access", Path: blocker, Err: err})
	}
	return nil
}

func denied(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// existing returns dir, or its nearest ancestor that exists.
func existing(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

// ExplainRead turns a permission error on reading the file at path (shown
// as display) into an error saying whose the file is and how to fix it.
// Other errors are returned as they are.
func ExplainRead(path, display string, err error) error {
	if !errors.Is(err, fs.ErrPermission) {
		return err
	}
	why, hint, ok := unreadable(path)
	if !ok {
		return fmt.Errorf("cannot read %s: %w", display, err)
	}
	return errs.Hintf(hint, "cannot read %s: %s", display, why)
}

// Access is what others may do to a file.
type Access int

// The accesses Exposed looks for.
const (
	// Write: change it (and with a folder, what it holds).
	Write Access = iota
	// Read: read it; for a folder, list it or reach what it holds.
	Read
)

// Exposed reports whether users other than the file's owner may have
// access to path (shown as display): why is a clause naming the file and
// what lets them in ("~/.aws/config has mode 0666"), fix the command that
// shuts them out. A file that cannot be inspected is not reported.
func Exposed(path, display string, access Access) (why, fix string, ok bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", "", false
	}
	return exposed(path, display, fi, access)
}
