package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/doctor"
	"github.com/ssox/ssox/endpoint"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/sso"
)

// DoctorOptions are what `ssox doctor [PROFILE] [--json] [--online | --offline]` was asked.
type DoctorOptions struct {
	Profile string
	JSON    bool
	// Offline asks nothing of the network; Online also asks STS whether
	// it takes the cached role credentials.
	Offline, Online bool
}

func doctorCommand() *command {
	return &command{
		name:     "doctor",
		usage:    "diagnose the config, the caches, the environment and the network (exit 1 on any failure)",
		synopsis: "[PROFILE] [--json] [--online | --offline]",
		args:     optionalArg,
		flags: []flagSpec{jsonFlag,
			{name: "online", kind: boolFlag, usage: "also ask AWS (STS GetCallerIdentity) whether it takes the cached role credentials"},
			{name: "offline", kind: boolFlag, usage: "ask nothing of the network: no check that the OIDC endpoint and the portal answer"},
		},
		exclusive: [][]string{{"online", "offline"}},
		run: func(d *deps, ctx context.Context, in *input) error {
			return d.runDoctor(ctx, DoctorOptions{Profile: in.arg(), JSON: in.boolean("json"), Online: in.boolean("online"), Offline: in.boolean("offline")})
		},
	}
}

func (d *deps) runDoctor(ctx context.Context, opts DoctorOptions) error {
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	in := doctor.Input{Env: d.env, Config: cfg, Home: home, Profile: opts.Profile, Now: d.now()}
	if d.askDocker {
		in.Docker = d.dockerState(ctx, opts.Profile)
	}
	if !opts.Offline && d.askNetwork {
		interrupt.Arm(ctx) // it goes to the network
		tokens := d.getter().Tokens(home, sso.LoginOptions{})
		in.Reach = func(req sso.Request) sso.Reachability { return tokens.Reach(ctx, req) }
	}
	if opts.Online && d.askNetwork {
		provider := d.getter().Provider(home, sso.LoginOptions{})
		in.Identity = func(p *awsconfig.Profile, c *creds.Credentials) (string, error) { return provider.Identity(ctx, p, c) }
	}
	findings := doctor.Run(in)
	if opts.JSON {
		if err := d.printJSON(findings); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(d.io.Out, 0, 0, 2, ' ', 0)
		for _, f := range findings {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Status, f.Check, f.Message)
			if f.Hint != "" {
				fmt.Fprintf(tw, "\t\thint: %s\n", f.Hint)
			}
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if doctor.Failed(findings) {
		return &errs.Exit{Code: errs.CodeError}
	}
	return nil
}

// dockerState asks the docker command about --docker's network, for the
// hints in the name of profile (or PROFILE).
func (d *deps) dockerState(ctx context.Context, profile string) func() (endpoint.NetworkState, error) {
	if profile == "" {
		profile = "PROFILE"
	}
	return func() (endpoint.NetworkState, error) {
		network, err := dockerNetwork(d.env)
		if err != nil {
			return endpoint.NetworkState{}, err
		}
		dk := &endpoint.Docker{Network: network, Env: d.env, Profile: profile, Log: d.log, Timeout: d.timeout}
		return dk.Check(ctx)
	}
}
