package cli

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ssox/ssox/console"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/visible"
)

// ConsoleOptions are what `ssox console PROFILE [--print]` was asked.
type ConsoleOptions struct {
	Profile string
	// Print prints the sign-in URL instead of opening it.
	Print bool
	CredentialOptions
}

func consoleCommand() *command {
	return &command{
		name:     "console",
		usage:    "open the AWS console signed in as a profile",
		synopsis: "PROFILE [--print]",
		args:     oneArg,
		flags: append(loginFlags(),
			flagSpec{name: "print", kind: boolFlag, usage: "print the sign-in URL (it holds a 15-minute sign-in token) instead of opening it"},
			flagSpec{name: "region", kind: stringFlag, env: "SSOX_REGION", value: "R", usage: "the console's region, instead of the profile's (env SSOX_REGION)"},
		),
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := ConsoleOptions{Profile: in.arg(), Print: in.boolean("print")}
			var err error
			if opts.CredentialOptions, err = credentialOptions(in); err != nil {
				return err
			}
			return d.runConsole(ctx, opts)
		},
	}
}

func (d *deps) runConsole(ctx context.Context, opts ConsoleOptions) error {
	interrupt.Arm(ctx) // it goes to the network
	prof, cr, err := d.profileCredentials(ctx, opts.Profile, opts.CredentialOptions)
	if err != nil {
		return err
	}
	region := opts.Region
	if region == "" {
		region = prof.Region
	}
	// SSOX_FEDERATION_ENDPOINT points at another federation endpoint (a
	// proxy, or a test's).
	endpoint := d.env.Get("SSOX_FEDERATION_ENDPOINT")
	if endpoint == "" {
		endpoint = console.Endpoint(region)
	}
	u, err := console.LoginURL(ctx, http.DefaultClient, endpoint, console.Destination(region), cr)
	if err != nil {
		return err
	}
	d.log.Secret(u)
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
