// Package setup writes a profile for every account and role an sso-session
// reaches, into a block of ~/.aws/config that it marks as its own and is
// the only part of that file ssox ever writes.
package setup

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/atomicfile"
)

// Plan is what setup would do to the config file.
type Plan struct {
	Old, New string
	// Added and Removed name the profiles the block gains and loses; Kept
	// are the block's profiles that are no longer reachable (without
	// --prune); Existing are reachable roles that a profile outside the
	// block already uses.
	Added, Removed, Kept, Existing []string
	// Skipped are the assignments left out because the portal sent values
	// AWS would never allow.
	Skipped []Skipped
}

// Changed reports whether the plan changes the file.
func (p *Plan) Changed() bool { return p.Old != p.New }

type profile struct {
	name, accountID, accountName, roleName, region string
}

func beginMarker(session string) string { return "# BEGIN ssox setup: sso-session " + session }
func endMarker(session string) string   { return "# END ssox setup: sso-session " + session }

// MakePlan computes the new config text: the file outside the block stays
// byte for byte; the block holds a profile per assignment, named by names
// (nil: DefaultProfileName, after the account, and the role where an
// account has several), except for roles a profile outside the block
// already uses. Without prune, profiles of the old block that are no
// longer reachable stay.
func MakePlan(old string, s awsconfig.Session, assignments []Assignment, region string, prune bool, names *Names) (*Plan, error) {
	if region != "" {
		if err := awsconfig.CheckRegion(region); err != nil {
			return nil, err
		}
	}
	// The default names what a template fails to name.
	def, err := ParseNames(DefaultProfileName)
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = def
	}
	assignments, skipped := Validate(assignments)
	before, inside, after, err := splitBlock(old, s.Name)
	if err != nil {
		return nil, err
	}
	outside := awsconfig.Blocks([]byte(before + after))
	taken := map[string]bool{}
	existing := map[string]string{} // account/role -> profile outside the block
	for _, b := range outside {
		name, ok := awsconfig.ProfileName(b.Name)
		if !ok {
			continue
		}
		taken[name] = true
		if b.Keys["sso_session"] == s.Name && b.Keys["sso_account_id"] != "" {
			existing[b.Keys["sso_account_id"]+"/"+b.Keys["sso_role_name"]] = name
		}
	}
	oldProfiles := map[string]profile{}
	for _, b := range awsconfig.Blocks([]byte(inside)) {
		if name, ok := awsconfig.ProfileName(b.Name); ok {
			oldProfiles[b.Keys["sso_account_id"]+"/"+b.Keys["sso_role_name"]] = profile{name, b.Keys["sso_account_id"], b.Keys["sso_account_name"], b.Keys["sso_role_name"], b.Keys["region"]}
			taken[name] = true // no new profile takes an old one's name
		}
	}

	roles := map[string]int{}
	for _, a := range assignments {
		roles[a.AccountID]++
	}
	plan := &Plan{Old: old, Skipped: skipped}
	var profiles []profile
	reachable := map[string]bool{}
	for _, a := range assignments {
		key := a.AccountID + "/" + a.RoleName
		if reachable[key] {
			continue // the portal listed it twice
		}
		reachable[key] = true
		if name, ok := existing[key]; ok {
			plan.Existing = append(plan.Existing, name)
			continue
		}
		if p, ok := oldProfiles[key]; ok {
			// A profile setup wrote before keeps its name, so scripts
			// that use it keep working; the rest is written anew.
			profiles = append(profiles, profile{p.name, a.AccountID, accountName(a), a.RoleName, region})
			continue
		}
		f := fieldsOf(a, s.Name, roles[a.AccountID] == 1)
		name := names.name(f)
		if name == "" {
			name = def.name(f)
		}
		name = profileName(name, a.AccountID, taken)
		taken[name] = true
		profiles = append(profiles, profile{name, a.AccountID, accountName(a), a.RoleName, region})
		plan.Added = append(plan.Added, name)
	}
	for key, p := range oldProfiles {
		if reachable[key] {
			continue
		}
		if prune {
			plan.Removed = append(plan.Removed, p.name)
		} else {
			plan.Kept = append(plan.Kept, p.name)
			profiles = append(profiles, p)
		}
	}
	sort.Slice(profiles, func(i, j int) bool { return profiles[i].name < profiles[j].name })
	for _, l := range [][]string{plan.Added, plan.Removed, plan.Kept, plan.Existing} {
		sort.Strings(l)
	}
	plan.New = before + renderBlock(s.Name, profiles) + after
	if len(profiles) == 0 {
		plan.New = before + after
	}
	return plan, nil
}

