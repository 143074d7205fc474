package setup

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/ssox/ssox/awsconfig"
)

// fuzzOld are the config texts setup's block editor starts from: the
// session alone, the guide's (with and without its last newline), and one
// with a block of an earlier run between the user's own lines.
var fuzzOld = []string{
	"[sso-session njoitaws]\nsso_start_url = https://njoitaws.awsapps.com/start\nsso_region = us-east-1",
	guide,
	guide + "\n",
	guide + "\n# BEGIN ssox setup: sso-session njoitaws (written by 'ssox setup'; edits inside are replaced)\n" +
		"[profile old]\nsso_session = njoitaws\nsso_account_id = 999988887777\nsso_role_name = Gone\n" +
		"# END ssox setup: sso-session njoitaws\n[profile mine]\nregion = eu-west-1\n",
}

// FuzzPlan feeds the portal's strings to the plan and the block editor. The
// written config must parse with the SDK, hold exactly the planned profiles
// (each with its assignment's account and role), never a default profile,
// and keep every byte outside the marked block.
//
//	go test -run '^$' -fuzz FuzzPlan -fuzztime 60s ./setup
func FuzzPlan(f *testing.F) {
	f.Add(uint8(1), false, "123456789012", "UI Dev", "ReadOnlyAccess", "111122223333", "Sandbox", "AdministratorAccess")
	f.Add(uint8(1), false, hostileID, "Evil", "Admin", "111122223333", "Sandbox", "Admin\n[default]")
	f.Add(uint8(2), true, "123456789012", "Default", "x", "123456789012", "default", "X")
	f.Add(uint8(3), true, "999988887777", "Sandbox [prod]; #1", "Gone", "111122223333", "ops\x1b[2J", "+=,.@-_")
	f.Add(uint8(0), false, "111122223333", " spaced ", "a", "111122223333", "", "A")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, which uint8, prune bool, id1, name1, role1, id2, name2, role2 string) {
		old := fuzzOld[int(which)%len(fuzzOld)]
		assignments := []Assignment{{id1, name1, role1}, {id2, name2, role2}}
		p, err := MakePlan(old, session, assignments, "us-east-1", prune, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Outside the block, the text is the old one.
		before, inside, after, err := splitBlock(p.New, session.Name)
		if err != nil {
			t.Fatal(err)
		}
		oldBefore, _, oldAfter, _ := splitBlock(old, session.Name)
		if before+after != oldBefore+oldAfter {
			t.Fatalf("text outside the block changed:\n%q\n%q", oldBefore+oldAfter, before+after)
		}
		// The block holds exactly the planned profiles: the added, the
		// kept and the ones setup wrote before that are still reachable.
		var inBlock []string
		for _, b := range awsconfig.Blocks([]byte(inside)) {
			name, ok := awsconfig.ProfileName(b.Name)
			if !ok || name == "default" {
				t.Fatalf("block holds [%s]", b.Name)
			}
			inBlock = append(inBlock, name)
		}
		for _, n := range slices.Concat(p.Added, p.Kept) {
			if !slices.Contains(inBlock, n) {
				t.Fatalf("planned profile %q not in the block %q", n, inBlock)
			}
		}
		for _, n := range p.Removed {
			if slices.Contains(inBlock, n) {
				t.Fatalf("removed profile %q still in the block", n)
			}
		}
		// The SDK reads every profile of the block as setup meant it.
		path, err := os.CreateTemp(dir, "config")
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path.Name())
		path.WriteString(p.New)
		path.Close()
		valid, skipped := Validate(assignments)
		for _, n := range inBlock {
			prof, err := config.LoadSharedConfigProfile(context.Background(), n, func(o *config.LoadSharedConfigOptions) {
				o.ConfigFiles, o.CredentialsFiles = []string{path.Name()}, []string{}
			})
			if err != nil {
				t.Fatalf("the SDK cannot read profile %q: %v\n%s", n, err, p.New)
			}
			if prof.SSOSessionName != session.Name || prof.SSOSession == nil || prof.SSOSession.SSOStartURL != session.StartURL {
				t.Fatalf("profile %q: session %q %+v", n, prof.SSOSessionName, prof.SSOSession)
			}
			ok := false
			for _, a := range slices.Concat(valid, []Assignment{{AccountID: "999988887777", RoleName: "Gone"}}) {
				ok = ok || prof.SSOAccountID == a.AccountID && prof.SSORoleName == a.RoleName
			}
			if !ok {
				t.Fatalf("profile %q has account %q role %q, which no valid assignment has", n, prof.SSOAccountID, prof.SSORoleName)
			}
		}
		if !strings.Contains(old, "[default]") {
			if _, err := config.LoadSharedConfigProfile(context.Background(), "default", func(o *config.LoadSharedConfigOptions) {
				o.ConfigFiles, o.CredentialsFiles = []string{path.Name()}, []string{}
			}); err == nil {
				t.Fatalf("a default profile appeared:\n%s", p.New)
			}
		}
		if len(valid)+len(skipped) != len(assignments) || len(skipped) != len(p.Skipped) {
			t.Fatalf("valid %d skipped %d of %d", len(valid), len(skipped), len(assignments))
		}
	})
}
