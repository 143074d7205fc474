//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
)

// winrunExe is winrun.exe's Windows path.
func winrunExe() string { return winPath(filepath.Join(binDir, "winrun.exe")) }

// ssox.exe logs in as it does on Windows: with no BROWSER it opens the
// login with rundll32 url.dll,FileProtocolHandler, Windows' way to the
// default browser for a URL; Wine's handler for http (winebrowser) starts
// the stand-in, which approves. The token lands where the AWS CLI on
// Windows reads it, %USERPROFILE%\.aws\sso\cache, in its format.
func TestWineLogin(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	w.writeConfig(guideConfig)
	r := w.run(nil, "login", "ui-dev")
	if r.code != 0 || !strings.Contains(r.stderr, "ssox: logged in to sso-session \"njoitaws\"\n") {
		t.Fatalf("%+v", r)
	}
	w.wantOps("RegisterClient 200", "Authorize 302", "CreateToken/authorization_code 200")
	if urls := w.browserLog(); len(urls) != 1 || !oneTimeAddress.MatchString(urls[0]) {
		t.Fatalf("the stand-in browser got %v", urls)
	}
	checkCLIFormat(t, w.path(tokenFile))
	w.noSecrets("output", r.stdout+r.stderr)
}

// The command's exit status is ssox.exe's, all 32 bits of it; a command
// not found is 127; with no command ssox.exe starts %COMSPEC% (cmd.exe),
// not a Unix shell, even where Git Bash has set SHELL.
func TestWineExitStatusAndShell(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	w.writeConfig(guideConfig)
	w.seedToken("njoitaws", 8*time.Hour, true)
	if r := w.run(nil, "ui-dev", "--", "cmd", "/c", "exit", "7"); r.code != 7 || r.stderr != "" {
		t.Fatalf("cmd /c exit 7: %+v", r)
	}
	// A Windows status is 32 bits: a program ended by Ctrl-C exits
	// 0xC000013A, which cmd.exe shows as -1073741510. A Unix parent sees
	// its low byte only, so cmd.exe, a Windows parent, reads it here.
	ssoxExe := winPath(filepath.Join(binDir, "ssox.exe"))
	r := w.start(nil, []string{`C:\windows\system32\cmd.exe`},
		`cmd.exe /d /v:on /s /c ""`+ssoxExe+`" ui-dev -- cmd /c exit -1073741510 & echo status=!ERRORLEVEL!"`)
	if !strings.Contains(r.stdout, "status=-1073741510") {
		t.Fatalf("cmd /c exit -1073741510 (0xC000013A): %+v", r)
	}
	if r := w.run(nil, "ui-dev", "--", "nosuch"); r.code != 127 || r.stderr != "ssox: command \"nosuch\" not found on PATH\n" {
		t.Fatalf("a missing command: %+v", r)
	}
	cmd := w.command([]string{"SHELL=/usr/bin/bash"}, []string{ssoxExe, "ui-dev"}, "")
	// One line: Wine's cmd.exe runs only the first line of piped input.
	cmd.Stdin = strings.NewReader("echo profile=%SSOX_PROFILE%& exit 3\r\n")
	r = w.runCmd(cmd)
	if r.code != 3 || !strings.Contains(r.stdout, "profile=ui-dev") {
		t.Fatalf("ssox.exe ui-dev with cmd.exe reading stdin: %+v", r)
	}
}

