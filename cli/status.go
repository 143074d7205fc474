package cli

import (
	"context"

	"github.com/ssox/ssox/status"
)

// StatusOptions are what `ssox status [PROFILE] [--json]` was asked.
type StatusOptions struct {
	Profile string
	JSON    bool
}

func statusCommand() *command {
	return &command{
		name:     "status",
		usage:    "the active profile and each SSO session's token, from the caches alone (no network)",
		synopsis: "[PROFILE] [--json]",
		args:     optionalArg,
		flags:    []flagSpec{jsonFlag},
		run: func(d *deps, _ context.Context, in *input) error {
			return d.runStatus(StatusOptions{Profile: in.arg(), JSON: in.boolean("json")})
		},
	}
}

func (d *deps) runStatus(opts StatusOptions) error {
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	r, err := status.Gather(status.Input{Env: d.env, Config: cfg, Home: home, Profile: opts.Profile, Now: d.now()})
	if err != nil {
		return err
	}
	if opts.JSON {
		return d.printJSON(r)
	}
	return r.WriteText(d.io.Out)
}
