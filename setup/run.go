package setup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/sso"
)

// Options are what `ssox setup` was asked.
type Options struct {
	// Session names the [sso-session] block; empty means the config's only one.
	Session string
	// StartURL and SSORegion, when given, are the [sso-session] block to
	// write first, as `aws configure sso` would.
	StartURL, SSORegion string
	DryRun, Prune       bool
	// Region is the new profiles' region; empty means the session's
	// sso_region.
	Region string
	// Names names the new profiles; nil means DefaultProfileName.
	Names *Names
	Login sso.LoginOptions
}

// WritesSession reports whether setup writes the [sso-session] block first.
func (o Options) WritesSession() bool { return o.StartURL != "" || o.SSORegion != "" }

// Result is what Run did, or with DryRun would do, to the config file.
type Result struct {
	// Display is the config file as the user knows it: ~/.aws/config.
	Display string
	// Session is the sso-session set up.
	Session string
	Plan    *Plan
	DryRun  bool
	// Backup is the copy of the old config Run made, "" when it made none.
	Backup string
	// Reachable counts the roles the portal listed.
	Reachable int
}

// Diff is the change as a unified diff, against the file as Run found it.
func (r *Result) Diff() string {
	return Diff(r.Display, r.Display+" (after ssox setup)", r.Plan.Old, r.Plan.New)
}

