package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/ssox/ssox/awsconfig"
)

type argsKind uint8

const (
	noArgs argsKind = iota
	optionalArg
	oneArg
	// profileAndCommand is `[PROFILE] [--] [CMD ARGS...]`.
	profileAndCommand
)

// command is one row of the command table: what parse, the help and the
// shell completion tests read.
type command struct {
	name string
	// root marks the form without a command name: `ssox PROFILE -- CMD`.
	root  bool
	usage string
	// synopsis is the usage line users type, without "ssox NAME".
	synopsis string
	args     argsKind
	// words, when set, are the words the argument may be, for the shells
	// to complete; else an argument is a profile.
	words       func() []string
	description string
	flags       []flagSpec
	// exclusive are sets of flags that may not be given together.
	exclusive [][]string
	// all are the command's own flags and those every command takes, made
	// once when the table is built: every flag look-up on the hot path reads
	// it.
	all []flagSpec
	run func(d *deps, ctx context.Context, in *input) error
}

var (
	debugFlag   = flagSpec{name: "debug", kind: boolFlag, env: "SSOX_DEBUG", usage: "log each step to stderr, secrets redacted (env SSOX_DEBUG=1)"}
	versionFlag = flagSpec{name: "version", alias: "v", kind: boolFlag, usage: "print the version"}

	noBrowserFlag  = flagSpec{name: "no-browser", kind: boolFlag, env: "SSOX_NO_BROWSER", usage: "print the login URL instead of opening a browser (env SSOX_NO_BROWSER)"}
	deviceCodeFlag = flagSpec{name: "device-code", kind: boolFlag, env: "SSOX_DEVICE_CODE", usage: "log in with a device code instead of the browser redirect (env SSOX_DEVICE_CODE)"}
	minTTLFlag     = flagSpec{name: "min-ttl", kind: durationFlag, env: "SSOX_MIN_TTL", value: "DURATION", def: "15m", usage: "get fresh credentials if fewer than this remain (env SSOX_MIN_TTL)"}
	regionFlag     = flagSpec{name: "region", kind: stringFlag, env: "SSOX_REGION", value: "R", check: awsconfig.CheckRegion, usage: "region for AWS_REGION and AWS_DEFAULT_REGION, instead of the profile's (env SSOX_REGION)"}
	refreshFlag    = flagSpec{name: "refresh", kind: boolFlag, env: "SSOX_REFRESH", usage: "get new role credentials, though the cached ones have not expired, for this run (env SSOX_REFRESH)"}
	serverFlag     = flagSpec{name: "server", kind: boolFlag, env: "SSOX_SERVER", usage: "serve credentials that renew themselves to a long-running command, instead of keys (env SSOX_SERVER)"}
	dockerFlag     = flagSpec{name: "docker", kind: boolFlag, env: "SSOX_DOCKER", usage: "--server for containers: serve on the Docker network ${SSOX_DOCKER_NETWORK:-ssox}, created when missing (env SSOX_DOCKER)"}
	sessionFlag    = flagSpec{name: "sso-session", kind: stringFlag, value: "NAME", valuesFrom: sessionNames, usage: "the [sso-session NAME] block to use instead of a profile's"}
	jsonFlag       = flagSpec{name: "json", kind: boolFlag, usage: "print JSON"}
)

// sessionNames is the command that prints the [sso-session] blocks' names.
var sessionNames = []string{"list", "--sso-sessions"}

func loginFlags() []flagSpec { return []flagSpec{noBrowserFlag, deviceCodeFlag} }

func execFlags() []flagSpec {
	return append(loginFlags(), minTTLFlag, refreshFlag, regionFlag, serverFlag, dockerFlag)
}

var (
	tableOnce sync.Once
	tableRows []*command
)

// table is the command table, built on first use, never at package init.
func table() []*command {
	tableOnce.Do(func() { tableRows = buildTable() })
	return tableRows
}

func buildTable() []*command {
	cmds := []*command{
		execCommand(true),
		execCommand(false),
		loginCommand(),
		logoutCommand(),
		listCommand(),
		envCommand(),
		credentialProcessCommand(),
		doctorCommand(),
		statusCommand(),
		setupCommand(),
		consoleCommand(),
		useCommand(),
		promptCommand(),
		initCommand(),
		versionCommand(),
		helpCommand(),
	}
	for _, c := range cmds {
		c.all = append([]flagSpec{debugFlag}, c.flags...)
		if c.root {
			c.all = append(c.all, versionFlag)
		}
	}
	return cmds
}

func rootCommand() *command { return table()[0] }

// commandNamed returns the command called name, nil if there is none.
func commandNamed(name string) *command {
	for _, c := range table()[1:] {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (c *command) lookup(name string) (flagSpec, bool) {
	for _, f := range c.all {
		if f.name == name || (f.alias != "" && f.alias == name) {
			return f, true
		}
	}
	return flagSpec{}, false
}

// lookupAny finds a flag of any command, to step over its value while
// looking for the command name.
func (c *command) lookupAny(name string) (flagSpec, bool) {
	for _, cmd := range table() {
		if f, ok := cmd.lookup(name); ok {
			return f, true
		}
	}
	return flagSpec{}, false
}

// invocation is how the command starts on the command line.
func (c *command) invocation() string {
	if c.root {
		return "ssox"
	}
	return "ssox " + c.name
}

// usageLine is the form users type, e.g. "ssox env PROFILE [--format F]".
func (c *command) usageLine() string {
	if c.synopsis == "" {
		return c.invocation()
	}
	return c.invocation() + " " + c.synopsis
}

// usageHint is the hint of a usage error: the usage line, and where the
// help is.
func (c *command) usageHint() string {
	return fmt.Sprintf("usage: %s; more in 'ssox %s'", c.usageLine(), c.helpWords())
}

// helpWords are the arguments that show the command's help.
func (c *command) helpWords() string {
	if c.root {
		return "--help"
	}
	return c.name + " --help"
}

func (c *command) checkArgs(in *input) error {
	switch {
	case c.args == noArgs && len(in.args) > 0:
		return in.usage("%s takes no arguments, got %s", c.name, strings.Join(in.args, " "))
	case c.args == optionalArg && len(in.args) > 1:
		return in.usage("%s takes at most one argument, got %s", c.name, strings.Join(in.args, " "))
	case c.args == oneArg && len(in.args) == 0:
		return in.usage("%s needs %s", c.name, strings.Fields(c.synopsis)[0])
	case c.args == oneArg && len(in.args) > 1:
		return in.usage("%s takes one argument, got %s", c.name, strings.Join(in.args, " "))
	}
	for _, set := range c.exclusive {
		var given []string
		for _, name := range set {
			if in.isSet(name) {
				given = append(given, "--"+name)
			}
		}
		if len(given) > 1 {
			return in.usage("%s cannot be used together", strings.Join(given, " and "))
		}
	}
	return nil
}

// arg is the optional or only positional argument.
func (in *input) arg() string {
	if len(in.args) == 0 {
		return ""
	}
	return in.args[0]
}

// closeCommand returns the command name nearest to word, for "did you
// mean 'ssox list'?" when word names neither a command nor a profile.
func closeCommand(word string) string {
	if near := awsconfig.Closest(word, commandNames()); len(near) > 0 {
		return near[0]
	}
	return ""
}
