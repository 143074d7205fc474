package cli

import (
	"context"
	"fmt"
	"runtime"
)

func versionCommand() *command {
	return &command{
		name:  "version",
		usage: "print the version, commit and Go version",
		run:   func(d *deps, _ context.Context, _ *input) error { return d.runVersion() },
	}
}

func (d *deps) runVersion() error {
	_, err := fmt.Fprintf(d.io.Out, "ssox %s (commit %s, %s %s/%s)\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
