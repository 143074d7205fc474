package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/environ"
)

// TestHintFormsParse reads every string in the Go code below cli (each
// concatenation folded, the parts it cannot know and the format verbs
// standing for a word) and parses every ssox command line in them against
// the command table, placeholders filled in as for the README's forms: a
// hint must show a command that runs. A command line is 'quoted', or is
// the whole of a hint; an unquoted one elsewhere is reported too, so that
// none escapes the check.
func TestHintFormsParse(t *testing.T) {
	t.Parallel()
	var files []string
	err := filepath.WalkDir("..", func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			switch filepath.ToSlash(path) {
			case "../cli", "../e2e", "../acceptance", "../bench", "../scripts", "../internal/fakeidc", "../internal/fakebrowser":
				return filepath.SkipDir
			}
			if strings.HasPrefix(e.Name(), ".") && path != ".." || e.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("found only %d Go files", len(files))
	}
	checked := 0
	for _, f := range files {
		src, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range hintProblems(src) {
			if p.err == "" {
				checked++
				continue
			}
			t.Errorf("%s: %q: %s", f, p.form, p.err)
		}
	}
	if checked < 30 {
		t.Errorf("checked only %d command lines", checked)
	}
}

// The check catches a hint with a misspelt flag, a missing argument or an
// unquoted command line, and passes the forms hints are written in.
func TestHintProblemsCatches(t *testing.T) {
	t.Parallel()
	src := `package p
var (
	_ = errs.WithHint(err, "run 'ssox login --sso-sesion %s'", name)
	_ = "run 'ssox env' to see them"
	_ = errs.Hintf("then ssox list --names shows them", "x")
	_ = "ssox setup --sso-session " + visible.ShellWord(name)
	_ = errs.Hintf("ssox PROFILE -- CMD ('ssox list' shows the profiles)", "missing PROFILE")
	_ = fmt.Sprintf("'ssox logout --sso-session %s', then 'ssox login %s'", a, b)
	_ = "waiting for another ssox to finish logging in"
)`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range hintProblems(f) {
		got = append(got, p.form+" => "+p.err)
	}
	want := []string{
		"ssox login --sso-sesion X => unknown flag --sso-sesion",
		"ssox env => env needs PROFILE",
		"ssox list --names shows them => not quoted: write command lines in hints as 'ssox ...'",
		"ssox setup --sso-session X => ",
		"ssox PROFILE -- CMD => ",
		"ssox list => ",
		"ssox logout --sso-session X => ",
		"ssox login X => ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

type hintProblem struct{ form, err string }

var (
	formatVerb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	// unquoted is what looks like a command line outside quotes: ssox, a
	// word perhaps, then a flag or a placeholder (prose says "ssox setup").
	unquoted = regexp.MustCompile(`\bssox( [a-z][a-z-]+)? (--?[a-z]|[A-Z]{2,})`)
)

// hintProblems lists each ssox command line in f's strings, with what is
// wrong with it ("" when it parses).
func hintProblems(f *ast.File) []hintProblem {
	var out []hintProblem
	ast.Inspect(f, func(n ast.Node) bool {
		expr, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		s, ok := foldString(expr)
		if !ok {
			return true
		}
		out = append(out, checkForms(formatVerb.ReplaceAllString(s, "X"))...)
		return false // its parts are in s
	})
	return out
}

// foldString is the value of a string literal or a concatenation with at
// least one literal in it, "X" standing for each part that is not one.
func foldString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		l, lok := foldString(e.X)
		r, rok := foldString(e.Y)
		if !lok && !rok {
			return "", false
		}
		if !lok {
			l = "X"
		}
		if !rok {
			r = "X"
		}
		return l + r, true
	case *ast.ParenExpr:
		return foldString(e.X)
	}
	return "", false
}

// checkForms finds the command lines in s and parses each.
func checkForms(s string) []hintProblem {
	var forms []string
	rest := s
	if strings.HasPrefix(s, "ssox ") {
		end := len(s)
		for _, stop := range []string{" (", ";", ")", "'"} {
			if i := strings.Index(s, stop); i >= 0 && i < end {
				end = i
			}
		}
		forms = append(forms, s[:end])
		rest = s[end:]
	}
	var plain strings.Builder
	for {
		i := strings.Index(rest, "'ssox ")
		if i < 0 {
			plain.WriteString(rest)
			break
		}
		plain.WriteString(rest[:i])
		j := strings.IndexByte(rest[i+1:], '\'')
		if j < 0 {
			forms = append(forms, rest[i+1:])
			break
		}
		forms = append(forms, rest[i+1:i+1+j])
		rest = rest[i+2+j:]
	}
	var out []hintProblem
	if m := unquoted.FindStringIndex(plain.String()); m != nil {
		out = append(out, hintProblem{strings.TrimSpace(plain.String()[m[0]:]), "not quoted: write command lines in hints as 'ssox ...'"})
	}
	for _, form := range forms {
		p := hintProblem{form: form}
		if _, err := parse(fill(form), environ.Env{}); err != nil {
			p.err = err.Error()
		}
		out = append(out, p)
	}
	return out
}
