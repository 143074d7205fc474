//go:build unix

package exec

import (
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/ssox/ssox/internal/errs"
)

// job is the child run as the terminal's foreground job, as a shell runs a
// command: in a process group of its own, which the terminal sends Ctrl-C,
// Ctrl-\, Ctrl-Z and resizes to, while ssox's group waits in the
// background. A signal ssox gets then never came from the terminal, and
// passing it on never doubles one the child got itself. ssox follows the
// child through job control: when the child stops (Ctrl-Z), ssox takes the
// terminal back and stops its own job, so the shell gets its prompt; when
// the shell continues ssox (fg, bg), ssox continues the child, in the
// foreground if ssox is. ssox moves the terminal only between its own group
// and the child's, never away from the shell.
type job struct {
	tty *os.File
	// own is ssox's process group.
	own int
}

// foregroundJob prepares cmd to run as the terminal's foreground job if
// ssox is that job now, and returns nil if it is not (no terminal, a
// background job) or if a stream of the child is not one of ssox's files,
// which only cmd.Wait can finish copying (tests).
func foregroundJob(cmd *osexec.Cmd) *job {
	for _, s := range []any{cmd.Stdin, cmd.Stdout, cmd.Stderr} {
		if _, ok := s.(*os.File); !ok {
			return nil
		}
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil // no controlling terminal
	}
	j := &job{tty: tty, own: syscall.Getpgrp()}
	if j.foreground() != j.own {
		tty.Close()
		return nil
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Foreground: true, Ctty: int(tty.Fd())}
	return j
}

// release lets go of the terminal's file.
func (j *job) release() {
	if j != nil {
		j.tty.Close()
	}
}

// wait waits for the child p, started with foregroundJob's settings, to
// end, following it through its stops, and returns its status as
// exitStatus does. The terminal is ssox's again at the end.
func (j *job) wait(p *os.Process) error {
	defer j.release()
	// ssox in the background moves the terminal's foreground, and may
	// write to it: what the terminal stops a background job for (SIGTTOU).
	// The child has its own disposition since its exec.
	if !signal.Ignored(syscall.SIGTTOU) {
		signal.Ignore(syscall.SIGTTOU)
		defer signal.Reset(syscall.SIGTTOU)
	}
	cont := make(chan os.Signal, 1)
	signal.Notify(cont, syscall.SIGCONT)
	defer signal.Stop(cont)
	for {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(p.Pid, &ws, syscall.WUNTRACED, nil)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return fmt.Errorf("wait for the command: %w", err)
		case ws.Stopped():
			j.suspend(p.Pid, cont)
			continue
		}
		j.move(p.Pid, j.own)
		_ = p.Release()
		switch {
		case ws.Signaled():
			return &errs.Exit{Code: 128 + int(ws.Signal())}
		case ws.ExitStatus() != 0:
			return &errs.Exit{Code: ws.ExitStatus()}
		}
		return nil
	}
}

// suspend follows the child's stop: ssox takes the terminal back and stops
// its own job, as the terminal would have stopped it with the child, then,
// once continued, continues the child. Where nothing would continue ssox
// (no job-control shell above its process group), the terminal ignores
// Ctrl-Z as well, and so does ssox: the child goes on at once.
func (j *job) suspend(child int, cont chan os.Signal) {
	if stoppable() {
		j.move(child, j.own)
		select {
		case <-cont: // an old one
		default:
		}
		if err := syscall.Kill(0, syscall.SIGTSTP); err == nil {
			<-cont // fg or bg
		}
		j.move(j.own, child)
	}
	_ = syscall.Kill(-child, syscall.SIGCONT)
}

// stoppable reports whether stopping ssox's job lasts until a shell
// continues it: SIGTSTP is not ignored, and ssox's parent, in the same
// session, is in another process group (a shell with job control). A
// process group without one is orphaned, and the kernel would drop the
// stop; ssox then never waits for a continue.
func stoppable() bool {
	if signal.Ignored(syscall.SIGTSTP) {
		return false
	}
	parent := syscall.Getppid()
	group, err := syscall.Getpgid(parent)
	if err != nil || group == syscall.Getpgrp() {
		return false
	}
	session, err := unix.Getsid(parent)
	own, oerr := unix.Getsid(0)
	return err == nil && oerr == nil && session == own
}

// foreground is the terminal's foreground process group.
func (j *job) foreground() int {
	pg, err := unix.IoctlGetInt(int(j.tty.Fd()), unix.TIOCGPGRP)
	if err != nil {
		return -1
	}
	return pg
}

// move gives the terminal to process group to if group from has it.
func (j *job) move(from, to int) {
	if j.foreground() == from {
		_ = unix.IoctlSetPointerInt(int(j.tty.Fd()), unix.TIOCSPGRP, to)
	}
}
