//go:build windows

package safefile

import "os"

// NoBlock is 0: Windows keeps named pipes out of the file system (they live
// under \\.\pipe\), and opening one does not wait for its server.
const NoBlock = 0

// open opens path to read it.
func open(path string) (*os.File, error) { return os.Open(path) }
