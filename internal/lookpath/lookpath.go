// Package lookpath finds a command on a given PATH, the child's rather than
// ssox's own, as a shell started with that environment would.
package lookpath

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrNotFound is returned when no directory of PATH holds the command.
var ErrNotFound = errors.New("not found on PATH")

// IsPath reports whether name is a path, used as it is, rather than a
// command to look up on PATH: as for a shell, when it holds a slash (or, on
// Windows, a backslash).
func IsPath(name string) bool {
	return strings.ContainsRune(name, '/') || (runtime.GOOS == "windows" && strings.ContainsRune(name, '\\'))
}

// Find returns the path of name. A path is used as it is, as a shell does;
// empty PATH entries (the current folder) are skipped on purpose.
func Find(name, path string) (string, error) {
	if IsPath(name) {
		if err := executable(name); err != nil {
			return "", err
		}
		return name, nil
	}
	var firstErr error
	for _, dir := range filepath.SplitList(path) {
		if dir == "" || !filepath.IsAbs(dir) {
			continue
		}
		p, err := exec.LookPath(filepath.Join(dir, name))
		if err == nil {
			return p, nil
		}
		if firstErr == nil && errors.Is(err, fs.ErrPermission) {
			firstErr = err
		}
	}
	if firstErr != nil {
		return "", firstErr
	}
	return "", ErrNotFound
}

func executable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return ErrNotFound
		}
		return err
	}
	if fi.IsDir() {
		return fs.ErrPermission
	}
	if runtime.GOOS != "windows" && fi.Mode()&0o111 == 0 {
		return fs.ErrPermission
	}
	return nil
}
