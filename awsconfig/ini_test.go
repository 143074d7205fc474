package awsconfig

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ssox/ssox/internal/errs"
)

// iniCases are config files and what botocore reads from them: profiles and
// sso-sessions with their keys, or the line of the error that makes it
// refuse the file. ssoxStricter marks files botocore reads but ssox refuses.
var iniCases = []struct {
	name         string
	text         string
	profiles     map[string]map[string]string
	sessions     map[string]map[string]string
	errLine      int
	ssoxStricter bool
}{
	{name: "guide", text: "[profile ui-dev]\nsso_session = s\nsso_account_id = 1\n[sso-session s]\nsso_start_url = https://x/start\n",
		profiles: map[string]map[string]string{"ui-dev": {"sso_session": "s", "sso_account_id": "1"}},
		sessions: map[string]map[string]string{"s": {"sso_start_url": "https://x/start"}}},
	{name: "duplicate section", text: "[profile ui-dev]\nsso_account_id = 1\n[profile x]\n[profile ui-dev]\nsso_account_id = 2\n", errLine: 4},
	{name: "duplicate key", text: "[profile a]\nregion = us-east-1\nRegion = eu-west-1\n", errLine: 3},
	{name: "key before any section", text: "region = us-east-1\n[profile a]\n", errLine: 1},
	{name: "neither section nor key", text: "[profile a]\nregion us-east-1\nx = 1\n", errLine: 2},
	{name: "inline comments stay in the value", text: "[profile a]\nregion = us-east-1 # main\nsso_role_name = R ; admin\nurl = https://x/#frag\n",
		profiles: map[string]map[string]string{"a": {"region": "us-east-1 # main", "sso_role_name": "R ; admin", "url": "https://x/#frag"}}},
	{name: "whole-line comments, indented too", text: "# top\n[profile a]\n; c\n  # indented\nregion = x\n",
		profiles: map[string]map[string]string{"a": {"region": "x"}}},
	{name: "quotes stay", text: "[profile a]\nsso_start_url = \"https://x/start\"\nb = 'q'\n",
		profiles: map[string]map[string]string{"a": {"sso_start_url": `"https://x/start"`, "b": "'q'"}}},
	{name: "hash and semicolon in names", text: "[profile t#x]\nregion = a\n[profile u;y]\nregion = b\n",
		profiles: map[string]map[string]string{"t#x": {"region": "a"}, "u;y": {"region": "b"}}},
	{name: "quoted name", text: "[profile \"my profile\"]\nregion = a\n",
		profiles: map[string]map[string]string{"my profile": {"region": "a"}}},
	{name: "space before profile", text: "[ profile a ]\nregion = a\n[profile a b]\nregion = b\n[profile 'open]\n",
		profiles: map[string]map[string]string{}},
	{name: "continuation lines", text: "[profile a]\nregion = us-\n  east-1\n\n  more\n\nnext = 1\n",
		profiles: map[string]map[string]string{"a": {"region": "us-\neast-1\n\nmore", "next": "1"}}},
	{name: "DEFAULT gives every block its keys", text: "[DEFAULT]\nregion = x\n[profile a]\n[profile b]\nregion = y\n[sso-session s]\n",
		profiles: map[string]map[string]string{"a": {"region": "x"}, "b": {"region": "y"}},
		sessions: map[string]map[string]string{"s": {"region": "x"}}},
	{name: "colon and equals", text: "[default]\na: b=c\nd = e:f\n",
		profiles: map[string]map[string]string{"default": {"a": "b=c", "d": "e:f"}}},
	{name: "CRLF and CR", text: "[profile a]\r\nregion = x\r\n[profile b]\rregion = y\r",
		profiles: map[string]map[string]string{"a": {"region": "x"}, "b": {"region": "y"}}},
	{name: "control character in a name", text: "[profile t\x1bcx]\nregion = x\n",
		profiles: map[string]map[string]string{"t\x1bcx": {"region": "x"}}},
	{name: "a value that is one quote", text: "[profile a]\noutput = \"\n",
		profiles: map[string]map[string]string{"a": {"output": `"`}}},
	{name: "one profile under two spellings", text: "[profile ui-dev]\nregion = a\n[profile  ui-dev]\nregion = b\n",
		profiles: map[string]map[string]string{"ui-dev": {"region": "b"}}, errLine: 3, ssoxStricter: true},
}

