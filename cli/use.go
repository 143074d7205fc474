package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"time"

	"github.com/ssox/ssox/exec"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/shells"
	"github.com/ssox/ssox/sso"
)

// UseOptions are what `ssox use [PROFILE | --off]` was asked.
type UseOptions struct {
	// Profile is the profile to switch to; empty means the picker.
	Profile string
	// Off returns the shell to what it was before the first `ssox use`.
	Off bool
	// Renew renews the keys of the profile active in the shell, never
	// logging in: what the prompt hook asks when they run short.
	Renew bool
	// Shell is the language of the shell function that runs `ssox use` and
	// evals what it prints; empty when the binary runs alone.
	Shell string
	CredentialOptions
}

// useShells are the shells whose function runs `ssox use`.
var useShells = []string{"zsh", "bash", "fish"}

func useCommand() *command {
	return &command{
		name:     "use",
		usage:    "switch this shell to a profile, its keys renewed at the prompt (needs the shell function of 'ssox init')",
		synopsis: "[PROFILE | --off]",
		args:     optionalArg,
		description: "Sets the variables an ssox shell gets in the shell you type it in; the prompt hook of\n" +
			"'ssox init' renews the keys when fewer than --min-ttl remain. --off puts back every variable\n" +
			"as it was before the first 'ssox use'. Works through the function 'ssox init zsh|bash|fish'\n" +
			"defines, which runs 'ssox use --shell SHELL' and evaluates what it prints.",
		flags: append(loginFlags(), minTTLFlag, regionFlag,
			flagSpec{name: "off", kind: boolFlag, usage: "put the shell back as it was before 'ssox use'"},
			flagSpec{name: "shell", kind: stringFlag, value: "SHELL", check: checkUseShell, values: useShells,
				usage: "print code for the ssox function of this shell (zsh, bash, fish) to evaluate"},
			flagSpec{name: "renew", kind: boolFlag, usage: "renew the active profile's keys without a login (the prompt hook's)"}),
		exclusive: [][]string{{"off", "renew"}},
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := UseOptions{Profile: in.arg(), Off: in.boolean("off"), Renew: in.boolean("renew"),
				Shell: in.str("shell"), CredentialOptions: credentialOptions(in)}
			if opts.Profile != "" && (opts.Off || opts.Renew) {
				return in.usage("--off and --renew take no PROFILE")
			}
			return d.runUse(ctx, opts)
		},
	}
}

func checkUseShell(s string) error {
	if !slices.Contains(useShells, s) {
		return fmt.Errorf("unknown shell %q (expected: zsh, bash, fish)", s)
	}
	return nil
}

func (d *deps) runUse(ctx context.Context, opts UseOptions) error {
	switch {
	case opts.Shell == "":
		return d.needsShellFunction()
	case opts.Off:
		return shells.Update{Restore: true}.Write(d.io.Out, opts.Shell)
	case opts.Renew:
		return d.renewShell(ctx, opts)
	}
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	if opts.Profile == "" {
		if d.pick == nil || !d.io.InTTY || !d.io.ErrTTY {
			return missingProfile("ssox use PROFILE")
		}
		if opts.Profile, err = d.pick(ctx, cfg, "ssox use PROFILE"); err != nil {
			return err
		}
	}
	prof, err := cfg.Profile(opts.Profile)
	if err != nil {
		return commandTypo(err)
	}
	id, err := exec.IdentityOf(d.env, prof, opts.Region)
	if err != nil {
		return err
	}
	c, err := d.provider(home, opts.CredentialOptions).Get(ctx, prof, opts.MinTTL)
	if err != nil {
		return err
	}
	ch := d.keys(id, c, opts.CredentialOptions)
	// The hook's state goes with the profile it was about.
	if _, ok := d.env.Lookup("SSOX_LOGIN_NEEDED"); ok && !slices.Contains(ch.Unset, "SSOX_LOGIN_NEEDED") {
		ch.Unset = append(ch.Unset, "SSOX_LOGIN_NEEDED")
	}
	u := shells.Update{Save: append(names(ch.Set), ch.Unset...), Unset: ch.Unset, Set: ch.Set}
	return u.Write(d.io.Out, opts.Shell)
}

// needsShellFunction is the error of `ssox use` run without the function
// that evaluates what it prints: a process cannot change its shell.
func (d *deps) needsShellFunction() error {
	line := map[string]string{
		"zsh":  `add eval "$(ssox init zsh)" to ~/.zshrc`,
		"bash": `add eval "$(ssox init bash)" to ~/.bashrc`,
		"fish": "add 'ssox init fish | source' to ~/.config/fish/config.fish",
	}[filepath.Base(d.env.Get("SHELL"))]
	if line == "" {
		line = "add the line 'ssox init --help' shows for your shell (zsh, bash or fish) to its rc file"
	}
	return errs.Hintf(line+", then open a new shell",
		"'ssox use' changes the shell it is typed in, which takes the shell function that 'ssox init' defines")
}

