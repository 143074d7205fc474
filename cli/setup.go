package cli

import (
	"fmt"
	"os"

	ucli "github.com/urfave/cli/v2"

	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/setup"
	"github.com/ssox/ssox/sso"
)

func (d *deps) setupCommand() *ucli.Command {
	return &ucli.Command{
		Name:  "setup",
		Usage: "write a profile for every account and role an sso-session reaches, in a block of the config ssox owns",
		Flags: append(append(commonFlags(), loginFlags()...), sessionFlag(),
			&ucli.BoolFlag{Name: "dry-run", Usage: "show the change as a diff; write nothing"},
			&ucli.BoolFlag{Name: "prune", Usage: "drop profiles of roles no longer reachable from the block"},
			&ucli.StringFlag{Name: "region", Usage: "region of the new profiles (default: the sso-session's sso_region)"},
		),
		Action: func(c *ucli.Context) error {
			if c.NArg() > 0 {
				return errs.Usagef("setup takes no arguments; name the session with --sso-session")
			}
			name := c.String("sso-session")
			if name == "" {
				return errs.Usagef("setup needs --sso-session NAME")
			}
			cfg, home, err := d.openConfig()
			if err != nil {
				return err
			}
			s, err := cfg.Session(name)
			if err != nil {
				return err
			}
			tok, err := d.tokens(home, d.loginOptions(c)).Token(c.Context, sso.Request{Session: s})
			if err != nil {
				return err
			}
			assignments, err := setup.List(c.Context, s, nil, tok.AccessToken)
			if err != nil {
				return errs.WithHint(err, "run 'ssox login --sso-session %s' and try again", name)
			}
			old, err := os.ReadFile(cfg.Path)
			if err != nil {
				return err
			}
			region := c.String("region")
			if region == "" {
				region = s.Region
			}
			plan, err := setup.MakePlan(string(old), s, assignments, region, c.Bool("prune"))
			if err != nil {
				return errs.WithHint(err, "fix or delete the ssox lines in %s, then run setup again", cfg.Display)
			}
			for _, s := range plan.Skipped {
				fmt.Fprintf(d.io.ErrOut, "ssox: warning: skipped %s\n", s)
			}
			reachable := fmt.Sprintf("%d role(s) reachable", len(assignments)-len(plan.Skipped))
			if len(plan.Skipped) > 0 {
				reachable += fmt.Sprintf(", %d skipped", len(plan.Skipped))
			}
			summary := fmt.Sprintf("%s; added %s; removed %s; kept %s; already configured outside the block: %s",
				reachable, listOrNone(plan.Added), listOrNone(plan.Removed), listOrNone(plan.Kept), listOrNone(plan.Existing))
			switch {
			case c.Bool("dry-run"):
				fmt.Fprint(d.io.Out, setup.Diff(cfg.Display, cfg.Display+" (after ssox setup)", plan.Old, plan.New))
				fmt.Fprintf(d.io.ErrOut, "ssox: dry run, nothing written: %s\n", summary)
			case !plan.Changed():
				fmt.Fprintf(d.io.ErrOut, "ssox: %s is up to date: %s\n", cfg.Display, summary)
			default:
				if _, err := setup.Apply(cfg.Path, plan); err != nil {
					return err
				}
				fmt.Fprintf(d.io.ErrOut, "ssox: updated %s (backup: %s.ssox-backup): %s\n", cfg.Display, cfg.Display, summary)
			}
			return nil
		},
	}
}