// view maps sections as botocore's build_profile_map does.
func view(secs []section) (profiles, sessions map[string]map[string]string) {
	profiles, sessions = map[string]map[string]string{}, map[string]map[string]string{}
	for _, s := range secs {
		if n, ok := ProfileName(s.name); ok {
			profiles[n] = s.keys
		} else if n, ok := cutSession(s.name); ok {
			sessions[n] = s.keys
		}
	}
	return profiles, sessions
}

func cutSession(name string) (string, bool) {
	if len(name) > len("sso-session ") && name[:len("sso-session ")] == "sso-session " {
		return name[len("sso-session "):], true
	}
	return "", false
}

func TestScan(t *testing.T) {
	for _, tt := range iniCases {
		t.Run(tt.name, func(t *testing.T) {
			secs, err := scan([]byte(tt.text))
			switch {
			case tt.errLine != 0 && (err == nil || err.Line != tt.errLine):
				t.Fatalf("error %v, want one at line %d", err, tt.errLine)
			case tt.errLine == 0 && err != nil:
				t.Fatalf("error %v", err)
			case tt.errLine != 0:
				return
			}
			profiles, sessions := view(secs)
			if tt.sessions == nil {
				tt.sessions = map[string]map[string]string{}
			}
			if !reflect.DeepEqual(profiles, tt.profiles) || !reflect.DeepEqual(sessions, tt.sessions) {
				t.Fatalf("profiles %q\nsessions %q", profiles, sessions)
			}
		})
	}
}

// botocoreView prints what botocore reads from a config file, or the name
// of the error it raises.
const botocoreView = `
import json, sys
from botocore import configloader, exceptions
out = []
for path in sys.argv[1:]:
    try:
        c = configloader.build_profile_map(configloader.raw_config_parse(path, parse_subsections=False))
        out.append({"profiles": c["profiles"], "sessions": c["sso_sessions"]})
    except exceptions.ConfigParseError as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`

