//go:build ignore

// render-shells writes what `ssox init zsh|bash|fish` prints for the ssox
// found on PATH to DIR/ssox.zsh, DIR/ssox.bash and DIR/ssox.fish, for the
// release archives:
//
//	go run scripts/render-shells.go DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ssox/ssox/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run scripts/render-shells.go DIR")
		os.Exit(2)
	}
	for _, sh := range []string{"zsh", "bash", "fish"} {
		script, err := cli.RenderShell(sh, "ssox")
		if err == nil {
			err = os.WriteFile(filepath.Join(os.Args[1], "ssox."+sh), []byte(script), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "render-shells:", err)
			os.Exit(1)
		}
	}
}
