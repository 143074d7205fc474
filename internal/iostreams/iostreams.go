// Package iostreams carries the standard streams and what is known about them
// (is each a terminal, may we use colour), so commands never look at os.Std*.
package iostreams

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"

	"github.com/ssox/ssox/internal/visible"
)

// IOStreams are the streams a command reads and writes.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// InTTY, OutTTY and ErrTTY say whether each stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
}

// System returns the process's own streams; the only place that asks the
// terminal what it is.
func System() *IOStreams {
	return &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		InTTY:  isTerminal(os.Stdin),
		OutTTY: isTerminal(os.Stdout),
		ErrTTY: isTerminal(os.Stderr),
	}
}

func isTerminal(f *os.File) bool {
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}

// Test returns streams backed by buffers, none of them a terminal.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// Say tells the user, on stderr, what ssox does or waits for: one line
// "ssox: ...". It is the one way ssox speaks to the user besides errors.
// The format is ssox's own; strings and errors among args, which may come
// from a config file or a server, show control characters as escapes.
func (s *IOStreams) Say(format string, args ...any) {
	fmt.Fprintf(s.ErrOut, "ssox: "+format+"\n", printable(args)...)
}

// Warn tells the user, on stderr, of a problem that does not stop the
// command: one line "ssox: warning: ...".
func (s *IOStreams) Warn(format string, args ...any) {
	fmt.Fprintf(s.ErrOut, "ssox: warning: "+format+"\n", printable(args)...)
}

// printable renders the strings, errors and Stringers in args with
// visible.String.
func printable(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = visible.String(v)
		case error:
			out[i] = visible.String(v.Error())
		case fmt.Stringer:
			out[i] = visible.String(v.String())
		default:
			out[i] = a
		}
	}
	return out
}
