//go:build unix

package fsperm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

func owner(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// access asks the kernel whether the real user may create entries in dir.
func access(dir string) error {
	const wOK, xOK = 0x2, 0x1
	return syscall.Access(dir, wOK|xOK)
}

// blocked says why the folder blocker refuses a write, and the fix.
func blocked(blocker string, err error) (why, hint string) {
	if errors.Is(err, syscall.EROFS) {
		return "is on a read-only file system", "remount it read-write, or set HOME to a writable folder"
	}
	fi, serr := os.Stat(blocker)
	if serr != nil {
		return "is not writable", "chmod u+rwx " + blocker
	}
	if uid, ok := owner(fi); ok && uid != os.Getuid() {
		return fmt.Sprintf("belongs to another user (uid %d, mode %04o)", uid, fi.Mode().Perm()),
			fmt.Sprintf(`sudo chown -R "$(id -un)" %s  (it was probably created by a command run with sudo)`, blocker)
	}
	return fmt.Sprintf("is not writable (mode %04o)", fi.Mode().Perm()), "chmod u+rwx " + blocker
}

// unreadable says why the file at path cannot be read, and the fix.
func unreadable(path string) (why, hint string, ok bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", "", false
	}
	if uid, ok := owner(fi); ok && uid != os.Getuid() {
		return fmt.Sprintf("it belongs to another user (uid %d, mode %04o)", uid, fi.Mode().Perm()),
			fmt.Sprintf(`sudo chown "$(id -un)" %s  (it was probably created by a command run with sudo)`, path), true
	}
	return fmt.Sprintf("its mode is %04o", fi.Mode().Perm()), "chmod u+r " + path, true
}

// exposed reads the mode: group or others may write (Write), or anything
// beyond 0600 for a file, 0700 for a folder (Read).
func exposed(path, display string, fi fs.FileInfo, access Access) (why, fix string, ok bool) {
	perm := fi.Mode().Perm()
	why = fmt.Sprintf("%s has mode %04o", display, perm)
	if access == Write {
		return why, "chmod go-w " + path, perm&0o022 != 0
	}
	private := fs.FileMode(0o600)
	if fi.IsDir() {
		private = 0o700
	}
	return why, fmt.Sprintf("chmod %o %s", private, path), perm&^private != 0
}
