//go:build unix

package browser

import (
	"os/exec"
	"syscall"
)

// detach starts the browser in a session of its own: it outlives ssox, and
// the terminal's signals (Ctrl-C, a closed terminal's hang-up) are not its.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
