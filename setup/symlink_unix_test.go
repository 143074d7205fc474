//go:build unix

// Making a symbolic link on Windows takes a privilege (or developer mode)
// that a user running setup does not usually have.

package setup

import (
	"os"
	"path/filepath"
	"testing"
)

func TestApplyWritesThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	dotfiles := filepath.Join(dir, "dotfiles")
	if err := os.Mkdir(dotfiles, 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dotfiles, "aws-config")
	if err := os.WriteFile(target, []byte(guide), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config")
	if err := os.Symlink("dotfiles/aws-config", link); err != nil {
		t.Fatal(err)
	}
	p, _ := MakePlan(guide, session, reachable, "us-east-1", false, nil)
	backup, err := Apply(link, p)
	if err != nil {
		t.Fatal(err)
	}
	if dest, err := os.Readlink(link); err != nil || dest != "dotfiles/aws-config" {
		t.Fatalf("link now %q, %v", dest, err)
	}
	got, _ := os.ReadFile(target)
	old, _ := os.ReadFile(backup)
	fi, _ := os.Stat(target)
	if string(got) != p.New || string(old) != guide || fi.Mode().Perm() != 0o640 || backup != link+".ssox-backup" {
		t.Fatalf("target %q backup %s %q mode %o", got, backup, old, fi.Mode().Perm())
	}
	// Nothing else is left in the target's folder (no temporary file).
	if ents, _ := os.ReadDir(dotfiles); len(ents) != 1 {
		t.Fatalf("dotfiles holds %d files", len(ents))
	}
}
