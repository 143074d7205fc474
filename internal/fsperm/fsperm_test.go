//go:build unix

package fsperm

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/ssox/ssox/internal/errs"
)

func TestExplain(t *testing.T) {
	home := t.TempDir()
	aws := filepath.Join(home, ".aws")
	if err := os.Mkdir(aws, 0o555); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(aws, "sso", "cache")
	denied := &fs.PathError{Op: "mkdir", Path: filepath.Join(aws, "sso"), Err: syscall.EACCES}
	tests := []struct {
		name      string
		chown     int
		err       error
		msg, hint string
	}{
		{"own folder", -1, denied,
			"cannot write to " + cache + ": " + aws + " is not writable (mode 0555)", "chmod u+rwx " + aws},
		{"another user's folder", 65534, denied,
			"cannot write to " + cache + ": " + aws + " belongs to another user (uid 65534, mode 0555)",
			`sudo chown -R "$(id -un)" ` + aws + "  (it was probably created by a command run with sudo)"},
		{"read-only file system", -1, &fs.PathError{Op: "mkdir", Path: cache, Err: syscall.EROFS},
			"cannot write to " + cache + ": " + aws + " is on a read-only file system", "remount it read-write, or set HOME to a writable folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.chown >= 0 {
				if os.Getuid() != 0 {
					t.Skip("chown needs root")
				}
				if err := os.Chown(aws, tt.chown, tt.chown); err != nil {
					t.Fatal(err)
				}
				defer os.Chown(aws, os.Getuid(), os.Getgid())
			}
			err := Explain(cache, tt.err)
			if err.Error() != tt.msg || errs.HintOf(err) != tt.hint {
				t.Fatalf("got  %q\nhint %q", err, errs.HintOf(err))
			}
		})
	}
	other := fmt.Errorf("write: %w", syscall.ENOSPC)
	if got := Explain(cache, other); got != other {
		t.Fatalf("a full disk is not a permission problem: %v", got)
	}
}

func TestCheck(t *testing.T) {
	home := t.TempDir()
	if err := Check(filepath.Join(home, ".aws", "sso", "cache")); err != nil {
		t.Fatalf("a writable home: %v", err)
	}
	if os.Getuid() == 0 {
		t.Skip("root may write anywhere; e2e tests the refusal as another user")
	}
	if err := os.Chmod(home, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(home, 0o700)
	err := Check(filepath.Join(home, ".aws", "sso", "cache"))
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v", err)
	}
}
