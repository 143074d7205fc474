package setup

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiffMatchesGNUDiff(t *testing.T) {
	diffCmd, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("no diff(1) to compare with")
	}
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	tests := []string{
		"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\n", // append
		"x\na\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n",    // prepend
		"a\nb\nC\nd\ne\nf\ng\nh\ni\nj\nK\nl\nm\n",       // two far apart changes
		"a\nb\nc\nd\nE\nf\nG\nh\ni\nj\nk\nl\nm\n",       // two close changes, one hunk
		"",    // all removed
		"a\n", // almost all removed
	}
	dir := t.TempDir()
	pa := filepath.Join(dir, "a")
	os.WriteFile(pa, []byte(a), 0o600)
	for _, b := range tests {
		pb := filepath.Join(dir, "b")
		os.WriteFile(pb, []byte(b), 0o600)
		out, _ := exec.Command(diffCmd, "-u", "--label", "old", "--label", "new", pa, pb).Output()
		if got := Diff("old", "new", a, b); got != string(out) {
			t.Errorf("b=%q\ngot:\n%s\ndiff -u:\n%s", b, got, out)
		}
	}
	if Diff("x", "y", a, a) != "" {
		t.Error("equal texts gave a diff")
	}
	if !strings.HasPrefix(Diff("x", "y", "", "new\n"), "--- x\n+++ y\n@@ -0,0 +1 @@\n+new\n") {
		t.Errorf("%q", Diff("x", "y", "", "new\n"))
	}
}
