package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/setup"
	"github.com/ssox/ssox/sso"
)

// SetupOptions are what `ssox setup` was asked.
type SetupOptions struct {
	// Session names the [sso-session] block; empty means the config's only one.
	Session string
	// StartURL and SSORegion, when given, are the [sso-session] block to
	// write first, as `aws configure sso` would.
	StartURL, SSORegion string
	DryRun, Prune       bool
	Region              string
	Login               sso.LoginOptions
}

func setupCommand() *command {
	return &command{
		name:     "setup",
		usage:    "write a profile for every account and role an sso-session reaches, in a block of the config ssox owns",
		synopsis: "[--sso-session NAME] [--start-url URL --sso-region R] [--dry-run] [--prune] [--region R]",
		description: "With --start-url and --sso-region it first writes the [sso-session NAME] block as 'aws configure sso' does,\n" +
			"for a first set-up without the AWS CLI v2. --sso-session may be left out when the config has one session.",
		flags: append(loginFlags(),
			flagSpec{name: "sso-session", kind: stringFlag, value: "NAME", usage: "the [sso-session NAME] block to use (default: the config's only one)"},
			flagSpec{name: "start-url", kind: stringFlag, value: "URL", usage: "the access portal URL, to write the [sso-session] block"},
			flagSpec{name: "sso-region", kind: stringFlag, value: "R", usage: "the Identity Center region, to write the [sso-session] block"},
			flagSpec{name: "dry-run", kind: boolFlag, usage: "show the change as a diff; write nothing"},
			flagSpec{name: "prune", kind: boolFlag, usage: "drop profiles of roles no longer reachable from the block"},
			flagSpec{name: "region", kind: stringFlag, value: "R", usage: "region of the new profiles (default: the sso-session's sso_region)"},
		),
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := SetupOptions{Session: in.str("sso-session"), StartURL: in.str("start-url"), SSORegion: in.str("sso-region"),
				DryRun: in.boolean("dry-run"), Prune: in.boolean("prune"), Region: in.str("region"), Login: loginOptions(in)}
			for _, check := range []struct {
				given bool
				err   func() error
			}{
				{opts.StartURL != "", func() error { return setup.CheckStartURL(opts.StartURL) }},
				{opts.SSORegion != "", func() error { return setup.CheckRegion(opts.SSORegion) }},
				{opts.Region != "", func() error { return setup.CheckRegion(opts.Region) }},
				{opts.Session != "" && opts.writesSession(), func() error { return setup.CheckSessionName(opts.Session) }},
			} {
				if check.given {
					if err := check.err(); err != nil {
						return in.usage("%v", err)
					}
				}
			}
			return d.runSetup(ctx, opts)
		},
	}
}

func (o SetupOptions) writesSession() bool { return o.StartURL != "" || o.SSORegion != "" }

