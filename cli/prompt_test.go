package cli

import (
	"strconv"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
)

var testNow = time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC)

// runIn runs ssox in process with env and stdout a terminal or not.
func runIn(env environ.Env, tty bool, args ...string) (stdout, stderr string, code int) {
	io, _, out, errOut := iostreams.Test()
	io.OutTTY = tty
	d := &deps{io: io, env: env, now: func() time.Time { return testNow }, log: debuglog.New(nil)}
	code = d.run(append([]string{"ssox"}, args...))
	return out.String(), errOut.String(), code
}

// inSsox is what ssox exec gives a child with secs seconds left, and no
// HOME or AWS_CONFIG_FILE: prompt must not need them.
func inSsox(secs int64, kv ...string) environ.Env {
	env := environ.Env{
		"SSOX_PROFILE":    "ui-dev",
		"SSOX_ACCOUNT_ID": "123456789012",
		"SSOX_ROLE_NAME":  "AdministratorAccess",
		"SSOX_EXPIRES":    strconv.FormatInt(testNow.Unix()+secs, 10),
		"AWS_REGION":      "us-east-1",
	}
	for i := 0; i < len(kv); i += 2 {
		env.Set(kv[i], kv[i+1])
	}
	return env
}

func TestPromptCommand(t *testing.T) {
	const fields = "(fields: Profile, AccountID, AccountName, Role, Region, Remaining, Expired)"
	const usage = "hint: usage: ssox prompt [--format TEMPLATE]; more in 'ssox prompt --help'\n"
	for _, tc := range []struct {
		name     string
		env      environ.Env
		tty      bool
		args     []string
		out, err string
		code     int
	}{
		{"outside ssox", environ.Env{"AWS_PROFILE": "x"}, true, nil, "", "", 0},
		{"active", inSsox(47*60 + 30), false, nil, "ui-dev 47m\n", "", 0},
		{"hours", inSsox(2*3600 + 5*60), false, nil, "ui-dev 2h05m\n", "", 0},
		{"expired", inSsox(-5), false, nil, "ui-dev expired\n", "", 0},
		{"terminal: green", inSsox(47 * 60), true, nil, "\x1b[32mui-dev 47m\x1b[0m\n", "", 0},
		{"terminal: yellow under 15m", inSsox(14*60 + 59), true, nil, "\x1b[33mui-dev 14m\x1b[0m\n", "", 0},
		{"terminal: red when expired", inSsox(0), true, nil, "\x1b[31mui-dev expired\x1b[0m\n", "", 0},
		{"terminal with NO_COLOR", inSsox(47*60, "NO_COLOR", "1"), true, nil, "ui-dev 47m\n", "", 0},
		{"empty NO_COLOR does not count", inSsox(47*60, "NO_COLOR", ""), true, nil, "\x1b[32mui-dev 47m\x1b[0m\n", "", 0},
		{"format", inSsox(47 * 60), false, []string{"--format", "{{.Profile}}@{{.AccountID}}:{{.Region}} {{.Role}} {{.Remaining}} {{.Expired}}"},
			"ui-dev@123456789012:us-east-1 AdministratorAccess 47m false\n", "", 0},
		{"format coloured on a terminal", inSsox(47 * 60), true, []string{"--format={{.Profile}}"}, "\x1b[32mui-dev\x1b[0m\n", "", 0},
		{"format that renders nothing", inSsox(47 * 60), false, []string{"--format", "{{if .Expired}}!{{end}}"}, "", "", 0},
		{"unknown field", inSsox(47 * 60), false, []string{"--format", "{{.Acount}}"},
			"", "ssox: bad --format: unknown field \"Acount\" " + fields + "\n" + usage, 2},
		{"unknown field outside ssox", environ.Env{}, false, []string{"--format", "{{if .Expired}}{{.Acount}}{{end}}"},
			"", "ssox: bad --format: unknown field \"Acount\" " + fields + "\n" + usage, 2},
		{"format that does not parse", inSsox(60), false, []string{"--format", "{{.Profile"},
			"", "ssox: bad --format: line 1: unclosed action\n" + usage, 2},
		{"format that fails to run", inSsox(60), false, []string{"--format", "{{index .Profile 40}}"},
			"", "ssox: bad --format: line 1:2: executing \"format\" at <index .Profile 40>: error calling index: index out of range: 40\n" + usage, 2},
		{"argument", inSsox(60), false, []string{"ui-dev"}, "", "ssox: prompt takes no arguments, got ui-dev\n" + usage, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runIn(tc.env, tc.tty, append([]string{"prompt"}, tc.args...)...)
			if out != tc.out || errOut != tc.err || code != tc.code {
				t.Fatalf("got stdout %q stderr %q exit %d\nwant stdout %q stderr %q exit %d", out, errOut, code, tc.out, tc.err, tc.code)
			}
		})
	}
}
