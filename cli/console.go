package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/console"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/visible"
)

// ConsoleOptions are what `ssox console [PROFILE] [flags]` was asked.
type ConsoleOptions struct {
	Profile string
	// Print prints the sign-in URL instead of opening it.
	Print bool
	// Service or Destination say where to land; Region which region's
	// console (default: the profile's).
	Service, Destination string
	// Duration is the console session's length; zero leaves it to AWS.
	Duration time.Duration
	// Browser names the browser (default: the profile's ssox_browser,
	// else the system's); BrowserProfile one of its own profiles;
	// ContainerExt the Firefox add-on for a container per profile.
	Browser, BrowserProfile, ContainerExt string
	CredentialOptions
}

func consoleCommand() *command {
	return &command{
		name:     "console",
		usage:    "open the AWS console signed in as a profile, in a browser that keeps each profile apart",
		synopsis: "[PROFILE] [--browser B] [--browser-profile P | --container-ext E] [--region R] [--service S | --destination URL] [--duration DURATION] [--print]",
		args:     optionalArg,
		flags: append([]flagSpec{consoleNoBrowserFlag, deviceCodeFlag},
			flagSpec{name: "browser", kind: stringFlag, env: "SSOX_BROWSER", value: "B", values: browser.Names, usage: "the browser: " + strings.Join(browser.Names, ", ") + ", or a program's name or path (default: the profile's ssox_browser, else the system's; env SSOX_BROWSER)"},
			flagSpec{name: "browser-profile", kind: stringFlag, value: "P", usage: "a profile of the browser's own: a Chrome profile's name, a Firefox profile (default: one of ssox's own per AWS profile, in the Chrome family)"},
			flagSpec{name: "container-ext", kind: stringFlag, value: "E", check: browser.CheckContainerExt, values: browser.ContainerExts, usage: "Firefox: open a container per profile with this add-on: " + strings.Join(browser.ContainerExts, ", ")},
			flagSpec{name: "region", kind: stringFlag, env: "SSOX_REGION", value: "R", check: awsconfig.CheckRegion, usage: "the console's region, instead of the profile's (env SSOX_REGION)"},
			flagSpec{name: "service", kind: stringFlag, value: "S", check: console.CheckService, usage: "land on a service's page: s3, ec2, cloudformation, iam, ..."},
			flagSpec{name: "destination", kind: stringFlag, value: "URL", usage: "land on a console URL, or a path on the region's console (ec2/home#Instances)"},
			flagSpec{name: "duration", kind: durationFlag, value: "DURATION", usage: "the console session's length, 15m to 12h (default: AWS's; not for role chains)"},
			refreshFlag,
			flagSpec{name: "print", kind: boolFlag, usage: "print the sign-in URL (it signs in for 15 minutes) instead of opening it"},
		),
		exclusive: [][]string{{"service", "destination"}, {"browser-profile", "container-ext"}},
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := ConsoleOptions{Profile: in.arg(), Print: in.boolean("print"), Service: in.str("service"), Destination: in.str("destination"),
				Browser: in.str("browser"), BrowserProfile: in.str("browser-profile"), ContainerExt: in.str("container-ext"),
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

// consoleNoBrowserFlag is --no-browser, which for the console prints its
// sign-in URL too.
var consoleNoBrowserFlag = flagSpec{name: "no-browser", kind: boolFlag, env: "SSOX_NO_BROWSER",
	usage: "print the login URL and the console's sign-in URL instead of opening a browser (env SSOX_NO_BROWSER)"}

func (d *deps) runConsole(ctx context.Context, opts ConsoleOptions) error {
	interrupt.Arm(ctx) // it goes to the network
	prof, home, err := d.resolveProfile(ctx, opts.Profile, "ssox console PROFILE")
	if err != nil {
		return err
	}
	// Where to land and which browser are checked before any network call:
	// a typo should not cost a login.
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
	plan, why, err := d.consolePlan(prof, opts)
	if err != nil {
		return err
	}
	// A browser that may hold another account's console session is logged
	// out first: that session would stop this sign-in. So is the browser
	// of a printed URL, which ssox does not know.
	logoutFirst := why != "" || plan.Shared
	endpoints, err := console.EndpointsFor(p, d.env.Get("SSOX_FEDERATION_ENDPOINT"), logoutFirst)
	if err != nil {
		return err
	}
	cr, err := d.provider(home, opts.CredentialOptions).Get(ctx, prof, opts.MinTTL)
	if err != nil {
		return err
	}
	// After a refusal: new credentials, whatever the cache holds.
	refresh := opts.CredentialOptions
	refresh.Refresh = true
	fresh := d.provider(home, refresh)
	u, err := console.SignInURL(ctx, d.network(), d.log, endpoints, console.Request{
		Profile:     prof.Name,
		Credentials: cr,
		Fresh:       func(ctx context.Context) (*creds.Credentials, error) { return fresh.Get(ctx, prof, opts.MinTTL) },
		Destination: dest,
		Duration:    opts.Duration,
		Chained:     len(prof.Roles) > 0,
	})
	if err != nil {
		return err
	}
	if logoutFirst && endpoints.Logout == "" {
		d.io.Say("the %s console has no logout page that leads on to a sign-in: sign the browser out of any other account's console first", p.Name)
	}
	if opts.Print {
		fmt.Fprintln(d.io.Out, u)
		return nil
	}
	if why == "" {
		if plan.Note != "" {
			d.io.Say("%s", plan.Note)
		}
		err := d.opener().Launch(ctx, plan, u)
		var notStarted *browser.StartError
		switch {
		case err == nil:
			d.io.Say("opened the console as %s", prof.Name)
			return nil
		case errors.As(err, &notStarted) && plan.Default():
			why = fmt.Sprintf("could not open a browser (%v)", err)
		case ctx.Err() != nil:
			return err
		default:
			return errs.WithHint(fmt.Errorf("open the console: %w", err), "run 'ssox console %s --print' and open the URL yourself", visible.ShellWord(prof.Name))
		}
	}
	d.io.Say("%s: to use the console as %s, open this URL in a browser within 15 minutes (it signs in; keep it to yourself):", why, prof.Name)
	fmt.Fprintln(d.io.Out, u)
	return nil
}

// consolePlan decides the browser: --browser (or SSOX_BROWSER), else the
// profile's ssox_browser, else the system's. why, when not empty, says why
// no browser is opened: the URL is printed instead.
func (d *deps) consolePlan(prof *awsconfig.Profile, opts ConsoleOptions) (plan *browser.Plan, why string, err error) {
	o := d.opener()
	name, fromConfig := opts.Browser, false
	if name == "" {
		name, fromConfig = prof.Browser(), true
	}
	var b *browser.Browser
	if name != "" {
		b, err = o.Find(name)
		var unknown *browser.UnknownError
		switch {
		case err != nil && fromConfig:
			return nil, "", errs.WithHint(fmt.Errorf("profile %s: ssox_browser: %w", prof.Name, err),
				"fix ssox_browser in [profile %s] (or [default]), or give --browser", prof.Name)
		case errors.As(err, &unknown):
			return nil, "", errs.Usage(err)
		case err != nil:
			return nil, "", errs.WithHint(err, "install it, or name it by its path: --browser /path/to/program")
		}
	}
	plan, err = o.Plan(browser.Console{Browser: b, Profile: prof.Name, BrowserProfile: opts.BrowserProfile, ContainerExt: opts.ContainerExt})
	var noProfile *browser.NoProfileError
	var flags *browser.FlagError
	switch {
	case errors.As(err, &noProfile):
		return nil, "", errs.WithHint(err, "name one of its profiles, or leave --browser-profile out")
	case errors.As(err, &flags):
		return nil, "", errs.Usage(err)
	case err != nil:
		return nil, "", err
	}
	if plan.Isolation != "" {
		d.log.Printf("browser: %q, each profile apart: %s", plan.Argv("URL"), plan.Isolation)
	} else {
		d.log.Printf("browser: %q, shared by every profile", plan.Argv("URL"))
	}
	switch {
	case opts.Login.NoBrowser:
		why = "--no-browser"
	case plan.Default() && !o.Local():
		why = "no browser here can be opened (an SSH session, or no display)"
	}
	return plan, why, nil
}
