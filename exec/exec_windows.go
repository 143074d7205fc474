//go:build windows

package exec

import (
	"errors"
	"os"
	osexec "os/exec"

	"github.com/ssox/ssox/internal/environ"
)

// supervisedSignals are those Supervise catches: Ctrl-C reaches the child
// from the console, so ssox only has to survive it.
var supervisedSignals = []os.Signal{os.Interrupt}

func forwarded(os.Signal) bool { return false }

func signalNumber(*os.ProcessState) (int, bool) { return 0, false }

// ReplacesProcess is false: Windows cannot exec in place, so ssox supervises
// the child and passes its exit status on.
const ReplacesProcess = false

// Replace is not available on Windows.
func Replace(string, []string, []string) error {
	return errors.New("exec in place is not supported on windows")
}

// job is the terminal's foreground job of Unix; a Windows console has none.
type job struct{}

func foregroundJob(*osexec.Cmd) *job { return nil }

func (j *job) release() {}

func (j *job) wait(*os.Process) error { return errors.New("no job control on windows") }

// Shell is the interactive shell for a child without a command: COMSPEC
// (cmd.exe, which Windows sets), else cmd.exe on PATH. Windows sets no
// SHELL; one that is set (Git Bash sets SHELL=/usr/bin/bash) names a path
// only its own programs understand.
func Shell(env environ.Env) string {
	if s := env.Get("COMSPEC"); s != "" {
		return s
	}
	return "cmd.exe"
}
