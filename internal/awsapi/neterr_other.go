//go:build !windows

package awsapi

import "syscall"

// Connection failures by kind.
var (
	errRefused     = []error{syscall.ECONNREFUSED}
	errClosed      = []error{syscall.ECONNRESET}
	errUnreachable = []error{syscall.ENETUNREACH, syscall.EHOSTUNREACH}
)
