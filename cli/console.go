package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/console"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/visible"
)

// ConsoleOptions are what `ssox console PROFILE [flags]` was asked.
type ConsoleOptions struct {
	Profile string
	// Print prints the sign-in URL instead of opening it.
	Print bool
	// Service or Destination say where to land; Region which region's
	// console (default: the profile's).
	Service, Destination string
	// Duration is the console session's length; zero leaves it to AWS.
	Duration time.Duration
	CredentialOptions
}

func consoleCommand() *command {
	return &command{
		name:     "console",
		usage:    "open the AWS console signed in as a profile",
		synopsis: "[PROFILE] [--region R] [--service S | --destination URL] [--duration DURATION] [--print]",
		args:     optionalArg,
		flags: append(loginFlags(),
			flagSpec{name: "print", kind: boolFlag, usage: "print the sign-in URL (it signs in for 15 minutes) instead of opening it"},
			flagSpec{name: "region", kind: stringFlag, env: "SSOX_REGION", value: "R", check: awsconfig.CheckRegion, usage: "the console's region, instead of the profile's (env SSOX_REGION)"},
			flagSpec{name: "service", kind: stringFlag, value: "S", check: console.CheckService, usage: "land on a service's page: s3, ec2, cloudformation, iam, ..."},
			flagSpec{name: "destination", kind: stringFlag, value: "URL", usage: "land on a console URL, or a path on the region's console (ec2/home#Instances)"},
			flagSpec{name: "duration", kind: durationFlag, value: "DURATION", usage: "the console session's length, 15m to 12h (default: AWS's; not for role chains)"},
		),
		exclusive: [][]string{{"service", "destination"}},
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := ConsoleOptions{Profile: in.arg(), Print: in.boolean("print"), Service: in.str("service"), Destination: in.str("destination"),
				CredentialOptions: credentialOptions(in)}
			if in.isSet("duration") {
				if opts.Duration = in.duration("duration"); opts.Duration < console.MinDuration || opts.Duration > console.MaxDuration {
					return in.usage("--duration must be from 15m to 12h, not %s", opts.Duration)
				}
			}
			return d.runConsole(ctx, opts)
		},
	}
}

// freshTTL asks for fresh role credentials whatever the cache holds: none
// lasts longer than 12 hours.
const freshTTL = 24 * time.Hour

func (d *deps) runConsole(ctx context.Context, opts ConsoleOptions) error {
	interrupt.Arm(ctx) // it goes to the network
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	if opts.Profile == "" {
		if opts.Profile, err = d.defaultProfile(ctx, cfg, "ssox console PROFILE"); err != nil {
			return err
		}
	}
	prof, err := cfg.Profile(opts.Profile)
	if err != nil {
		return commandTypo(err)
	}
	// Where to land is checked before any network call: a typo should not
	// cost a login.
	region, fromProfile := opts.Region, false
	if region == "" {
		region, fromProfile = prof.Region, true
	}
	p, err := console.PartitionOf(region)
	if err != nil {
		if fromProfile {
			return errs.WithHint(fmt.Errorf("profile %s: region: %w", prof.Name, err), "fix region in [profile %s], or give the console's region with --region", prof.Name)
		}
		return errs.WithHint(err, "use SSOX_FEDERATION_ENDPOINT and a --destination URL for a console ssox does not know")
	}
	dest, err := console.Destination(p, region, opts.Service, opts.Destination)
	if err != nil {
		return errs.Usage(err)
	}
	// The browser may hold another account's console session, which would
	// stop this sign-in: log it out first.
	endpoints, err := console.EndpointsFor(p, d.env.Get("SSOX_FEDERATION_ENDPOINT"), true)
	if err != nil {
		return err
	}
	provider := d.getter().Provider(home, opts.Login)
	cr, err := provider.Get(ctx, prof, opts.MinTTL)
	if err != nil {
		return err
	}
	u, err := console.SignInURL(ctx, d.network(), d.log, endpoints, console.Request{
		Profile:     prof.Name,
		Credentials: cr,
		Fresh:       func(ctx context.Context) (*creds.Credentials, error) { return provider.Get(ctx, prof, freshTTL) },
		Destination: dest,
		Duration:    opts.Duration,
		Chained:     len(prof.Roles) > 0,
	})
	if err != nil {
		return err
	}
	if opts.Print {
		fmt.Fprintln(d.io.Out, u)
		return nil
	}
	if err := d.opener().Open(u); err != nil {
		return errs.WithHint(fmt.Errorf("open a browser: %w", err), "run 'ssox console %s --print' and open the URL yourself", visible.ShellWord(prof.Name))
	}
	d.io.Say("opened the console as %s", prof.Name)
	return nil
}
