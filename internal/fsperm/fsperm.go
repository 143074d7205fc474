// Package fsperm explains a folder ssox cannot write to: which folder stops
// it, whose it is, and the command that fixes it, instead of a raw mkdir or
// open error.
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
	why := "is not writable"
	hint := fmt.Sprintf("chmod u+rwx %s", blocker)
	if errors.Is(err, syscall.EROFS) {
		why = "is on a read-only file system"
		hint = "remount it read-write, or set HOME to a writable folder"
	} else if fi, serr := os.Stat(blocker); serr == nil {
		if uid, ok := owner(fi); ok && uid != os.Getuid() {
			why = fmt.Sprintf("belongs to another user (uid %d, mode %04o)", uid, fi.Mode().Perm())
			hint = fmt.Sprintf(`sudo chown -R "$(id -un)" %s  (it was probably created by a command run with sudo)`, blocker)
		} else {
			why = fmt.Sprintf("is not writable (mode %04o)", fi.Mode().Perm())
		}
	}
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
	fi, serr := os.Stat(path)
	if serr != nil {
		return fmt.Errorf("cannot read %s: %w", display, err)
	}
	if uid, ok := owner(fi); ok && uid != os.Getuid() {
		return errs.Hintf(fmt.Sprintf(`sudo chown "$(id -un)" %s  (it was probably created by a command run with sudo)`, path),
			"cannot read %s: it belongs to another user (uid %d, mode %04o)", display, uid, fi.Mode().Perm())
	}
	return errs.Hintf("chmod u+r "+path, "cannot read %s: its mode is %04o", display, fi.Mode().Perm())
}
