package cli

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/filelock"
	"github.com/ssox/ssox/internal/shellquote"
	"github.com/ssox/ssox/sso"
)

// Run alone, `ssox use` cannot change its shell: it says which line gives
// the shell the function that can, for the user's shell.
func TestUseNeedsTheShellFunction(t *testing.T) {
	env := warmHome(t, time.Now())
	for shell, hint := range map[string]string{
		"/bin/zsh":      `add eval "$(ssox init zsh)" to ~/.zshrc, then open a new shell`,
		"/usr/bin/bash": `add eval "$(ssox init bash)" to ~/.bashrc, then open a new shell`,
		"/usr/bin/fish": `add 'ssox init fish | source' to ~/.config/fish/config.fish, then open a new shell`,
		"/bin/tcsh":     `add the line 'ssox init --help' shows for your shell (zsh, bash or fish) to its rc file, then open a new shell`,
	} {
		env["SHELL"] = shell
		for _, args := range [][]string{{"use", "ui-dev"}, {"use", "--off"}} {
			r := runArgs(env, args...)
			want := "ssox: 'ssox use' changes the shell it is typed in, which takes the shell function that 'ssox init' defines\nhint: " + hint + "\n"
			if r.code != 1 || r.stdout != "" || r.stderr != want {
				t.Errorf("SHELL=%s %v: exit %d, stdout %q, stderr %q; want exit 1 and %q", shell, args, r.code, r.stdout, r.stderr, want)
			}
		}
	}
}

func TestUseUsageErrors(t *testing.T) {
	env := warmHome(t, time.Now())
	for _, args := range [][]string{
		{"use", "--shell", "zsh", "--off", "ui-dev"},
		{"use", "--shell", "zsh", "--renew", "ui-dev"},
		{"use", "--shell", "zsh", "--off", "--renew"},
		{"use", "--shell", "tcsh", "ui-dev"},
		{"use", "--shell", "zsh", "ui-dev", "dol-prod"},
	} {
		if r := runArgs(env, args...); r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "hint: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want a usage error", args, r.code, r.stdout, r.stderr)
		}
	}
}

// What the shell function evaluates, exactly, for each shell: the names it
// keeps for --off, the change, and the hook's state reset.
func TestUseWritesTheChange(t *testing.T) {
	now := time.Unix(1795636800, 0)
	env := warmHome(t, now)
	env["AWS_PROFILE"] = "old"
	env["SSOX_LOGIN_NEEDED"] = "ssox login old"
	change := func(d *deps) { d.now = func() time.Time { return now } }
	exp := strconv.FormatInt(now.Add(time.Hour).Unix(), 10)
	renew := strconv.FormatInt(now.Add(30*time.Minute).Unix(), 10)
	keep := "AWS_ACCESS_KEY_ID AWS_ACCOUNT_ID AWS_CREDENTIAL_EXPIRATION AWS_DEFAULT_REGION AWS_PROFILE AWS_REGION " +
		"AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_SSO_PROFILE SSOX_ACCOUNT_ID SSOX_EXPIRES SSOX_LOGIN_NEEDED SSOX_MIN_TTL " +
		"SSOX_PROFILE SSOX_RENEW_AT SSOX_ROLE_NAME SSOX_SSO_SESSION"
	r := runWith(env, change, "use", "ui-dev", "--shell", "zsh", "--min-ttl", "30m")
	want := "_ssox_save " + keep + "\n" +
		"unset AWS_PROFILE\nunset SSOX_LOGIN_NEEDED\n" +
		"export AWS_ACCESS_KEY_ID=ASIAWARM\nexport AWS_ACCOUNT_ID=123456789012\n" +
		"export AWS_CREDENTIAL_EXPIRATION=2026-11-25T21:00:00Z\nexport AWS_DEFAULT_REGION=us-east-1\n" +
		"export AWS_REGION=us-east-1\nexport AWS_SECRET_ACCESS_KEY=warm-secret\nexport AWS_SESSION_TOKEN=warm-session\n" +
		"export AWS_SSO_PROFILE=ui-dev\nexport SSOX_ACCOUNT_ID=123456789012\nexport SSOX_EXPIRES=" + exp + "\n" +
		"export SSOX_MIN_TTL=30m0s\nexport SSOX_PROFILE=ui-dev\nexport SSOX_RENEW_AT=" + renew + "\n" +
		"export SSOX_ROLE_NAME=AdministratorAccess\nexport SSOX_SSO_SESSION=njoitaws\n_ssox_next 0 ''\n"
	if r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}
	r = runWith(env, change, "use", "ui-dev", "--shell", "fish")
	if !strings.HasPrefix(r.stdout, "__ssox_save AWS_ACCESS_KEY_ID ") || !strings.Contains(r.stdout, "\nset -e -g AWS_PROFILE;\n") ||
		!strings.Contains(r.stdout, "\nset -gx AWS_SECRET_ACCESS_KEY 'warm-secret';\n") || !strings.HasSuffix(r.stdout, "\n__ssox_next 0 '';\n") {
		t.Errorf("fish: exit %d, stderr %q, stdout:\n%s", r.code, r.stderr, r.stdout)
	}
	for shell, want := range map[string]string{"zsh": "_ssox_restore\n", "bash": "_ssox_restore\n", "fish": "__ssox_restore;\n"} {
		if r := runArgs(env, "use", "--off", "--shell", shell); r.code != 0 || r.stdout != want || r.stderr != "" {
			t.Errorf("%s --off: %+v, want %q", shell, r, want)
		}
	}
}

