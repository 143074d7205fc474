// Package errs gives errors a hint (how to fix them) and an exit code, so the
// one place that prints errors can say both.
package errs

import (
	"errors"
	"fmt"
)

// Exit codes that ssox itself decides. A child's own status passes through.
const (
	CodeError    = 1
	CodeUsage    = 2
	CodeNotFound = 127
)

// Error is an error with an optional hint line and exit code.
type Error struct {
	Err  error
	Hint string
	Code int
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// WithHint wraps err with a hint: one line telling the user what to do.
func WithHint(err error, format string, args ...any) error {
	return &Error{Err: err, Hint: fmt.Sprintf(format, args...)}
}

// Hintf makes an error from a message and a hint.
func Hintf(hint, format string, args ...any) error {
	return &Error{Err: fmt.Errorf(format, args...), Hint: hint}
}

// Usage marks err as a usage error (exit 2).
func Usage(err error) error { return &Error{Err: err, Code: CodeUsage} }

// Usagef makes a usage error.
func Usagef(format string, args ...any) error { return Usage(fmt.Errorf(format, args...)) }

// Exit is not an error at all: the child ran and exited with Code, which ssox
// must pass on unchanged.
type Exit struct{ Code int }

func (e *Exit) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Hinter is an error that knows its own fix: a failed network call knows
// that a timeout wants the network checked. It speaks only when no *Error
// in the chain gives a hint, since a caller knows better what was asked.
type Hinter interface{ Hint() string }

// HintOf returns the hint of the outermost *Error in err's chain that has
// one, else the hint of a Hinter in it, if any.
//
// The outermost hint wins because the code that wraps an error knows
// better what the user asked than the code that raised it: the command
// that found no profile in AWS_PROFILE says to name one, where the config
// reader would only list the profiles. A wrapper that wants an inner hint
// shown too says so in its own.
func HintOf(err error) string {
	for e := err; e != nil; {
		var he *Error
		if !errors.As(e, &he) {
			break
		}
		if he.Hint != "" {
			return he.Hint
		}
		e = he.Err
	}
	var h Hinter
	if errors.As(err, &h) {
		return h.Hint()
	}
	return ""
}

// CodeOf returns the exit code err asks for: a child's status, a usage error,
// 127 for a command not found, 1 otherwise.
func CodeOf(err error) int {
	if err == nil {
		return 0
	}
	var x *Exit
	if errors.As(err, &x) {
		return x.Code
	}
	for e := err; e != nil; {
		var he *Error
		if !errors.As(e, &he) {
			break
		}
		if he.Code != 0 {
			return he.Code
		}
		e = he.Err
	}
	return CodeError
}
