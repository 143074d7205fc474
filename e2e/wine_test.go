//go:build unix

package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/fakeidc"
)

// The Windows build under Wine: ssox.exe, built as the release builds it
// for windows/amd64, runs in the Wine prefix scripts/wine.sh prepares,
// against the fake on 127.0.0.1 (Wine shares the host's loopback), with a
// temporary USERPROFILE. Without wine64 the tests skip, saying so; with
// CI=true they fail instead: a skip is not a pass.

var (
	wineOnce sync.Once
	// wineSkip says why Wine is missing; wineErr why it failed.
	wineSkip string
	wineErr  error
	// wineScript is scripts/wine.sh, by its absolute path.
	wineScript string
)

// needWine prepares the Wine prefix and builds the Windows programs into
// binDir, once: ssox.exe; winrun.exe, the tests' hands inside Wine
// (e2e/winrun); and sdkchain.exe, the Go SDK's credential chain
// (e2e/sdkchain).
func needWine(t *testing.T) {
	t.Helper()
	wineOnce.Do(func() {
		if wineScript, wineErr = filepath.Abs("../scripts/wine.sh"); wineErr != nil {
			return
		}
		cmd := exec.Command(wineScript, "prepare")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 3 {
			wineSkip = strings.TrimSpace(stderr.String())
			return
		}
		if err != nil {
			wineErr = fmt.Errorf("scripts/wine.sh prepare: %v\n%s", err, stderr.String())
			return
		}
		for pkg, name := range map[string]string{"..": "ssox.exe", "./winrun": "winrun.exe", "./sdkchain": "sdkchain.exe"} {
			cmd := exec.Command("go", append(append([]string{"build"}, buildFlags...), "-o", filepath.Join(binDir, name), pkg)...)
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64")
			if out, err := cmd.CombinedOutput(); err != nil {
				wineErr = fmt.Errorf("build %s for Windows: %v\n%s", pkg, err, out)
				return
			}
		}
		// Wine opens http URLs with winebrowser, which runs the Unix
		// programs its registry names: here the stand-in browser.
		reg := filepath.Join(binDir, "browser.reg")
		text := "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Wine\\WineBrowser]\r\n\"Browsers\"=\"" + filepath.Join(binDir, "fakebrowser") + "\"\r\n"
		if err := os.WriteFile(reg, []byte(text), 0o600); err != nil {
			wineErr = err
			return
		}
		if out, err := wineCommand(nil, "regedit", "/S", winPath(reg)).CombinedOutput(); err != nil {
			wineErr = fmt.Errorf("regedit: %v\n%s", err, out)
		}
	})
	switch {
	case wineSkip != "" && os.Getenv("CI") == "true":
		t.Fatalf("CI=true and %s (.ci/run installs it)", wineSkip)
	case wineSkip != "":
		t.Skipf("%s; with CI=true this fails", wineSkip)
	case wineErr != nil:
		t.Fatal(wineErr)
	}
}

// wineCommand runs a Windows program under Wine (scripts/wine.sh exec),
// with unixEnv added to Wine's Unix environment.
func wineCommand(unixEnv []string, prog string, args ...string) *exec.Cmd {
	return exec.Command(wineScript, append(append(append([]string{"exec"}, unixEnv...), prog), args...)...)
}