// The prompt's renewal: new keys and nothing said; when only a login
// helps, the mark, the token cache to watch and one line; when another
// ssox holds the session's lock, no wait and no word.
func TestUseRenew(t *testing.T) {
	now := time.Unix(1795636800, 0)
	change := func(d *deps) { d.now = func() time.Time { return now } }
	env := warmHome(t, now)
	env.Set("SSOX_PROFILE", "ui-dev")
	env.Set("SSOX_EXPIRES", strconv.FormatInt(now.Add(10*time.Minute).Unix(), 10))
	home := env.Get("HOME")
	token := sso.CachePath(home, "njoitaws")

	r := runWith(env, change, "use", "--shell", "bash", "--renew")
	want := "_ssox_save -s AWS_ACCESS_KEY_ID AWS_CREDENTIAL_EXPIRATION AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN SSOX_EXPIRES SSOX_RENEW_AT\n" +
		"export AWS_ACCESS_KEY_ID=ASIAWARM\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-25T21:00:00Z\n" +
		"export AWS_SECRET_ACCESS_KEY=warm-secret\nexport AWS_SESSION_TOKEN=warm-session\n" +
		"export SSOX_EXPIRES=" + strconv.FormatInt(now.Add(time.Hour).Unix(), 10) + "\n" +
		"export SSOX_RENEW_AT=" + strconv.FormatInt(now.Add(45*time.Minute).Unix(), 10) + "\n_ssox_next 0 ''\n"
	if r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Fatalf("renew: exit %d, stderr %q, stdout:\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}

	// The cached keys run short and the token has expired, with no
	// refresh token: only a login helps.
	cfg, _ := awsconfig.Open(env)
	prof, _ := cfg.Profile("ui-dev")
	if err := creds.WriteCache(creds.CachePath(home, prof), &creds.Credentials{AccessKeyID: "ASIAOLD", SecretAccessKey: "s", SessionToken: "t",
		Expiration: now.Add(10 * time.Minute), AccountID: "123456789012"}); err != nil {
		t.Fatal(err)
	}
	if err := sso.WriteToken(token, &sso.Token{StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1",
		AccessToken: "old", ExpiresAt: now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	r = runWith(env, change, "use", "--shell", "zsh", "--renew")
	want = "_ssox_save -s SSOX_LOGIN_NEEDED\nexport SSOX_LOGIN_NEEDED='ssox login ui-dev'\n_ssox_next " +
		strconv.FormatInt(now.Add(10*time.Minute).Unix(), 10) + " " + shellquote.Sh(token) + "\n"
	line := "ssox: the SSO session of ui-dev has ended (keys: 10m left): run 'ssox login ui-dev'; the next prompt renews them\n"
	if r.code != 0 || r.stdout != want || r.stderr != line {
		t.Fatalf("login needed: exit %d, stderr %q, stdout:\n%s\nwant %q and:\n%s", r.code, r.stderr, r.stdout, line, want)
	}
	// Said once: the shell that has the mark is not told again.
	marked := environ.Env(env.Clone())
	marked.Set("SSOX_LOGIN_NEEDED", "ssox login ui-dev")
	if r = runWith(marked, change, "use", "--shell", "zsh", "--renew"); r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Fatalf("login needed again: %+v", r)
	}

	// Another ssox holds the session's lock: no wait, a minute's pause
	// unless the token changes first.
	unlock, err := filelock.TryAcquire(filelock.PathFor(token))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r = runWith(env, change, "use", "--shell", "fish", "--renew")
	want = "__ssox_next " + strconv.FormatInt(now.Add(time.Minute).Unix(), 10) + " " + shellquote.Fish(token) + ";\n"
	if r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Fatalf("busy: exit %d, stderr %q, stdout %q; want %q", r.code, r.stderr, r.stdout, want)
	}
}
