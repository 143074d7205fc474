package status

import (
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/sso"
)

// Row is one profile as `ssox list` shows it and the picker offers it,
// from the config and the token cache alone.
type Row struct {
	Name       string `json:"name"`
	AccountID  string `json:"account_id"`
	Role       string `json:"role"`
	SSOSession string `json:"sso_session"`
	Region     string `json:"region"`
	// Chain is a role chain's path to its SSO profile: "deploy → ui-dev".
	Chain string `json:"chain,omitempty"`
	// Token is sso.State's: valid, refreshable, expired, none or invalid.
	Token          string `json:"token"`
	TokenExpiresAt string `json:"token_expires_at,omitempty"`
	// Error says why the profile cannot be used; its token is "invalid".
	Error string `json:"error,omitempty"`
	// AccountName is the profile's sso_account_name.
	AccountName string `json:"-"`
	// Source is a role chain's first source profile.
	Source string `json:"-"`
}

// Usable reports whether the profile's token serves without a login:
// valid, or refreshable silently.
func (r Row) Usable() bool { return r.Token == "valid" || r.Token == "refreshable" }

// Rows describes the named profiles, reading each session's token once.
func Rows(cfg *awsconfig.Config, home string, names []string, now time.Time) []Row {
	var rows []Row
	tokens := map[string]Row{} // token state by cache key
	for _, n := range names {
		p, err := cfg.Profile(n)
		if err != nil {
			rows = append(rows, Row{Name: n, Token: "invalid", Error: err.Error()})
			continue
		}
		r := Row{Name: n, AccountID: p.AccountID, Role: p.RoleName, SSOSession: p.Session.Name, Region: p.Region, AccountName: p.AccountName()}
		if p.Session.Legacy() {
			r.SSOSession = p.Session.StartURL
		}
		if len(p.Roles) > 0 {
			r.Chain, r.Source = p.Chain(), p.Source.Name
		}
		st, ok := tokens[p.Session.CacheKey()]
		if !ok {
			st = tokenState(home, p.Session, now)
			tokens[p.Session.CacheKey()] = st
		}
		r.Token, r.TokenExpiresAt = st.Token, st.TokenExpiresAt
		rows = append(rows, r)
	}
	return rows
}

func tokenState(home string, s awsconfig.Session, now time.Time) Row {
	t, err := sso.ReadToken(sso.CachePath(home, s.CacheKey()))
	row := Row{Token: sso.State(t, err, now)}
	if t != nil && !t.ExpiresAt.IsZero() {
		row.TokenExpiresAt = awscache.FormatTime(t.ExpiresAt)
	}
	return row
}
