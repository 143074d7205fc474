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

// Template is a parsed template over the fields of one struct type. It is
// not for concurrent use (Execute counts its steps in it).
type Template struct {
	t    *template.Template
	name string
	max  int
	// steps counts what an Execute has done: one per iteration of a range
	// and per call of a defined template; past MaxSteps it ends. depth is
	// how many defined templates are running; past MaxDepth it ends.
	steps, depth int
}

// MaxDepth bounds how deep defined templates call each other: text/template
// allows 100,000, and an error at that depth takes seconds to unwind
// through the range statements between (each recovers and panics again).
const MaxDepth = 100

// MaxSteps bounds the work of one execution: a template such as
// {{range 1000000000}}{{end}} writes nothing, so only a count of its steps
// stops it (it would take half a minute). A template for one name or
// segment needs a handful; a step may still build a string of up to a
// megabyte (printf's widest), so the bound is low.
const MaxSteps = 1000

// The functions ssox puts into a template: stepFunc at the start of every
// range body, enterFunc at the start of every defined template and
// leaveFunc at its end. Names no template means to call.
const (
	stepFunc  = "_ssox_step"
	enterFunc = "_ssox_enter"
	leaveFunc = "_ssox_leave"
)

// ErrTooLong ends an execution that would write more than the template's
// limit: {{range 100000000}}xx{{end}} stops there. (A value of a type of its
// own: errors.New would run at every start-up.)
var ErrTooLong error = tooLong{}

type tooLong struct{}

func (tooLong) Error() string { return "output too long" }

// ErrTooManySteps ends an execution that would take more than MaxSteps
// steps.
var ErrTooManySteps error = tooManySteps{}

type tooManySteps struct{}

func (tooManySteps) Error() string { return "too many steps" }

// Parse parses text as template name (the flag it came from, for
// messages) over the fields of fields, a struct type whose fields have no
// fields of their own; max bounds what Execute writes.
func Parse(name, text string, fields reflect.Type, max int) (*Template, error) {
	tt := &Template{name: name, max: max}
	funcs := template.FuncMap{stepFunc: tt.step, enterFunc: tt.enter, leaveFunc: tt.leave}
	t, err := template.New(name).Funcs(funcs).Parse(text)
	if err != nil {
		return nil, tidy(name, err)
	}
	known := fieldNames(fields)
	for _, d := range t.Templates() {
		if d.Tree == nil {
			continue
		}
		if field := unknownField(d.Tree.Root, known); field != "" {
			return nil, fmt.Errorf("unknown field %q (fields: %s)", field, strings.Join(known, ", "))
		}
	}
	// The actions that count, parsed once and copied into place.
	counters, err := template.New("").Funcs(funcs).Parse("{{" + stepFunc + "}}{{" + enterFunc + "}}{{" + leaveFunc + "}}")
	if err != nil {
		return nil, err
	}
	step, enter, leave := counters.Tree.Root.Nodes[0], counters.Tree.Root.Nodes[1], counters.Tree.Root.Nodes[2]
	for _, d := range t.Templates() {
		if d.Tree == nil {
			continue
		}
		addSteps(d.Tree.Root, step)
		if d.Name() != name {
			root := d.Tree.Root
			root.Nodes = append(append([]parse.Node{enter.Copy()}, root.Nodes...), leave.Copy())
		}
	}
	tt.t = t
	return tt, nil
}

// addSteps puts a copy of action at the start of every range body under n.
func addSteps(n parse.Node, action parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			addSteps(c, action)
		}
	case *parse.RangeNode:
		addSteps(n.List, action)
		addSteps(n.ElseList, action)
		n.List.Nodes = append([]parse.Node{action.Copy()}, n.List.Nodes...)
	case *parse.IfNode:
		addSteps(n.List, action)
		addSteps(n.ElseList, action)
	case *parse.WithNode:
		addSteps(n.List, action)
		addSteps(n.ElseList, action)
	}
}

// step counts one step of an execution, and ends it past MaxSteps. It
// writes nothing.
func (t *Template) step() (string, error) {
	t.steps++
	if t.steps > MaxSteps {
		return "", ErrTooManySteps
	}
	return "", nil
}

// enter counts a step and the call of a defined template, leave its end.
func (t *Template) enter() (string, error) {
	t.depth++
	if t.depth > MaxDepth {
		return "", ErrTooManySteps
	}
	return t.step()
}

func (t *Template) leave() string {
	t.depth--
	return ""
}

// Execute renders the template for data, of the fields' type; an output
// longer than the limit is ErrTooLong, an execution of more than MaxSteps
// steps ErrTooManySteps.
func (t *Template) Execute(data any) (string, error) {
	t.steps, t.depth = 0, 0
	b := &limitWriter{max: t.max}
	if err := t.t.Execute(b, data); err != nil {
		switch {
		case b.over:
			return "", ErrTooLong
		case t.steps > MaxSteps || t.depth > MaxDepth:
			return "", ErrTooManySteps
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
