//go:build unix

package filelock

import "syscall"

// noFollow makes the open fail on a symbolic link instead of creating or
// locking the file it points to.
const noFollow = syscall.O_NOFOLLOW
