package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/setup"
)

func setupCommand() *command {
	return &command{
		name:     "setup",
		usage:    "write a profile for every account and role an sso-session reaches, in a block of the config ssox owns",
		synopsis: "[--sso-session NAME] [--start-url URL --sso-region R] [--dry-run] [--prune] [--region R] [--profile-name TEMPLATE]",
		description: "With --start-url and --sso-region it first writes the [sso-session NAME] block as 'aws configure sso' does,\n" +
			"for a first set-up without the AWS CLI v2. --sso-session may be left out when the config has one session,\n" +
			"or with --start-url (the session of that URL, else one named after its subdomain).\n" +
			"--profile-name is a Go template over .AccountName, .AccountID, .RoleName, .Session and .OnlyRole\n" +
			"(default: " + setup.DefaultProfileName + ").",
		flags: append(loginFlags(),
			flagSpec{name: "sso-session", kind: stringFlag, value: "NAME", valuesFrom: sessionNames, usage: "the [sso-session NAME] block to use (default: the one of --start-url, else named after its subdomain; else the config's only one)"},
			flagSpec{name: "start-url", kind: stringFlag, value: "URL", check: setup.CheckStartURL, usage: "the access portal URL, to write the [sso-session] block"},
			flagSpec{name: "sso-region", kind: stringFlag, value: "R", check: awsconfig.CheckRegion, usage: "the Identity Center region, to write the [sso-session] block"},
			flagSpec{name: "dry-run", kind: boolFlag, usage: "show the change as a diff; write nothing"},
			flagSpec{name: "prune", kind: boolFlag, usage: "drop profiles of roles no longer reachable from the block"},
			flagSpec{name: "region", kind: stringFlag, value: "R", check: awsconfig.CheckRegion, usage: "region of the new profiles (default: the sso-session's sso_region)"},
			flagSpec{name: "profile-name", kind: stringFlag, value: "TEMPLATE", usage: "name new profiles by this Go template, e.g. '{{.AccountName}}-{{.RoleName}}' (default: the account's name, with the role where it has several)"},
		),
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := setup.Options{Session: in.str("sso-session"), StartURL: in.str("start-url"), SSORegion: in.str("sso-region"),
				DryRun: in.boolean("dry-run"), Prune: in.boolean("prune"), Region: in.str("region"), Login: loginOptions(in)}
			if in.isSet("profile-name") {
				var err error
				if opts.Names, err = setup.ParseNames(in.str("profile-name")); err != nil {
					return in.usage("bad --profile-name: %v", err)
				}
			}
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
	d.io.Say("next: %s", setupNext(r, opts))
	return nil
}

// setupNext is what to run after setup: the command that writes what a
// dry run showed, else a shell as a profile setup added, else the list.
func setupNext(r *setup.Result, opts setup.Options) string {
	switch {
	case r.DryRun && r.Plan.Changed():
		line := []string{"ssox", "setup", "--sso-session", visible.ShellWord(r.Session)}
		if opts.WritesSession() {
			line = append(line, "--start-url", visible.ShellWord(opts.StartURL), "--sso-region", visible.ShellWord(opts.SSORegion))
		}
		if opts.Prune {
			line = append(line, "--prune")
		}
		if opts.Region != "" {
			line = append(line, "--region", visible.ShellWord(opts.Region))
		}
		if opts.Names != nil {
			line = append(line, "--profile-name", visible.ShellWord(opts.Names.String()))
		}
		return strings.Join(line, " ") + " (writes it)"
	case len(r.Plan.Added) > 0 && !r.DryRun:
		return fmt.Sprintf("ssox %s (a shell as %s; 'ssox list' shows every profile)", visible.ShellWord(r.Plan.Added[0]), r.Plan.Added[0])
	}
	return "ssox list (shows the profiles)"
}
