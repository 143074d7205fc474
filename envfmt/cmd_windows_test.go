package envfmt

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
)

// dumpVar makes the test binary print its environment as JSON and exit:
// the child that cmd.exe starts after running a script.
const dumpVar = "ENVFMT_TEST_DUMP_ENV"

func TestMain(m *testing.M) {
	if os.Getenv(dumpVar) == "1" {
		env := environ.FromList(os.Environ())
		env.Unset(dumpVar)
		if err := json.NewEncoder(os.Stdout).Encode(env); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestWindowsCmdInCmdExe runs what the windows-cmd format prints in
// cmd.exe itself, as `call`ed from a batch file, and reads the environment
// back from a program cmd.exe starts next: exactly the variables given
// change, hostile values arrive as they were, a parent variable whose name
// is not a plain identifier stays. (FuzzShellFormats checks the same
// against a parser of cmd.exe's quoting, for any value. Wine's cmd.exe,
// where CI runs this, reads a batch file in the OEM code page, as Windows
// does unless the console is set to UTF-8, and keeps "^^" before a closing
// quote doubled where the parser says Windows reads "^": values with either
// are left to the parser.)
func TestWindowsCmdInCmdExe(t *testing.T) {
	vars := environ.Env{
		"AWS_ACCESS_KEY_ID":     "ASIA/k+x=",
		"AWS_SECRET_ACCESS_KEY": "it's \"x\" $(y) `z` \\ %PATH% !x! ^&|<>()",
		"AWS_SESSION_TOKEN":     `a"b&c"d&e`,
		"SSOX_ACCOUNT_NAME":     `x"^|<>() 100% & more`,
		"SSOX_PROFILE":          `"`,
		"SSOX_ROLE_NAME":        "=ls ~ * ? %% %PATH% !PATH! ^",
		"AWS_REGION":            "  spaces\tand a tab  ",
		"SSOX_SSO_SESSION":      "",
	}
	removed := []string{"AWS_PROFILE", "AWS_SSO_X&echo", "GRANTED_A B", "SSOX_EXPIRES"}
	parent := environ.Env{
		"AWS_PROFILE":      "stale",
		"AWS_SSO_X&echo":   "kept",
		"GRANTED_A B":      "kept",
		"SSOX_SSO_SESSION": "old",
		"KEEP":             "%PATH% & ^",
	}
	var script bytes.Buffer
	if err := Write(&script, "windows-cmd", vars, removed, &creds.Credentials{}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "creds.cmd")
	if err := os.WriteFile(file, script.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	before := dumpAfter(t, "", parent)
	want := maps.Clone(before)
	delete(want, "AWS_PROFILE")
	maps.Copy(want, vars)
	delete(want, "SSOX_SSO_SESSION") // set to "": Windows holds no empty variable
	if after := dumpAfter(t, file, parent); !maps.Equal(after, want) {
		t.Errorf("script:\n%s\nenvironment after it:\n%v\nwant:\n%v", script.String(), after, want)
	}
}

// dumpAfter runs cmd.exe with parent added to this process's environment,
// has it call script (none: ""), then start this binary, which prints the
// environment it was given.
func dumpAfter(t *testing.T, script string, parent environ.Env) environ.Env {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	line := `"` + self + `"`
	if script != "" {
		line = `call "` + script + `" && ` + line
	}
	cmd := exec.Command(os.Getenv("COMSPEC"))
	// cmd.exe's own quoting: /s takes the line between the outer quotes as
	// it is; Go's argument escaping would add backslashes cmd.exe keeps.
	cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: `cmd.exe /d /s /c "` + line + `"`}
	cmd.Env = append(os.Environ(), dumpVar+"=1")
	for k, v := range parent {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cmd.exe: %v\n%s", err, out)
	}
	var env environ.Env
	if err := json.Unmarshal(out, &env); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	return env
}
