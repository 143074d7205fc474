package setup

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/visible"
)

// What the portal sends is checked against what AWS itself allows before any
// of it goes near the config file: a newline in an account id or role name
// would otherwise add blocks of its own choosing (a [default] profile with a
// credential_process, say) that every SDK then reads.
// The checks are small functions rather than regular expressions, which
// would be compiled at start-up before every command.

// isIAMName reports whether s is 1 to 64 of letters, digits and +=,.@_- :
// an IAM role name, and what ssox allows for an sso-session name (which
// becomes a section name and a value: no spaces, brackets or comment
// characters).
func isIAMName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("_+=,.@-", r)) {
			return false
		}
	}
	return true
}

// maxAccountName is the longest account name AWS Organizations accepts.
const maxAccountName = 50

// Skipped is an assignment setup left out because the portal sent a value
// AWS would never allow.
type Skipped struct {
	Assignment
	Reason string
}

// String names the assignment with every control character made visible.
func (s Skipped) String() string {
	return fmt.Sprintf(`account "%s" ("%s") role "%s": %s`, visible.String(s.AccountID), visible.String(s.AccountName), visible.String(s.RoleName), s.Reason)
}

// check says what is wrong with an assignment, or "" when nothing is.
func check(a Assignment) string {
	switch {
	case !awsconfig.IsAccountID(a.AccountID):
		return "the account id is not 12 digits"
	case !isIAMName(a.RoleName):
		return "the role name is not a valid IAM role name (1-64 of letters, digits and +=,.@_-)"
	}
	return checkAccountName(a.AccountName)
}

// checkAccountName allows what AWS Organizations allows for an account name,
// at most 50 printable characters; an empty name (the portal may omit it) is
// fine too. Brackets, '#' and ';' are allowed: the name is only ever written
// after "sso_account_name = " on one line, where none of them can start a
// section, and the profile name is made of it by slug. (botocore reads such
// a value whole; the Go SDK, which ignores the key, up to a " #" or " ;":
// see accountName.)
func checkAccountName(name string) string {
	switch {
	case !utf8.ValidString(name):
		return "the account name is not valid UTF-8"
	case utf8.RuneCountInString(name) > maxAccountName:
		return fmt.Sprintf("the account name is longer than %d characters", maxAccountName)
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return "the account name holds a control or non-printing character"
		}
	}
	return ""
}

// Validate splits assignments into those setup may write and those it must
// skip, each with the reason.
func Validate(assignments []Assignment) (valid []Assignment, skipped []Skipped) {
	for _, a := range assignments {
		if reason := check(a); reason != "" {
			skipped = append(skipped, Skipped{a, reason})
			continue
		}
		valid = append(valid, a)
	}
	return valid, skipped
}

// CheckSessionName refuses an sso-session name that could not stand in a
// section header and a value as it is.
func CheckSessionName(name string) error {
	if !isIAMName(name) {
		return fmt.Errorf(`"%s" cannot name an sso-session: use 1-64 letters, digits and +=,.@_-`, visible.String(name))
	}
	return nil
}
