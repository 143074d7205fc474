package creds

import (
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/browser"
	"github.com/ssox/ssox/internal/awsapi"
	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/sso"
)

// Getter is what getting credentials needs from one run of ssox: its
// environment, streams, debug log, clock, browser and network. The command
// line makes one; each command asks it for the profile, token manager or
// provider it needs.
type Getter struct {
	Env     environ.Env
	IO      *iostreams.IOStreams
	Log     *debuglog.Logger
	Now     func() time.Time
	Browser *browser.Opener
	Net     *awsapi.Net
}

// Tokens is the SSO token manager of the caches under home, logging in as
// login allows.
func (g *Getter) Tokens(home string, login sso.LoginOptions) *sso.Manager {
	return &sso.Manager{Home: home, Env: g.Env, IO: g.IO, Log: g.Log, Now: g.Now, Login: login, Browser: g.Browser, Net: g.Net}
}

// Provider gets role credentials into the caches under home, logging in as
// login allows.
func (g *Getter) Provider(home string, login sso.LoginOptions) *Provider {
	return &Provider{Home: home, Tokens: g.Tokens(home, login), Log: g.Log, Now: g.Now, IO: g.IO}
}

// Profile resolves the profile called name in the config Env names, and
// finds the home folder of the caches.
func (g *Getter) Profile(name string) (*awsconfig.Profile, string, error) {
	cfg, err := awsconfig.Open(g.Env)
	if err != nil {
		return nil, "", err
	}
	prof, err := cfg.Profile(name)
	if err != nil {
		return nil, "", err
	}
	return prof, awsconfig.Home(g.Env), nil
}
