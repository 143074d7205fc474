// Package status reports what ssox knows without asking the network: the
// profile active in this environment (from the SSOX_* variables ssox exec
// sets), a named profile's cached credentials, and each SSO session's token
// with whether a silent refresh is possible.
package status

import (
	"fmt"
	"io"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/prompt"
	"github.com/ssox/ssox/sso"
)

// Active is the profile of the ssox environment status runs in.
type Active struct {
	Profile     string `json:"profile"`
	AccountID   string `json:"account_id"`
	AccountName string `json:"account_name,omitempty"`
	Role        string `json:"role"`
	SSOSession  string `json:"sso_session,omitempty"`
	Region      string `json:"region,omitempty"`
	// Remaining is the credentials' time left ("47m"); empty when the
	// environment has no expiry, as under --server.
	Remaining string `json:"remaining,omitempty"`
	Expired   bool   `json:"expired"`
	// RenewAt is when a shell hook renews the keys (SSOX_RENEW_AT), and
	// RenewIn the time until then ("" once it has come).
	RenewAt string `json:"renew_at,omitempty"`
	RenewIn string `json:"renew_in,omitempty"`
	// LoginNeeded is the command that lets the keys renew again, when the
	// shell hook found that only a login does (SSOX_LOGIN_NEEDED).
	LoginNeeded string `json:"login_needed,omitempty"`
	// Server is set when a credential server renews the credentials:
	// --server, or --docker on DockerNetwork.
	Server        bool   `json:"server"`
	DockerNetwork string `json:"docker_network,omitempty"`
}

// Profile is a named profile and its cached credentials.
type Profile struct {
	Name      string `json:"name"`
	Chain     string `json:"chain,omitempty"`
	AccountID string `json:"account_id"`
	Role      string `json:"role"`
	// Credentials is valid, expired or none.
	Credentials string `json:"credentials"`
	ExpiresAt   string `json:"expires_at,omitempty"`
	Remaining   string `json:"remaining,omitempty"`
}

// Session is an SSO session's token.
type Session struct {
	Name     string `json:"sso_session,omitempty"`
	StartURL string `json:"start_url"`
	// Token is sso.State's: valid, refreshable, expired, none or invalid;
	// under the 15-minute window a token is refreshable or expired although
	// it has Remaining.
	Token     string `json:"token"`
	ExpiresAt string `json:"expires_at,omitempty"`
	Remaining string `json:"remaining,omitempty"`
	// Refreshable says a silent refresh is possible: a refresh token and an
	// unexpired client registration.
	Refreshable bool `json:"silent_refresh"`
	// RefreshToken says the cache holds a refresh token.
	RefreshToken bool `json:"refresh_token"`
	// Login is the command that logs in to this session.
	Login string `json:"login"`
	// Error says why the [sso-session] block cannot be used; its token is
	// then "invalid".
	Error string `json:"error,omitempty"`
}

// Report is everything status shows.
type Report struct {
	Active   *Active   `json:"active"`
	Profile  *Profile  `json:"profile,omitempty"`
	Sessions []Session `json:"sessions"`
}

// Input is what status looks at.
type Input struct {
	Env    environ.Env
	Config *awsconfig.Config
	Home   string
	// Profile, when set, limits the sessions to its own and adds its
	// cached credentials.
	Profile string
	Now     time.Time
}

// Gather builds the report from the environment, the config and the caches.
func Gather(in Input) (Report, error) {
	r := Report{Active: active(in.Env, in.Now), Sessions: []Session{}}
	if in.Profile != "" {
		p, err := in.Config.Profile(in.Profile)
		if err != nil {
			return r, err
		}
		r.Profile = profile(in, p)
		r.Sessions = append(r.Sessions, session(in, p.Session, p.Name))
		return r, nil
	}
	names, err := in.Config.SessionNames()
	if err != nil {
		return r, err
	}
	for _, n := range names {
		s, err := in.Config.Session(n)
		if err != nil {
			// One broken block does not hide the others.
			r.Sessions = append(r.Sessions, Session{Name: n, Token: "invalid", Error: err.Error()})
			continue
		}
		r.Sessions = append(r.Sessions, session(in, s, ""))
	}
	// Legacy profiles carry their own start URL; each counts once.
	profiles, _ := in.Config.SSOProfileNames()
	seen := map[string]bool{}
	for _, n := range profiles {
		p, err := in.Config.Profile(n)
		if err != nil || !p.Session.Legacy() || p.Source != nil || seen[p.Session.StartURL] {
			continue
		}
		seen[p.Session.StartURL] = true
		r.Sessions = append(r.Sessions, session(in, p.Session, n))
	}
	return r, nil
}

