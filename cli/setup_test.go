package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/testconfig"
)

// Setup refuses what it cannot write before any login or network call:
// exit 2, nothing on stdout, the config as it was.
func TestSetupUsageErrors(t *testing.T) {
	two := testconfig.Guide + "[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n"
	for _, tc := range []struct {
		config string
		args   []string
		err    string
		hint   string
	}{
		{testconfig.Guide, []string{"--start-url", "http://njoitaws.awsapps.com/start", "--sso-session", "x"},
			`ssox: --start-url: "http://njoitaws.awsapps.com/start" is not an access portal URL (like https://my-org.awsapps.com/start)`, "hint: usage: ssox setup "},
		{testconfig.Guide, []string{"--start-url", "https://x.awsapps.com/start\n[default]", "--sso-session", "x"},
			`ssox: --start-url: "https://x.awsapps.com/start\x0a[default]" is not an access portal URL (like https://my-org.awsapps.com/start)`, "hint: usage: ssox setup "},
		{testconfig.Guide, []string{"--sso-region", "us-east-1\n[default]", "--sso-session", "x"},
			`ssox: --sso-region: "us-east-1\x0a[default]" is not an AWS region name (like us-east-1)`, "hint: usage: ssox setup "},
		{testconfig.Guide, []string{"--region", "moon-1"},
			`ssox: --region: "moon-1" is not an AWS region name (like us-east-1)`, "hint: usage: ssox setup "},
		{testconfig.Guide, []string{"--sso-session", "a b", "--start-url", "https://x.awsapps.com/start", "--sso-region", "us-east-1"},
			`ssox: "a b" cannot name an sso-session: use 1-64 letters, digits and +=,.@_-`, "hint: usage: ssox setup "},
		{testconfig.Guide, []string{"--sso-session", "njoitaws", "--start-url", "https://njoitaws.awsapps.com/start", "--sso-region", "eu-west-1"},
			"ssox: --sso-region eu-west-1 conflicts with [sso-session njoitaws] in ~/.aws/config, whose sso_region is us-east-1",
			"hint: leave out --sso-region to use the block as it is, or name a new session with --sso-session"},
		{testconfig.Guide, []string{"--sso-session", "new", "--start-url", "https://new.awsapps.com/start"},
			"ssox: there is no [sso-session new] in ~/.aws/config to use", "hint: give both --start-url and --sso-region to write it"},
		{"[profile x]\nregion = us-east-1\n", nil,
			"ssox: setup needs --sso-session NAME, and ~/.aws/config has no [sso-session] block",
			"hint: 'aws configure sso' or 'ssox setup --sso-session NAME --start-url URL --sso-region REGION' writes one"},
		{two, nil,
			"ssox: setup needs --sso-session NAME: ~/.aws/config has several sessions (njoitaws, other)", "hint: ssox setup --sso-session njoitaws"},
		{"[sso-session \"my corp\"]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n" + two, nil,
			"ssox: setup needs --sso-session NAME: ~/.aws/config has several sessions (my corp, njoitaws, other)", "hint: ssox setup --sso-session 'my corp'"},
		{two, []string{"--start-url", "https://[::1]/start", "--sso-region", "us-east-1"},
			`ssox: name the [sso-session] block with --sso-session: the start URL's subdomain, "::1" cannot name an sso-session: use 1-64 letters, digits and +=,.@_-`,
			"hint: ssox setup --sso-session NAME --start-url URL --sso-region REGION"},
		{two, []string{"--sso-region", "us-east-1"},
			"ssox: name the [sso-session] block to write with --sso-session NAME", "hint: ssox setup --sso-session NAME --start-url URL --sso-region REGION"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			env := warmHome(t, time.Now())
			path := filepath.Join(env.Get("HOME"), ".aws", "config")
			if err := os.WriteFile(path, []byte(tc.config), 0o600); err != nil {
				t.Fatal(err)
			}
			r := runArgs(env, append([]string{"setup"}, tc.args...)...)
			lines := strings.Split(r.stderr, "\n")
			if r.code != 2 || r.stdout != "" || len(lines) != 3 || lines[0] != tc.err || !strings.HasPrefix(lines[1], tc.hint) {
				t.Fatalf("exit %d stdout %q stderr:\n%s\nwant:\n%s\n%s", r.code, r.stdout, r.stderr, tc.err, tc.hint)
			}
			if got, _ := os.ReadFile(path); string(got) != tc.config {
				t.Fatalf("config changed:\n%s", got)
			}
		})
	}
}

// A session's sso_region that is no region name (botocore keeps an inline
// comment in the value) is neither logged in to nor copied into every
// profile: setup stops before any login and says how to fix the block.
func TestSetupRefusesBadSessionRegion(t *testing.T) {
	env := warmHome(t, time.Now())
	config := "[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1 # ours\n"
	if err := os.WriteFile(filepath.Join(env.Get("HOME"), ".aws", "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runArgs(env, "setup")
	want := `ssox: [sso-session s] in ~/.aws/config: sso_region "us-east-1 # ours" is not an AWS region name (like us-east-1)
hint: set sso_region in [sso-session s] to the region of your IAM Identity Center (the one in its settings, e.g. us-east-1)
`
	if r.code != 1 || r.stdout != "" || r.stderr != want {
		t.Fatalf("exit %d stdout %q stderr:\n%s", r.code, r.stdout, r.stderr)
	}
}
