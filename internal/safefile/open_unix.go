//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// NoBlock are the open flags that keep opening a file from waiting: a named
// pipe opens at once, writer or not (and is then refused), as does a
// device such as a serial line; no terminal becomes ssox's controlling one.
// A regular file reads as without them.
const NoBlock = syscall.O_NONBLOCK | syscall.O_NOCTTY

// open opens path to read it, without waiting.
func open(path string) (*os.File, error) { return os.OpenFile(path, os.O_RDONLY|NoBlock, 0) }
