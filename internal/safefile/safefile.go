// Package safefile reads the files ssox reads — the config, the AWS tools'
// caches, ssox's notes, a CA bundle — so that no file can stall or swell it:
// opened without waiting (a named pipe has no writer to wait for), refused
// unless it is a regular file (a symbolic link to one is fine: ~/.aws/config
// is often a dotfiles link), and read only up to a limit for its kind.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/ssox/ssox/internal/visible"
)

// The most ssox reads of each kind of file. A larger one is refused rather
// than read: a link to /dev/zero or to a growing log would otherwise take
// memory without bound.
const (
	// CacheLimit is for the AWS tools' caches (SSO token, client
	// registration, role and assume-role credentials) and ssox's notes
	// beside them. The AWS CLI and ssox write a few kilobytes; 1 MiB is
	// hundreds of times that, and costs nothing to refuse.
	CacheLimit = 1 << 20
	// ConfigLimit is for the user's own files: ~/.aws/config
	// (AWS_CONFIG_FILE), AWS_CA_BUNDLE, starship.toml, a browser's list of
	// profiles. 16 MiB holds about 90,000 profiles as 'ssox setup' writes
	// them (1,000 accounts with 2 roles each make 344 KB); a CA bundle or
	// a browser's Local State is a few hundred KB.
	ConfigLimit = 16 << 20
)

// ReadFile reads the regular file at path, or the one a symbolic link there
// names, if it holds at most limit bytes. A file of another kind (a named
// pipe, a device, a folder) is a *NotRegularError, a larger one a
// *TooLargeError; a missing one is an error errors.Is(err, fs.ErrNotExist)
// recognises, as from os.ReadFile.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := CheckRegular(path, fi); err != nil {
		return nil, err
	}
	if fi.Size() > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	// One byte more than the size: the end shows without growing, and a
	// file that grew since Stat is still stopped at the limit.
	data := make([]byte, 0, fi.Size()+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, &TooLargeError{Path: path, Limit: limit}
		}
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// CheckRegular returns a *NotRegularError unless fi, which describes the
// file at path, is a regular file. It is for files opened elsewhere (with
// NoBlock), such as a lock.
func CheckRegular(path string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	return &NotRegularError{Path: path, Mode: fi.Mode()}
}

// NotRegularError is a file that is not a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", visible.String(e.Path), e.Kind())
}

// Kind names what the file is: "a named pipe", "a device", ...
func (e *NotRegularError) Kind() string {
	switch m := e.Mode; {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "an irregular file"
}

// TooLargeError is a file larger than ssox reads of its kind.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	limit := fmt.Sprintf("%d bytes", e.Limit)
	if e.Limit%(1<<20) == 0 {
		limit = fmt.Sprintf("%d MiB", e.Limit>>20)
	}
	return fmt.Sprintf("%s is larger than %s, the most ssox reads of such a file", visible.String(e.Path), limit)
}
