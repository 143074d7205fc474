//go:build windows

package exec

import (
	"errors"
	"os"
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
