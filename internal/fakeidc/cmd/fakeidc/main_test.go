package main

import (
	"bytes"
	"testing"
)

func TestFlags(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-accounts", "/does/not/exist"}, {"-addr", "256.0.0.1:0"}} {
		var out, errOut bytes.Buffer
		if err := run(t.Context(), args, &out, &errOut); err == nil || out.Len() != 0 {
			t.Errorf("%v: err %v, stdout %q", args, err, out.String())
		}
	}
}
