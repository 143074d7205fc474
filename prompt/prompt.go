// Package prompt computes the prompt segment of the active ssox profile from
// the environment ssox exec gives its child: environment in, string out, no
// I/O. The zsh and bash scripts of package shells compute the same text with
// shell builtins, by the same rules (internal/timeleft, internal/visible);
// a test there runs both over many inputs.
package prompt

import (
	"time"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
)

// Soon is how little time left makes the segment ask for attention: the
// AWS CLI's refresh window, and ssox exec's default --min-ttl.
const Soon = 15 * time.Minute

// Fields are what a --format template sees, and all it sees.
type Fields struct {
	Profile     string
	AccountID   string
	AccountName string
	Role        string
	Region      string
	// Remaining is the time the credentials have left, as timeleft.Format
	// writes it, or "" when the environment holds no valid expiry.
	Remaining string
	Expired   bool
}

// Level says how urgent the segment is; it picks the colour.
type Level int

// The levels, from no information to expired.
const (
	Unknown Level = iota // no valid expiry in the environment
	OK
	Expiring // less than Soon left
	Expired
	// LoginNeeded: the shell hook found that only a login renews them.
	LoginNeeded
)

// Segment is the active profile's prompt data.
type Segment struct {
	Fields
	// Login says the credentials can no longer be renewed without a login
	// (SSOX_LOGIN_NEEDED, which the shell hook sets when it tried).
	Login bool
	Level Level
}

// Read returns the segment of the profile active in env at now, and false
// outside an ssox environment (SSOX_PROFILE unset or empty). The expiry is
// SSOX_EXPIRES (unix seconds, 1 to 15 digits), else AWS_CREDENTIAL_EXPIRATION
// (RFC 3339, strictly).
func Read(env environ.Env, now time.Time) (Segment, bool) {
	profile := env.Get("SSOX_PROFILE")
	if profile == "" {
		return Segment{}, false
	}
	// A profile named "t\x1bcx" must not act on the terminal: every field
	// shows its control characters as escapes.
	s := Segment{Fields: Fields{
		Profile:     visible.String(profile),
		AccountID:   visible.String(env.Get("SSOX_ACCOUNT_ID")),
		AccountName: visible.String(env.Get("SSOX_ACCOUNT_NAME")),
		Role:        visible.String(env.Get("SSOX_ROLE_NAME")),
		Region:      visible.String(env.Get("AWS_REGION")),
	}}
	s.Login = env.Get("SSOX_LOGIN_NEEDED") != ""
	s.Level = level(env, now, &s.Fields, s.Login)
	return s, true
}

// level fills in the time left and says how urgent the segment is.
func level(env environ.Env, now time.Time, f *Fields, login bool) Level {
	exp, ok := expiry(env)
	if ok {
		// Whole seconds on both sides, as the shells count them.
		left := exp - now.Unix()
		f.Remaining = timeleft.Format(left)
		f.Expired = left <= 0
	}
	switch {
	case login:
		return LoginNeeded
	case !ok:
		return Unknown
	case f.Expired:
		return Expired
	case exp-now.Unix() < int64(Soon/time.Second):
		return Expiring
	}
	return OK
}

// expiry returns the credentials' expiry in unix seconds, by the rules of
// package timeleft that the shell hooks copy.
func expiry(env environ.Env) (int64, bool) {
	if n, ok := timeleft.ParseUnix(env.Get("SSOX_EXPIRES")); ok {
		return n, true
	}
	return timeleft.ParseRFC3339(env.Get("AWS_CREDENTIAL_EXPIRATION"))
}

// String is the default segment: the profile, a space and the time left
// ("ui-dev 47m", "ui-dev expired"), "ui-dev login" when only a login
// renews the credentials, or the profile alone when the expiry is unknown.
func (s Segment) String() string {
	if s.Login {
		return s.Profile + " login"
	}
	if s.Remaining == "" {
		return s.Profile
	}
	return s.Profile + " " + s.Remaining
}

// colour is the ANSI colour of each level; Unknown has none. A switch, not
// a map: a package-level map is built at start-up, before every command.
func colour(l Level) string {
	switch l {
	case OK:
		return "\x1b[32m"
	case Expiring:
		return "\x1b[33m"
	case Expired:
		return "\x1b[31m"
	case LoginNeeded:
		return "\x1b[35m"
	}
	return ""
}

// Colorize wraps text in the colour of l: green, yellow under Soon, red
// when expired, magenta when a login is needed; text of an Unknown level is
// returned as is.
func Colorize(text string, l Level) string {
	c := colour(l)
	if c == "" || text == "" {
		return text
	}
	return c + text + "\x1b[0m"
}
