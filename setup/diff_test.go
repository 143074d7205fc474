package setup

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// gnuRange is a hunk range of one line as diff -u writes it ("+5"); Diff
// writes "+5,1", which patch(1) reads alike.
var gnuRange = regexp.MustCompile(`([-+])(\d+) `)

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