func active(env environ.Env, now time.Time) *Active {
	seg, ok := prompt.Read(env, now)
	if !ok {
		return nil
	}
	a := &Active{
		Profile: seg.Profile, AccountID: seg.AccountID, AccountName: seg.AccountName, Role: seg.Role,
		SSOSession: visible.String(env.Get("SSOX_SSO_SESSION")), Region: seg.Region,
		Remaining: seg.Remaining, Expired: seg.Expired, LoginNeeded: visible.String(env.Get("SSOX_LOGIN_NEEDED")),
		Server: env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI") != "" && env.Get("AWS_ACCESS_KEY_ID") == "",
	}
	if a.Server {
		a.DockerNetwork = visible.String(env.Get("SSOX_DOCKER_NETWORK"))
	}
	if at, ok := timeleft.ParseUnix(env.Get("SSOX_RENEW_AT")); ok && !a.Server {
		a.RenewAt = awscache.FormatTime(time.Unix(at, 0))
		if at > now.Unix() {
			a.RenewIn = timeleft.Format(at - now.Unix())
		}
	}
	return a
}

func profile(in Input, p *awsconfig.Profile) *Profile {
	out := &Profile{Name: p.Name, AccountID: p.AccountID, Role: p.RoleName, Credentials: "none"}
	c, err := creds.ReadCache(creds.CachePath(in.Home, p))
	if len(p.Roles) > 0 {
		out.Chain = p.Chain()
		c, err = creds.ReadAssumeRoleCache(creds.AssumeRoleCachePath(in.Home, p.Roles[len(p.Roles)-1]))
	}
	if err != nil {
		return out
	}
	out.ExpiresAt = awscache.FormatTime(c.Expiration)
	if c.Expiration.After(in.Now) {
		out.Credentials, out.Remaining = "valid", timeleft.Until(c.Expiration, in.Now)
	} else {
		out.Credentials = "expired"
	}
	return out
}

func session(in Input, s awsconfig.Session, profile string) Session {
	out := Session{Name: s.Name, StartURL: s.StartURL, Token: "none", Login: "ssox login --sso-session " + visible.ShellWord(s.Name)}
	if s.Legacy() {
		out.Login = "ssox login " + visible.ShellWord(profile)
	}
	t, err := sso.ReadToken(sso.CachePath(in.Home, s.CacheKey()))
	out.Token = sso.State(t, err, in.Now)
	if t == nil {
		return out
	}
	out.ExpiresAt = awscache.FormatTime(t.ExpiresAt)
	out.Refreshable = t.CanRefresh(in.Now)
	out.RefreshToken = t.RefreshToken != ""
	if t.ExpiresAt.After(in.Now) {
		out.Remaining = timeleft.Until(t.ExpiresAt, in.Now)
	}
	return out
}

// WriteText prints the report for people, one line a thing.
func (r Report) WriteText(w io.Writer) error {
	var err error
	line := func(format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format+"\n", args...)
		}
	}
	if a := r.Active; a != nil {
		account := a.AccountID
		if a.AccountName != "" {
			account = a.AccountName + " (" + a.AccountID + ")"
		}
		left := "credentials " + a.Remaining + " left"
		switch {
		case a.Server && a.DockerNetwork != "":
			left = "credentials renew themselves (--docker, on the Docker network " + a.DockerNetwork + ")"
		case a.Server:
			left = "credentials renew themselves (--server)"
		case a.Remaining == "":
			left = "credentials of unknown expiry"
		case a.Expired:
			left = "credentials expired"
		}
		switch {
		case a.LoginNeeded != "":
			left += "; only a login renews them: " + a.LoginNeeded
		case a.RenewIn != "":
			left += ", renewed at the prompt in " + a.RenewIn
		case a.RenewAt != "":
			left += ", renewed at the next prompt"
		}
		line("active: %s, account %s, role %s, %s", a.Profile, account, a.Role, left)
	} else {
		line("active: none (not inside ssox)")
	}
	if p := r.Profile; p != nil {
		name := visible.String(p.Name)
		if p.Chain != "" {
			name += " (" + visible.String(p.Chain) + ")"
		}
		state := "no cached credentials; the next run gets them"
		switch p.Credentials {
		case "valid":
			state = "cached credentials " + p.Remaining + " left"
		case "expired":
			state = "cached credentials expired; the next run gets new ones"
		}
		line("profile %s: account %s, role %s, %s", name, visible.String(p.AccountID), visible.String(p.Role), state)
	}
	for _, s := range r.Sessions {
		name := "sso-session " + visible.String(s.Name)
		if s.Name == "" {
			name = "start URL " + visible.String(s.StartURL)
		}
		login := visible.String(s.Login)
		// What renews the token: a silent refresh, or a login.
		refresh := "no refresh token: " + login
		switch {
		case s.Refreshable:
			refresh = "refresh token held: silent refresh possible"
		case s.RefreshToken:
			refresh = "refresh token held, but no client registration to use it with: " + login
		}
		later := refresh
		if !s.Refreshable {
			later += " when it expires"
		}
		if s.Error != "" {
			line("%s: invalid: %s", name, s.Error)
			continue
		}
		switch s.Token {
		case "valid":
			line("%s: token %s left, %s", name, s.Remaining, later)
		case "refreshable", "expired":
			when := "expired"
			if s.Remaining != "" {
				when = s.Remaining + " left, within the 15 minutes ssox renews in"
			}
			line("%s: token %s, %s", name, when, refresh)
		case "invalid":
			line("%s: token cache unreadable: %s", name, login)
		default:
			line("%s: not logged in: %s", name, login)
		}
	}
	return err
}
