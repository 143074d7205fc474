package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/sso"
)

// profileRow is one line of 'ssox list' and one object of 'ssox list --json'.
type profileRow struct {
	Name       string `json:"name"`
	AccountID  string `json:"account_id"`
	Role       string `json:"role"`
	SSOSession string `json:"sso_session"`
	Region     string `json:"region"`
	// Chain is a role chain's path to its SSO profile: "deploy → ui-dev".
	Chain string `json:"chain,omitempty"`
	// Token is valid, refreshable, expired, none or invalid.
	Token          string `json:"token"`
	TokenExpiresAt string `json:"token_expires_at,omitempty"`
	Error          string `json:"error,omitempty"`
}

// ListOptions are what `ssox list [--json | --names]` was asked.
type ListOptions struct {
	JSON, Names bool
}

func listCommand() *command {
	return &command{
		name:      "list",
		usage:     "list SSO profiles: account, role, sso-session, region and token state",
		synopsis:  "[--json | --names]",
		flags:     []flagSpec{jsonFlag, {name: "names", kind: boolFlag, usage: "print only profile names, one a line (for completion)"}},
		exclusive: [][]string{{"json", "names"}},
		run: func(d *deps, _ context.Context, in *input) error {
			return d.runList(ListOptions{JSON: in.boolean("json"), Names: in.boolean("names")})
		},
	}
}

func (d *deps) runList(opts ListOptions) error {
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	names, err := cfg.SSOProfileNames()
	if err != nil {
		return err
	}
	if opts.Names {
		for _, n := range names {
			fmt.Fprintln(d.io.Out, n)
		}
		return nil
	}
	rows := d.profileRows(cfg, home, names)
	if opts.JSON {
		if rows == nil {
			rows = []profileRow{}
		}
		return d.printJSON(rows)
	}
	tw := tabwriter.NewWriter(d.io.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROFILE\tACCOUNT\tROLE\tSSO SESSION\tREGION\tTOKEN")
	for _, r := range rows {
		state := r.Token
		if r.Error != "" {
			state = "invalid: " + r.Error
		} else if r.Token == "valid" {
			state = fmt.Sprintf("valid, %s left", left(r.TokenExpiresAt, d.now()))
		}
		name := r.Name
		if r.Chain != "" {
			name = r.Chain
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", visible.String(name), dash(r.AccountID), dash(r.Role), dash(r.SSOSession), dash(r.Region), state)
	}
	return tw.Flush()
}

func (d *deps) profileRows(cfg *awsconfig.Config, home string, names []string) []profileRow {
	var rows []profileRow
	tokens := map[string]profileRow{} // token state by cache key, read once
	for _, n := range names {
		p, err := cfg.Profile(n)
		if err != nil {
			rows = append(rows, profileRow{Name: n, Token: "invalid", Error: err.Error()})
			continue
		}
		r := profileRow{Name: n, AccountID: p.AccountID, Role: p.RoleName, SSOSession: p.Session.Name, Region: p.Region}
		if p.Session.Legacy() {
			r.SSOSession = p.Session.StartURL
		}
		if len(p.Roles) > 0 {
			r.Chain = p.Chain()
		}
		st, ok := tokens[p.Session.CacheKey()]
		if !ok {
			st = tokenState(home, p.Session, d.now())
			tokens[p.Session.CacheKey()] = st
		}
		r.Token, r.TokenExpiresAt = st.Token, st.TokenExpiresAt
		rows = append(rows, r)
	}
	return rows
}

func tokenState(home string, s awsconfig.Session, now time.Time) profileRow {
	t, err := sso.ReadToken(sso.CachePath(home, s.CacheKey()))
	row := profileRow{Token: sso.State(t, err, now)}
	if t != nil && !t.ExpiresAt.IsZero() {
		row.TokenExpiresAt = awscache.FormatTime(t.ExpiresAt)
	}
	return row
}

func left(ts string, now time.Time) string {
	t, err := awscache.ParseTime(ts)
	if err != nil {
		return "?"
	}
	return timeleft.Until(t, now)
}

// dash shows a table cell: "-" when empty, control characters as escapes.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return visible.String(s)
}
