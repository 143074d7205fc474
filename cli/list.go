package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/status"
)

// ListOptions are what `ssox list [--json | --names]` was asked.
type ListOptions struct {
	JSON, Names, Sessions bool
}

func listCommand() *command {
	return &command{
		name:     "list",
		usage:    "list SSO profiles: account, role, sso-session, region and token state",
		synopsis: "[--json | --names | --sso-sessions]",
		flags: []flagSpec{jsonFlag, {name: "names", kind: boolFlag, usage: "print only profile names, one a line (for completion)"},
			{name: "sso-sessions", kind: boolFlag, usage: "print only the names of the [sso-session] blocks, one a line (for completion)"}},
		exclusive: [][]string{{"json", "names", "sso-sessions"}},
		run: func(d *deps, _ context.Context, in *input) error {
			return d.runList(ListOptions{JSON: in.boolean("json"), Names: in.boolean("names"), Sessions: in.boolean("sso-sessions")})
		},
	}
}

func (d *deps) runList(opts ListOptions) error {
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	if opts.Sessions {
		sessions, err := cfg.SessionNames()
		for _, n := range sessions {
			fmt.Fprintln(d.io.Out, n)
		}
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
	rows := status.Rows(cfg, home, names, d.now())
	if opts.JSON {
		if rows == nil {
			rows = []status.Row{}
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
