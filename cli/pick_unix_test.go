//go:build unix

// The stand-in fzf is a sh script.

package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ssox/ssox/internal/errs"
)

func TestPickProfileWithFzf(t *testing.T) {
	t.Parallel()
	d, cfg := pickDeps(t)
	bin := t.TempDir()
	// A stand-in fzf that picks the deploy line, or leaves as Esc does.
	script := "#!/bin/sh\n[ -n \"$FZF_ESC\" ] && exit 130\ngrep '^deploy '\n"
	if err := os.WriteFile(filepath.Join(bin, "fzf"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	d.env["PATH"] = bin + ":/usr/bin:/bin"
	d.env["SSOX_PICKER"] = "fzf"
	if name, err := d.pickProfile(context.Background(), cfg, "ssox PROFILE -- CMD"); err != nil || name != "deploy" {
		t.Errorf("fzf picked %q, %v", name, err)
	}
	d.env["FZF_ESC"] = "1"
	_, err := d.pickProfile(context.Background(), cfg, "ssox PROFILE -- CMD")
	var exit *errs.Exit
	if !errors.As(err, &exit) || exit.Code != 130 {
		t.Errorf("fzf cancelled: %v", err)
	}
	d.env["PATH"] = "/nonexistent"
	if _, err := d.pickProfile(context.Background(), cfg, "ssox PROFILE -- CMD"); err == nil || err.Error() != "SSOX_PICKER=fzf, but fzf is not on PATH" {
		t.Errorf("no fzf: %v", err)
	}
	d.env["SSOX_PICKER"] = "peco"
	if _, err := d.pickProfile(context.Background(), cfg, "ssox PROFILE -- CMD"); errs.CodeOf(err) != errs.CodeUsage || err.Error() != "unknown SSOX_PICKER=peco (expected: fzf)" {
		t.Errorf("unknown picker: %v", err)
	}
}
