//go:build unix

package interrupt

import (
	"context"
	"errors"
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
