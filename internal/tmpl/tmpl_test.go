package tmpl

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

type fields struct {
	Name  string
	Count int
}

func TestExecute(t *testing.T) {
	t.Parallel()
	data := fields{Name: "ui-dev", Count: 3}
	for _, tc := range []struct {
		text, want string
		err        error
	}{
		{"{{.Name}}", "ui-dev", nil},
		// What a range or a defined template writes is as without the
		// step counting.
		{"{{range .Count}}{{$.Name}},{{end}}", "ui-dev,ui-dev,ui-dev,", nil},
		{"{{range 0}}x{{else}}none{{end}}", "none", nil},
		{`{{define "n"}}[{{.}}]{{end}}{{template "n" .Name}}{{template "n" "x"}}`, "[ui-dev][x]", nil},
		{`{{block "b" .}}{{.Name}}{{end}}`, "ui-dev", nil},
		{"{{range $i := 3}}{{if eq $i 1}}{{continue}}{{end}}{{$i}}{{end}}", "02", nil},
		// Steps: MaxSteps of them pass, one more does not.
		{"{{range 1000}}{{end}}", "", nil},
		{"{{range 1001}}{{end}}", "", ErrTooManySteps},
		{"{{range 30}}{{range 32}}{{end}}{{end}}", "", nil},
		{"{{range 32}}{{range 31}}{{end}}{{end}}", "", ErrTooManySteps},
		{"{{range 1000000000}}{{end}}", "", ErrTooManySteps},
		{`{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}`, "", ErrTooManySteps},
		{`{{define "r"}}{{range 2}}{{template "r" .}}{{end}}{{end}}{{template "r" .}}`, "", ErrTooManySteps},
		{"{{with .Name}}{{range 1001}}{{end}}{{end}}", "", ErrTooManySteps},
		// Defined templates call each other at most MaxDepth deep, and
		// return: calls one after the other are not nested.
		// (each call one character shorter: 100 calls, then 101)
		{`{{define "d"}}{{if .}}{{template "d" (slice . 1)}}{{end}}{{end}}{{template "d" "` + strings.Repeat("x", 99) + `"}}`, "", nil},
		{`{{define "d"}}{{if .}}{{template "d" (slice . 1)}}{{end}}{{end}}{{template "d" "` + strings.Repeat("x", 100) + `"}}`, "", ErrTooManySteps},
		{`{{define "d"}}.{{end}}{{range 150}}{{template "d"}}{{end}}`, "", ErrTooLong},
		{"{{if .Name}}{{else}}{{range 1001}}{{end}}{{end}}", "", nil},
		// Output: the limit, then no more.
		{"{{range 1000000000}}xx{{end}}", "", ErrTooLong},
		{strings.Repeat("x", 64), strings.Repeat("x", 64), nil},
		{strings.Repeat("x", 65), "", ErrTooLong},
	} {
		tt, err := Parse("format", tc.text, reflect.TypeFor[fields](), 64)
		if err != nil {
			t.Fatalf("%s: %v", tc.text, err)
		}
		got, err := tt.Execute(data)
		if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) || got != tc.want {
			t.Errorf("%s: %q, %v; want %q, %v", tc.text, got, err, tc.want, tc.err)
		}
		// Each execution counts its own steps.
		if again, err2 := tt.Execute(data); again != got || !errors.Is(err2, tc.err) {
			t.Errorf("%s: a second execution gives %q, %v", tc.text, again, err2)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"{{.Nmae}}":                    `unknown field "Nmae" (fields: Name, Count)`,
		"{{range 2}}{{$.Nope}}{{end}}": `unknown field "Nope" (fields: Name, Count)`,
		"{{.Name":                      "line 1: unclosed action",
	} {
		_, err := Parse("format", text, reflect.TypeFor[fields](), 64)
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", text, err, want)
		}
	}
}
