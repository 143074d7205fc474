//go:build unix

// These tests run sh.

package envfmt

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
)

// What `env` prints, a real sh evaluates back to the same values.
func TestEnvFormatRoundTripsThroughSh(t *testing.T) {
	vars := environ.Env{"A": `it's "x" $HOME \n`, "B": ""}
	var b bytes.Buffer
	if err := Write(&b, "env", vars, nil, &creds.Credentials{}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", "-c", b.String()+`printf '%s|%s' "$A" "$B"`).Output()
	if err != nil || string(out) != vars["A"]+"|" {
		t.Fatalf("%q %v", out, err)
	}
}
