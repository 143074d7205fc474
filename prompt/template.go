package prompt

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/ssox/ssox/internal/visible"
)

// Template is a parsed --format: a Go text/template over Fields.
type Template struct{ t *template.Template }

// ParseTemplate parses text, and rejects a field Fields does not have:
// text/template would only notice when the branch that names it runs,
// which for a prompt may be hours later.
func ParseTemplate(text string) (*Template, error) {
	t, err := template.New("format").Parse(text)
	if err != nil {
		return nil, tidy(err)
	}
	known := fieldNames()
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if name := unknownField(tt.Tree.Root, known); name != "" {
			return nil, fmt.Errorf("unknown field %q (fields: %s)", name, strings.Join(known, ", "))
		}
	}
	return &Template{t}, nil
}

// Execute renders the template for f. Control characters in the result,
// whether from the fields, the template text or a function such as printf,
// are shown as escapes: a prompt segment never acts on the terminal (ssox
// adds its colour itself).
func (t *Template) Execute(f Fields) (string, error) {
	b := &limitWriter{max: maxSegment}
	if err := t.t.Execute(b, f); err != nil {
		if b.over {
			return "", fmt.Errorf("the segment is longer than %d bytes", maxSegment)
		}
		return "", tidy(err)
	}
	return visible.String(b.String()), nil
}

// maxSegment bounds a rendered segment: a template such as
// {{range 100000000}}x{{end}} stops there instead of stalling every prompt.
const maxSegment = 1024

// limitWriter fails a write that would take it past max bytes, which ends
// the template's execution.
type limitWriter struct {
	strings.Builder
	max  int
	over bool
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.Len()+len(p) > w.max {
		w.over = true
		return 0, errors.New("segment too long")
	}
	return w.Builder.Write(p)
}

// tidy drops text/template's "template: format:" prefix, which names a
// template the user never named.
func tidy(err error) error {
	if rest, ok := strings.CutPrefix(err.Error(), "template: format:"); ok {
		return errors.New("line " + rest)
	}
	return err
}

// fieldNames lists Fields' fields in declaration order.
func fieldNames() []string {
	var names []string
	for _, f := range reflect.VisibleFields(reflect.TypeFor[Fields]()) {
		names = append(names, f.Name)
	}
	return names
}

// unknownField returns the first field name under n that is not in known,
// or "". No field of Fields has fields of its own, so every name in a
// chain must be one of them.
func unknownField(n parse.Node, known []string) string {
	check := func(names []string) string {
		for _, name := range names {
			if !slices.Contains(known, name) {
				return name
			}
		}
		return ""
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return ""
		}
		for _, c := range n.Nodes {
			if name := unknownField(c, known); name != "" {
				return name
			}
		}
	case *parse.ActionNode:
		return unknownField(n.Pipe, known)
	case *parse.PipeNode:
		if n == nil {
			return ""
		}
		for _, c := range n.Cmds {
			if name := unknownField(c, known); name != "" {
				return name
			}
		}
	case *parse.CommandNode:
		for _, c := range n.Args {
			if name := unknownField(c, known); name != "" {
				return name
			}
		}
	case *parse.FieldNode:
		return check(n.Ident)
	case *parse.VariableNode:
		// $x.Field: Ident[0] is the variable.
		return check(n.Ident[1:])
	case *parse.ChainNode:
		if name := unknownField(n.Node, known); name != "" {
			return name
		}
		return check(n.Field)
	case *parse.IfNode:
		return unknownBranch(&n.BranchNode, known)
	case *parse.RangeNode:
		return unknownBranch(&n.BranchNode, known)
	case *parse.WithNode:
		return unknownBranch(&n.BranchNode, known)
	case *parse.TemplateNode:
		return unknownField(n.Pipe, known)
	}
	return ""
}

func unknownBranch(b *parse.BranchNode, known []string) string {
	for _, c := range []parse.Node{b.Pipe, b.List, b.ElseList} {
		if name := unknownField(c, known); name != "" {
			return name
		}
	}
	return ""
}
