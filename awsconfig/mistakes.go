package awsconfig

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/visible"
)

// The mistakes of a hand-edited config that the AWS CLI and the SDKs pass
// over in silence: a misspelt key (read as no key at all), and a profile
// written as the credentials file writes it ([ui-dev]). They are looked
// for only where something is already wrong (a key missing, a profile not
// found) and in doctor, never on a command's way.

// profileKeys are the keys of a profile that ssox reads, which a
// misspelling is held against; sessionKeys those of an [sso-session].
func profileKeys() []string {
	return []string{"region", "sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region",
		"role_arn", "source_profile", "role_session_name", "external_id", "duration_seconds"}
}

func sessionKeys() []string {
	return []string{"sso_start_url", "sso_region", "sso_registration_scopes"}
}

// knownKey reports whether key is one the AWS tools or ssox read, however
// near it is to another: it is no misspelling.
func knownKey(key string) bool {
	switch key {
	case "output", "aws_account_id", "sso_account_name", "ssox_browser", "sso_registration_scopes":
		return true
	}
	for _, k := range profileKeys() {
		if k == key {
			return true
		}
	}
	return false
}

// misspelt returns the key of keys that looks like want misspelt: not a
// key anything reads, and at most two edits from want; "" when there is
// none.
func misspelt(keys map[string]string, want string) string {
	best, bestD := "", 3
	for k := range keys {
		if knownKey(k) || strings.HasPrefix(k, "ssox_") {
			continue
		}
		if d := distance(k, want); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	return best
}

// missingKey is the error of a block (where: "[profile ui-dev] in
// ~/.aws/config") without key: with keys holding it misspelt, that
// misspelling and the fix; else hint.
func missingKey(where, block, key string, keys map[string]string, hint string) error {
	if typo := misspelt(keys, key); typo != "" {
		return errs.Hintf(fmt.Sprintf("did you mean %s? Rename %s to %s in %s", key, visible.String(typo), key, block),
			"%s has no %s, but has %s", where, key, visible.String(typo))
	}
	return errs.Hintf(hint, "%s has no %s", where, key)
}

// IsAccountID reports whether s is an AWS account id: 12 digits.
func IsAccountID(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789") == ""
}

// credentialsStyle returns the line of a block headed [name], the
// credentials file's form of a profile, which the config file does not
// read as one; 0 when there is none.
func (c *Config) credentialsStyle(name string) int {
	if name == "default" || strings.ContainsAny(name, " \t") {
		return 0
	}
	if s, ok := c.block(name); ok {
		return s.line
	}
	return 0
}

// credentialsStyleHint is the hint of a profile written [name].
func credentialsStyleHint(name string, line int) string {
	return fmt.Sprintf("line %d has [%s], as the credentials file names profiles; in the config file write [profile %s]",
		line, visible.String(name), visible.String(name))
}

// Mistakes lists, for doctor, what the AWS tools read in silence as
// something else: keys of profiles and [sso-session] blocks that look
// like a key ssox reads misspelt, and blocks headed as the credentials
// file heads a profile.
func (c *Config) Mistakes() []error {
	f, err := c.scan()
	if err != nil {
		return nil
	}
	var out []error
	for i, s := range f.sections {
		var want []string
		var block string
		switch {
		case strings.HasPrefix(s.name, "profile ") || s.name == "default":
			want, block = profileKeys(), "["+visible.String(s.name)+"]"
		case strings.HasPrefix(s.name, "sso-session "):
			want, block = sessionKeys(), "["+visible.String(s.name)+"]"
		case s.name != "" && !strings.ContainsAny(s.name, " \t") && looksLikeProfile(f.keys(i)):
			out = append(out, errs.Hintf(fmt.Sprintf("write [profile %s] (line %d)", visible.String(s.name), s.line),
				"[%s] in %s is not a profile to the AWS CLI and the SDKs: the config file names profiles [profile NAME] ([NAME] is the credentials file's form)",
				visible.String(s.name), c.Display))
			continue
		default:
			continue
		}
		keys := f.keys(i)
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if knownKey(k) || strings.HasPrefix(k, "ssox_") {
				continue
			}
			for _, w := range want {
				if _, has := keys[w]; !has && distance(k, w) <= 2 {
					out = append(out, errs.Hintf(fmt.Sprintf("did you mean %s? Rename %s to %s in %s", w, visible.String(k), w, block),
						"%s in %s has %s, a key the AWS CLI and the SDKs do not read", block, c.Display, visible.String(k)))
					break
				}
			}
		}
	}
	return out
}

// looksLikeProfile reports whether a block holds keys of a profile.
func looksLikeProfile(keys map[string]string) bool {
	for _, k := range profileKeys() {
		if _, ok := keys[k]; ok {
			return true
		}
	}
	return false
}