func (d *deps) runSetup(ctx context.Context, opts SetupOptions) error {
	interrupt.Arm(ctx) // it goes to the network
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(cfg.Path)
	if err != nil && !(errors.Is(err, fs.ErrNotExist) && opts.writesSession()) {
		if _, serr := cfg.SessionNames(); serr != nil {
			return serr // says which file is missing, and how to write it
		}
		return err
	}
	original := string(data)
	if opts.Session == "" {
		if opts.Session, err = onlySession(original, cfg.Display, opts.writesSession()); err != nil {
			return err
		}
	}
	text := original
	if opts.writesSession() {
		if text, err = setup.AddSession(original, cfg.Display, setup.NewSession{Name: opts.Session, StartURL: opts.StartURL, Region: opts.SSORegion}); err != nil {
			return err
		}
	}
	var s awsconfig.Session
	switch {
	case text != original && opts.DryRun:
		// Nothing is written: the session is the block as it would be.
		for _, b := range awsconfig.Blocks([]byte(text)) {
			if b.Name == "sso-session "+opts.Session {
				s = awsconfig.Session{Name: opts.Session, StartURL: b.Keys["sso_start_url"], Region: b.Keys["sso_region"]}
			}
		}
	case text != original:
		// Written before the login, as `aws configure sso` leaves it, so
		// that a failed login can be repeated with plain `ssox setup`.
		if _, err := setup.Apply(cfg.Path, &setup.Plan{Old: original, New: text}); err != nil {
			return err
		}
		d.io.Say("wrote [sso-session %s] to %s", opts.Session, cfg.Display)
		if cfg, home, err = d.openConfig(); err != nil {
			return err
		}
		fallthrough
	default:
		if s, err = cfg.Session(opts.Session); err != nil {
			return err
		}
	}
	region := opts.Region
	if region == "" {
		region = s.Region
		if err := setup.CheckRegion(region); err != nil {
			return errs.WithHint(fmt.Errorf("the profiles' region would be the sso_region of [sso-session %s], but %w", opts.Session, err),
				"give the profiles' region with --region")
		}
	}
	tok, err := d.getter().Tokens(home, opts.Login).Token(ctx, sso.Request{Session: s})
	if err != nil {
		return err
	}
	listOpts := setup.ListOptions{Net: d.network()}
	clearProgress := func() {}
	if d.io.ErrTTY {
		listOpts.Progress, clearProgress = setup.ProgressLine(d.io.ErrOut, d.now)
	}
	assignments, err := setup.List(ctx, s, nil, tok.AccessToken, listOpts)
	clearProgress()
	switch awsapi.ClassOf(err) {
	case 0:
	case awsapi.Unauthorized:
		// 'ssox login' checks the token with the portal and renews it.
		return errs.WithHint(err, "run 'ssox login --sso-session %s' and try again", visible.ShellWord(opts.Session))
	case awsapi.Forbidden:
		return errs.WithHint(err, "the portal does not let this user list the accounts of %s: ask its administrator", opts.Session)
	default:
		return err // the class's own hint: network, throttling, server
	}
	if err != nil {
		return err
	}
	plan, err := setup.MakePlan(text, s, assignments, region, opts.Prune)
	if err != nil {
		return errs.WithHint(err, "fix or delete the ssox lines in %s, then run setup again", cfg.Display)
	}
	// The diff and the backup are against the file as this run found it.
	plan.Old = original
	for _, s := range plan.Skipped {
		d.io.Warn("skipped %s", s)
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
		d.io.Say("dry run, nothing written: %s", summary)
	case !plan.Changed():
		d.io.Say("%s is up to date: %s", cfg.Display, summary)
	default:
		backup, err := setup.Apply(cfg.Path, plan)
		if err != nil {
			return err
		}
		if backup != "" {
			backup = fmt.Sprintf(" (backup: %s.ssox-backup)", cfg.Display)
		}
		d.io.Say("updated %s%s: %s", cfg.Display, backup, summary)
	}
	return nil
}

// onlySession is the session setup uses without --sso-session: the only
// [sso-session] block of the config.
func onlySession(text, display string, writing bool) (string, error) {
	var names []string
	for _, b := range awsconfig.Blocks([]byte(text)) {
		if n, ok := strings.CutPrefix(b.Name, "sso-session "); ok {
			names = append(names, n)
		}
	}
	switch {
	case len(names) == 1:
		return names[0], nil
	case writing:
		return "", errs.Usage(errs.Hintf("ssox setup --sso-session NAME --start-url URL --sso-region REGION",
			"name the [sso-session] block to write with --sso-session NAME"))
	case len(names) == 0:
		return "", errs.Usage(errs.Hintf("'aws configure sso' or 'ssox setup --sso-session NAME --start-url URL --sso-region REGION' writes one",
			"setup needs --sso-session NAME, and %s has no [sso-session] block", display))
	}
	return "", errs.Usage(errs.Hintf("ssox setup --sso-session "+visible.ShellWord(names[0]),
		"setup needs --sso-session NAME: %s has several sessions (%s)", display, strings.Join(names, ", ")))
}
