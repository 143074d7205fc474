// Package cli is ssox's command line: flag wiring and one run function per
// command. It is the only package that knows about urfave/cli.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	ucli "github.com/urfave/cli/v2"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/exec"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/sso"
)

// Set at build time with -ldflags "-X github.com/ssox/ssox/cli.version=...".
var (
	version = "dev"
	commit  = "unknown"
)

// deps are what commands use from the outside world; tests replace them.
type deps struct {
	io      *iostreams.IOStreams
	env     environ.Env
	now     func() time.Time
	log     *debuglog.Logger
	replace func(path string, argv, env []string) error
	open    func(url string) error
}

// Run runs ssox with args (os.Args), the environment as "KEY=VALUE" entries,
// and streams; it returns the process exit code.
func Run(args, env []string, io *iostreams.IOStreams) int {
	d := &deps{
		io:      io,
		env:     environ.FromList(env),
		now:     time.Now,
		log:     debuglog.New(nil),
		replace: exec.Replace,
	}
	return d.run(args)
}

func (d *deps) run(args []string) int {
	ctx := context.Background()
	if sigs := notIgnored(os.Interrupt, syscall.SIGTERM); len(sigs) > 0 {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, sigs...)
		defer stop()
	}
	err := d.app().RunContext(ctx, args)
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled) {
		fmt.Fprintln(d.io.ErrOut, "ssox: interrupted")
		return 130
	}
	return d.report(err)
}

// notIgnored drops the signals ssox was started with ignored (nohup, a
// background job): catching one would un-ignore it for the command that ssox
// execs.
func notIgnored(sigs ...os.Signal) []os.Signal {
	var out []os.Signal
	for _, s := range sigs {
		if !signal.Ignored(s) {
			out = append(out, s)
		}
	}
	return out
}

// report prints err once, with its hint, and returns the exit code.
func (d *deps) report(err error) int {
	code := errs.CodeOf(err)
	var exit *errs.Exit
	if err == nil || errors.As(err, &exit) {
		return code
	}
	fmt.Fprintf(d.io.ErrOut, "ssox: %s\n", d.log.Redact(err.Error()))
	if hint := errs.HintOf(err); hint != "" {
		fmt.Fprintf(d.io.ErrOut, "hint: %s\n", d.log.Redact(hint))
	}
	return code
}

func (d *deps) app() *ucli.App {
	return &ucli.App{
		Name:  "ssox",
		Usage: "run commands as an AWS IAM Identity Center (SSO) profile",
		UsageText: "ssox [flags] PROFILE [-- CMD ARGS...]   run CMD (default $SHELL) with PROFILE's credentials\n" +
			"ssox COMMAND [flags] [args]",
		HideVersion:     true,
		Reader:          d.io.In,
		Writer:          d.io.Out,
		ErrWriter:       d.io.ErrOut,
		Flags:           append(execFlags(), &ucli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "print the version"}),
		Before:          d.before,
		Action:          d.rootAction,
		ExitErrHandler:  func(*ucli.Context, error) {},
		OnUsageError:    usageError,
		HideHelpCommand: true,
		Commands: []*ucli.Command{
			d.execCommand(),
			d.loginCommand(),
			d.logoutCommand(),
			d.listCommand(),
			d.envCommand(),
			d.credentialProcessCommand(),
			d.doctorCommand(),
			d.setupCommand(),
			d.consoleCommand(),
			d.promptCommand(),
			d.initCommand(),
			d.versionCommand(),
		},
	}
}

func usageError(_ *ucli.Context, err error, _ bool) error { return errs.Usage(err) }

// commonFlags go on the app and every command, so they work before or
// after the command name.
func commonFlags() []ucli.Flag {
	return []ucli.Flag{&ucli.BoolFlag{Name: "debug", Usage: "log each step to stderr, secrets redacted (env SSOX_DEBUG)"}}
}

func (d *deps) before(c *ucli.Context) error {
	if isSet(c, "debug") || d.env.Bool("SSOX_DEBUG") {
		d.log = debuglog.New(d.io.ErrOut)
		d.log.Printf("ssox %s (%s), %s %s/%s", version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	return nil
}

// isSet reports whether the flag was given at any level of the command line.
func isSet(c *ucli.Context, name string) bool {
	for _, cc := range c.Lineage() {
		if cc.IsSet(name) {
			return true
		}
	}
	return false
}

// boolOpt is a flag's value, else its SSOX_ variable's.
func (d *deps) boolOpt(c *ucli.Context, name, envName string) bool {
	for _, cc := range c.Lineage() {
		if cc.IsSet(name) {
			return cc.Bool(name)
		}
	}
	return d.env.Bool(envName)
}

func (d *deps) stringOpt(c *ucli.Context, name, envName string) string {
	for _, cc := range c.Lineage() {
		if cc.IsSet(name) {
			return cc.String(name)
		}
	}
	return d.env.Get(envName)
}

func (d *deps) durationOpt(c *ucli.Context, name, envName string, def time.Duration) (time.Duration, error) {
	for _, cc := range c.Lineage() {
		if cc.IsSet(name) {
			return cc.Duration(name), nil
		}
	}
	if v := d.env.Get(envName); v != "" {
		dur, err := time.ParseDuration(v)
		if err != nil {
			return 0, errs.Usagef("%s=%q is not a duration (e.g. 15m, 1h)", envName, v)
		}
		return dur, nil
	}
	return def, nil
}

// tokens returns the token manager for this run.
func (d *deps) tokens(home string, login sso.LoginOptions) *sso.Manager {
	return &sso.Manager{Home: home, Env: d.env, IO: d.io, Log: d.log, Now: d.now, Login: login, Open: d.open}
}

// loginOptions reads the login flags shared by exec and login.
func (d *deps) loginOptions(c *ucli.Context) sso.LoginOptions {
	return sso.LoginOptions{
		Interactive: true,
		NoBrowser:   d.boolOpt(c, "no-browser", "SSOX_NO_BROWSER"),
		DeviceCode:  d.boolOpt(c, "device-code", "SSOX_DEVICE_CODE"),
	}
}

func loginFlags() []ucli.Flag {
	return []ucli.Flag{
		&ucli.BoolFlag{Name: "no-browser", Usage: "print the login URL instead of opening a browser (env SSOX_NO_BROWSER)"},
		&ucli.BoolFlag{Name: "device-code", Usage: "log in with a device code instead of the browser redirect (env SSOX_DEVICE_CODE)"},
	}
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

func (d *deps) warnf(format string, args ...any) {
	fmt.Fprintf(d.io.ErrOut, "ssox: warning: "+format+"\n", args...)
}

func (d *deps) notifyf(format string, args ...any) {
	fmt.Fprintf(d.io.ErrOut, "ssox: "+format+"\n", args...)
}

// oneArg returns the single optional positional argument of a command.
func oneArg(c *ucli.Context) (string, error) {
	switch c.NArg() {
	case 0:
		return "", nil
	case 1:
		return c.Args().First(), nil
	}
	return "", errs.Usagef("%s takes at most one argument, got %s", c.Command.Name, strings.Join(c.Args().Slice(), " "))
}
