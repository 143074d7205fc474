// Command bound is the least a program that resolves a profile with
// aws-sdk-go-v2/config can cost: it loads the profile named by its first
// argument and execs /bin/true. bench/run.sh sets ssox's warm exec beside it.
package main

import (
	"context"
	"os"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/config"
)

func main() {
	if _, err := config.LoadSharedConfigProfile(context.Background(), os.Args[1]); err != nil {
		os.Exit(1)
	}
	_ = syscall.Exec("/bin/true", []string{"true"}, os.Environ())
}
