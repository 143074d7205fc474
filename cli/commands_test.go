package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/testconfig"
	"github.com/ssox/ssox/sso"
)

// warmHome is a HOME whose config has ui-dev and whose caches hold a valid
// token and role credentials for it, so no command needs the network.
func warmHome(tb testing.TB, now time.Time) environ.Env {
	tb.Helper()
	home := testconfig.Home(tb, testconfig.Guide)
	// Stand-ins for the commands the tests name: found on PATH, never
	// started (runArgs captures the start).
	bin := filepath.Join(home, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, name := range []string{"true", "sh", "ls"} {
		if err := os.WriteFile(filepath.Join(bin, name+exeSuffix()), nil, 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	env := environ.Env{"HOME": home, "PATH": bin, "SHELL": "/bin/sh"}
	cfg, _ := awsconfig.Open(env)
	prof, err := cfg.Profile("ui-dev")
	if err != nil {
		tb.Fatal(err)
	}
	err = creds.WriteCache(creds.CachePath(home, prof), &creds.Credentials{
		AccessKeyID: "ASIAWARM", SecretAccessKey: "warm-secret", SessionToken: "warm-session",
		Expiration: now.Add(time.Hour), AccountID: "123456789012"})
	if err != nil {
		tb.Fatal(err)
	}
	err = sso.WriteToken(sso.CachePath(home, "njoitaws"), &sso.Token{
		StartURL: "https://njoitaws.awsapps.com/start", Region: "us-east-1", AccessToken: "warm-token",
		ExpiresAt: now.Add(8 * time.Hour)})
	if err != nil {
		tb.Fatal(err)
	}
	return env
}

// exeSuffix is what an executable's name ends with: ".exe" on Windows.
func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

type result struct {
	stdout, stderr string
	code           int
	// execs are the commands ssox replaced itself with, with their
	// environments.
	execs []execCall
}

type execCall struct {
	path string
	argv []string
	env  environ.Env
}

// runArgs runs ssox in process through the seam main uses, with exec
// captured.
func runArgs(env environ.Env, args ...string) result { return runWith(env, nil, args...) }

// runWith is runArgs with change, when not nil, made to the deps first.
func runWith(env environ.Env, change func(*deps), args ...string) result {
	io, _, out, errOut := iostreams.Test()
	var r result
	d := &deps{io: io, env: env.Clone(), now: time.Now, log: debuglog.New(nil),
		start: func(path string, argv []string, env environ.Env, _ *iostreams.IOStreams) error {
			r.execs = append(r.execs, execCall{path, argv, env})
			return nil
		},
	}
	d.browser = &browser.Opener{Env: d.env, Start: func([]string) (<-chan error, error) { return nil, nil }}
	if change != nil {
		change(d)
	}
	r.code = d.run(append([]string{"ssox"}, args...))
	r.stdout, r.stderr = out.String(), errOut.String()
	return r
}

// sample returns a positional argument the command accepts.
func sample(c *command) []string {
	switch {
	case c.name == "init":
		return []string{"zsh"}
	case c.name == "help":
		return []string{"list"}
	case c.args == noArgs:
		return nil
	}
	return []string{"ui-dev"}
}

func flagWords(f flagSpec) []string {
	switch f.kind {
	case stringFlag:
		if v := placeholders[f.value]; v != "" && f.check != nil {
			return []string{"--" + f.name, v}
		}
		return []string{"--" + f.name, "x"}
	case durationFlag:
		return []string{"--" + f.name, "20m"}
	}
	return []string{"--" + f.name}
}

// TestFlagsBeforeOrAfterArguments parses every flag of every command on
// either side of the command's argument: the same result.
func TestFlagsBeforeOrAfterArguments(t *testing.T) {
	for _, c := range table() {
		name := c.name
		var lead []string
		if !c.root {
			lead = []string{c.name}
		} else {
			name = "root"
		}
		for _, f := range c.all {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				arg := sample(c)
				before := slices.Concat(lead, flagWords(f), arg)
				after := slices.Concat(lead, arg, flagWords(f))
				a, errA := parse(before, environ.Env{})
				b, errB := parse(after, environ.Env{})
				if errA != nil || errB != nil {
					t.Fatalf("%q: %v; %q: %v", before, errA, after, errB)
				}
				if a.cmd != c || b.cmd != c || !reflect.DeepEqual(a.flags, b.flags) || !slices.Equal(a.args, b.args) || len(a.command)+len(b.command) != 0 {
					t.Fatalf("%q -> %s %v %q; %q -> %s %v %q", before, a.cmd.name, a.flags, a.args, after, b.cmd.name, b.flags, b.args)
				}
				if _, ok := a.flags[f.name]; !ok {
					t.Fatalf("%q: flag not read: %v", before, a.flags)
				}
			})
		}
	}
}

// TestUsageErrors: for every command, a bad flag, a bad flag value, a
// missing value and wrong arguments exit 2 with nothing on stdout and two
// lines on stderr: what was wrong, and the usage line.
func TestUsageErrors(t *testing.T) {
	env := warmHome(t, time.Now())
	type tc struct {
		args []string
		err  string
		// env is added to the run's environment.
		env environ.Env
	}
	var cases []tc
	for _, c := range table() {
		var lead []string
		if !c.root {
			lead = []string{c.name}
		}
		cases = append(cases, tc{slices.Concat(lead, []string{"--bad-flag"}, sample(c)), "ssox: unknown flag --bad-flag\n", nil})
		for _, f := range c.all {
			switch f.kind {
			case boolFlag:
				cases = append(cases, tc{slices.Concat(lead, sample(c), []string{"--" + f.name + "=maybe"}),
					"ssox: --" + f.name + " takes true or false, not \"maybe\"\n", nil})
			case durationFlag:
				cases = append(cases,
					tc{args: slices.Concat(lead, sample(c), []string{"--" + f.name, "soon"}), err: "ssox: --" + f.name + ": \"soon\" is not a duration (like 15m or 1h)\n"},
					tc{args: slices.Concat(lead, sample(c), []string{"--" + f.name + "=-2m"}), err: "ssox: --" + f.name + ": \"-2m\" is negative (give a duration like 15m or 1h)\n"})
				if f.env != "" {
					cases = append(cases, tc{env: environ.Env{f.env: "-1h"}, args: slices.Concat(lead, sample(c)),
						err: "ssox: " + f.env + "=\"-1h\" is negative (give a duration like 15m or 1h)\n"})
				}
			}
			if f.value == "R" {
				cases = append(cases, tc{args: slices.Concat(lead, sample(c), []string{"--" + f.name, "evil.example#"}),
					err: "ssox: --" + f.name + ": \"evil.example#\" is not an AWS region name (like us-east-1)\n"})
				if f.env != "" {
					cases = append(cases, tc{env: environ.Env{f.env: "us-east-1;id"}, args: slices.Concat(lead, sample(c)),
						err: "ssox: " + f.env + "=\"us-east-1;id\" is not an AWS region name (like us-east-1)\n"})
				}
			}
			if f.takesValue() && c.args != profileAndCommand {
				cases = append(cases, tc{slices.Concat(lead, sample(c), []string{"--" + f.name}), "ssox: --" + f.name + " needs a value\n", nil})
			}
		}
		switch c.args {
		case noArgs:
			cases = append(cases, tc{slices.Concat(lead, []string{"extra"}), "ssox: " + c.name + " takes no arguments, got extra\n", nil})
		case optionalArg:
			cases = append(cases, tc{slices.Concat(lead, []string{"a", "b"}), "ssox: " + c.name + " takes at most one argument, got a b\n", nil})
		case oneArg:
			cases = append(cases, tc{lead, "ssox: " + c.name + " needs " + strings.Fields(c.synopsis)[0] + "\n", nil})
			cases = append(cases, tc{slices.Concat(lead, []string{"a", "b"}), "ssox: " + c.name + " takes one argument, got a b\n", nil})
		}
	}
	cases = append(cases,
		tc{[]string{"list", "--json", "--names"}, "ssox: --json and --names cannot be used together\n", nil},
		tc{[]string{"env", "ui-dev", "--format", "yaml"}, "ssox: unknown format \"yaml\" (expected: env, env-no-export, fish, powershell, windows-cmd, json, process, claude)\n", nil},
		tc{[]string{"logout", "--all", "ui-dev"}, "ssox: --all takes no profile or --sso-session\n", nil},
		// Without --sso-session, a start URL names its session by its subdomain.
		tc{[]string{"setup", "--start-url", "https://other.awsapps.com/start"},
			"ssox: there is no [sso-session other] in ~/.aws/config to use\n", nil},
		tc{[]string{"setup", "--sso-session", "njoitaws", "--start-url", "https://other.awsapps.com/start"},
			"ssox: --start-url https://other.awsapps.com/start conflicts with [sso-session njoitaws] in ~/.aws/config, whose sso_start_url is https://njoitaws.awsapps.com/start\n", nil},
		tc{[]string{"setup", "--profile-name", "{{.Acount}}"},
			"ssox: bad --profile-name: unknown field \"Acount\" (fields: AccountName, AccountID, RoleName, Session, OnlyRole)\n", nil},
		tc{[]string{"setup", "--profile-name", "{{if .OnlyRole}}{{.AccountName}}{{end}}"},
			"ssox: bad --profile-name: it makes no profile name of account sandbox, role AdministratorAccess\n", nil},
		tc{[]string{"help", "nope"}, "ssox: no command \"nope\"\n", nil},
	)
	for _, tc := range cases {
		t.Run(strings.TrimSpace(fmt.Sprint(tc.env)+" "+strings.Join(tc.args, " ")), func(t *testing.T) {
			runEnv := env.Clone()
			for k, v := range tc.env {
				runEnv.Set(k, v)
			}
			r := runArgs(runEnv, tc.args...)
			lines := strings.SplitAfter(r.stderr, "\n")
			if r.code != 2 || r.stdout != "" || len(lines) != 3 || lines[0] != tc.err || !strings.HasPrefix(lines[1], "hint: ") || len(r.execs) > 0 {
				t.Fatalf("exit %d stdout %q stderr %q; want exit 2, no stdout, stderr %q and a hint", r.code, r.stdout, r.stderr, tc.err)
			}
		})
	}
}

// TestUsageHintsRun: the usage line a hint shows is a form that parses.
func TestUsageHintsRun(t *testing.T) {
	for _, c := range table() {
		args := fill(c.usageLine())
		if _, err := parse(args, environ.Env{}); err != nil {
			t.Errorf("%s: %q does not parse: %v", c.usageLine(), args, err)
		}
	}
}

// TestHelp: --help and -h anywhere before the command, and `ssox help X`,
// print help on stdout and exit 0.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"env", "--help"}, {"env", "ui-dev", "-h"}, {"help", "env"}, {"ui-dev", "--help"}} {
		r := runArgs(environ.Env{}, args...)
		if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, "USAGE:") {
			t.Errorf("%q: exit %d stderr %q stdout %q", args, r.code, r.stderr, r.stdout)
		}
	}
	r := runArgs(environ.Env{}, "env", "--help")
	if !strings.Contains(r.stdout, "ssox env PROFILE [--format F]") || !strings.Contains(r.stdout, "--format value") {
		t.Errorf("env help:\n%s", r.stdout)
	}
	// The top-level help shows examples that run, and where to start.
	r = runArgs(environ.Env{}, "--help")
	for _, e := range examples() {
		if !strings.Contains(r.stdout, e[0]) {
			t.Errorf("--help lacks the example %q:\n%s", e[0], r.stdout)
		}
		if _, err := parse(strings.Fields(e[0])[1:], environ.Env{}); err != nil {
			t.Errorf("the example %q does not parse: %v", e[0], err)
		}
	}
	if !strings.Contains(r.stdout, "Start here: 'ssox setup'") {
		t.Errorf("--help does not say where to start:\n%s", r.stdout)
	}
	if r := runArgs(environ.Env{}, "exec", "--help"); strings.Contains(r.stdout, "Examples:") {
		t.Errorf("exec's help shows the top level's examples:\n%s", r.stdout)
	}
	// --no-browser says what it prints for the command.
	if r := runArgs(environ.Env{}, "console", "--help"); !strings.Contains(r.stdout, "--no-browser             print the login URL and the console's sign-in URL instead of opening a browser") {
		t.Errorf("console help:\n%s", r.stdout)
	}
	// After the command starts, --help is the command's.
	env := warmHome(t, time.Now())
	r = runArgs(env, "ui-dev", "ls", "--help")
	if r.code != 0 || len(r.execs) != 1 || !slices.Equal(r.execs[0].argv, []string{"ls", "--help"}) {
		t.Errorf("%+v", r)
	}
}

