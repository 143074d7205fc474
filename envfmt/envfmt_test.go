package envfmt

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
)

func TestWriteEnvFormats(t *testing.T) {
	c := &creds.Credentials{AccessKeyID: "ASIAX", SecretAccessKey: "s'k/+", SessionToken: "st", Expiration: time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)}
	vars := environ.Env{"AWS_ACCESS_KEY_ID": "ASIAX", "AWS_SECRET_ACCESS_KEY": "s'k/+", "SSOX_PROFILE": "ui dev"}
	removed := []string{"AWS_PROFILE"}
	tests := map[string]string{
		"env":           "unset AWS_PROFILE\nexport AWS_ACCESS_KEY_ID=ASIAX\nexport AWS_SECRET_ACCESS_KEY='s'\\''k/+'\nexport SSOX_PROFILE='ui dev'\n",
		"env-no-export": "AWS_ACCESS_KEY_ID=ASIAX\nAWS_SECRET_ACCESS_KEY='s'\\''k/+'\nSSOX_PROFILE='ui dev'\n",
		"fish":          "set -e AWS_PROFILE;\nset -gx AWS_ACCESS_KEY_ID 'ASIAX';\nset -gx AWS_SECRET_ACCESS_KEY 's\\'k/+';\nset -gx SSOX_PROFILE 'ui dev';\n",
		"powershell":    "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n$Env:AWS_ACCESS_KEY_ID = 'ASIAX'\n$Env:AWS_SECRET_ACCESS_KEY = 's''k/+'\n$Env:SSOX_PROFILE = 'ui dev'\n",
		"windows-cmd":   "@set \"AWS_PROFILE=\"\r\n@set \"AWS_ACCESS_KEY_ID=ASIAX\"\r\n@set \"AWS_SECRET_ACCESS_KEY=s'k/+\"\r\n@set \"SSOX_PROFILE=ui dev\"\r\n",
		"process":       "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAX\",\n  \"SecretAccessKey\": \"s'k/+\",\n  \"SessionToken\": \"st\",\n  \"Expiration\": \"2026-11-25T20:00:00Z\"\n}\n",
		"claude":        "{\n  \"Credentials\": {\n    \"AccessKeyId\": \"ASIAX\",\n    \"Expiration\": \"2026-11-25T20:00:00Z\",\n    \"SecretAccessKey\": \"s'k/+\",\n    \"SessionToken\": \"st\"\n  }\n}\n",
		"json":          "{\n  \"AWS_ACCESS_KEY_ID\": \"ASIAX\",\n  \"AWS_SECRET_ACCESS_KEY\": \"s'k/+\",\n  \"SSOX_PROFILE\": \"ui dev\"\n}\n",
	}
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Write(&b, f, vars, removed, c); err != nil {
			t.Fatal(err)
		}
		if b.String() != tests[f] {
			t.Errorf("%s:\n%s\nwant\n%s", f, b.String(), tests[f])
		}
	}
	if err := Write(&bytes.Buffer{}, "tcsh", vars, nil, c); err == nil || !strings.Contains(err.Error(), "expected: env, env-no-export") {
		t.Fatalf("err %v", err)
	}
}

// A parent variable whose name is not an identifier is never printed: a
// shell would run it. Every value is quoted for its shell, cmd.exe included.
func TestHostileNamesAndValues(t *testing.T) {
	c := &creds.Credentials{}
	vars := environ.Env{"A": `%PATH% & "x" ^ $(y)`}
	removed := []string{"AWS_SSO_X$(touch${IFS}/tmp/x)", "AWS_PROFILE", "GRANTED_A B", "SSOX_;rm"}
	for format, want := range map[string]string{
		"env":           "unset AWS_PROFILE\nexport A='%PATH% & \"x\" ^ $(y)'\n",
		"env-no-export": "A='%PATH% & \"x\" ^ $(y)'\n",
		"fish":          "set -e AWS_PROFILE;\nset -gx A '%PATH% & \"x\" ^ $(y)';\n",
		"powershell":    "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n$Env:A = '%PATH% & \"x\" ^ $(y)'\n",
		"windows-cmd":   "@set \"AWS_PROFILE=\"\r\n@set \"A=%%PATH%% & \"x\" ^ $(y)\"\r\n",
	} {
		var b bytes.Buffer
		if err := Write(&b, format, vars, removed, c); err != nil || b.String() != want {
			t.Errorf("%s: %v\n%q\nwant\n%q", format, err, b.String(), want)
		}
	}
	var b bytes.Buffer
	err := Write(&b, "windows-cmd", environ.Env{"A": "x\ny"}, nil, c)
	if err == nil || err.Error() != "A cannot be written for windows-cmd: its value holds a line break, NUL or Ctrl-Z, which a batch file cannot set" || b.Len() != 0 {
		t.Errorf("newline for cmd: %v, %q", err, b.String())
	}
	if err := Write(&b, "env", environ.Env{"A B": "x"}, nil, c); err == nil || b.Len() != 0 {
		t.Errorf("invalid name set: %v, %q", err, b.String())
	}
}

// No PowerShell runs here: the powershell format's quoting is held to
// exact output for values PowerShell would otherwise act on. Inside single
// quotes nothing is expanded ($(...), $x, the backtick escape, here-string
// markers, ; & | #); each of the five characters PowerShell takes for a
// single quote (', ‘, ’, ‚, ‛) is doubled, and a line break stays inside
// the string. A value that is not UTF-8 is refused, naming the variable.
func TestPowerShellHostileValues(t *testing.T) {
	c := &creds.Credentials{}
	for value, quoted := range map[string]string{
		`$(Remove-Item C:\ -Recurse)`:     `'$(Remove-Item C:\ -Recurse)'`,
		"$Env:PATH `n `$x ${x}":           "'$Env:PATH `n `$x ${x}'",
		"a'; Remove-Item x; '":            "'a''; Remove-Item x; '''",
		"\u2018a\u2019b\u201ac\u201bd'e":  "'\u2018\u2018a\u2019\u2019b\u201a\u201ac\u201b\u201bd''e'",
		"''":                              "''''''",
		"@'\r\nx\r\n'@":                   "'@''\r\nx\r\n''@'",
		"a # b & c | d > e < f \"g\" %h%": "'a # b & c | d > e < f \"g\" %h%'",
		"\u201c\u201d\u201e":              "'\u201c\u201d\u201e'",
	} {
		var b bytes.Buffer
		if err := Write(&b, "powershell", environ.Env{"AWS_SESSION_TOKEN": value}, nil, c); err != nil {
			t.Fatalf("%q: %v", value, err)
		}
		if want := "$Env:AWS_SESSION_TOKEN = " + quoted + "\n"; b.String() != want {
			t.Errorf("%q:\n%q\nwant\n%q", value, b.String(), want)
		}
		got, err := parsePowerShell(b.String(), map[string]string{})
		if err != nil || got["AWS_SESSION_TOKEN"] != value {
			t.Errorf("%q read back as %q, %v", value, got["AWS_SESSION_TOKEN"], err)
		}
	}
	var b bytes.Buffer
	err := Write(&b, "powershell", environ.Env{"AWS_SESSION_TOKEN": "a\xa8"}, nil, c)
	if err == nil || err.Error() != "AWS_SESSION_TOKEN cannot be written for powershell: its value is not UTF-8 text, which Windows variables cannot hold" || b.Len() != 0 {
		t.Errorf("not UTF-8: %v, %q", err, b.String())
	}
}
