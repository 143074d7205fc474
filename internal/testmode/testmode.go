// Package testmode checks, in tests, the permission bits of files and
// folders ssox writes.
package testmode

import (
	"os"
	"runtime"
	"testing"
)

// Check fails t unless path exists and, on Unix, has the permission bits
// want. Windows has no such bits (Go reports 0666 or 0777 for every file;
// a file takes its folder's access list, as the AWS CLI's do there), so
// there only the existence is checked.
func Check(t testing.TB, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Error(err)
		return
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != want {
		t.Errorf("%s: mode %04o, want %04o", path, fi.Mode().Perm(), want)
	}
}