// TestScanAgreesWithBotocore runs Debian's botocore on every case: the
// table above is what botocore really does.
func TestScanAgreesWithBotocore(t *testing.T) {
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import botocore.configloader").Run() != nil {
		t.Skip("Debian's python3-botocore is not installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	args := []string{"-c", botocoreView}
	for i, tt := range iniCases {
		path := filepath.Join(dir, fmt.Sprintf("config%d", i))
		if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	out, err := exec.Command(python, args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	var views []struct {
		Profiles, Sessions map[string]map[string]string
		Error              string
	}
	if err := json.Unmarshal(out, &views); err != nil || len(views) != len(iniCases) {
		t.Fatalf("%v: %s", err, out)
	}
	for i, tt := range iniCases {
		got := views[i]
		t.Run(tt.name, func(t *testing.T) {
			if (got.Error != "") != (tt.errLine != 0 && !tt.ssoxStricter) {
				t.Fatalf("botocore: %+v", got)
			}
			if got.Error != "" {
				return
			}
			if tt.sessions == nil {
				tt.sessions = map[string]map[string]string{}
			}
			if !reflect.DeepEqual(got.Profiles, tt.profiles) || !reflect.DeepEqual(got.Sessions, tt.sessions) {
				t.Fatalf("botocore read profiles %q sessions %q", got.Profiles, got.Sessions)
			}
		})
	}
}

// Where the AWS CLI and the SDK read a file differently, ssox refuses the
// profile and says why, instead of acting on a value the CLI never sees.
func TestReadingsDisagree(t *testing.T) {
	const session = "[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1\n"
	const good = "sso_session = s\nsso_account_id = 123456789012\nsso_role_name = R\n"
	tests := []struct {
		name, config, profile, err, hint string
	}{
		{"duplicate section", "[profile ui-dev]\n" + good + session + "[profile ui-dev]\nsso_account_id = 222233334444\n", "ui-dev",
			"~/.aws/config line 8: [profile ui-dev] appears twice (lines 1 and 8); the AWS CLI refuses the whole file",
			"merge the two blocks into one"},
		{"duplicate key", "[profile ui-dev]\n" + good + "sso_role_name = Other\n" + session, "ui-dev",
			"~/.aws/config line 5: sso_role_name appears twice in [profile ui-dev]; the AWS CLI refuses the whole file",
			"keep one of the two lines"},
		{"inline comment", "[profile ui-dev]\nsso_session = s\nsso_account_id = 123456789012 # prod\nsso_role_name = R\n" + session, "ui-dev",
			`[profile ui-dev] in ~/.aws/config: sso_account_id = 123456789012 # prod: the AWS CLI reads all of "123456789012 # prod" as the value (a comment must be on a line of its own), the AWS SDKs stop before "#"`,
			"move the comment to a line of its own"},
		{"inline comment in the session", "[profile ui-dev]\n" + good + "[sso-session s]\nsso_start_url = https://x/start\nsso_region = us-east-1 ; main\n", "ui-dev",
			`[sso-session s] in ~/.aws/config: sso_region = us-east-1 ; main: the AWS CLI reads all of "us-east-1 ; main" as the value (a comment must be on a line of its own), the AWS SDKs stop before ";"`,
			"move the comment to a line of its own"},
		{"quotes", "[profile ui-dev]\nsso_session = s\nsso_account_id = \"123456789012\"\nsso_role_name = R\n" + session, "ui-dev",
			`[profile ui-dev] in ~/.aws/config: sso_account_id = "123456789012": the AWS CLI keeps the quotes as part of the value, the AWS SDKs drop them`,
			"remove the quotes"},
		{"hash in a name", "[profile t#x]\n" + good + session, "t#x",
			`profile "t#x" in ~/.aws/config has '#' in its name: the AWS CLI reads it, but the AWS SDKs, which ssox reads profiles with, take '#' as the start of a comment and do not see the profile`,
			`rename the profile without '#'; the AWS SDKs ignore everything from '#' to the end of a [section] line`},
		{"semicolon in a name", "[profile a;b]\n" + good + session, "a;b",
			`profile "a;b" in ~/.aws/config has ';' in its name: the AWS CLI reads it, but the AWS SDKs, which ssox reads profiles with, take ';' as the start of a comment and do not see the profile`,
			`rename the profile without ';'; the AWS SDKs ignore everything from ';' to the end of a [section] line`},
		{"keys the SDK gives to the block above", "[profile ui-dev]\n" + good + "[profile t#x]\nsso_account_id = 222233334444\n" + session, "ui-dev",
			`[profile ui-dev] in ~/.aws/config: the AWS CLI reads sso_account_id = "123456789012", the AWS SDKs read "222233334444"`,
			"rename [profile t#x] (line 5) without # and ;: the AWS SDKs do not see that header and give its keys to the block above it"},
		{"header the CLI does not read", "[ profile ui-dev ]\n" + good + session, "ui-dev",
			`the AWS CLI does not read [ profile ui-dev ] (line 1 of ~/.aws/config) as profile "ui-dev", which the AWS SDKs do`,
			"write it as [profile ui-dev]"},
		{"a lone quote, on which the SDK panics", "[profile ui-dev]\n" + good + "output = \"\n" + session, "ui-dev",
			`~/.aws/config line 5: a value that is a lone quote makes the AWS SDKs fail on the whole file (the AWS CLI reads it)`,
			"close the quote on line 5, or remove it"},
		{"control character in a name", "[profile t\x1bcx]\nsso_session = s\nsso_account_id = 1\n" + session, "t\x1bcx",
			`[profile t\x1bcx] in ~/.aws/config has no sso_role_name`,
			`run 'aws configure sso --profile $'t\x1bcx'' to pick the account and role, or 'ssox setup --sso-session s' for a profile of every account and role`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := openWith(t, tt.config).Profile(tt.profile)
			if err == nil || err.Error() != tt.err || errs.HintOf(err) != tt.hint {
				t.Fatalf("error %q\nwant  %q\nhint  %q\nwant  %q", err, tt.err, errs.HintOf(err), tt.hint)
			}
		})
	}
}
