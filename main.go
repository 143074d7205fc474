// Command ssox runs any command as an AWS IAM Identity Center (SSO) profile.
package main

import (
	"os"

	"github.com/ssox/ssox/cli"
	"github.com/ssox/ssox/internal/iostreams"
)

func main() {
	os.Exit(cli.Run(os.Args, os.Environ(), iostreams.System()))
}
