//go:build !unix

package browser

import "os/exec"

// detach does nothing where a started program has no terminal session to
// leave.
func detach(*exec.Cmd) {}
