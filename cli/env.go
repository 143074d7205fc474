package cli

import (
	"context"
	"slices"
	"strings"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/envfmt"
	"github.com/ssox/ssox/exec"
)

// EnvOptions are what `ssox env PROFILE [--format F]` was asked.
type EnvOptions struct {
	Profile string
	Format  string
	CredentialOptions
}

func envCommand() *command {
	return &command{
		name:     "env",
		usage:    "print a profile's credentials for a shell, a .env file, JSON or Claude Code",
		synopsis: "PROFILE [--format F]",
		args:     oneArg,
		flags: append(loginFlags(),
			flagSpec{name: "format", kind: stringFlag, value: "F", def: "env", values: envfmt.Formats, usage: "one of " + strings.Join(envfmt.Formats, ", ")},
			minTTLFlag, refreshFlag, regionFlag),
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := EnvOptions{Profile: in.arg(), Format: in.str("format")}
			// Checked first: a typo must not cost a login.
			if !slices.Contains(envfmt.Formats, opts.Format) {
				return in.usage("unknown format %q (expected: %s)", opts.Format, strings.Join(envfmt.Formats, ", "))
			}
			opts.CredentialOptions = credentialOptions(in)
			return d.runEnv(ctx, opts)
		},
	}
}

func (d *deps) runEnv(ctx context.Context, opts EnvOptions) error {
	prof, home, err := d.getter().Profile(opts.Profile)
	if err != nil {
		return commandTypo(err)
	}
	// Before any login: a bad region should not cost one.
	id, err := exec.IdentityOf(d.env, prof, opts.Region)
	if err != nil {
		return err
	}
	cr, err := d.provider(home, opts.CredentialOptions).Get(ctx, prof, opts.MinTTL)
	if err != nil {
		return err
	}
	ch := exec.WithKeys(d.env, id, cr, cr.RenewAt(opts.MinTTL, d.now()))
	return envfmt.Write(d.io.Out, opts.Format, ch.Set, ch.Unset, cr)
}

// CredentialProcessOptions are what `ssox credential-process PROFILE` was asked.
type CredentialProcessOptions struct {
	Profile string
	CredentialOptions
}

func credentialProcessCommand() *command {
	return &command{
		name:     "credential-process",
		usage:    "print credential_process JSON (Version 1), for 'credential_process = ssox credential-process PROFILE'",
		synopsis: "PROFILE",
		args:     oneArg,
		flags:    append(loginFlags(), minTTLFlag, refreshFlag),
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := CredentialProcessOptions{Profile: in.arg(), CredentialOptions: credentialOptions(in)}
			return d.runCredentialProcess(ctx, opts)
		},
	}
}

func (d *deps) runCredentialProcess(ctx context.Context, opts CredentialProcessOptions) error {
	opts.Login.Captured = true // the SDK that runs us reads stderr
	_, cr, err := d.profileCredentials(ctx, opts.Profile, opts.CredentialOptions)
	if err != nil {
		return err
	}
	return envfmt.WriteProcess(d.io.Out, cr)
}

// profileCredentials resolves a profile and gets its credentials.
func (d *deps) profileCredentials(ctx context.Context, name string, opts CredentialOptions) (*awsconfig.Profile, *creds.Credentials, error) {
	prof, home, err := d.getter().Profile(name)
	if err != nil {
		return nil, nil, commandTypo(err)
	}
	c, err := d.provider(home, opts).Get(ctx, prof, opts.MinTTL)
	return prof, c, err
}

// provider gets role credentials for a command with CredentialOptions.
func (d *deps) provider(home string, opts CredentialOptions) *creds.Provider {
	p := d.getter().Provider(home, opts.Login)
	p.Refresh = opts.Refresh
	return p
}
