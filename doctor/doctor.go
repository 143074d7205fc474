// Package doctor diagnoses what stands between the user and a working
// profile: the config file, the caches and the environment. Each check is a
// small function returning findings; none touches the network.
package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/sso"
)

// Status is how bad a finding is.
type Status string

// The statuses, best first. Only Fail makes `ssox doctor` exit 1.
const (
	OK   Status = "ok"
	Info Status = "info"
	Warn Status = "warn"
	Fail Status = "fail"
)

// Finding is one line of the diagnosis.
type Finding struct {
	Check   string `json:"check"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// Input is what the checks look at.
type Input struct {
	Env    environ.Env
	Config *awsconfig.Config
	Home   string
	// Profile limits the profile checks to one profile; empty checks all.
	Profile string
	Now     time.Time
}

// Run runs every check.
func Run(in Input) []Finding {
	var out []Finding
	for _, check := range []func(Input) []Finding{checkProfiles, checkEnvironment} {
		out = append(out, check(in)...)
	}
	return out
}

// Failed reports whether any finding failed.
func Failed(fs []Finding) bool {
	for _, f := range fs {
		if f.Status == Fail {
			return true
		}
	}
	return false
}

func fromError(check string, err error) Finding {
	return Finding{Check: check, Status: Fail, Message: err.Error(), Hint: errs.HintOf(err)}
}

// checkProfiles resolves the profiles and looks at each session's token.
func checkProfiles(in Input) []Finding {
	names, err := in.Config.SSOProfileNames()
	if err != nil {
		return []Finding{fromError("config", err)}
	}
	if in.Profile != "" {
		names = []string{in.Profile}
	}
	sessions, _ := in.Config.SessionNames()
	out := []Finding{{Check: "config", Status: OK, Message: fmt.Sprintf("%s: %d SSO profile(s), %d sso-session(s)", in.Config.Display, len(names), len(sessions))}}
	if len(names) == 0 {
		out[0].Status = Fail
		out[0].Hint = "run 'aws configure sso' to add a profile"
		return out
	}
	seen := map[string]bool{}
	for _, n := range names {
		p, err := in.Config.Profile(n)
		if err != nil {
			out = append(out, fromError("profile", err))
			continue
		}
		out = append(out, Finding{Check: "profile", Status: OK,
			Message: fmt.Sprintf("%s: account %s, role %s, %s", n, p.AccountID, p.RoleName, p.Session)})
		if !seen[p.Session.CacheKey()] {
			seen[p.Session.CacheKey()] = true
			out = append(out, checkToken(in, p)...)
		}
		if in.Profile != "" {
			out = append(out, checkRoleCache(in, p))
		}
	}
	return out
}

func checkToken(in Input, p *awsconfig.Profile) []Finding {
	path := sso.CachePath(in.Home, p.Session.CacheKey())
	login := fmt.Sprintf("run 'ssox login %s'", p.Name)
	t, err := sso.ReadToken(path)
	var corrupt *sso.CorruptError
	switch {
	case errors.Is(err, sso.ErrNoToken):
		return []Finding{{Check: "token", Status: Warn, Message: fmt.Sprintf("%s: not logged in", p.Session), Hint: login}}
	case errors.As(err, &corrupt):
		return []Finding{{Check: "token", Status: Fail, Message: corrupt.Error(), Hint: login + " to replace it"}}
	case err != nil:
		return []Finding{fromError("token", err)}
	}
	var out []Finding
	left := t.ExpiresAt.Sub(in.Now).Round(time.Minute)
	switch {
	case t.ValidAt(in.Now):
		out = append(out, Finding{Check: "token", Status: OK, Message: fmt.Sprintf("%s: valid for %s%s", p.Session, left, refreshNote(t, in.Now))})
	case t.CanRefresh(in.Now):
		out = append(out, Finding{Check: "token", Status: OK, Message: fmt.Sprintf("%s: expires in %s; the next run refreshes it silently", p.Session, left)})
	default:
		out = append(out, Finding{Check: "token", Status: Warn, Message: fmt.Sprintf("%s: expired %s ago and cannot be refreshed", p.Session, (-left).String()), Hint: login})
	}
	out = append(out, checkModes(path)...)
	return out
}

func refreshNote(t *sso.Token, now time.Time) string {
	if t.CanRefresh(now) {
		return ", then refreshed silently"
	}
	return ""
}

// checkModes warns about a token others could read.
func checkModes(path string) []Finding {
	var out []Finding
	for _, p := range []struct {
		path string
		max  os.FileMode
	}{{path, 0o600}, {filepath.Dir(path), 0o700}} {
		fi, err := os.Stat(p.path)
		if err != nil || fi.Mode().Perm()&^p.max == 0 {
			continue
		}
		out = append(out, Finding{Check: "token", Status: Warn,
			Message: fmt.Sprintf("%s has mode %o: other users may read the token", p.path, fi.Mode().Perm()),
			Hint:    fmt.Sprintf("chmod %o %s", p.max, p.path)})
	}
	return out
}

func checkRoleCache(in Input, p *awsconfig.Profile) Finding {
	c, err := creds.ReadCache(creds.CachePath(in.Home, p))
	switch {
	case errors.Is(err, creds.ErrNotCached), errors.Is(err, fs.ErrNotExist):
		return Finding{Check: "credentials", Status: Info, Message: p.Name + ": no cached role credentials; the next run fetches them"}
	case err != nil:
		return Finding{Check: "credentials", Status: Warn, Message: err.Error(), Hint: "the next run replaces it"}
	case c.Expiration.After(in.Now):
		return Finding{Check: "credentials", Status: OK, Message: fmt.Sprintf("%s: cached role credentials valid for %s", p.Name, c.Expiration.Sub(in.Now).Round(time.Minute))}
	}
	return Finding{Check: "credentials", Status: Info, Message: p.Name + ": cached role credentials expired; the next run fetches new ones"}
}

// checkEnvironment finds variables that make tools ignore a profile: the
// seed guide's "AWS_PROFILE seems ignored" row.
func checkEnvironment(in Input) []Finding {
	var out []Finding
	if p := in.Env.Get("SSOX_PROFILE"); p != "" {
		msg := "inside ssox as " + p
		if exp := in.Env.Get("SSOX_EXPIRES"); exp != "" {
			msg += " (credentials until unix time " + exp + ")"
		}
		return append(out, Finding{Check: "environment", Status: Info, Message: msg})
	}
	var keys []string
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"} {
		if _, ok := in.Env.Lookup(k); ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		out = append(out, Finding{Check: "environment", Status: Warn,
			Message: strings.Join(keys, ", ") + " set in this shell: the AWS CLI and SDKs use them before any profile",
			Hint:    "unset " + strings.Join(keys, " ") + " (ssox clears them for the commands it runs)"})
	}
	if p := in.Env.Get("AWS_PROFILE"); p != "" {
		out = append(out, Finding{Check: "environment", Status: Info, Message: "AWS_PROFILE=" + p + " is set; ssox ignores it and clears it for its commands"})
	}
	for _, k := range []string{"AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL"} {
		if v := in.Env.Get(k); v != "" {
			out = append(out, Finding{Check: "environment", Status: Info, Message: k + "=" + v + " redirects Identity Center calls"})
		}
	}
	if len(out) == 0 {
		out = append(out, Finding{Check: "environment", Status: OK, Message: "no variables that override profiles"})
	}
	return out
}
