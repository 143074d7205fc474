package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/endpoint"
	"github.com/ssox/ssox/exec"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/notify"
	"github.com/ssox/ssox/sso"
)

// ExecOptions are what `ssox [exec] PROFILE [-- CMD...]` was asked.
type ExecOptions struct {
	// Profile is the profile to run as; empty means AWS_PROFILE or the
	// picker.
	Profile string
	// Command is CMD and its arguments; empty starts $SHELL.
	Command []string
	CredentialOptions
	// Server serves refreshing credentials to the child instead of keys.
	Server bool
	// DockerNetwork, when set, is the Docker network the server listens
	// on, at its gateway (--docker, which implies Server).
	DockerNetwork string
}

// CredentialOptions are the flags of every command that gets a profile's
// credentials.
type CredentialOptions struct {
	MinTTL time.Duration
	// MinTTLGiven says --min-ttl was on the command line, not a default.
	MinTTLGiven bool
	Region      string
	Login       sso.LoginOptions
	// Refresh gets new role credentials whatever the cache holds.
	Refresh bool
}

func execCommand(root bool) *command {
	c := &command{
		name:     "exec",
		root:     root,
		usage:    "run a command as a profile (for a profile named like a command)",
		synopsis: "PROFILE [flags] [-- CMD ARGS...]",
		args:     profileAndCommand,
		flags:    execFlags(),
		description: "Runs CMD (default $SHELL) with PROFILE's credentials. Flags may stand before or after\n" +
			"PROFILE; '--' ends them, and so does the first word after PROFILE that is not a flag.",
		run: (*deps).execInput,
	}
	if root {
		c.name = ""
		c.usage = "run commands as an AWS IAM Identity Center (SSO) profile"
	}
	return c
}

func (d *deps) execInput(ctx context.Context, in *input) error {
	if in.cmd.root && in.boolean("version") {
		return d.runVersion()
	}
	opts := ExecOptions{Profile: in.arg(), Command: in.command, Server: in.boolean("server"), CredentialOptions: credentialOptions(in)}
	if in.boolean("docker") {
		opts.Server = true
		var err error
		if opts.DockerNetwork, err = dockerNetwork(in.env); err != nil {
			return err
		}
	}
	return d.runExec(ctx, opts)
}

// credentialOptions reads the flags of the commands that get credentials.
func credentialOptions(in *input) CredentialOptions {
	o := CredentialOptions{Login: loginOptions(in)}
	if _, ok := in.cmd.lookup("region"); ok {
		o.Region = in.str("region")
	}
	o.MinTTL = defaultMinTTL
	if _, ok := in.cmd.lookup("min-ttl"); ok {
		o.MinTTL, o.MinTTLGiven = in.duration("min-ttl"), in.isSet("min-ttl")
	}
	if _, ok := in.cmd.lookup("refresh"); ok {
		o.Refresh = in.boolean("refresh")
	}
	return o
}

// loginOptions reads the login flags.
func loginOptions(in *input) sso.LoginOptions {
	return sso.LoginOptions{
		Interactive: true,
		NoBrowser:   in.boolean("no-browser"),
		DeviceCode:  in.boolean("device-code"),
	}
}

// defaultMinTTL is --min-ttl's default: the AWS CLI's refresh window.
const defaultMinTTL = 15 * time.Minute

