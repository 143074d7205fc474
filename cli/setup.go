package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/setup"
	"github.com/ssox/ssox/sso"
)

// SetupOptions are what `ssox setup --sso-session NAME` was asked.
type SetupOptions struct {
	Session       string
	DryRun, Prune bool
	Region        string
	Login         sso.LoginOptions
}

func setupCommand() *command {
	return &command{
		name:     "setup",
		usage:    "write a profile for every account and role an sso-session reaches, in a block of the config ssox owns",
		synopsis: "--sso-session NAME [--dry-run] [--prune] [--region R]",
		flags: append(loginFlags(), sessionFlag,
			flagSpec{name: "dry-run", kind: boolFlag, usage: "show the change as a diff; write nothing"},
			flagSpec{name: "prune", kind: boolFlag, usage: "drop profiles of roles no longer reachable from the block"},
			flagSpec{name: "region", kind: stringFlag, value: "R", usage: "region of the new profiles (default: the sso-session's sso_region)"},
		),
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := SetupOptions{Session: in.str("sso-session"), DryRun: in.boolean("dry-run"), Prune: in.boolean("prune"),
				Region: in.str("region"), Login: loginOptions(in)}
			if opts.Session == "" {
				return in.usage("setup needs --sso-session NAME")
			}
			return d.runSetup(ctx, opts)
		},
	}
}

func (d *deps) runSetup(ctx context.Context, opts SetupOptions) error {
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	s, err := cfg.Session(opts.Session)
	if err != nil {
		return err
	}
	tok, err := d.tokens(home, opts.Login).Token(ctx, sso.Request{Session: s})
	if err != nil {
		return err
	}
	var listOpts setup.ListOptions
	clearProgress := func() {}
	if d.io.ErrTTY {
		listOpts.Progress, clearProgress = setup.ProgressLine(d.io.ErrOut, d.now)
	}
	assignments, err := setup.List(ctx, s, nil, tok.AccessToken, listOpts)
	clearProgress()
	if err != nil {
		return errs.WithHint(err, "run 'ssox login --sso-session %s' and try again", opts.Session)
	}
	old, err := os.ReadFile(cfg.Path)
	if err != nil {
		return err
	}
	region := opts.Region
	if region == "" {
		region = s.Region
	}
	plan, err := setup.MakePlan(string(old), s, assignments, region, opts.Prune)
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
	case opts.DryRun:
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
}
