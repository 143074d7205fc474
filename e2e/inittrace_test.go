//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestInitWork lists the packages that do work at start-up, before any
// command runs, against testdata/inittrace.txt. Start-up is most of what
// ssox costs on its hot paths, so a dependency that adds init work must show
// up in review: when this fails, rerun it with SSOX_UPDATE_INITS=1 and
// say in the commit why the new start-up cost is worth it. ssox's own
// packages do nothing at init.
func TestInitWork(t *testing.T) {
	cmd := exec.Command(filepath.Join(binDir, "ssox"), "version")
	cmd.Env = []string{"GODEBUG=inittrace=1", "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, line := range strings.Split(string(out), "\n") {
		// init internal/bytealg @0.008 ms, 0 ms clock, 0 bytes, 0 allocs
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "init" {
			continue
		}
		if strings.HasPrefix(f[1], "github.com/ssox/ssox") {
			t.Errorf("ssox package %s does work at init: %s", f[1], line)
		}
		got = append(got, f[1])
	}
	slices.Sort(got)
	golden := filepath.Join("testdata", "inittrace.txt")
	if os.Getenv("SSOX_UPDATE_INITS") == "1" {
		if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(string(data))
	for _, p := range got {
		if !slices.Contains(want, p) {
			t.Errorf("new init work at start-up: %s (rerun with SSOX_UPDATE_INITS=1 and justify it)", p)
		}
	}
	for _, p := range want {
		if !slices.Contains(got, p) {
			t.Errorf("%s no longer does init work: rerun with SSOX_UPDATE_INITS=1 to record the saving", p)
		}
	}
}
