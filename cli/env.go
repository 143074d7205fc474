package cli

import (
	"context"
	"slices"
	"strings"

	ucli "github.com/urfave/cli/v2"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/exec"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/sso"
)

func (d *deps) envCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "env",
		Usage:     "print a profile's credentials for a shell, a .env file, JSON or Claude Code",
		ArgsUsage: "PROFILE",
		Flags: append(append(commonFlags(), loginFlags()...),
			&ucli.StringFlag{Name: "format", Value: "env", Usage: "one of " + strings.Join(exec.Formats, ", ")},
			&ucli.DurationFlag{Name: "min-ttl", Usage: "get fresh credentials if fewer than this remain (env SSOX_MIN_TTL; default 15m)"},
			&ucli.StringFlag{Name: "region", Usage: "region for AWS_REGION, instead of the profile's (env SSOX_REGION)"},
		),
		Action: func(c *ucli.Context) error {
			// Checked first: a typo must not cost a login.
			format := c.String("format")
			if !slices.Contains(exec.Formats, format) {
				return errs.Usagef("unknown format %q (expected: %s)", format, strings.Join(exec.Formats, ", "))
			}
			prof, cr, opts, err := d.credentialsFor(c, "ssox env PROFILE [--format F]")
			if err != nil {
				return err
			}
			vars := exec.Injected(d.env, identity(prof, opts.Region), cr)
			return exec.WriteEnv(d.io.Out, format, vars, exec.Removed(d.env, vars), cr)
		},
	}
}

func (d *deps) credentialProcessCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "credential-process",
		Usage:     "print credential_process JSON (Version 1), for 'credential_process = ssox credential-process PROFILE'",
		ArgsUsage: "PROFILE",
		Flags:     append(commonFlags(), loginFlags()...),
		Action: func(c *ucli.Context) error {
			_, cr, _, err := d.credentialsFor(c, "ssox credential-process PROFILE")
			if err != nil {
				return err
			}
			return exec.WriteProcess(d.io.Out, cr)
		},
	}
}

// credentialsFor starts the commands that take one PROFILE and print its
// credentials: the argument, the flags, the profile, the credentials.
func (d *deps) credentialsFor(c *ucli.Context, usage string) (*awsconfig.Profile, *creds.Credentials, ExecOptions, error) {
	name, err := oneArg(c)
	if err != nil || name == "" {
		return nil, nil, ExecOptions{}, errs.Usagef("usage: %s", usage)
	}
	opts, err := d.profileOptions(c, name)
	if err != nil {
		return nil, nil, opts, err
	}
	prof, home, err := d.profile(name)
	if err != nil {
		return nil, nil, opts, err
	}
	cr, err := d.credentials(c.Context, prof, home, opts)
	return prof, cr, opts, err
}

// profile resolves a profile and finds the home folder.
func (d *deps) profile(name string) (*awsconfig.Profile, string, error) {
	cfg, home, err := d.openConfig()
	if err != nil {
		return nil, "", err
	}
	prof, err := cfg.Profile(name)
	return prof, home, err
}

// provider gets role credentials, logging in as login allows.
func (d *deps) provider(home string, login sso.LoginOptions) *creds.Provider {
	return &creds.Provider{Home: home, Tokens: d.tokens(home, login), Log: d.log, Now: d.now, Warn: d.warnf, Notify: d.notifyf}
}

// credentials gets prof's role credentials.
func (d *deps) credentials(ctx context.Context, prof *awsconfig.Profile, home string, opts ExecOptions) (*creds.Credentials, error) {
	return d.provider(home, opts.Login).Get(ctx, prof, opts.MinTTL)
}
