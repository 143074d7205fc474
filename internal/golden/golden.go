// Package golden compares what a test made with a file of the expected
// text, and rewrites the file instead under `go test -update`: the golden
// files of the console's URLs and browsers' command lines.
package golden

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the tests make")

// Check fails t when got differs from the file at path, showing got; with
// -update it writes got there first.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("%s differs (go test -update rewrites it); got:\n%s", path, got)
	}
}
