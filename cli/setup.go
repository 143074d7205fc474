package cli

import (
	"context"
	"fmt"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/setup"
)

func setupCommand() *command {
	return &command{
		name:     "setup",
		usage:    "write a profile for every account and role an sso-session reaches, in a block of the config ssox owns",
		synopsis: "[--sso-session NAME] [--start-url URL --sso-region R] [--dry-run] [--prune] [--region R]",
		description: "With --start-url and --sso-region it first writes the [sso-session NAME] block as 'aws configure sso' does,\n" +
			"for a first set-up without the AWS CLI v2. --sso-session may be left out when the config has one session.",
		flags: append(loginFlags(),
			flagSpec{name: "sso-session", kind: stringFlag, value: "NAME", usage: "the [sso-session NAME] block to use (default: the config's only one)"},
			flagSpec{name: "start-url", kind: stringFlag, value: "URL", check: setup.CheckStartURL, usage: "the access portal URL, to write the [sso-session] block"},
			flagSpec{name: "sso-region", kind: stringFlag, value: "R", check: awsconfig.CheckRegion, usage: "the Identity Center region, to write the [sso-session] block"},
			flagSpec{name: "dry-run", kind: boolFlag, usage: "show the change as a diff; write nothing"},
			flagSpec{name: "prune", kind: boolFlag, usage: "drop profiles of roles no longer reachable from the block"},
			flagSpec{name: "region", kind: stringFlag, value: "R", check: awsconfig.CheckRegion, usage: "region of the new profiles (default: the sso-session's sso_region)"},
		),
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := setup.Options{Session: in.str("sso-session"), StartURL: in.str("start-url"), SSORegion: in.str("sso-region"),
				DryRun: in.boolean("dry-run"), Prune: in.boolean("prune"), Region: in.str("region"), Login: loginOptions(in)}
			// The name is checked only for a block setup writes: an
			// existing one is used as it is.
			if opts.Session != "" && opts.WritesSession() {
				if err := setup.CheckSessionName(opts.Session); err != nil {
					return in.usage("%v", err)
				}
			}
			return d.runSetup(ctx, opts)
		},
	}
}

// runSetup runs setup (setup.Options are what `ssox setup` was asked) and
// prints what it did.
func (d *deps) runSetup(ctx context.Context, opts setup.Options) error {
	interrupt.Arm(ctx) // it goes to the network
	r, err := setup.Run(ctx, d.getter(), opts)
	if err != nil {
		return err
	}
	for _, s := range r.Plan.Skipped {
		d.io.Warn("skipped %s", s)
	}
	switch {
	case r.DryRun:
		fmt.Fprint(d.io.Out, r.Diff())
		d.io.Say("dry run, nothing written: %s", r.Summary())
	case !r.Plan.Changed():
		d.io.Say("%s is up to date: %s", r.Display, r.Summary())
	case r.Backup != "":
		d.io.Say("updated %s (backup: %s.ssox-backup): %s", r.Display, r.Display, r.Summary())
	default:
		d.io.Say("updated %s: %s", r.Display, r.Summary())
	}
	return nil
}
