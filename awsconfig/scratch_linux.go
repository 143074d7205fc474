package awsconfig

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// scratchFile holds data in memory where a path can reach it (memfd), so
// an excerpt of the config is never written to disk.
func scratchFile(data []byte) (string, func(), error) {
	fd, err := unix.MemfdCreate("ssox-config", unix.MFD_CLOEXEC)
	if err != nil {
		return scratchTemp(data)
	}
	f := os.NewFile(uintptr(fd), "ssox-config")
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", nil, err
	}
	return fmt.Sprintf("/proc/self/fd/%d", fd), func() { f.Close() }, nil
}
