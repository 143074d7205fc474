package setup

import (
	"fmt"
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
	if err := os.WriteFile(pa, []byte(a), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, b := range tests {
		pb := filepath.Join(dir, "b")
		if err := os.WriteFile(pb, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
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

// Large configs: the common beginning and end cost no table, and a changed
// part too large for one still gives a diff that patch(1) applies.
func TestDiffLarge(t *testing.T) {
	var a, b, c strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&a, "line %d\n", i)
		switch {
		case i == 10000:
			b.WriteString("changed\n")
		case i >= 5000 && i < 15000:
			fmt.Fprintf(&c, "other %d\n", i)
			fallthrough
		default:
			fmt.Fprintf(&b, "line %d\n", i)
		}
	}
	want := "--- a\n+++ b\n@@ -9998,7 +9998,7 @@\n line 9997\n line 9998\n line 9999\n-line 10000\n+changed\n line 10001\n line 10002\n line 10003\n"
	if got := Diff("a", "b", a.String(), b.String()); got != want {
		t.Fatalf("got:\n%s", got)
	}
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("no patch(1) to apply the fallback diff")
	}
	dir := t.TempDir()
	pa := filepath.Join(dir, "a")
	if err := os.WriteFile(pa, []byte(a.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(patch, "-s", pa)
	cmd.Stdin = strings.NewReader(Diff("a", "c", a.String(), c.String()))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(pa); string(got) != c.String() {
		t.Fatal("the patched file differs")
	}
}
