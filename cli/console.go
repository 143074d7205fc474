package cli

import (
	"fmt"
	"net/http"

	ucli "github.com/urfave/cli/v2"

	"github.com/ssox/ssox/console"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/sso"
)

func (d *deps) consoleCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "console",
		Usage:     "open the AWS console signed in as a profile",
		ArgsUsage: "PROFILE",
		Flags: append(append(commonFlags(), loginFlags()...),
			&ucli.BoolFlag{Name: "print", Usage: "print the sign-in URL (it holds a 15-minute sign-in token) instead of opening it"},
			&ucli.StringFlag{Name: "region", Usage: "the console's region, instead of the profile's (env SSOX_REGION)"},
		),
		Action: func(c *ucli.Context) error {
			prof, cr, opts, err := d.credentialsFor(c, "ssox console PROFILE [--print]")
			if err != nil {
				return err
			}
			region := opts.Region
			if region == "" {
				region = prof.Region
			}
			// SSOX_FEDERATION_ENDPOINT points at another federation endpoint
			// (a proxy, or a test's).
			endpoint := d.env.Get("SSOX_FEDERATION_ENDPOINT")
			if endpoint == "" {
				endpoint = console.Endpoint(region)
			}
			u, err := console.LoginURL(c.Context, http.DefaultClient, endpoint, console.Destination(region), cr)
			if err != nil {
				return err
			}
			d.log.Secret(u)
			if c.Bool("print") {
				fmt.Fprintln(d.io.Out, u)
				return nil
			}
			open := d.open
			if open == nil {
				open = func(u string) error { return sso.OpenBrowser(d.env, u) }
			}
			if err := open(u); err != nil {
				return errs.WithHint(fmt.Errorf("open a browser: %w", err), "run 'ssox console --print %s' and open the URL yourself", prof.Name)
			}
			fmt.Fprintf(d.io.ErrOut, "ssox: opened the console as %s\n", prof.Name)
			return nil
		},
	}
}