// Ctrl-C typed in the console reaches ssox.exe and its child alike: ssox
// lives through it and waits for the child, which handles it in its own
// time, and exits with the child's status, printing nothing. The role's
// keys are cached first: the run that only reads caches has no other
// handler of Ctrl-C (that of a network call) to fall back on.
func TestWineCtrlC(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	w.writeConfig(guideConfig)
	w.seedToken("njoitaws", 8*time.Hour, true)
	if r := w.run(nil, "ui-dev", "--", "cmd", "/c", "exit 0"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	w.fake.ResetLog()
	ready := filepath.Join(t.TempDir(), "ready")
	r := w.runCmd(w.commandSpec(nil, map[string]any{
		"argv":  []string{winPath(filepath.Join(binDir, "ssox.exe")), "ui-dev", "--", winrunExe(), "interrupted", winPath(ready)},
		"ctrlC": winPath(ready),
	}))
	if r.code != 5 || r.stdout != "interrupted\n" || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	w.wantOps()
}

// The child's environment is the parent's, less what would override the
// profile — in any case, as Windows names are — plus the same variables,
// with the same values, as the Linux ssox gives its child from the same
// caches. The caches are where the AWS CLI on Windows reads them, under
// USERPROFILE, whatever HOME (Git Bash's) says.
func TestWineChildEnvironment(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	w.writeConfig(guideConfig)
	w.seedToken("njoitaws", 8*time.Hour, true)
	gitBashHome := t.TempDir()
	stale := []string{"aws_profile=stale", "AWS_SECRET_ACCESS_KEY=old", "Aws_Session_Token=old", "ssox_profile=outer",
		"granted_sso=true", "AWS_SSO_ACCOUNT_ID=1", "KEEP_ME=yes", "HOME=" + winPath(gitBashHome)}
	r := w.run(stale, "ui-dev", "--", winrunExe(), "dump")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	got := dumpEnv(t, r.stdout)
	issued := w.issued()
	set := map[string]string{
		"AWS_ACCESS_KEY_ID":         issued.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY":     issued.SecretAccessKey,
		"AWS_SESSION_TOKEN":         issued.SessionToken,
		"AWS_CREDENTIAL_EXPIRATION": expiration(issued.Expiration),
		"AWS_REGION":                "us-east-1",
		"AWS_DEFAULT_REGION":        "us-east-1",
		"AWS_ACCOUNT_ID":            "123456789012",
		"SSOX_PROFILE":              "ui-dev",
		"SSOX_ACCOUNT_ID":           "123456789012",
		"SSOX_ROLE_NAME":            "AdministratorAccess",
		"SSOX_SSO_SESSION":          "njoitaws",
		"SSOX_EXPIRES":              strconv.FormatInt(issued.Expiration.Unix(), 10),
		"SSOX_RENEW_AT":             strconv.FormatInt(issued.Expiration.Add(-15*time.Minute).Unix(), 10),
		"AWS_SSO_PROFILE":           "ui-dev",
	}
	want := map[string]string(w.winEnv.Clone())
	want["KEEP_ME"], want["HOME"] = "yes", winPath(gitBashHome)
	for k, v := range set {
		want[k] = v
	}
	if !mapsEqual(got, want) {
		t.Errorf("the child's environment:\n%v\nwant\n%v", got, want)
	}
	w.wantOps("GetRoleCredentials 200")
	checkCLIFormat(t, w.path(tokenFile))
	if c := w.readRoleCache(roleCacheFile); c.Credentials.AccessKeyId != issued.AccessKeyID {
		t.Errorf("role cache %+v", c)
	}
	if ents, _ := os.ReadDir(gitBashHome); len(ents) != 0 {
		t.Errorf("ssox.exe wrote under HOME: %v", ents)
	}

	// The Linux ssox, from the caches ssox.exe wrote: no call, and the same
	// variables.
	w.fake.ResetLog()
	linux := w.harness.run(nil, "ui-dev", "--", "env", "-0")
	if linux.code != 0 {
		t.Fatalf("%+v", linux)
	}
	w.wantOps()
	for k, v := range parseEnv(linux.stdout) {
		if _, harness := w.harness.env[k]; !harness && (strings.HasPrefix(k, "AWS_") || strings.HasPrefix(k, "SSOX_")) {
			if set[k] != v {
				t.Errorf("Linux child %s=%q, Windows child %q", k, v, set[k])
			}
			delete(set, k)
		}
	}
	if len(set) != 0 {
		t.Errorf("only the Windows child has %v", set)
	}
}

// --server with a Windows child: the Go SDK's own credential chain in
// sdkchain.exe finds ssox.exe's endpoint and gets the role's keys.
func TestWineServer(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	w.writeConfig(guideConfig)
	w.seedToken("njoitaws", 8*time.Hour, true)
	r := w.run(nil, "--server", "ui-dev", "--", winPath(filepath.Join(binDir, "sdkchain.exe")))
	w.noSecrets("stderr", r.stderr)
	fields := strings.Fields(r.stdout)
	if r.code != 0 || len(fields) != 2 || fields[1] != w.issued().AccessKeyID {
		t.Fatalf("%+v", r)
	}
}

// Twenty ssox.exe start with an expired token while two Windows programs
// read the caches as the AWS CLI does (open without FILE_SHARE_DELETE, a
// moment's hold, close), which Windows makes every replace wait for: one
// refresh, one GetRoleCredentials, every run succeeds.
func TestWineParallelRefreshWithReaders(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{Latency: 50 * time.Millisecond})
	w.writeConfig(guideConfig)
	w.seedToken("njoitaws", -time.Minute, true)
	stop := filepath.Join(t.TempDir(), "stop")
	reads := make([]chan result, 2)
	for i := range reads {
		reads[i] = make(chan result, 1)
		go func() {
			reads[i] <- w.start(nil, []string{winrunExe(), "hold", winPath(stop), winPath(w.path(tokenFile)), winPath(w.path(roleCacheFile))}, "")
		}()
	}
	codes := make([]int, 20)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = w.run(nil, "ui-dev", "--", "cmd", "/c", "exit 0").code
		}()
	}
	wg.Wait()
	if err := os.WriteFile(stop, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for i, c := range reads {
		r := <-c
		if n, err := strconv.Atoi(strings.TrimSpace(r.stdout)); r.code != 0 || err != nil || n == 0 {
			t.Errorf("reader %d: %+v", i, r)
		}
	}
	for i, c := range codes {
		if c != 0 {
			t.Errorf("ssox.exe %d exited %d", i, c)
		}
	}
	if n := w.fake.Count("CreateToken", "refresh_token"); n != 1 {
		t.Errorf("%d refreshes:\n%s", n, strings.Join(w.ops(), "\n"))
	}
	if n := w.fake.Count("GetRoleCredentials"); n != 1 {
		t.Errorf("%d GetRoleCredentials", n)
	}
	if w.readToken().ExpiresAt.Before(time.Now()) {
		t.Error("the token on disk is the expired one")
	}
}

