// Package cli is ssox's command line: the command table, the parsing of
// arguments against it, and one Options struct and run function per command.
// It is the only package that knows about urfave/cli, which renders the help.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/exec"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/visible"
)

// Set at build time with -ldflags "-X github.com/ssox/ssox/cli.version=...".
var (
	version = "dev"
	commit  = "unknown"
)

// deps are what commands use from the outside world; tests replace them.
type deps struct {
	io  *iostreams.IOStreams
	env environ.Env
	now func() time.Time
	log *debuglog.Logger
	// start runs the child (exec.Run): in ssox's place on Unix, as a
	// supervised subprocess on Windows.
	start func(path string, argv []string, env environ.Env, io *iostreams.IOStreams) error
	// browser opens login and console URLs; nil: the platform's, in env.
	browser *browser.Opener
	// pick asks the user for a profile when none is given on a terminal;
	// nil means there is no picker. form is the command line that names a
	// profile, for the hints.
	pick func(ctx context.Context, cfg *awsconfig.Config, form string) (string, error)
	// timeout bounds each network call (SSOX_TIMEOUT); zero: the default.
	timeout time.Duration
	netw    *awsapi.Net
	get     *creds.Getter
	// askDocker lets doctor ask the docker command about --docker's
	// network; askNetwork lets it ask the OIDC endpoint, the portal and
	// STS. Unit tests leave them off.
	askDocker, askNetwork bool
}

// Run runs ssox with args (os.Args), the environment as "KEY=VALUE" entries,
// and streams; it returns the process exit code.
func Run(args, env []string, io *iostreams.IOStreams) int {
	d := &deps{
		io:         io,
		env:        environ.FromList(env),
		now:        time.Now,
		log:        debuglog.New(nil),
		start:      exec.Run,
		askDocker:  true,
		askNetwork: true,
	}
	d.pick = d.pickProfile
	return d.run(args)
}

func (d *deps) run(args []string) int {
	in, err := parse(args[1:], d.env)
	if in.boolean("debug") {
		d.log = debuglog.New(d.io.ErrOut)
		d.log.Printf("%s", versionLine())
	}
	switch {
	case in.help:
		return d.report(d.showHelp(in.cmd))
	case err != nil:
		return d.report(in.withUsage(err))
	}
	if v := d.env.Get("SSOX_TIMEOUT"); v != "" {
		if d.timeout, err = parseDuration(v); err == nil && d.timeout == 0 {
			err = fmt.Errorf("%q leaves no time for a network call", v)
		}
		if err != nil {
			return d.report(errs.Usage(errs.WithHint(fmt.Errorf("SSOX_TIMEOUT=%w", err), "set SSOX_TIMEOUT to a duration such as 30s or 2m, or unset it")))
		}
	}
	// Ctrl-C ends ctx only once something that may wait arms it
	// (interrupt.Arm): the warm path installs no handler.
	ctx, release := interrupt.New(context.Background())
	defer release()
	err = in.cmd.run(d, ctx, in)
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		d.io.Say("interrupted")
		return 130
	}
	return d.report(in.withUsage(err))
}

// report prints err once, with its hint, and returns the exit code.
func (d *deps) report(err error) int {
	code := errs.CodeOf(err)
	var exit *errs.Exit
	if err == nil || errors.As(err, &exit) {
		return code
	}
	d.io.Say("%s", d.log.Redact(err.Error()))
	if hint := errs.HintOf(err); hint != "" {
		fmt.Fprintf(d.io.ErrOut, "hint: %s\n", visible.String(d.log.Redact(hint)))
	}
	return code
}

// getter is what getting credentials needs from this run.
func (d *deps) getter() *creds.Getter {
	if d.get == nil {
		d.get = &creds.Getter{Env: d.env, IO: d.io, Log: d.log, Now: d.now, Browser: d.opener(), Net: d.network()}
	}
	return d.get
}

// opener is the browser of this run, for the login and the console alike.
func (d *deps) opener() *browser.Opener {
	if d.browser == nil {
		d.browser = &browser.Opener{Env: d.env}
	}
	return d.browser
}

// network is the one network configuration of this run, shared by every
// SDK client: bounded calls, a note on a terminal while one lasts, a
// warning when the clock is off.
func (d *deps) network() *awsapi.Net {
	if d.netw == nil {
		d.netw = &awsapi.Net{Timeout: d.timeout, Log: d.log, Now: d.now, Warn: d.io.Warn, Env: d.env}
		if d.io.ErrTTY {
			d.netw.Slow = func(msg string) { d.io.Say("%s", msg) }
		}
	}
	return d.netw
}

// openConfig opens the AWS config and finds the home folder.
func (d *deps) openConfig() (*awsconfig.Config, string, error) {
	cfg, err := awsconfig.Open(d.env)
	if err != nil {
		return nil, "", err
	}
	return cfg, awsconfig.Home(d.env), nil
}

// printJSON writes v to stdout as indented JSON.
func (d *deps) printJSON(v any) error {
	enc := json.NewEncoder(d.io.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
