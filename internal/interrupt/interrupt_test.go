//go:build unix

package interrupt

import (
	"context"
	"os"
	"os/signal"
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

func TestUnarmedContextInstallsNoHandler(t *testing.T) {
	// Catch SIGTERM here, so that if New had armed a handler of its own the
	// signal would reach both and end ctx; unarmed, only this test sees it.
	mine := make(chan os.Signal, 1)
	signal.Notify(mine, syscall.SIGTERM)
	defer signal.Stop(mine)
	ctx, release := New(context.Background())
	defer release()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-mine
	select {
	case <-ctx.Done():
		t.Fatal("a context that was never armed ended on a signal")
	default:
	}
	Arm(context.Background()) // not from New: nothing to arm, no panic
}
