// Package atomicfile writes files so that a reader sees the old content or the
// new, never a half-written file: a temporary file in the same folder, synced,
// then renamed over the target.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ssox/ssox/internal/fsperm"
	"github.com/ssox/ssox/internal/winshare"
)

// WriteFile writes data to path with mode perm, creating the folder with
// dirPerm when it is missing.
func WriteFile(path string, data []byte, perm, dirPerm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := fsperm.MkdirAll(dir, dirPerm); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fsperm.Explain(dir, fmt.Errorf("write %s: %w", path, err))
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// On Windows, while a reader holds the file, the replace waits.
	if err := winshare.Retry(path, func() error { return os.Rename(name, path) }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	ok = true
	return nil
}