func (d *deps) runExec(ctx context.Context, opts ExecOptions) error {
	prof, home, err := d.resolveProfile(ctx, opts.Profile, "ssox PROFILE -- CMD")
	if err != nil {
		return err
	}
	argv := opts.Command
	if len(argv) == 0 {
		argv = []string{exec.Shell(d.env)}
		if outer := d.env.Get("SSOX_PROFILE"); outer != "" {
			d.io.Warn("already in an ssox shell for %s; starting a nested one for %s (exit it to go back)", outer, prof.Name)
		}
	}
	// Find the command and the region before any network call: a typo
	// should not cost a login.
	path, err := exec.Resolve(argv[0], d.env)
	if err != nil {
		return err
	}
	id, err := exec.IdentityOf(d.env, prof, opts.Region)
	if err != nil {
		return err
	}
	// The server's address before any login: a Docker network that
	// cannot be used should not cost one either.
	var ln net.Listener
	if opts.Server {
		if ln, err = d.listen(ctx, prof, opts); err != nil {
			return err
		}
		defer ln.Close()
	}
	// Credentials now, so a login happens before the command starts.
	c, err := d.provider(home, opts.CredentialOptions).Get(ctx, prof, opts.MinTTL)
	if err != nil {
		return err
	}
	if len(opts.Command) == 0 && !d.env.Bool("SSOX_NO_BANNER") {
		// A shell looks like any other: say which account it is, and how
		// to get back.
		d.io.Say("%s (%s): exit to leave", prof.Name, strings.Join(slices.DeleteFunc([]string{id.AccountName, id.AccountID, id.RoleName}, func(s string) bool { return s == "" }), " "))
	}
	if opts.Server {
		return d.serve(prof, id, home, opts, ln, path, argv)
	}
	env := d.keys(id, c, opts.CredentialOptions).Apply(d.env)
	d.log.Printf("running %s as %s", path, prof.Name)
	return d.start(path, argv, env, d.io)
}

// resolveProfile opens the config and resolves the profile called name, or
// the default one when name is empty (form is the command line that names
// a profile, for the hints); it finds the caches' home folder too.
func (d *deps) resolveProfile(ctx context.Context, name, form string) (*awsconfig.Profile, string, error) {
	cfg, home, err := d.openConfig()
	if err != nil {
		return nil, "", err
	}
	if name == "" {
		if name, err = d.defaultProfile(ctx, cfg, form); err != nil {
			return nil, "", err
		}
	}
	prof, err := cfg.Profile(name)
	if err != nil {
		return nil, "", commandTypo(err)
	}
	return prof, home, nil
}

// keys is the change for a child, or a shell, that gets c as keys. A
// --min-ttl given on the command line goes with them as SSOX_MIN_TTL, so
// that the shell's renewals, and the ssox commands the child runs, keep
// that margin.
func (d *deps) keys(id exec.Identity, c *creds.Credentials, opts CredentialOptions) exec.Change {
	ch := exec.WithKeys(d.env, id, c, c.RenewAt(opts.MinTTL, d.now()))
	if opts.MinTTLGiven {
		ch.Set.Set("SSOX_MIN_TTL", opts.MinTTL.String())
	}
	return ch
}

// defaultProfile is the profile when none is given: AWS_PROFILE when it
// names one, else the picker on a terminal, else a usage error. form is
// the command line that names a profile, for the hints.
func (d *deps) defaultProfile(ctx context.Context, cfg *awsconfig.Config, form string) (string, error) {
	if name := d.env.Get("AWS_PROFILE"); name != "" {
		if _, err := cfg.Profile(name); err != nil {
			hint := "name the profile ('" + form + "') or unset AWS_PROFILE"
			if why := errs.HintOf(err); why != "" {
				hint += "; " + why // the config's own: the near names, or how to add one
			}
			return "", errs.Usage(errs.WithHint(fmt.Errorf("no profile given, and AWS_PROFILE=%s: %w", name, err), "%s", hint))
		}
		d.io.Say("using AWS_PROFILE=%s", name)
		return name, nil
	}
	if d.pick != nil && d.io.InTTY && d.io.ErrTTY {
		return d.pick(ctx, cfg, form)
	}
	return "", missingProfile(form)
}

// missingProfile is the usage error of a command line without a profile
// where ssox cannot ask for one; form is the command line with PROFILE.
func missingProfile(form string) error {
	return errs.Usage(errs.Hintf(form+" ('ssox list' shows the profiles)", "missing PROFILE"))
}

