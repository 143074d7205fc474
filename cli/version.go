package cli

import (
	"fmt"
	"runtime"

	ucli "github.com/urfave/cli/v2"
)

func (d *deps) versionCommand() *ucli.Command {
	return &ucli.Command{
		Name:   "version",
		Usage:  "print the version, commit and Go version",
		Flags:  commonFlags(),
		Action: func(*ucli.Context) error { d.printVersion(); return nil },
	}
}

func (d *deps) printVersion() {
	fmt.Fprintf(d.io.Out, "ssox %s (commit %s, %s %s/%s)\n", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
