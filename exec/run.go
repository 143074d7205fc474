package exec

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/lookpath"
)

// Resolve finds argv[0] on the child's PATH, or takes it as it is when it
// is a path.
func Resolve(name string, env environ.Env) (string, error) {
	path, err := lookpath.Find(name, env.Get("PATH"))
	switch {
	case err == nil:
		return path, nil
	case errors.Is(err, lookpath.ErrNotFound) && lookpath.IsPath(name):
		return "", &errs.Error{Err: fmt.Errorf("command %q not found", name), Code: errs.CodeNotFound}
	case errors.Is(err, lookpath.ErrNotFound):
		return "", &errs.Error{Err: fmt.Errorf("command %q not found on PATH", name), Code: errs.CodeNotFound}
	case errors.Is(err, fs.ErrPermission):
		return "", &errs.Error{Err: fmt.Errorf("command %q is not executable", name), Code: 126}
	default:
		return "", &errs.Error{Err: fmt.Errorf("command %q: %w", name, err), Code: errs.CodeNotFound}
	}
}

// Run runs the command as the child: on Unix in ssox's place (it returns
// only on failure), elsewhere as a supervised subprocess whose exit status
// it returns as an *errs.Exit.
func Run(path string, argv []string, env environ.Env, io *iostreams.IOStreams) error {
	if !ReplacesProcess {
		return Supervise(path, argv, env, io)
	}
	if err := Replace(path, argv, env.List()); err != nil {
		return fmt.Errorf("run %s: %w", argv[0], err)
	}
	return nil
}
