//go:build windows

package safefile

import (
	"io/fs"
	"os"

	"golang.org/x/sys/windows"

	"github.com/ssox/ssox/internal/winshare"
)

// NoBlock is 0: Windows keeps named pipes out of the file system (they live
// under \\.\pipe\), and opening one does not wait for its server.
const NoBlock = 0

// open opens path to read it, sharing it with a replace (FILE_SHARE_DELETE)
// so that ssox reading a cache never stops another ssox replacing it, and
// waiting while a replace holds the file (winshare).
func open(path string) (*os.File, error) {
	name, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var h windows.Handle
	err = winshare.Retry(path, func() error {
		var err error
		// Backup semantics open a folder too, which the caller then
		// refuses as not a regular file.
		h, err = windows.CreateFile(name, windows.GENERIC_READ, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
			nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}
