// Package tmpl is ssox's reading of the Go templates users give on the
// command line (the prompt's --format, setup's --profile-name): every field
// a template names is checked when it is parsed, not when the branch that
// names it first runs, and what it writes is bounded.
package tmpl

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
)

// Template is a parsed template over the fields of one struct type.
type Template struct {
	t    *template.Template
	name string
	max  int
}

// ErrTooLong ends an execution that would write more than the template's
// limit: {{range 100000000}}x{{end}} stops there. (A value of a type of its
// own: errors.New would run at every start-up.)
var ErrTooLong error = tooLong{}

type tooLong struct{}

func (tooLong) Error() string { return "output too long" }

// Parse parses text as template name (the flag it came from, for
// messages) over the fields of fields, a struct type whose fields have no
// fields of their own; max bounds what Execute writes.
func Parse(name, text string, fields reflect.Type, max int) (*Template, error) {
	t, err := template.New(name).Parse(text)
	if err != nil {
		return nil, tidy(name, err)
	}
	known := fieldNames(fields)
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		if field := unknownField(tt.Tree.Root, known); field != "" {
			return nil, fmt.Errorf("unknown field %q (fields: %s)", field, strings.Join(known, ", "))
		}
	}
	return &Template{t: t, name: name, max: max}, nil
}

// Execute renders the template for data, of the fields' type; an output
// longer than the limit is ErrTooLong.
func (t *Template) Execute(data any) (string, error) {
	b := &limitWriter{max: t.max}
	if err := t.t.Execute(b, data); err != nil {
		if b.over {
			return "", ErrTooLong
		}
		return "", tidy(t.name, err)
	}
	return b.String(), nil
}

// tidy drops text/template's "template: NAME:" prefix, which names a
// template the user never named.
func tidy(name string, err error) error {
	if rest, ok := strings.CutPrefix(err.Error(), "template: "+name+":"); ok {
		return errors.New("line " + rest)
	}
	return err
}

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

// fieldNames lists the fields of struct type t in declaration order.
func fieldNames(t reflect.Type) []string {
	var names []string
	for _, f := range reflect.VisibleFields(t) {
		names = append(names, f.Name)
	}
	return names
}

// unknownField returns the first field name under n that is not in known,
// or "". No field has fields of its own, so every name in a chain must be
// one of them.
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
