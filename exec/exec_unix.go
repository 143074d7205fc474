//go:build unix

package exec

import (
	"os"
	"syscall"
)

// supervisedSignals are those Supervise catches.
var supervisedSignals = []os.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP}

func forwarded(sig os.Signal) bool { return sig == syscall.SIGTERM || sig == syscall.SIGHUP }

func signalNumber(ps *os.ProcessState) (int, bool) {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return 0, false
	}
	return int(ws.Signal()), true
}

// ReplacesProcess says whether Replace execs in place (Unix) rather than
// supervising a subprocess.
const ReplacesProcess = true

// Replace execs path in place of ssox: no process stays behind, and the
// child's signals and exit status are its own. It returns only on failure.
func Replace(path string, argv []string, env []string) error {
	return syscall.Exec(path, argv, env)
}