// Summary says in one line what the plan does to the profiles.
func (r *Result) Summary() string {
	p := r.Plan
	reachable := fmt.Sprintf("%d role(s) reachable", r.Reachable-len(p.Skipped))
	if len(p.Skipped) > 0 {
		reachable += fmt.Sprintf(", %d skipped", len(p.Skipped))
	}
	return fmt.Sprintf("%s; added %s; removed %s; kept %s; already configured outside the block: %s",
		reachable, listOrNone(p.Added), listOrNone(p.Removed), listOrNone(p.Kept), listOrNone(p.Existing))
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// Run sets up the profiles of one sso-session in the config that g's
// environment names: it writes the [sso-session] block first when asked
// (before the login, as `aws configure sso` leaves it, so that a failed
// login can be repeated with plain `ssox setup`), logs in to the session,
// lists every account and role it reaches, and writes the plan, unless
// DryRun. It tells g.IO of the block it wrote and, on a terminal, draws
// the listing's progress; the rest is in the Result.
func Run(ctx context.Context, g *creds.Getter, opts Options) (*Result, error) {
	cfg, err := awsconfig.Open(g.Env)
	if err != nil {
		return nil, err
	}
	data, err := safefile.ReadFile(cfg.Path, safefile.ConfigLimit)
	if err != nil && !(errors.Is(err, fs.ErrNotExist) && opts.WritesSession()) {
		if _, serr := cfg.SessionNames(); serr != nil {
			return nil, serr // says which file is missing, and how to write it
		}
		return nil, err
	}
	original := string(data)
	if opts.Session == "" {
		if opts.Session, err = defaultSession(original, cfg.Display, opts); err != nil {
			return nil, err
		}
	}
	text := original
	if opts.WritesSession() {
		if text, err = AddSession(original, cfg.Display, NewSession{Name: opts.Session, StartURL: opts.StartURL, Region: opts.SSORegion}); err != nil {
			return nil, err
		}
	}
	var s awsconfig.Session
	switch {
	case text != original && opts.DryRun:
		// Nothing is written: the session is the block as it would be.
		for _, b := range awsconfig.Blocks([]byte(text)) {
			if b.Name == "sso-session "+opts.Session {
				s = awsconfig.Session{Name: opts.Session, StartURL: b.Keys["sso_start_url"], Region: b.Keys["sso_region"]}
			}
		}
	case text != original:
		if _, err := Apply(cfg.Path, &Plan{Old: original, New: text}); err != nil {
			return nil, err
		}
		g.IO.Say("wrote [sso-session %s] to %s", opts.Session, cfg.Display)
		if cfg, err = awsconfig.Open(g.Env); err != nil {
			return nil, err
		}
		fallthrough
	default:
		if s, err = cfg.Session(opts.Session); err != nil {
			return nil, err
		}
	}
	region := opts.Region
	if region == "" {
		region = s.Region
		if err := awsconfig.CheckRegion(region); err != nil {
			return nil, errs.WithHint(fmt.Errorf("the profiles' region would be the sso_region of [sso-session %s], but %w", opts.Session, err),
				"give the profiles' region with --region")
		}
	}
	assignments, err := listAll(ctx, g, s, opts.Login)
	if err != nil {
		return nil, err
	}
	plan, err := MakePlan(text, s, assignments, region, opts.Prune, opts.Names)
	if err != nil {
		return nil, errs.WithHint(err, "fix or delete the ssox lines in %s, then run setup again", cfg.Display)
	}
	// The diff and the backup are against the file as this run found it.
	plan.Old = original
	r := &Result{Display: cfg.Display, Session: opts.Session, Plan: plan, DryRun: opts.DryRun, Reachable: len(assignments)}
	if opts.DryRun || !plan.Changed() {
		return r, nil
	}
	if r.Backup, err = Apply(cfg.Path, plan); err != nil {
		return nil, err
	}
	return r, nil
}

// listAll gets a token for the session and lists its accounts and roles
// with it. A token the portal refuses though it looks valid (revoked, or
// the session ended early) is renewed once, as for a command.
func listAll(ctx context.Context, g *creds.Getter, s awsconfig.Session, lo sso.LoginOptions) ([]Assignment, error) {
	tokens := g.Tokens(awsconfig.Home(g.Env), lo)
	req := sso.Request{Session: s}
	tok, err := tokens.Token(ctx, req)
	if err != nil {
		return nil, err
	}
	assignments, err := list(ctx, g, s, tok.AccessToken)
	if awsapi.ClassOf(err) != awsapi.Unauthorized {
		return assignments, err
	}
	g.Log.Printf("the portal refused the token: %v", err)
	if tok, err = tokens.Renew(ctx, req, tok); err != nil {
		return nil, err
	}
	assignments, err = list(ctx, g, s, tok.AccessToken)
	if awsapi.ClassOf(err) == awsapi.Unauthorized {
		name := visible.ShellWord(s.Name)
		return nil, errs.WithHint(fmt.Errorf("the portal refuses the SSO session for %s although it was just renewed", s),
			"run 'ssox logout --sso-session %s', then 'ssox login --sso-session %s'", name, name)
	}
	return assignments, err
}

// list lists the session's accounts and roles with the progress line on a
// terminal, and says what fixes a refusal.
func list(ctx context.Context, g *creds.Getter, s awsconfig.Session, token string) ([]Assignment, error) {
	opts := ListOptions{Net: g.Net}
	clearProgress := func() {}
	if g.IO.ErrTTY {
		opts.Progress, clearProgress = ProgressLine(g.IO.ErrOut, g.Now)
	}
	assignments, err := List(ctx, s, nil, token, opts)
	clearProgress()
	switch awsapi.ClassOf(err) {
	case 0, awsapi.Unauthorized:
		return assignments, err // a refused token is login's to renew
	case awsapi.Forbidden:
		return nil, errs.WithHint(err, "the portal does not let this user list the accounts of %s: ask its administrator", s.Name)
	}
	return nil, err // the class's own hint: network, throttling, server
}

// defaultSession is the session setup uses without --sso-session: with
// --start-url, the block of that start URL, else one named after its
// subdomain (the name the setup guide has people give `aws configure
// sso`); without, the only [sso-session] block of the config.
func defaultSession(text, display string, opts Options) (string, error) {
	var names []string
	for _, b := range awsconfig.Blocks([]byte(text)) {
		if n, ok := strings.CutPrefix(b.Name, "sso-session "); ok {
			if opts.StartURL != "" && b.Keys["sso_start_url"] == opts.StartURL {
				return n, nil
			}
			names = append(names, n)
		}
	}
	switch {
	case opts.StartURL != "":
		name := sessionFromURL(opts.StartURL)
		if err := CheckSessionName(name); err != nil {
			return "", errs.Usage(errs.Hintf("ssox setup --sso-session NAME --start-url URL --sso-region REGION",
				"name the [sso-session] block with --sso-session: the start URL's subdomain, %v", err))
		}
		return name, nil
	case len(names) == 1:
		return names[0], nil
	case opts.WritesSession():
		return "", errs.Usage(errs.Hintf("ssox setup --sso-session NAME --start-url URL --sso-region REGION",
			"name the [sso-session] block to write with --sso-session NAME"))
	case len(names) == 0:
		return "", errs.Usage(errs.Hintf("'aws configure sso' or 'ssox setup --sso-session NAME --start-url URL --sso-region REGION' writes one",
			"setup needs --sso-session NAME, and %s has no [sso-session] block", display))
	}
	return "", errs.Usage(errs.Hintf("ssox setup --sso-session "+visible.ShellWord(names[0]),
		"setup needs --sso-session NAME: %s has several sessions (%s)", display, strings.Join(names, ", ")))
}
