package awsapi

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// Connection failures by kind. Windows reports them with Winsock's own
// numbers, which syscall's portable names do not match.
var (
	errRefused     = []error{syscall.ECONNREFUSED, windows.WSAECONNREFUSED}
	errClosed      = []error{syscall.ECONNRESET, windows.WSAECONNRESET, windows.WSAECONNABORTED}
	errUnreachable = []error{syscall.ENETUNREACH, syscall.EHOSTUNREACH, windows.WSAENETUNREACH, windows.WSAEHOSTUNREACH}
)
