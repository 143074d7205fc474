// Command sdkchain prints where the Go SDK's default credential chain found
// credentials, and their access key id: the end-to-end tests run it where
// an application would run, in a container, against ssox's endpoint.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkchain:", err)
		os.Exit(1)
	}
	c, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkchain:", err)
		os.Exit(1)
	}
	fmt.Println(c.Source, c.AccessKeyID)
}
