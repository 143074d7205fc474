package picker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/ssox/ssox/internal/visible"
	"golang.org/x/term"
)

// ErrCancelled is returned when the user leaves without choosing.
var ErrCancelled = errors.New("no profile chosen")

// maxHeight is the most lines the picker takes on the terminal.
const maxHeight = 12

// Run shows the picker on the terminal: keys from in (a terminal, put in raw
// mode until Run returns), drawing on out (the same terminal) below the
// cursor, and erasing itself before it returns the chosen profile,
// ErrCancelled, or ctx's error when ctx ends first.
func Run(ctx context.Context, in *os.File, out io.Writer, items []Item) (string, error) {
	fd := int(in.Fd())
	saved, err := term.MakeRaw(fd)
	if err != nil {
		return "", fmt.Errorf("put the terminal in raw mode: %w", err)
	}
	defer term.Restore(fd, saved)
	s := screen{out: out}
	defer s.erase()
	m := New(items)
	buf := make([]byte, 256)
	// One read at a time, in a goroutine, so that a signal (ctx) ends the
	// picker too; none is pending once a profile is chosen, so nothing is
	// left reading the terminal the command gets.
	type read struct {
		n   int
		err error
	}
	reads := make(chan read, 1)
	for {
		w, h, err := term.GetSize(fd)
		if err != nil {
			w, h = 80, 24
		}
		s.draw(m.Render(w, min(h-1, maxHeight)))
		go func() {
			n, err := in.Read(buf)
			reads <- read{n, err}
		}()
		var r read
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case r = <-reads:
		}
		if r.err != nil {
			return "", fmt.Errorf("read the terminal: %w", r.err)
		}
		for _, k := range Decode(buf[:r.n]) {
			switch m.Press(k) {
			case Chosen:
				it, _ := m.Selected()
				return it.Profile, nil
			case Cancelled:
				return "", ErrCancelled
			}
		}
	}
}

// screen redraws a block of lines in place with ANSI escapes.
type screen struct {
	out   io.Writer
	lines int // how many lines the last draw took
}

// home moves the cursor to the start of the block and clears it.
func (s *screen) home(b *bytes.Buffer) {
	b.WriteString("\r")
	if s.lines > 1 {
		fmt.Fprintf(b, "\x1b[%dA", s.lines-1)
	}
	b.WriteString("\x1b[J")
}

func (s *screen) draw(lines []string) {
	var b bytes.Buffer
	s.home(&b)
	b.WriteString(strings.Join(lines, "\r\n"))
	s.lines = len(lines)
	s.out.Write(b.Bytes())
}

func (s *screen) erase() {
	var b bytes.Buffer
	s.home(&b)
	s.lines = 0
	s.out.Write(b.Bytes())
}

// Fzf hands the choice to the fzf at path, run in env ("KEY=VALUE"
// entries: FZF_DEFAULT_OPTS and the like reach it): the items as lines on
// its stdin, the profile the first word of the line it prints. Esc in fzf,
// or no match, is ErrCancelled.
func Fzf(ctx context.Context, path string, env []string, items []Item, errOut io.Writer) (string, error) {
	cmd := exec.CommandContext(ctx, path, "--prompt", Prompt, "--height", "40%", "--layout", "reverse", "--no-multi", "--tiebreak", "index")
	cmd.Env = env
	cmd.Stdin = strings.NewReader(strings.Join(Lines(items), "\n") + "\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && (exit.ExitCode() == 1 || exit.ExitCode() == 130):
		return "", ErrCancelled
	case ctx.Err() != nil:
		return "", ctx.Err()
	case err != nil:
		return "", fmt.Errorf("fzf: %w", err)
	}
	f := strings.Fields(out.String())
	if len(f) == 0 {
		return "", ErrCancelled
	}
	for _, it := range items {
		if visible.String(it.Profile) == f[0] {
			return it.Profile, nil
		}
	}
	return f[0], nil
}
