package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/timeleft"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/prompt"
	"github.com/ssox/ssox/sso"
)

// LoginOptions are what `ssox login [PROFILE | --sso-session NAME]` was asked.
type LoginOptions struct {
	Profile, Session string
	Login            sso.LoginOptions
	// Force renews a token that is still valid.
	Force bool
}

func loginCommand() *command {
	return &command{
		name:     "login",
		usage:    "log in: refresh silently if possible, else in the browser or with a device code",
		synopsis: "[PROFILE | --sso-session NAME]",
		args:     optionalArg,
		flags:    append(loginFlags(), sessionFlag, flagSpec{name: "force", kind: boolFlag, usage: "log in again although the token is valid"}),
		run: func(d *deps, ctx context.Context, in *input) error {
			return d.runLogin(ctx, LoginOptions{Profile: in.arg(), Session: in.str("sso-session"), Login: loginOptions(in), Force: in.boolean("force")})
		},
	}
}

func (d *deps) runLogin(ctx context.Context, opts LoginOptions) error {
	interrupt.Arm(ctx) // it goes to the network
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	req, err := d.resolveSession(cfg, "login", opts.Profile, opts.Session)
	if err != nil {
		return err
	}
	t, renewed, err := d.getter().Tokens(home, opts.Login).LoginNow(ctx, req, opts.Force)
	if err != nil {
		return err
	}
	left := timeleft.Until(t.ExpiresAt, d.now())
	if renewed {
		d.io.Say("%s is valid until %s (%s left)", req.Session, t.ExpiresAt.Local().Format("15:04"), left)
	} else {
		d.io.Say("already logged in to %s until %s (%s left)", req.Session, t.ExpiresAt.Local().Format("15:04"), left)
	}
	// Logging in again is the advice for keys AWS refuses though they have
	// not expired (a session revoked, a permission set changed): the
	// session's cached role credentials go, and the next run gets new ones.
	n, err := creds.RemoveSession(ctx, home, cfg, req.Session)
	if err != nil {
		return err
	}
	if n > 0 {
		d.io.Say("dropped the cached role credentials of %d profile(s); the next run of each gets new ones", n)
	}
	d.staleShell()
	return nil
}

// staleShell says, inside an ssox shell, what the login does for the keys
// the shell holds: a prompt that renews them (the shell hook marked them,
// SSOX_LOGIN_NEEDED) renews them now; expired keys are not renewed by the
// login itself, and every command there fails with ExpiredToken however
// valid the token is, until the prompt renews them or the shell is left.
func (d *deps) staleShell() {
	seg, ok := prompt.Read(d.env, d.now())
	switch {
	case !ok:
	case seg.Login:
		d.io.Say("the next prompt renews the keys of this shell (%s)", d.env.Get("SSOX_PROFILE"))
	case seg.Expired:
		d.io.Say("the keys of this shell (%s) have expired, and a login does not renew them", d.env.Get("SSOX_PROFILE"))
		fmt.Fprintf(d.io.ErrOut, "hint: the prompt renews them in a shell that loads ssox's integration ('ssox init --help'); elsewhere, exit this shell and run 'ssox %s' again\n",
			visible.ShellWord(d.env.Get("SSOX_PROFILE")))
	}
}

// LogoutOptions are what `ssox logout [PROFILE | --sso-session NAME | --all]` was asked.
type LogoutOptions struct {
	Profile, Session string
	All              bool
}

func logoutCommand() *command {
	return &command{
		name:     "logout",
		usage:    "end the session at the portal and delete its cached token and role credentials",
		synopsis: "[PROFILE | --sso-session NAME | --all]",
		args:     optionalArg,
		flags:    []flagSpec{sessionFlag, {name: "all", kind: boolFlag, usage: "log out of every cached session"}},
		run: func(d *deps, ctx context.Context, in *input) error {
			opts := LogoutOptions{Profile: in.arg(), Session: in.str("sso-session"), All: in.boolean("all")}
			if opts.All && (opts.Profile != "" || opts.Session != "") {
				return in.usage("--all takes no profile or --sso-session")
			}
			return d.runLogout(ctx, opts)
		},
	}
}

func (d *deps) runLogout(ctx context.Context, opts LogoutOptions) error {
	interrupt.Arm(ctx) // it goes to the network
	if opts.All {
		return d.logoutAll(ctx)
	}
	cfg, home, err := d.openConfig()
	if err != nil {
		return err
	}
	req, err := d.resolveSession(cfg, "logout", opts.Profile, opts.Session)
	if err != nil {
		return err
	}
	had, err := d.getter().Tokens(home, sso.LoginOptions{}).Logout(ctx, req, func(ctx context.Context) error {
		_, err := creds.RemoveSession(ctx, home, cfg, req.Session)
		return err
	})
	if err != nil {
		return err
	}
	if had {
		d.io.Say("logged out of %s", req.Session)
	} else {
		d.io.Say("not logged in to %s", req.Session)
	}
	return nil
}

func (d *deps) logoutAll(ctx context.Context) error {
	home := awsconfig.Home(d.env)
	if home == "" {
		v := awsconfig.HomeVariable()
		return errs.Hintf("set "+v, "cannot find the caches: %s is not set", v)
	}
	n, err := d.getter().Tokens(home, sso.LoginOptions{}).LogoutAll(ctx, func(ctx context.Context) error {
		if err := creds.RemoveAll(ctx, home); err != nil {
			return fmt.Errorf("delete cached role credentials: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.io.Say("logged out of %d session(s)", n)
	return nil
}

// resolveSession picks the session for login and logout: a profile's, a
// named sso-session, the profile of the ssox shell we are in, or the only
// session in the file.
func (d *deps) resolveSession(cfg *awsconfig.Config, verb, profile, session string) (sso.Request, error) {
	if profile != "" && session != "" {
		return sso.Request{}, errs.Usagef("give a profile or --sso-session, not both")
	}
	if profile == "" && session == "" {
		profile = d.env.Get("SSOX_PROFILE")
	}
	if profile != "" {
		p, err := cfg.Profile(profile)
		if err != nil {
			return sso.Request{}, err
		}
		return sso.Request{Session: p.Session, Profile: p.Name, Shared: &p.Shared}, nil
	}
	if session == "" {
		names, err := cfg.SessionNames()
		if err != nil {
			return sso.Request{}, err
		}
		if len(names) != 1 {
			hint := fmt.Sprintf("name one: 'ssox %s PROFILE' or 'ssox %s --sso-session NAME'", verb, verb)
			if len(names) > 0 {
				hint = fmt.Sprintf("name one: 'ssox %s PROFILE' or 'ssox %s --sso-session %s'", verb, verb, visible.ShellWord(names[0]))
			}
			if verb == "logout" {
				hint += ", or 'ssox logout --all'"
			}
			sessions := strings.Join(names, ", ")
			if len(names) == 0 {
				sessions = "none"
			}
			return sso.Request{}, errs.Usage(errs.Hintf(hint,
				"name a profile or --sso-session (sessions in %s: %s)", cfg.Display, sessions))
		}
		session = names[0]
	}
	s, err := cfg.Session(session)
	if err != nil {
		return sso.Request{}, err
	}
	return sso.Request{Session: s}, nil
}
