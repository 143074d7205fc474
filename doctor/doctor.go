// Package doctor diagnoses what stands between the user and a working
// profile: the config file, the caches, the environment and the network.
// Each check is a small function returning findings; those that ask the
// network do it through functions the caller gives (Input.Reach,
// Input.Identity), which it leaves out with --offline.
package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/endpoint"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/fsperm"
	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
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
	// Docker reports the state of --docker's network (endpoint.Docker's
	// Check); nil skips the check.
	Docker func() (endpoint.NetworkState, error)
	// Reach asks a session's OIDC endpoint and portal whether they answer
	// (sso.Manager.Reach); nil skips the check (--offline).
	Reach func(sso.Request) sso.Reachability
	// Identity asks STS whose a profile's cached credentials are
	// (creds.Provider.Identity); nil skips the check (it runs with
	// --online).
	Identity func(*awsconfig.Profile, *creds.Credentials) (string, error)
}

// Run runs every check.
func Run(in Input) []Finding {
	var out []Finding
	for _, check := range []func(Input) []Finding{checkFiles, checkProfiles, checkEnvironment, checkDocker} {
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

// checkProfiles resolves the profiles and looks at each session's token
// and client registration and each profile's cached role credentials.
func checkProfiles(in Input) []Finding {
	names, err := in.Config.SSOProfileNames()
	if err != nil {
		return []Finding{fromError("config", err)}
	}
	sessions, _ := in.Config.SessionNames()
	out := []Finding{{Check: "config", Status: OK, Message: fmt.Sprintf("%s: %d SSO profile(s), %d sso-session(s)", in.Config.Display, len(names), len(sessions))}}
	if len(names) == 0 {
		out[0].Status = Fail
		out[0].Hint = "run 'aws configure sso' to add a profile, or 'ssox setup' (with --sso-session NAME --start-url URL --sso-region REGION for a first session) for every account and role"
		return out
	}
	if in.Profile != "" {
		names = []string{in.Profile}
	}
	seen := map[string]bool{}
	for _, n := range names {
		p, problems := in.Config.Problems(n)
		for _, err := range problems {
			out = append(out, fromError("profile", err))
		}
		if p == nil {
			continue
		}
		out = append(out, Finding{Check: "profile", Status: OK,
			Message: fmt.Sprintf("%s: account %s, role %s, %s", visible.String(n), visible.String(p.AccountID), visible.String(p.RoleName), p.Session)})
		if len(p.Roles) > 0 {
			out = append(out, checkChain(p)...)
		}
		if !seen[p.Session.CacheKey()] {
			seen[p.Session.CacheKey()] = true
			out = append(out, checkToken(in, p)...)
			out = append(out, checkRegistration(in, p)...)
			out = append(out, checkReach(in, p)...)
		}
		out = append(out, checkRoleCache(in, p)...)
		out = append(out, checkIdentity(in, p)...)
	}
	// Inline comments and misspellings ssox does not already refuse in a
	// profile above.
	// A misspelling is known by its fix, which the profile's own finding
	// shows when it stops the profile.
	refused, fixes := map[string]bool{}, map[string]bool{}
	for _, f := range out {
		refused[f.Message], fixes[f.Hint] = true, true
	}
	for _, err := range in.Config.InlineComments() {
		if f := fromError("config", err); !refused[f.Message] {
			f.Status = Warn
			out = append(out, f)
		}
	}
	for _, err := range in.Config.Mistakes() {
		if f := fromError("config", err); !fixes[f.Hint] {
			f.Status = Warn
			out = append(out, f)
		}
	}
	return out
}

func checkToken(in Input, p *awsconfig.Profile) []Finding {
	path := sso.CachePath(in.Home, p.Session.CacheKey())
	login := fmt.Sprintf("run 'ssox login %s'", visible.ShellWord(p.Name))
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
	switch {
	case t.ValidAt(in.Now):
		out = append(out, Finding{Check: "token", Status: OK, Message: fmt.Sprintf("%s: valid for %s%s", p.Session, timeleft.Until(t.ExpiresAt, in.Now), refreshNote(t, in.Now))})
	case t.CanRefresh(in.Now):
		out = append(out, Finding{Check: "token", Status: OK, Message: fmt.Sprintf("%s: %s; the next run refreshes it silently", p.Session, expiry(t.ExpiresAt, in.Now))})
	default:
		out = append(out, Finding{Check: "token", Status: Warn, Message: fmt.Sprintf("%s: %s and cannot be refreshed", p.Session, expiry(t.ExpiresAt, in.Now)), Hint: login})
	}
	out = append(out, checkModes("token", path, "the token")...)
	return out
}

// expiry says when t is or was: "expires in 7m", "expired 2h01m ago".
func expiry(t, now time.Time) string {
	if t.After(now) {
		return "expires in " + timeleft.Until(t, now)
	}
	return "expired " + timeleft.Since(t, now) + " ago"
}

func refreshNote(t *sso.Token, now time.Time) string {
	if t.CanRefresh(now) {
		return ", then refreshed silently"
	}
	return ""
}

// checkModes warns about a cache file, or its folder, that other users
// could read.
func checkModes(check, path, what string) []Finding {
	var out []Finding
	for _, p := range []string{path, filepath.Dir(path)} {
		if why, fix, ok := fsperm.Exposed(p, p, fsperm.Read); ok {
			out = append(out, Finding{Check: check, Status: Warn, Message: fmt.Sprintf("%s: other users may read %s", why, what), Hint: fix})
		}
	}
	return out
}

// checkRegistration looks at the session's cached client registration,
// which a silent refresh and the next login reuse.
func checkRegistration(in Input, p *awsconfig.Profile) []Finding {
	path := sso.RegistrationPath(in.Home, p.Session)
	exp, err := sso.RegistrationExpiry(path)
	switch {
	case errors.Is(err, sso.ErrNoRegistration):
		return []Finding{{Check: "registration", Status: Info, Message: fmt.Sprintf("%s: no client registration cached; the next login registers one", p.Session)}}
	case err != nil:
		return []Finding{{Check: "registration", Status: Warn, Message: err.Error(), Hint: "the next login registers a new client"}}
	case !exp.After(in.Now):
		return []Finding{{Check: "registration", Status: Info, Message: fmt.Sprintf("%s: client registration %s; the next login registers a new client", p.Session, expiry(exp, in.Now))}}
	}
	out := []Finding{{Check: "registration", Status: OK, Message: fmt.Sprintf("%s: client registration valid for %s", p.Session, timeleft.Until(exp, in.Now))}}
	return append(out, checkModes("registration", path, "the client secret")...)
}

// checkRoleCache looks at the profile's entry in the AWS CLI's role
// credential cache: readable, private, and how long it lasts.
func checkRoleCache(in Input, p *awsconfig.Profile) []Finding {
	path, read := roleCache(in, p)
	name := visible.String(p.Name)
	c, err := read(path)
	switch {
	case errors.Is(err, creds.ErrNotCached), errors.Is(err, fs.ErrNotExist):
		return []Finding{{Check: "credentials", Status: Info, Message: name + ": no cached role credentials; the next run fetches them"}}
	case err != nil:
		return []Finding{{Check: "credentials", Status: Warn, Message: err.Error(), Hint: "the next run replaces it"}}
	}
	var out []Finding
	if c.Expiration.After(in.Now) {
		out = append(out, Finding{Check: "credentials", Status: OK, Message: fmt.Sprintf("%s: cached role credentials valid for %s", name, timeleft.Until(c.Expiration, in.Now))})
	} else {
		out = append(out, Finding{Check: "credentials", Status: Info, Message: fmt.Sprintf("%s: cached role credentials %s; the next run fetches new ones", name, expiry(c.Expiration, in.Now))})
	}
	return append(out, checkModes("credentials", path, "the role credentials")...)
}

// checkReach asks the session's OIDC endpoint and portal whether they
// answer: with either down every command fails, whatever the caches say.
func checkReach(in Input, p *awsconfig.Profile) []Finding {
	if in.Reach == nil {
		return nil
	}
	r := in.Reach(sso.Request{Session: p.Session, Profile: p.Name, Shared: &p.Shared})
	var out []Finding
	for _, err := range []error{r.OIDC, r.Portal} {
		if err != nil {
			out = append(out, Finding{Check: "network", Status: Fail, Message: fmt.Sprintf("%s: %v", p.Session, err), Hint: errs.HintOf(err)})
		}
	}
	switch {
	case len(out) > 0:
	case r.TokenRefused:
		out = append(out, Finding{Check: "network", Status: Warn,
			Message: fmt.Sprintf("%s: the portal answers, but refuses the cached token, which has not expired (revoked, or the session ended)", p.Session),
			Hint:    fmt.Sprintf("run 'ssox login %s'", visible.ShellWord(p.Name))})
	case r.TokenChecked:
		out = append(out, Finding{Check: "network", Status: OK, Message: fmt.Sprintf("%s: the OIDC endpoint and the portal answer; the portal accepts the token", p.Session)})
	default:
		out = append(out, Finding{Check: "network", Status: OK, Message: fmt.Sprintf("%s: the OIDC endpoint and the portal answer", p.Session)})
	}
	return out
}

// checkIdentity asks STS whether it takes the profile's cached role
// credentials: AWS refuses keys of a revoked session, or of a permission
// set that changed, long before they expire, and ssox would hand them on
// until then.
func checkIdentity(in Input, p *awsconfig.Profile) []Finding {
	if in.Identity == nil {
		return nil
	}
	name := visible.String(p.Name)
	path, read := roleCache(in, p)
	c, err := read(path)
	if err != nil || !c.Expiration.After(in.Now) {
		return []Finding{{Check: "aws", Status: Info, Message: name + ": no unexpired cached role credentials to check with AWS"}}
	}
	arn, err := in.Identity(p, c)
	var failed *awsapi.Error
	switch {
	case err == nil:
		return []Finding{{Check: "aws", Status: OK, Message: fmt.Sprintf("%s: AWS takes the cached role credentials (%s)", name, visible.String(arn))}}
	case errors.As(err, &failed) && failed.Status >= 400 && failed.Status < 500 && failed.Class != awsapi.Throttled:
		code := failed.Code
		if code == "" {
			code = fmt.Sprintf("HTTP %d", failed.Status)
		}
		fix := fmt.Sprintf("run 'ssox login %s' (it drops them; the next run gets new ones), or get new ones for one command: 'ssox %s --refresh -- CMD'", visible.ShellWord(p.Name), visible.ShellWord(p.Name))
		if len(p.Roles) > 0 {
			fix = fmt.Sprintf("get new ones: 'ssox %s --refresh -- CMD' (a new login does not drop an assumed role's credentials)", visible.ShellWord(p.Name))
		}
		return []Finding{{Check: "aws", Status: Fail,
			Message: fmt.Sprintf("%s: AWS refuses the cached role credentials (%s), though they expire only in %s: revoked, or the permission set changed", name, visible.String(code), timeleft.Until(c.Expiration, in.Now)),
			Hint:    fix}}
	}
	return []Finding{{Check: "aws", Status: Fail, Message: fmt.Sprintf("%s: could not ask AWS about the cached role credentials: %v", name, err), Hint: errs.HintOf(err)}}
}

// roleCache is where the profile's role credentials are cached, and how
// that file is read: the SSO role cache, or for a role chain the last
// hop's assume-role cache.
func roleCache(in Input, p *awsconfig.Profile) (string, func(string) (*creds.Credentials, error)) {
	if len(p.Roles) > 0 {
		return creds.AssumeRoleCachePath(in.Home, p.Roles[len(p.Roles)-1]), creds.ReadAssumeRoleCache
	}
	return creds.CachePath(in.Home, p), creds.ReadCache
}

// checkChain describes a role chain and warns about a duration STS will
// refuse.
func checkChain(p *awsconfig.Profile) []Finding {
	out := []Finding{{Check: "chain", Status: OK, Message: fmt.Sprintf("%s: assumes %s from %s", visible.String(p.Name), p.Roles[len(p.Roles)-1].ARN, visible.String(p.Chain()))}}
	for _, r := range p.Roles {
		if r.DurationSeconds > awsconfig.ChainedSessionLimit {
			out = append(out, Finding{Check: "chain", Status: Warn,
				Message: fmt.Sprintf("%s: duration_seconds = %d, but AWS limits roles assumed with role credentials (IAM Identity Center's included) to %d seconds; STS will refuse it", visible.String(r.Profile), r.DurationSeconds, awsconfig.ChainedSessionLimit),
				Hint:    fmt.Sprintf("set duration_seconds = %d or less in [profile %s], or remove it", awsconfig.ChainedSessionLimit, r.Profile)})
		}
	}
	return out
}

// checkFiles finds files others could change and folders ssox cannot write.
func checkFiles(in Input) []Finding {
	var out []Finding
	aws := filepath.Join(in.Home, ".aws")
	for _, f := range []struct{ path, display string }{{in.Config.Path, in.Config.Display}, {aws, "~/.aws"}} {
		if why, fix, ok := fsperm.Exposed(f.path, f.display, fsperm.Write); ok {
			out = append(out, Finding{Check: "files", Status: Fail,
				Message: why + ": other users can change it, and with it the accounts and commands your profiles use", Hint: fix})
		}
	}
	hints := map[string]bool{}
	for _, dir := range []string{awscache.SSODir(in.Home), awscache.CLIDir(in.Home)} {
		if err := fsperm.Check(dir); err != nil && !hints[errs.HintOf(err)] {
			hints[errs.HintOf(err)] = true
			out = append(out, fromError("files", err))
		}
	}
	if len(out) == 0 {
		out = append(out, Finding{Check: "files", Status: OK, Message: "~/.aws: writable by you, not by others"})
	}
	return out
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
			Hint:    unsetHint(keys) + " (ssox clears them for the commands it runs)"})
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

// checkDocker reports the Docker network of --docker: ready, not made yet,
// or what stands in the way. Without docker or its daemon there is nothing
// wrong with ssox, only no --docker.
func checkDocker(in Input) []Finding {
	if in.Docker == nil {
		return nil
	}
	state, err := in.Docker()
	switch {
	case errors.Is(err, endpoint.ErrNoDocker) || errors.Is(err, endpoint.ErrNoDaemon):
		f := fromError("docker", err)
		f.Status = Info
		return []Finding{f}
	case err != nil:
		f := fromError("docker", err)
		f.Status = Warn
		return []Finding{f}
	case state.Ready:
		return []Finding{{Check: "docker", Status: OK, Message: state.Message}}
	}
	return []Finding{{Check: "docker", Status: Info, Message: state.Message}}
}

// unsetHint is the command that clears keys in the user's shell: on
// Windows, in cmd.exe or PowerShell.
func unsetHint(keys []string) string {
	if runtime.GOOS != "windows" {
		return "unset " + strings.Join(keys, " ")
	}
	cmd := make([]string, len(keys))
	ps := make([]string, len(keys))
	for i, k := range keys {
		cmd[i], ps[i] = `set "`+k+`="`, "Env:"+k
	}
	return strings.Join(cmd, " & ") + " in cmd.exe, Remove-Item " + strings.Join(ps, ", ") + " in PowerShell"
}
