package setup

import (
	"bytes"

	"github.com/rogpeppe/go-internal/diff"
)

// Diff returns the change from a to b as a unified diff with three lines of
// context, as diff -u and patch(1) read it, or "" when they are equal: Go's
// anchored diff (github.com/rogpeppe/go-internal/diff), which takes O(n log
// n) time for a config of any size and marks a last line without a
// newline, without the "diff a b" line it starts with.
func Diff(nameA, nameB, a, b string) string {
	out := diff.Diff(nameA, []byte(a), nameB, []byte(b))
	if out == nil {
		return ""
	}
	if i := bytes.IndexByte(out, '\n'); i >= 0 && bytes.HasPrefix(out, []byte("diff ")) {
		out = out[i+1:]
	}
	return string(out)
}