// winPath is the Windows path of a Unix path: Wine's Z: drive is /.
func winPath(unix string) string { return "Z:" + strings.ReplaceAll(unix, "/", `\`) }

// wineHarness runs ssox.exe with a Windows environment of its own, as
// Windows sets one (Path, ComSpec, USERPROFILE...), the harness's home as
// USERPROFILE.
type wineHarness struct {
	*harness
	// winEnv is the Windows environment every run starts from.
	winEnv environ.Env
	// unixEnv is added to the Wine loader's Unix environment: what a Unix
	// program Wine starts (the stand-in browser) sees.
	unixEnv []string
}

func newWineHarness(t *testing.T, opts fakeidc.Options) *wineHarness {
	t.Helper()
	needWine(t)
	h := newHarness(t, opts)
	home := winPath(h.home)
	for _, d := range []string{"AppData/Local/Temp", "AppData/Roaming"} {
		if err := os.MkdirAll(h.path(d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return &wineHarness{harness: h, winEnv: environ.Env{
		"SystemRoot": `C:\windows`, "windir": `C:\windows`, "SystemDrive": "C:",
		"ComSpec": `C:\windows\system32\cmd.exe`, "PATHEXT": ".COM;.EXE;.BAT;.CMD",
		"Path":        winPath(binDir) + `;C:\windows\system32;C:\windows`,
		"USERPROFILE": home, "APPDATA": home + `\AppData\Roaming`, "LOCALAPPDATA": home + `\AppData\Local`,
		"TEMP": home + `\AppData\Local\Temp`, "TMP": home + `\AppData\Local\Temp`,
		"USERNAME": "alice", "OS": "Windows_NT", "PROCESSOR_ARCHITECTURE": "AMD64",
		"AWS_ENDPOINT_URL_SSO": h.url, "AWS_ENDPOINT_URL_SSO_OIDC": h.url, "AWS_ENDPOINT_URL_STS": h.url,
	}, unixEnv: []string{"FAKEBROWSER_LOG=" + h.path("browser.log")}}
}

// run runs ssox.exe with args, the Windows environment changed by extra
// ("KEY=VALUE" sets, "-KEY" removes).
func (w *wineHarness) run(extra []string, args ...string) result {
	w.t.Helper()
	return w.start(extra, append([]string{winPath(filepath.Join(binDir, "ssox.exe"))}, args...), "")
}

// start runs argv (or the raw Windows command line cmdline, argv[0] the
// program) through winrun with the harness's Windows environment.
func (w *wineHarness) start(extra, argv []string, cmdline string) result {
	w.t.Helper()
	return w.runCmd(w.command(extra, argv, cmdline))
}

// runCmd runs cmd with its output in files, and returns it and the exit
// status: a pipe would stay open as long as Wine's services, should cmd
// be the program that starts them.
func (w *wineHarness) runCmd(cmd *exec.Cmd) result {
	w.t.Helper()
	dir := w.t.TempDir()
	var files [2]*os.File
	for i, name := range []string{"stdout", "stderr"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			w.t.Fatal(err)
		}
		defer f.Close()
		files[i] = f
	}
	cmd.Stdout, cmd.Stderr = files[0], files[1]
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		w.t.Fatal(err)
	}
	stdout, _ := os.ReadFile(files[0].Name())
	stderr, _ := os.ReadFile(files[1].Name())
	return result{string(stdout), string(stderr), code}
}

func (w *wineHarness) command(extra, argv []string, cmdline string) *exec.Cmd {
	w.t.Helper()
	return w.commandSpec(extra, map[string]any{"argv": argv, "cmdline": cmdline})
}

// commandSpec runs winrun with spec (argv, cmdline, ctrlC; see e2e/winrun)
// and the harness's Windows environment changed by extra.
func (w *wineHarness) commandSpec(extra []string, spec map[string]any) *exec.Cmd {
	w.t.Helper()
	env := w.winEnv.Clone()
	for _, kv := range extra {
		if k, ok := strings.CutPrefix(kv, "-"); ok {
			env.Unset(k)
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			w.t.Fatalf("environment change %q is neither KEY=VALUE nor -KEY", kv)
		}
		env.Set(k, v)
	}
	spec["env"] = env.List()
	data, err := json.Marshal(spec)
	if err != nil {
		w.t.Fatal(err)
	}
	f, err := os.CreateTemp(w.t.TempDir(), "spec-*.json")
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		w.t.Fatal(err)
	}
	f.Close()
	cmd := wineCommand(w.unixEnv, filepath.Join(binDir, "winrun.exe"), "run", winPath(f.Name()))
	cmd.Dir = w.home
	return cmd
}

// windowsOnly drops what Wine adds to every process's environment (its
// WINE* variables), leaving what Windows would hold.
func windowsOnly(env map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		if !strings.HasPrefix(k, "WINE") {
			out[k] = v
		}
	}
	return out
}

// dumpEnv reads what `winrun dump` printed.
func dumpEnv(t *testing.T, out string) map[string]string {
	t.Helper()
	var env map[string]string
	if err := json.Unmarshal([]byte(out), &env); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	return windowsOnly(env)
}

// Wine's own starts: a program exits with its status, and the environment
// winrun gives is the one a program sees.
func TestWineRuns(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	r := w.start(nil, []string{`C:\windows\system32\cmd.exe`, "/c", "exit", "7"}, "")
	if r.code != 7 {
		t.Fatalf("cmd /c exit 7: %+v", r)
	}
	r = w.start([]string{"EXTRA=a b"}, []string{winPath(filepath.Join(binDir, "winrun.exe")), "dump"}, "")
	want := map[string]string(w.winEnv.Clone())
	want["EXTRA"] = "a b"
	if got := dumpEnv(t, r.stdout); r.code != 0 || !mapsEqual(got, want) {
		t.Fatalf("environment %v\nwant %v", got, want)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
