package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config")
	if err := os.WriteFile(file, []byte("0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path  string
		limit int64
		want  string
	}{
		{file, 10, "0123456789"}, // exactly the limit
		{file, 1 << 20, "0123456789"},
		{empty, 10, ""},
	} {
		data, err := ReadFile(tc.path, tc.limit)
		if err != nil || string(data) != tc.want {
			t.Errorf("ReadFile(%s, %d) = %q, %v", filepath.Base(tc.path), tc.limit, data, err)
		}
	}
	var tooLarge *TooLargeError
	if _, err := ReadFile(file, 9); !errors.As(err, &tooLarge) || err.Error() != file+" is larger than 9 bytes, the most ssox reads of such a file" {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	var notRegular *NotRegularError
	if _, err := ReadFile(dir, 10); !errors.As(err, &notRegular) || err.Error() != dir+" is a folder, not a regular file" {
		t.Errorf("a folder: %v", err)
	}
}

func TestTooLargeNamesMiB(t *testing.T) {
	err := &TooLargeError{Path: "/h/.aws/config", Limit: ConfigLimit}
	if !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Fatal(err)
	}
}
