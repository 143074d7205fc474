//go:build windows

package safefile

// NoBlock is 0: Windows keeps named pipes out of the file system (they live
// under \\.\pipe\), and opening one does not wait for its server.
const NoBlock = 0