// What `ssox.exe env --format windows-cmd` prints, called from a batch
// file by Windows' cmd.exe (Wine's), changes exactly the variables it
// names: hostile values arrive as they are, a stale AWS_PROFILE goes, and a
// variable whose name is no identifier stays.
func TestWineEnvWindowsCmd(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	w.writeConfig(strings.Replace(guideConfig, "[profile ui-dev]\n", "[profile ui-dev]\nsso_account_name = UI \"Dev\" ^|<>() 100% & more !x! %PATH%\n", 1))
	w.seedToken("njoitaws", 8*time.Hour, true)
	parent := []string{"AWS_PROFILE=stale", "AWS_SSO_X&echo=kept", "KEEP=%PATH% & ^"}
	r := w.run(parent, "env", "ui-dev", "--format", "windows-cmd")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	script := filepath.Join(t.TempDir(), "creds.cmd")
	if err := os.WriteFile(script, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	dump := `"` + winrunExe() + `" dump`
	before := dumpEnv(t, w.start(parent, []string{`C:\windows\system32\cmd.exe`}, `cmd.exe /d /s /c "`+dump+`"`).stdout)
	after := w.start(parent, []string{`C:\windows\system32\cmd.exe`}, `cmd.exe /d /s /c "call "`+winPath(script)+`" && `+dump+`"`)
	if after.code != 0 || after.stderr != "" {
		t.Fatalf("%+v", after)
	}
	issued := w.issued()
	want := before
	delete(want, "AWS_PROFILE")
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": issued.AccessKeyID, "AWS_SECRET_ACCESS_KEY": issued.SecretAccessKey, "AWS_SESSION_TOKEN": issued.SessionToken,
		"AWS_CREDENTIAL_EXPIRATION": expiration(issued.Expiration), "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
		"AWS_ACCOUNT_ID": "123456789012", "SSOX_PROFILE": "ui-dev", "SSOX_ACCOUNT_ID": "123456789012",
		"SSOX_ACCOUNT_NAME": `UI "Dev" ^|<>() 100% & more !x! %PATH%`, "SSOX_ROLE_NAME": "AdministratorAccess",
		"SSOX_SSO_SESSION": "njoitaws", "SSOX_EXPIRES": strconv.FormatInt(issued.Expiration.Unix(), 10),
		"SSOX_RENEW_AT": strconv.FormatInt(issued.Expiration.Add(-15*time.Minute).Unix(), 10), "AWS_SSO_PROFILE": "ui-dev",
	} {
		want[k] = v
	}
	if got := dumpEnv(t, after.stdout); !mapsEqual(got, want) {
		t.Errorf("script:\n%s\nthe environment after it:\n%v\nwant\n%v", r.stdout, got, want)
	}
}

