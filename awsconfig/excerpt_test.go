package awsconfig

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// bigConfig is chainConfig and some broken profiles among enough others to
// pass excerptThreshold.
func bigConfig() string {
	var b strings.Builder
	b.WriteString(chainConfig)
	b.WriteString(`[profile no-session]
sso_session = missing
sso_account_id = 123456789012
sso_role_name = Admin
[services local]
sso =
  endpoint_url = http://127.0.0.1:9
[profile with-services]
services = local
sso_session = njoitaws
sso_account_id = 123456789012
sso_role_name = Admin
[profile loop-a]
role_arn = arn:aws:iam::222233334444:role/A
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::222233334444:role/B
source_profile = loop-a
[profile static]
aws_access_key_id = AKIA
aws_secret_access_key = s
[profile on-static]
role_arn = arn:aws:iam::222233334444:role/A
source_profile = static
`)
	for i := 0; b.Len() <= excerptThreshold; i++ {
		fmt.Fprintf(&b, "[profile team-%04d]\nregion = eu-west-1\nsso_session = njoitaws\nsso_account_id = %012d\nsso_role_name = ReadOnlyAccess\n", i, 200000000000+i)
	}
	return b.String()
}

// TestExcerptResolvesAsTheFile: every profile of a config large enough for
// excerpts resolves exactly as the SDK resolves it from the whole file,
// errors included.
func TestExcerptResolvesAsTheFile(t *testing.T) {
	content := bigConfig()
	viaExcerpt := openWith(t, content)
	names, err := viaExcerpt.ProfileNames()
	if err != nil {
		t.Fatal(err)
	}
	saved := excerptThreshold
	excerptThreshold = 1 << 30
	viaFile := openWith(t, content)
	for _, n := range append(names, "absent") {
		excerptThreshold = 1 << 30
		want, wantProblems := viaFile.Problems(n)
		excerptThreshold = saved
		got, gotProblems := viaExcerpt.Problems(n)
		if fmt.Sprint(gotProblems) != fmt.Sprint(wantProblems) || (got == nil) != (want == nil) {
			t.Fatalf("%s: excerpt %v %v; file %v %v", n, got, gotProblems, want, wantProblems)
		}
		if got != nil && (!reflect.DeepEqual(got.Shared, want.Shared) || got.Chain() != want.Chain() ||
			got.AccountID != want.AccountID || got.RoleName != want.RoleName || got.Session.String() != want.Session.String()) {
			t.Fatalf("%s: excerpt %+v\nfile %+v", n, got, want)
		}
	}
	excerptThreshold = saved
	p, err := viaExcerpt.Profile("with-services")
	if err != nil || p.Shared.Services.ServiceValues["sso"]["endpoint_url"] != "http://127.0.0.1:9" {
		t.Fatalf("%+v %v", p, err)
	}
}

func TestExcerptSections(t *testing.T) {
	c := openWith(t, bigConfig())
	got := string(c.excerpt("customer"))
	for _, want := range []string{"[profile customer]", "[profile deploy]", "[profile ui-dev]", "[sso-session njoitaws]"} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("excerpt lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "team-") || strings.Contains(got, "dol-prod") {
		t.Errorf("excerpt holds unrelated sections:\n%s", got)
	}
}

// TestExcerptResolvesAsTheFileOnRandomFiles resolves profiles of random
// files with tricky lines (those of TestScanAgreesWithBotocoreOnRandomFiles,
// and a good profile) through an excerpt and through the whole file: the
// profile, or each problem, is the same either way. The resolution is the
// same code on every system; on Windows 100 files check the reading there:
// under Wine, where every file call goes through its server, the 32 000
// reads of 2000 files take 50 s to 3 minutes on two cores, 100 files 1 s.
func TestExcerptResolvesAsTheFileOnRandomFiles(t *testing.T) {
	files := 2000
	if runtime.GOOS == "windows" {
		files = 100
	}
	saved := excerptThreshold
	t.Cleanup(func() { excerptThreshold = saved })
	r := rand.New(rand.NewPCG(3, 4))
	path := filepath.Join(t.TempDir(), "config")
	excerpts := 0
	for i := 0; i < files; i++ {
		text := randomConfig(r, 1+r.IntN(12), i%2 == 0) + "[profile ok]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = R\n" +
			"[profile chain]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = ok\n[sso-session s]\nsso_start_url = https://x\nsso_region = us-east-1\n"
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"a", "b", "ok", "chain", "default", "x", "a b", "DEFAULT"} {
			excerptThreshold = 1 << 30
			want, wantProblems := (&Config{Path: path, Display: "~/.aws/config"}).Problems(name)
			excerptThreshold = 0
			c := &Config{Path: path, Display: "~/.aws/config"}
			got, gotProblems := c.Problems(name)
			if c.file.sdkSame {
				excerpts++
			}
			if fmt.Sprint(gotProblems) != fmt.Sprint(wantProblems) || (got == nil) != (want == nil) ||
				got != nil && (!reflect.DeepEqual(got.Shared, want.Shared) || got.Chain() != want.Chain()) {
				t.Fatalf("%q, profile %q:\nexcerpt %+v %v\nfile    %+v %v", text, name, got, gotProblems, want, wantProblems)
			}
		}
	}
	if excerpts < 2*files {
		t.Fatalf("only %d resolutions read an excerpt", excerpts)
	}
}