// renewTimeout bounds a renewal at the prompt, network calls included: a
// prompt that waits longer is worse than keys renewed at the next one.
const renewTimeout = 10 * time.Second

// retryAfter is how long the prompt hook waits after a renewal that failed
// for a reason a login does not fix (the network, a config being edited),
// or while another ssox holds the session's lock.
const retryAfter = time.Minute

// loginRecheck is how long the hook waits, when only a login helps, before
// it tries again although the token cache has not changed: a login that
// finished between this run and the hook's first look at the cache would
// otherwise go unnoticed.
const loginRecheck = 10 * time.Minute

// renewShell renews the keys of the profile active in the shell: the prompt
// hook's call when they run short. It never logs in nor waits for another
// ssox that is logging in; when only a login helps, the shell gets
// SSOX_LOGIN_NEEDED (the prompt says "login") and one line names the
// command, and the hook tries again once the token cache changes.
func (d *deps) renewShell(ctx context.Context, opts UseOptions) error {
	name := d.env.Get("SSOX_PROFILE")
	if name == "" {
		return errors.New("no ssox profile is active in this shell")
	}
	if d.timeout == 0 || d.timeout > renewTimeout {
		d.timeout = renewTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, renewTimeout)
	defer cancel()
	// Only this command's own line reaches the prompt: the steps say
	// what they do under --debug.
	g := *d.getter()
	g.IO = &iostreams.IOStreams{In: d.io.In, Out: io.Discard, ErrOut: io.Discard}
	prof, home, err := g.Profile(name)
	if err != nil {
		return d.renewFailed(opts, err)
	}
	c, err := g.Provider(home, sso.LoginOptions{NoWait: true}).Get(ctx, prof, opts.MinTTL)
	now := d.now()
	watch := sso.CachePath(home, prof.Session.CacheKey())
	switch {
	case err == nil:
		set := exec.Keys(c, c.RenewAt(opts.MinTTL, now))
		var unset []string
		if _, ok := d.env.Lookup("SSOX_LOGIN_NEEDED"); ok {
			unset = []string{"SSOX_LOGIN_NEEDED"}
		}
		return shells.Update{Save: append(names(set), unset...), SaveIfSwitched: true, Set: set, Unset: unset}.Write(d.io.Out, opts.Shell)
	case errors.Is(err, sso.ErrLoginRequired):
		login := "ssox login " + visible.ShellWord(name)
		if d.env.Get("SSOX_LOGIN_NEEDED") != login {
			d.io.Say("%s", loginLine(name, d.env.Get("SSOX_EXPIRES"), now, login))
		}
		return shells.Update{Save: []string{"SSOX_LOGIN_NEEDED"}, SaveIfSwitched: true, Set: map[string]string{"SSOX_LOGIN_NEEDED": login},
			RetryAt: now.Add(loginRecheck).Unix(), Watch: watch}.Write(d.io.Out, opts.Shell)
	case errors.Is(err, sso.ErrBusy):
		// Another ssox renews the token or logs in: its result is the
		// change the hook waits for.
		d.log.Printf("%v", err)
		return shells.Update{RetryAt: now.Add(retryAfter).Unix(), Watch: watch}.Write(d.io.Out, opts.Shell)
	}
	return d.renewFailed(opts, err)
}

// renewFailed tells the hook to try again later, and returns err to be
// reported.
func (d *deps) renewFailed(opts UseOptions, err error) error {
	if werr := (shells.Update{RetryAt: d.now().Add(retryAfter).Unix()}).Write(d.io.Out, opts.Shell); werr != nil {
		return werr
	}
	return fmt.Errorf("renew the keys of %s: %w", visible.String(d.env.Get("SSOX_PROFILE")), err)
}

// loginLine is the one line a prompt shows when only a login renews the
// keys of profile: how long they last, and the command.
func loginLine(profile, expires string, now time.Time, login string) string {
	keys := ""
	if exp, ok := timeleft.ParseUnix(expires); ok {
		if t := timeleft.Format(exp - now.Unix()); t == "expired" {
			keys = " (keys expired)"
		} else {
			keys = " (keys: " + t + " left)"
		}
	}
	return fmt.Sprintf("the SSO session of %s has ended%s: run '%s'; the next prompt renews them", visible.String(profile), keys, login)
}

// names are the keys of env, sorted.
func names(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for k := range env {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
