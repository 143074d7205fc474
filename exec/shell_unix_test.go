//go:build unix

package exec

import (
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

func TestShell(t *testing.T) {
	for env, want := range map[string]string{"/bin/zsh": "/bin/zsh", "": "/bin/sh"} {
		if got := Shell(environ.Env{"SHELL": env, "COMSPEC": `C:\x\cmd.exe`}); got != want {
			t.Errorf("SHELL=%q: %s, want %s", env, got, want)
		}
	}
}
