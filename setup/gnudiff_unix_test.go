//go:build unix

// GNU diff and patch read the same diffs: a Unix host's test.

package setup

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/testneed"
)

// Diff's output is diff -u's, ranges of one line aside, and patch(1) turns
// the old text into the new with it, a last line without a newline
// included.
func TestDiffMatchesGNUDiff(t *testing.T) {
	diffCmd, err := exec.LookPath("diff")
	if err != nil {
		testneed.Missing(t, "no diff(1) to compare with")
	}
	patch, err := exec.LookPath("patch")
	if err != nil {
		testneed.Missing(t, "no patch(1) to apply the diffs (.ci/run installs it)")
	}
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	tests := []string{
		"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\n", // append
		"x\na\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n",    // prepend
		"a\nb\nC\nd\ne\nf\ng\nh\ni\nj\nK\nl\nm\n",       // two far apart changes
		"a\nb\nc\nd\nE\nf\nG\nh\ni\nj\nk\nl\nm\n",       // two close changes, one hunk
		"",                                      // all removed
		"a\n",                                   // almost all removed
		"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm", // the last newline removed
	}
	dir := t.TempDir()
	pa, pb := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, b := range tests {
		if err := os.WriteFile(pa, []byte(a), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pb, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(diffCmd, "-u", "--label", "old", "--label", "new", pa, pb).Output()
		want := gnuRange.ReplaceAllString(string(out), "$1$2,1 ")
		got := Diff("old", "new", a, b)
		if got != want {
			t.Errorf("b=%q\ngot:\n%s\ndiff -u:\n%s", b, got, out)
		}
		cmd := exec.Command(patch, "-s", pa)
		cmd.Stdin = strings.NewReader(got)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("b=%q: patch: %v\n%s", b, err, out)
		}
		if patched, _ := os.ReadFile(pa); string(patched) != b {
			t.Errorf("b=%q: patched into %q", b, patched)
		}
	}
	if Diff("x", "y", a, a) != "" {
		t.Error("equal texts gave a diff")
	}
	if got := Diff("x", "y", "", "new\n"); got != "--- x\n+++ y\n@@ -0,0 +1,1 @@\n+new\n" {
		t.Errorf("%q", got)
	}
}