// commandTypo turns a profile not found that is no profile's near miss but
// a command's into "did you mean 'ssox list'?".
func commandTypo(err error) error {
	var notFound *awsconfig.NotFoundError
	if !errors.As(err, &notFound) || len(notFound.Near) > 0 {
		return err
	}
	if name := closeCommand(notFound.Name); name != "" {
		return errs.WithHint(notFound, "did you mean 'ssox %s'?", name)
	}
	return err
}

// dockerNetwork is the Docker network of --docker: SSOX_DOCKER_NETWORK,
// else ssox's own; a name Docker cannot take is a usage error.
func dockerNetwork(env environ.Env) (string, error) {
	name := env.Get("SSOX_DOCKER_NETWORK")
	if name == "" {
		name = endpoint.DefaultNetwork
	}
	if err := endpoint.CheckNetworkName(name); err != nil {
		return "", errs.Usage(errs.WithHint(fmt.Errorf("SSOX_DOCKER_NETWORK: %w", err),
			"unset it for the network %s, or name another, e.g. SSOX_DOCKER_NETWORK=ssox-dev", endpoint.DefaultNetwork))
	}
	return name, nil
}

// listen opens the credential server's port: on 127.0.0.1, or with
// --docker on the gateway of the Docker network, set up as needed.
func (d *deps) listen(ctx context.Context, prof *awsconfig.Profile, opts ExecOptions) (net.Listener, error) {
	if opts.DockerNetwork == "" {
		return endpoint.Loopback()
	}
	interrupt.Arm(ctx) // docker may wait on its daemon
	dk := &endpoint.Docker{Network: opts.DockerNetwork, Env: d.env, Profile: prof.Name, Log: d.log, Timeout: d.timeout}
	return dk.Listen(ctx)
}

// serve runs the child under ssox with a credential server on ln instead
// of keys. A request never waits for a login: when the SSO session ends,
// ssox logs in again by itself where a login can reach the user (a
// terminal, and --no-browser not given), else says how and shows a desktop
// notification; requests fail at once until a login is done.
func (d *deps) serve(prof *awsconfig.Profile, id exec.Identity, home string, opts ExecOptions, ln net.Listener, path string, argv []string) error {
	// Not the run's context: the terminal's Ctrl-C is the child's.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// What its steps say the Keeper says once, in its own words.
	g := *d.getter()
	g.IO = &iostreams.IOStreams{In: d.io.In, Out: io.Discard, ErrOut: io.Discard}
	provider := g.Provider(home, sso.LoginOptions{NoWait: true})
	keeper := &creds.Keeper{
		Get:     func(ctx context.Context) (*creds.Credentials, error) { return provider.Get(ctx, prof, opts.MinTTL) },
		Profile: prof,
		Context: ctx,
		Notify:  func(title, body string) { notify.Send(d.env, title, body) },
		IO:      d.io,
	}
	if d.io.ErrTTY && !opts.Login.NoBrowser {
		root := prof
		if prof.Source != nil {
			root = prof.Source
		}
		login := opts.Login
		login.Background = true
		tokens := d.getter().Tokens(home, login)
		// Forced: the portal refused the token already. A token another
		// process renewed meanwhile is found under the lock, and kept.
		keeper.Login = func(ctx context.Context) error {
			_, _, err := tokens.LoginNow(ctx, sso.Request{Session: root.Session, Profile: root.Name, Shared: &root.Shared}, true)
			return err
		}
	}
	srv := &endpoint.Server{Credentials: keeper.Credentials, IO: d.io, Log: d.log}
	if err := srv.Serve(ln); err != nil {
		return err
	}
	defer srv.Close()
	ep := exec.Endpoint{URL: srv.URL, Token: srv.Token, DockerNetwork: opts.DockerNetwork}
	env := exec.WithServer(d.env, id, ep).Apply(d.env)
	d.log.Printf("serving credentials at %s to %s", srv.URL, path)
	return exec.Supervise(path, argv, env, d.io)
}
