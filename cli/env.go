package cli

import (
	"context"
	"strings"

	ucli "github.com/urfave/cli/v2"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/exec"
	"github.com/ssox/ssox/internal/errs"
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
			name, err := oneArg(c)
			if err != nil || name == "" {
				return errs.Usagef("usage: ssox env PROFILE [--format F]")
			}
			format := c.String("format")
			if !contains(exec.Formats, format) {
				return errs.Usagef("unknown format %q (expected: %s)", format, strings.Join(exec.Formats, ", "))
			}
			opts, err := d.credentialOptions(c, name)
			if err != nil {
				return err
			}
			prof, cr, err := d.profileCredentials(c.Context, opts)
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
			name, err := oneArg(c)
			if err != nil || name == "" {
				return errs.Usagef("usage: ssox credential-process PROFILE")
			}
			opts, err := d.credentialOptions(c, name)
			if err != nil {
				return err
			}
			_, cr, err := d.profileCredentials(c.Context, opts)
			if err != nil {
				return err
			}
			return exec.WriteProcess(d.io.Out, cr)
		},
	}
}

func (d *deps) credentialOptions(c *ucli.Context, profile string) (ExecOptions, error) {
	opts := ExecOptions{Profile: profile, Login: d.loginOptions(c), Region: d.stringOpt(c, "region", "SSOX_REGION")}
	var err error
	opts.MinTTL, err = d.durationOpt(c, "min-ttl", "SSOX_MIN_TTL", defaultMinTTL)
	return opts, err
}

// profileCredentials resolves the profile and gets its role credentials.
func (d *deps) profileCredentials(ctx context.Context, opts ExecOptions) (*awsconfig.Profile, *creds.Credentials, error) {
	prof, home, err := d.profile(opts.Profile)
	if err != nil {
		return nil, nil, err
	}
	cr, err := d.credentials(ctx, prof, home, opts)
	return prof, cr, err
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

// credentials gets prof's role credentials.
func (d *deps) credentials(ctx context.Context, prof *awsconfig.Profile, home string, opts ExecOptions) (*creds.Credentials, error) {
	provider := &creds.Provider{Home: home, Tokens: d.tokens(home, opts.Login), Log: d.log, Now: d.now, Warn: d.warnf}
	return provider.Get(ctx, prof, opts.MinTTL)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
