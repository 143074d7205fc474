//go:build unix

package interrupt

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

func TestArmedContextEndsOnSignal(t *testing.T) {
	ctx, release := New(context.Background())
	defer release()
	Arm(ctx)
	Arm(ctx) // once is enough
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("an interrupt did not end the armed context")
	}
}

// A context from New that nothing armed leaves SIGTERM alone: a process
// that sends itself one dies of it, as it would without ssox's handler.
// The process is a child (this test binary again), so that its death is
// what the test observes rather than a race between handlers.
func TestUnarmedContextInstallsNoHandler(t *testing.T) {
	if os.Getenv("SSOX_INTERRUPT_CHILD") == "1" {
		ctx, release := New(context.Background())
		defer release()
		if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
			os.Exit(4)
		}
		select {
		case <-ctx.Done():
			os.Exit(3) // a handler caught it and ended ctx
		case <-time.After(10 * time.Second):
			os.Exit(0) // a handler caught it
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestUnarmedContextInstallsNoHandler$")
	cmd.Env = append(os.Environ(), "SSOX_INTERRUPT_CHILD=1")
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("the child survived its SIGTERM: %v", err)
	}
	if ws := exit.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Fatalf("the child ended with %v, not killed by SIGTERM", err)
	}
	Arm(context.Background()) // not from New: nothing to arm, no panic
}

// The first SIGINT or SIGTERM asks (ctx ends); a second forces: the process
// dies of it even while it is stuck in something that does not heed ctx.
// The process is a child (this test binary again) that reports each step
// on stdout, so the test sends the second signal only once the first has
// been handled.
func TestSecondSignalEndsTheProcess(t *testing.T) {
	if os.Getenv("SSOX_INTERRUPT_CHILD") == "2" {
		ctx, release := New(context.Background())
		defer release()
		Arm(ctx)
		fmt.Println("armed")
		<-ctx.Done()
		fmt.Println("asked")
		time.Sleep(time.Minute) // stuck, heedless of ctx
		os.Exit(0)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSecondSignalEndsTheProcess$")
			cmd.Env = append(os.Environ(), "SSOX_INTERRUPT_CHILD=2")
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := bufio.NewScanner(out)
			for _, step := range []string{"armed", "asked"} {
				if !lines.Scan() || lines.Text() != step {
					t.Fatalf("the child said %q, want %q", lines.Text(), step)
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var exit *exec.ExitError
				if !errors.As(err, &exit) {
					t.Fatalf("the child survived a second %v: %v", sig, err)
				}
				if ws := exit.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != sig {
					t.Fatalf("the child ended with %v, not killed by %v", err, sig)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("a second %v did not end the child", sig)
			}
		})
	}
}
