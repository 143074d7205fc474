package prompt

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/ssox/ssox/internal/tmpl"
	"github.com/ssox/ssox/internal/visible"
)

// Template is a parsed --format: a Go text/template over Fields.
type Template struct{ t *tmpl.Template }

// ParseTemplate parses text, and rejects a field Fields does not have:
// text/template would only notice when the branch that names it runs,
// which for a prompt may be hours later.
func ParseTemplate(text string) (*Template, error) {
	t, err := tmpl.Parse("format", text, reflect.TypeFor[Fields](), maxSegment)
	if err != nil {
		return nil, err
	}
	return &Template{t}, nil
}

// Execute renders the template for f. Control characters in the result,
// whether from the fields, the template text or a function such as printf,
// are shown as escapes: a prompt segment never acts on the terminal (ssox
// adds its colour itself).
func (t *Template) Execute(f Fields) (string, error) {
	s, err := t.t.Execute(f)
	if errors.Is(err, tmpl.ErrTooLong) {
		return "", fmt.Errorf("the segment is longer than %d bytes", maxSegment)
	}
	if errors.Is(err, tmpl.ErrTooManySteps) {
		return "", fmt.Errorf("the template takes more than %d steps (loop iterations and template calls) or calls templates more than %d deep", tmpl.MaxSteps, tmpl.MaxDepth)
	}
	if err != nil {
		return "", err
	}
	return visible.String(s), nil
}

// maxSegment bounds a rendered segment: a template such as
// {{range 100000000}}xx{{end}} stops there instead of stalling every prompt.
const maxSegment = 1024