// setup writes the config on Windows as on Linux, into a config with CRLF
// line ends (Notepad's): the same bytes as the Linux ssox writes.
func TestWineSetup(t *testing.T) {
	crlf := strings.ReplaceAll(guideConfig, "\n", "\r\n")
	var configs []string
	for _, windows := range []bool{true, false} {
		w := newWineHarness(t, fakeidc.Options{})
		w.writeConfig(crlf)
		w.seedToken("njoitaws", 8*time.Hour, true)
		run := w.run
		if !windows {
			run = w.harness.run
		}
		if r := run(nil, "setup", "--sso-session", "njoitaws"); r.code != 0 {
			t.Fatalf("windows %v: %+v", windows, r)
		}
		data, err := os.ReadFile(w.path(".aws/config"))
		if err != nil {
			t.Fatal(err)
		}
		configs = append(configs, string(data))
		if r := run(nil, "list", "--names"); r.code != 0 || !strings.Contains(r.stdout, "ui-dev\n") || !strings.Contains(r.stdout, "sandbox\n") {
			t.Fatalf("windows %v: list after setup: %+v", windows, r)
		}
	}
	if !strings.Contains(configs[0], "# BEGIN ssox setup: sso-session njoitaws") || configs[0] != configs[1] {
		t.Fatalf("Windows wrote:\n%s\nLinux wrote:\n%s", configs[0], configs[1])
	}
}

// doctor on Windows: no Unix modes. A fresh home passes; a config its
// access list lets Everyone change (under Wine, a file of mode 0666) fails
// with Windows' fix, icacls.
func TestWineDoctor(t *testing.T) {
	w := newWineHarness(t, fakeidc.Options{})
	w.writeConfig(guideConfig)
	w.seedToken("njoitaws", 8*time.Hour, true)
	if r := w.run(nil, "doctor"); r.code != 0 || strings.Contains(r.stdout, "chmod") || strings.Contains(r.stdout, "mode 0") {
		t.Fatalf("%+v", r)
	}
	if err := os.Chmod(w.path(".aws/config"), 0o666); err != nil {
		t.Fatal(err)
	}
	r := w.run(nil, "doctor")
	if r.code != 1 || !strings.Contains(r.stdout, "~/.aws/config's access list lets Everyone write to it: other users can change it") ||
		!strings.Contains(r.stdout, `icacls "`+winPath(w.path(".aws/config"))+`" /remove:g *S-1-1-0`) {
		t.Fatalf("%+v", r)
	}
}
