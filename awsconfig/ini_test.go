package awsconfig

import (
	"math/rand/v2"
	"reflect"
	"strings"
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
	{name: "guide", text: "[profile ui-dev]\nsso_session = s\nsso_account_id = 111122223333\n[sso-session s]\nsso_start_url = https://x/start\n",
		profiles: map[string]map[string]string{"ui-dev": {"sso_session": "s", "sso_account_id": "111122223333"}},
		sessions: map[string]map[string]string{"s": {"sso_start_url": "https://x/start"}}},
	{name: "duplicate section", text: "[profile ui-dev]\nsso_account_id = 111122223333\n[profile x]\n[profile ui-dev]\nsso_account_id = 222233334444\n", errLine: 4},
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
	{name: "shlex splits names at spaces and tabs only", text: "[profile\va]\nregion = x\n[profile\ta]\nregion = y\n",
		profiles: map[string]map[string]string{"a": {"region": "y"}}},
	{name: "a line with no key ends a value", text: "[profile a]\nx = 1\n= 2\n  [profile a]\n", errLine: 4},
	{name: "one profile under two spellings", text: "[profile ui-dev]\nregion = a\n[profile  ui-dev]\nregion = b\n",
		profiles: map[string]map[string]string{"ui-dev": {"region": "b"}}, errLine: 3, ssoxStricter: true},
}

// view maps sections as botocore's build_profile_map does.
func view(f *ini) (profiles, sessions map[string]map[string]string) {
	profiles, sessions = map[string]map[string]string{}, map[string]map[string]string{}
	for i, s := range f.sections {
		if n, ok := ProfileName(s.name); ok {
			profiles[n] = f.keys(i)
		} else if n, ok := cutSession(s.name); ok {
			sessions[n] = f.keys(i)
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
			f, err := scan(tt.text)
			switch {
			case tt.errLine != 0 && (err == nil || err.Line != tt.errLine):
				t.Fatalf("error %v, want one at line %d", err, tt.errLine)
			case tt.errLine == 0 && err != nil:
				t.Fatalf("error %v", err)
			case tt.errLine != 0:
				return
			}
			profiles, sessions := view(f)
			if tt.sessions == nil {
				tt.sessions = map[string]map[string]string{}
			}
			if !reflect.DeepEqual(profiles, tt.profiles) || !reflect.DeepEqual(sessions, tt.sessions) {
				t.Fatalf("profiles %q\nsessions %q", profiles, sessions)
			}
		})
	}
}

// botocoreScript prints what botocore reads from a config file, or the name
// of the error it raises.
const botocoreScript = `
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
		{"control character in a name", "[profile t\x1bcx]\nsso_session = s\nsso_account_id = 111122223333\n" + session, "t\x1bcx",
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

// Random config files are made of lines of every kind configparser and
// botocore tell apart, the spellings where the AWS CLI and the SDKs
// differ, and white space and case that must fold: mostly lines botocore
// reads (common), now and then one that makes it refuse the file (rare).
var (
	headerLines = []string{
		"[profile a]", "[profile b]", "[profile  a]", "[profile \"a\"]", "[profile 'b']", "[profile a b]",
		"[profile \"a b\"]", "[profile 'open]", "[profile a\\ b]", "[ profile a ]", "[profile a#x]", "[profile a;x]",
		"[profile\ta]", "[profile\va]", "[profile\u00a0a]", "[profilex a]", "[profile]", "[default]", "[DEFAULT]",
		"[sso-session s]", "[sso-session \"s\"]", "[services x]", "[x]", "[a] x", "  [profile b]", "[profile a] ; c",
	}
	otherLines = []string{
		"region = us-east-1", "Region = eu-west-1", "REGION=x", "region: y", "region =", "sso_session = s",
		"sso_session = \"s\"", "sso_session = s # c", "  sso_session = s", "sso_account_id = 1", "sso_role_name = R",
		"role_arn = arn:aws:iam::1:role/R", "source_profile = ok", "source_profile = 'a'", "services = x",
		"x = a # b", "y = \"q\"", "z = 'q'", "a = b = c", "a: b=c", "K = kelvin", "k = 1",
		"rÉgion = x", "région = y", "x = é", "\u00a0x = nbsp", "x = 1\u00a0", "\x1cx = 1", "x\x1c = 2",
		"  more", "\tmore", "   deeper", "   [profile b]", " \u00a0more", "", "   ", "# comment", "; comment", "  # indented comment",
	}
	rareLines        = []string{"= v", ": v", "novalue", "[]", "[profile a"}
	plainHeaderLines = []string{"[profile a]", "[profile b]", "[default]", "[sso-session s]", "[services x]", "[x]", "[profile default]"}
)

// randomConfig strings together a header and n random lines, with random
// line endings. A plain one has only headers that the AWS SDKs read as
// botocore does, and line breaks they know.
func randomConfig(r *rand.Rand, n int, plain bool) string {
	headers, breaks := headerLines, []string{"\n", "\n", "\n", "\r\n", "\r"}
	if plain {
		headers, breaks = plainHeaderLines, breaks[:4]
	}
	var b strings.Builder
	for i := 0; i <= n; i++ {
		switch {
		case i == 0 || r.IntN(4) == 0:
			b.WriteString(headers[r.IntN(len(headers))])
		case r.IntN(40) == 0:
			b.WriteString(rareLines[r.IntN(len(rareLines))])
		default:
			b.WriteString(otherLines[r.IntN(len(otherLines))])
		}
		b.WriteString(breaks[r.IntN(len(breaks))])
	}
	return b.String()
}

func nonNil(m map[string]map[string]string) map[string]map[string]string {
	if m == nil {
		return map[string]map[string]string{}
	}
	return m
}
