package exec

import (
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"os/signal"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
)

// Supervise runs path as a subprocess and returns its exit status as an
// *errs.Exit (nil for 0); a child killed by signal N gives 128+N, as a
// shell reports it.
//
// ssox stays between the child and whoever signals it, so it passes on
// what a supervisor should (supervisedSignals), and nothing twice: on a
// terminal, the child runs as the terminal's foreground job, in a process
// group of its own (see job), so that Ctrl-C, Ctrl-\ and a resize reach
// the child from the terminal and never ssox, and every signal ssox gets
// was sent to ssox itself, for the child.
func Supervise(path string, argv []string, env environ.Env, io *iostreams.IOStreams) error {
	cmd := osexec.Command(path)
	cmd.Args = argv
	cmd.Env = env.List()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = io.In, io.Out, io.ErrOut

	// A signal ssox was started with ignored stays ignored, for the child too.
	sigs := make(chan os.Signal, 8)
	for _, s := range supervisedSignals {
		if !signal.Ignored(s) {
			signal.Notify(sigs, s)
		}
	}
	defer signal.Stop(sigs)

	j := foregroundJob(cmd)
	if err := cmd.Start(); err != nil {
		j.release()
		return fmt.Errorf("start %s: %w", argv[0], err)
	}
	done := make(chan error, 1)
	go func() {
		if j != nil {
			done <- j.wait(cmd.Process)
			return
		}
		err := cmd.Wait()
		done <- exitStatus(cmd.ProcessState, err)
	}()
	for {
		select {
		case sig := <-sigs:
			if forwarded(sig) {
				_ = cmd.Process.Signal(sig)
			}
		case err := <-done:
			return err
		}
	}
}

func exitStatus(ps *os.ProcessState, waitErr error) error {
	if ps == nil {
		return fmt.Errorf("wait for the command: %w", waitErr)
	}
	if n, ok := signalNumber(ps); ok {
		return &errs.Exit{Code: 128 + n}
	}
	if code := ps.ExitCode(); code != 0 {
		return &errs.Exit{Code: code}
	}
	var exitErr *osexec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) {
		return fmt.Errorf("wait for the command: %w", waitErr)
	}
	return nil
}
