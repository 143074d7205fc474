package errs

import (
	"errors"
	"fmt"
	"testing"
)

// hinter is an error that knows its own fix, as a failed network call does.
type hinter struct{ hint string }

func (h hinter) Error() string { return "call failed" }
func (h hinter) Hint() string  { return h.hint }

func TestHintOfAndCodeOf(t *testing.T) {
	t.Parallel()
	base := errors.New("base")
	inner := WithHint(base, "inner fix")
	for _, tt := range []struct {
		name string
		err  error
		msg  string
		hint string
		code int
	}{
		{"nil", nil, "", "", 0},
		{"plain", base, "base", "", CodeError},
		{"hint", inner, "base", "inner fix", CodeError},
		{"Hintf", Hintf("do %s", "no %s", "thing"), "no thing", "do %s", CodeError},
		{"outermost hint wins", WithHint(fmt.Errorf("outer: %w", inner), "outer fix"), "outer: base", "outer fix", CodeError},
		{"a wrapper without a hint keeps the inner one", fmt.Errorf("outer: %w", inner), "outer: base", "inner fix", CodeError},
		{"an Error without a hint keeps the inner one", Usage(fmt.Errorf("outer: %w", inner)), "outer: base", "inner fix", CodeUsage},
		{"usage", Usagef("bad %s", "flag"), "bad flag", "", CodeUsage},
		{"usage with a hint", Usage(Hintf("ssox list", "missing")), "missing", "ssox list", CodeUsage},
		{"outermost code wins", Usage(&Error{Err: base, Code: CodeNotFound}), "base", "", CodeUsage},
		{"an inner code shows through", fmt.Errorf("run: %w", &Error{Err: base, Code: CodeNotFound}), "run: base", "", CodeNotFound},
		{"Hinter alone", fmt.Errorf("get: %w", hinter{"check the network"}), "get: call failed", "check the network", CodeError},
		{"Error over Hinter", WithHint(fmt.Errorf("get: %w", hinter{"check the network"}), "log in"), "get: call failed", "log in", CodeError},
		{"Error without hint over Hinter", Usage(hinter{"check the network"}), "call failed", "check the network", CodeUsage},
		{"exit", &Exit{Code: 7}, "exit status 7", "", 7},
		{"wrapped exit", fmt.Errorf("child: %w", &Exit{Code: 130}), "child: exit status 130", "", 130},
		{"exit zero", &Exit{Code: 0}, "exit status 0", "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err != nil && tt.err.Error() != tt.msg {
				t.Errorf("message %q, want %q", tt.err.Error(), tt.msg)
			}
			if got := HintOf(tt.err); got != tt.hint {
				t.Errorf("HintOf = %q, want %q", got, tt.hint)
			}
			if got := CodeOf(tt.err); got != tt.code {
				t.Errorf("CodeOf = %d, want %d", got, tt.code)
			}
		})
	}
}

// The wrapped error stays reachable through every wrapper.
func TestUnwrap(t *testing.T) {
	t.Parallel()
	base := errors.New("base")
	for _, err := range []error{WithHint(base, "h"), Usage(base), Usage(WithHint(fmt.Errorf("x: %w", base), "h"))} {
		if !errors.Is(err, base) {
			t.Errorf("%v does not reach base", err)
		}
	}
}