// splitBlock cuts the config text around the session's marked block. With
// no block, the new one goes at the end.
func splitBlock(text, session string) (before, inside, after string, err error) {
	lines := strings.SplitAfter(text, "\n")
	begin, end := -1, -1
	for i, l := range lines {
		l = strings.TrimRight(l, "\r\n")
		switch {
		case l == beginMarker(session) || strings.HasPrefix(l, beginMarker(session)+" "):
			begin = i
		case l == endMarker(session):
			end = i
		}
	}
	switch {
	case begin < 0 && end < 0:
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		return text, "", "", nil
	case begin < 0 || end < begin:
		return "", "", "", fmt.Errorf("the ssox setup block for sso-session %s is broken (a BEGIN or END line is missing)", session)
	}
	return strings.Join(lines[:begin], ""), strings.Join(lines[begin+1:end], ""), strings.Join(lines[end+1:], ""), nil
}

func renderBlock(session string, profiles []profile) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s (written by 'ssox setup'; edits inside are replaced)\n", beginMarker(session))
	for _, p := range profiles {
		fmt.Fprintf(&b, "[profile %s]\nsso_session = %s\nsso_account_id = %s\n", p.name, session, p.accountID)
		if p.accountName != "" {
			fmt.Fprintf(&b, "sso_account_name = %s\n", p.accountName)
		}
		fmt.Fprintf(&b, "sso_role_name = %s\n", p.roleName)
		if p.region != "" {
			fmt.Fprintf(&b, "region = %s\n", p.region)
		}
	}
	fmt.Fprintln(&b, endMarker(session))
	return b.String()
}

// profileName is name, the one the template makes, with the account id,
// then a number, added when it is taken. "default" is always taken: a
// portal must not choose the profile every SDK uses when none is named.
func profileName(name, accountID string, taken map[string]bool) string {
	if !taken[name] && name != "default" {
		return name
	}
	name += "-" + accountID
	for i, n := 2, name; ; i++ {
		if !taken[n] {
			return n
		}
		n = fmt.Sprintf("%s-%d", name, i)
	}
}

// accountName is the account's name as the block writes it: parsers trim
// the white space around a value, so it is trimmed here too. A name the Go
// SDK reads as one quote character is left out: its config parser takes
// that for both quotes around a value and panics, which would break every
// Go program that reads the file. The SDK reads a value up to the first
// " #" or " ;" (botocore keeps them), so `' #1` is such a name as much as
// `'` (AWS allows both).
func accountName(a Assignment) string {
	name := strings.TrimSpace(a.AccountName)
	asSDK := name
	for _, comment := range []string{" #", " ;"} {
		asSDK, _, _ = strings.Cut(asSDK, comment)
	}
	if asSDK = strings.TrimSpace(asSDK); asSDK == `"` || asSDK == "'" {
		return ""
	}
	return name
}

// slug makes a profile name of an account or role name: lower case
// letters, digits, '.', '_' and '-', any run of other characters as one dash.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// Apply writes the plan: a backup of the old text beside the file (unless
// it is empty), then the new text, atomically and with the file's mode.
// It returns the backup's path, "" when it made none. A config that is a symbolic
// link (dotfiles kept in a repository) is written through to the link's
// target, as editors do, so the link stays.
func Apply(path string, p *Plan) (backup string, err error) {
	target, err := resolveLink(path)
	if err != nil {
		return "", err
	}
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(target); err == nil {
		mode = fi.Mode().Perm()
	}
	if p.Old != "" { // an empty or new file has nothing to keep
		backup = path + ".ssox-backup"
		if err := atomicfile.WriteFile(backup, []byte(p.Old), mode, 0o700); err != nil {
			return "", fmt.Errorf("back up %s: %w", path, err)
		}
	}
	if err := atomicfile.WriteFile(target, []byte(p.New), mode, 0o700); err != nil {
		return "", err
	}
	return backup, nil
}

// resolveLink returns the file a config path names once every symbolic link
// is followed: path itself when it is no link or does not exist yet.
func resolveLink(path string) (string, error) {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		return path, nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fmt.Errorf("follow the link %s: %w", path, err)
	}
	return target, nil
}