// TestFormsRun runs the forms users type, flags on either side, with warm
// caches: the same outcome both ways.
func TestFormsRun(t *testing.T) {
	// One clock for both forms of a pair: what doctor says of the time
	// left must not depend on how long the first form took.
	now := time.Now()
	env := warmHome(t, now)
	clock := func(d *deps) { d.now = func() time.Time { return now } }
	fed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"SigninToken":"signin-token-1"}`))
	}))
	defer fed.Close()
	env.Set("SSOX_FEDERATION_ENDPOINT", fed.URL+"/federation")
	for _, pair := range [][2][]string{
		{{"env", "ui-dev", "--format", "claude"}, {"env", "--format", "claude", "ui-dev"}},
		{{"env", "ui-dev", "--format=json"}, {"env", "--format=json", "ui-dev"}},
		{{"doctor", "ui-dev", "--json"}, {"doctor", "--json", "ui-dev"}},
		{{"console", "ui-dev", "--print"}, {"console", "--print", "ui-dev"}},
		{{"credential-process", "ui-dev", "--min-ttl", "5m"}, {"credential-process", "--min-ttl", "5m", "ui-dev"}},
		{{"ui-dev", "--region", "eu-west-2", "--", "true"}, {"--region", "eu-west-2", "ui-dev", "--", "true"}},
		{{"exec", "ui-dev", "--region", "eu-west-2", "--", "true"}, {"exec", "--region", "eu-west-2", "ui-dev", "true"}},
		{{"list", "--json"}, {"--debug=false", "list", "--json"}},
	} {
		a, b := runWith(env, clock, pair[0]...), runWith(env, clock, pair[1]...)
		if a.code != 0 || a.stderr != "" || !reflect.DeepEqual(a, b) {
			t.Errorf("%q: %+v\n%q: %+v", pair[0], a, pair[1], b)
		}
	}
	r := runArgs(env, "ui-dev", "--region", "eu-west-2", "--", "true")
	if len(r.execs) != 1 || r.execs[0].env.Get("AWS_REGION") != "eu-west-2" || r.execs[0].env.Get("AWS_ACCESS_KEY_ID") != "ASIAWARM" {
		t.Fatalf("%+v", r)
	}
}

// TestCommandIsUntouched: from the first word after the profile that is not
// an ssox flag, every word is the command's.
func TestCommandIsUntouched(t *testing.T) {
	env := warmHome(t, time.Now())
	for _, tc := range []struct {
		args, argv []string
	}{
		{[]string{"ui-dev", "sh", "-c", "echo --region"}, []string{"sh", "-c", "echo --region"}},
		{[]string{"ui-dev", "--min-ttl", "1m", "sh", "--region", "x"}, []string{"sh", "--region", "x"}},
		{[]string{"ui-dev", "--", "sh", "--", "x"}, []string{"sh", "--", "x"}},
		{[]string{"exec", "list", "--", "true"}, []string{"true"}},
	} {
		env := env
		if tc.args[0] == "exec" {
			env = env.Clone()
			cfg := filepath.Join(env.Get("HOME"), ".aws", "config")
			data, _ := os.ReadFile(cfg)
			if err := os.WriteFile(cfg, []byte(strings.Replace(string(data), "[profile ui-dev]", "[profile list]", 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			defer os.WriteFile(cfg, data, 0o600)
		}
		r := runArgs(env, tc.args...)
		if r.code != 0 || len(r.execs) != 1 || !slices.Equal(r.execs[0].argv, tc.argv) {
			t.Errorf("%q: %+v; want argv %q", tc.args, r, tc.argv)
		}
	}
}

func TestNoProfile(t *testing.T) {
	env := warmHome(t, time.Now())
	r := runArgs(env, "--", "true")
	if r.code != 2 || r.stderr != "ssox: missing PROFILE\nhint: ssox PROFILE -- CMD ('ssox list' shows the profiles)\n" {
		t.Errorf("%+v", r)
	}
	withProfile := env.Clone()
	withProfile.Set("AWS_PROFILE", "ui-dev")
	for _, args := range [][]string{{"--", "sh", "-c", "echo"}, {"--region", "eu-west-1", "--", "sh", "-c", "echo"}} {
		r = runArgs(withProfile, args...)
		if r.code != 0 || r.stderr != "ssox: using AWS_PROFILE=ui-dev\n" || len(r.execs) != 1 || r.execs[0].env.Get("SSOX_PROFILE") != "ui-dev" ||
			r.execs[0].env.Get("AWS_PROFILE") != "" {
			t.Errorf("%q: %+v", args, r)
		}
	}
	withProfile.Set("AWS_PROFILE", "nope")
	r = runArgs(withProfile, "--", "true")
	if r.code != 2 || r.stderr != "ssox: no profile given, and AWS_PROFILE=nope: profile \"nope\" not found in ~/.aws/config\n"+
		"hint: name the profile ('ssox PROFILE -- CMD') or unset AWS_PROFILE; 'ssox list' shows the profiles there are; 'aws configure sso' adds one, 'ssox setup' one for every account and role\n" {
		t.Errorf("%+v", r)
	}
	withProfile.Set("AWS_PROFILE", "ui-deb")
	r = runArgs(withProfile, "--", "true")
	if r.code != 2 || r.stderr != "ssox: no profile given, and AWS_PROFILE=ui-deb: profile \"ui-deb\" not found in ~/.aws/config\n"+
		"hint: name the profile ('ssox PROFILE -- CMD') or unset AWS_PROFILE; did you mean \"ui-dev\"?\n" {
		t.Errorf("%+v", r)
	}
}

func TestCommandTypo(t *testing.T) {
	env := warmHome(t, time.Now())
	for word, want := range map[string]string{"lsit": "list", "logn": "login", "dcotor": "doctor"} {
		r := runArgs(env, word)
		if r.code != 1 || r.stderr != "ssox: profile \""+word+"\" not found in ~/.aws/config\nhint: did you mean 'ssox "+want+"'?\n" {
			t.Errorf("%s: %+v", word, r)
		}
	}
	// A near profile name wins over a command.
	r := runArgs(env, "ui-deb", "--", "true")
	if r.code != 1 || !strings.Contains(r.stderr, `hint: did you mean "ui-dev"?`) {
		t.Errorf("%+v", r)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}, {"version", "--debug=false"}} {
		r := runArgs(environ.Env{}, args...)
		if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "ssox dev (commit unknown, go") {
			t.Errorf("%q: %+v", args, r)
		}
	}
}

// login and logout without a profile where the config has several sessions:
// a usage error whose hint is the command that was run, with a real session.
func TestSessionChoiceHints(t *testing.T) {
	env := warmHome(t, time.Now())
	cfg := filepath.Join(env.Get("HOME"), ".aws", "config")
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n")
	f.Close()
	for verb, hint := range map[string]string{
		"login":  "hint: name one: 'ssox login PROFILE' or 'ssox login --sso-session njoitaws'\n",
		"logout": "hint: name one: 'ssox logout PROFILE' or 'ssox logout --sso-session njoitaws', or 'ssox logout --all'\n",
	} {
		r := runArgs(env, verb)
		if r.code != 2 || r.stdout != "" || r.stderr != "ssox: name a profile or --sso-session (sessions in ~/.aws/config: njoitaws, other)\n"+hint {
			t.Errorf("%s: %+v", verb, r)
		}
	}
}

// TestUsageErrorsAfterParsing: usage errors that a command finds after
// the command line parsed (a template, a profile and a session both given,
// a variable, the picker) print the same two lines: what was wrong, and the
// usage line or a fix of their own.
func TestUsageErrorsAfterParsing(t *testing.T) {
	t.Parallel()
	env := warmHome(t, time.Now())
	two := env.Clone()
	if err := os.WriteFile(filepath.Join(two["HOME"], ".aws", "config"),
		[]byte(testconfig.Guide+"[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := warmHome(t, time.Now())
	if err := os.WriteFile(filepath.Join(empty["HOME"], ".aws", "config"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	with := func(env environ.Env, kv ...string) environ.Env {
		env = env.Clone()
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	for _, tc := range []struct {
		env    environ.Env
		tty    bool
		args   []string
		stderr string
	}{
		{env, false, []string{"prompt", "--format", "{{.Nope}}"}, "ssox: bad --format: unknown field \"Nope\" (fields: Profile, AccountID, AccountName, Role, Region, Remaining, Expired)\n" +
			"hint: usage: ssox prompt [--format TEMPLATE]; more in 'ssox prompt --help'\n"},
		{env, false, []string{"login", "ui-dev", "--sso-session", "njoitaws"}, "ssox: give a profile or --sso-session, not both\n" +
			"hint: usage: ssox login [PROFILE | --sso-session NAME]; more in 'ssox login --help'\n"},
		{env, false, []string{"logout", "--sso-session", "njoitaws", "ui-dev"}, "ssox: give a profile or --sso-session, not both\n" +
			"hint: usage: ssox logout [PROFILE | --sso-session NAME | --all]; more in 'ssox logout --help'\n"},
		{two, false, []string{"login"}, "ssox: name a profile or --sso-session (sessions in ~/.aws/config: njoitaws, other)\n" +
			"hint: name one: 'ssox login PROFILE' or 'ssox login --sso-session njoitaws'\n"},
		{env, false, []string{"init", "tcsh"}, "ssox: unknown shell \"tcsh\" (expected: zsh, bash, fish, starship)\n" +
			"hint: usage: ssox init zsh|bash|fish|starship; more in 'ssox init --help'\n"},
		{with(env, "SSOX_TIMEOUT", "soon"), false, []string{"list"}, "ssox: SSOX_TIMEOUT=\"soon\" is not a duration (like 15m or 1h)\n" +
			"hint: set SSOX_TIMEOUT to a duration such as 30s or 2m, or unset it\n"},
		{with(env, "SSOX_MIN_TTL", "soon"), false, []string{"env", "ui-dev"}, "ssox: SSOX_MIN_TTL=\"soon\" is not a duration (like 15m or 1h)\n" +
			"hint: set SSOX_MIN_TTL to a duration such as 15m, or unset it\n"},
		{env, false, []string{"--", "true"}, "ssox: missing PROFILE\nhint: ssox PROFILE -- CMD ('ssox list' shows the profiles)\n"},
		// On a terminal whose input is no file the picker cannot run.
		{env, true, []string{"--", "true"}, "ssox: missing PROFILE\nhint: ssox PROFILE -- CMD ('ssox list' shows the profiles)\n"},
		// The picker's hints name the command that asked for a profile.
		{env, true, []string{"console"}, "ssox: missing PROFILE\nhint: ssox console PROFILE ('ssox list' shows the profiles)\n"},
		{empty, true, []string{"console"}, "ssox: missing PROFILE, and ~/.aws/config has no profile to choose from\n" +
			"hint: run 'aws configure sso' to add a profile, or 'ssox setup' for every account and role (with --sso-session NAME --start-url URL --sso-region REGION the first time), then 'ssox console PROFILE'\n"},
		{with(env, "SSOX_PICKER", "peco"), true, []string{"--", "true"}, "ssox: unknown SSOX_PICKER=peco (expected: fzf)\n" +
			"hint: unset SSOX_PICKER for ssox's own picker\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := runWith(tc.env, func(d *deps) {
				d.pick = d.pickProfile
				d.io.InTTY, d.io.ErrTTY = tc.tty, tc.tty
			}, tc.args...)
			if r.code != 2 || r.stdout != "" || r.stderr != tc.stderr || len(r.execs) > 0 {
				t.Fatalf("exit %d stdout %q stderr:\n%s\nwant exit 2 and:\n%s", r.code, r.stdout, r.stderr, tc.stderr)
			}
		})
	}
}
