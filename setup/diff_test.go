package setup

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// gnuRange is a hunk range of one line as diff -u writes it ("+5"); Diff
// writes "+5,1", which patch(1) reads alike.
var gnuRange = regexp.MustCompile(`([-+])(\d+) `)

// Diff's output is diff -u's, ranges of one line aside, and patch(1) turns
// the old text into the new with it, a last line without a newline
// included.
func TestDiffMatchesGNUDiff(t *testing.T) {
	diffCmd, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("no diff(1) to compare with")
	}
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("no patch(1) to apply the diffs")
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

// A large config costs little, and only the part that changed shows.
func TestDiffLarge(t *testing.T) {
	var a, b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&a, "line %d\n", i)
		if i == 10000 {
			b.WriteString("changed\n")
		} else {
			fmt.Fprintf(&b, "line %d\n", i)
		}
	}
	want := "--- a\n+++ b\n@@ -9998,7 +9998,7 @@\n line 9997\n line 9998\n line 9999\n-line 10000\n+changed\n line 10001\n line 10002\n line 10003\n"
	if got := Diff("a", "b", a.String(), b.String()); got != want {
		t.Fatalf("got:\n%s", got)
	}
}
