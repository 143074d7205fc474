//go:build unix

package exec

import (
	"os"
	"syscall"

	"github.com/ssox/ssox/internal/environ"
)

// supervisedSignals are those Supervise catches and passes on to the
// child: INT and QUIT, which stop a program; TERM and HUP, which ask it to
// end; USR1 and USR2, which programs take as their own commands (reopen
// the logs, report progress); WINCH, a window that changed size. Not stops
// and continues (TSTP, CONT): job control sends them to a whole job, and
// the child's own stop is followed (job.suspend); a stop sent to ssox
// alone stops ssox alone. Not ssox's own either: CHLD, PIPE, ALRM, URG (Go's
// scheduler), PROF.
var supervisedSignals = []os.Signal{syscall.SIGINT, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP,
	syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH}

// forwarded reports whether Supervise passes sig on: every one it catches,
// since none comes from the terminal as well (see job).
func forwarded(os.Signal) bool { return true }

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

// Shell is the interactive shell for a child without a command: SHELL, else
// /bin/sh.
func Shell(env environ.Env) string {
	if s := env.Get("SHELL"); s != "" {
		return s
	}
	return "/bin/sh"
}
