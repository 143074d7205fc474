package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/exec"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/sso"
)

// defaultMinTTL is --min-ttl's default: the AWS CLI's refresh window.
const defaultMinTTL = 15 * time.Minute

// ExecOptions are what `ssox [exec] PROFILE [-- CMD...]` was asked.
type ExecOptions struct {
	Profile string
	// Command is CMD and its arguments; empty starts $SHELL.
	Command []string
	MinTTL  time.Duration
	Region  string
	Login   sso.LoginOptions
	// Server serves refreshing credentials to the child instead of keys.
	Server bool
}

func execFlags() []ucli.Flag {
	return append(append(commonFlags(), loginFlags()...),
		&ucli.DurationFlag{Name: "min-ttl", Value: defaultMinTTL, Usage: "get fresh credentials if fewer than this remain (env SSOX_MIN_TTL)"},
		&ucli.StringFlag{Name: "region", Usage: "region for AWS_REGION and AWS_DEFAULT_REGION, instead of the profile's (env SSOX_REGION)"},
		&ucli.BoolFlag{Name: "server", Usage: "serve credentials that renew themselves to a long-running command, instead of keys (env SSOX_SERVER)"},
	)
}

func (d *deps) execCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "exec",
		Usage:     "run a command as a profile (for a profile named like a command)",
		ArgsUsage: "PROFILE [-- CMD ARGS...]",
		Flags:     execFlags(),
		Action:    d.execAction,
	}
}

func (d *deps) rootAction(c *ucli.Context) error {
	if c.Bool("version") {
		d.printVersion()
		return nil
	}
	if c.NArg() == 0 {
		_ = ucli.ShowAppHelp(c)
		return errs.Usagef("missing PROFILE")
	}
	return d.execAction(c)
}

func (d *deps) execAction(c *ucli.Context) error {
	opts, err := d.execOptions(c)
	if err != nil {
		return err
	}
	return d.runExec(c.Context, opts)
}

func (d *deps) execOptions(c *ucli.Context) (ExecOptions, error) {
	args := c.Args().Slice()
	if len(args) == 0 {
		return ExecOptions{}, errs.Usagef("missing PROFILE")
	}
	if strings.HasPrefix(args[0], "-") {
		return ExecOptions{}, errs.Usagef("missing PROFILE before %s", args[0])
	}
	opts, err := d.profileOptions(c, args[0])
	if err != nil {
		return opts, err
	}
	opts.Command = args[1:]
	if len(opts.Command) > 0 && opts.Command[0] == "--" {
		opts.Command = opts.Command[1:]
	} else if len(opts.Command) > 0 && strings.HasPrefix(opts.Command[0], "-") {
		return opts, errs.Usage(errs.Hintf("put flags before the profile: ssox "+opts.Command[0]+" ... "+opts.Profile+" -- CMD",
			"flag %s after the profile %q", opts.Command[0], opts.Profile))
	}
	opts.Server = d.boolOpt(c, "server", "SSOX_SERVER")
	return opts, nil
}

// profileOptions reads the flags of every command that gets a profile's
// credentials.
func (d *deps) profileOptions(c *ucli.Context, profile string) (ExecOptions, error) {
	opts := ExecOptions{Profile: profile, Login: d.loginOptions(c), Region: d.stringOpt(c, "region", "SSOX_REGION")}
	var err error
	opts.MinTTL, err = d.durationOpt(c, "min-ttl", "SSOX_MIN_TTL", defaultMinTTL)
	return opts, err
}

func (d *deps) runExec(ctx context.Context, opts ExecOptions) error {
	prof, home, err := d.profile(opts.Profile)
	if err != nil {
		return err
	}
	argv := opts.Command
	if len(argv) == 0 {
		argv = []string{d.shell()}
		if outer := d.env.Get("SSOX_PROFILE"); outer != "" {
			d.warnf("already in an ssox shell for %s; starting a nested one for %s (exit it to go back)", outer, prof.Name)
		}
	}
	// Find the command before any network call: a typo should not cost a login.
	path, err := exec.Resolve(argv[0], d.env)
	if err != nil {
		return err
	}
	// Credentials now, so a login happens before the command starts.
	c, err := d.credentials(ctx, prof, home, opts)
	if err != nil {
		return err
	}
	if opts.Server {
		return d.serve(prof, home, opts, path, argv)
	}
	env := exec.ChildEnv(d.env, identity(prof, opts.Region), c)
	d.log.Printf("running %s as %s", path, prof.Name)
	if exec.ReplacesProcess {
		if err := d.replace(path, argv, env.List()); err != nil {
			return fmt.Errorf("run %s: %w", argv[0], err)
		}
		return nil
	}
	return exec.Supervise(path, argv, env, d.io)
}

// serve runs the child under ssox with a credential server instead of keys.
// The server never opens a browser: a request that would need a login fails
// with a hint on stderr, and the child's SDK retries later.
func (d *deps) serve(prof *awsconfig.Profile, home string, opts ExecOptions, path string, argv []string) error {
	srv := &creds.Server{
		Provider: d.provider(home, sso.LoginOptions{}),
		Profile:  prof,
		MinTTL:   opts.MinTTL,
		Warn:     d.warnf,
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Close()
	env := exec.Scrub(d.env)
	exec.SetIdentity(env, d.env, identity(prof, opts.Region))
	env.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", srv.URL)
	env.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", srv.Token)
	d.log.Printf("serving credentials at %s to %s", srv.URL, path)
	return exec.Supervise(path, argv, env, d.io)
}

// shell is the interactive shell for `ssox PROFILE` with no command.
func (d *deps) shell() string {
	if s := d.env.Get("SHELL"); s != "" {
		return s
	}
	return "/bin/sh"
}

func identity(p *awsconfig.Profile, region string) exec.Identity {
	if region == "" {
		region = p.Region
	}
	session := p.Session.Name
	if p.Session.Legacy() {
		session = p.Session.StartURL
	}
	return exec.Identity{
		Profile:     p.Name,
		AccountID:   p.AccountID,
		AccountName: p.AccountName(),
		RoleName:    p.RoleName,
		SSOSession:  session,
		Region:      region,
	}
}
