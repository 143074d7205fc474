package cli

import (
	"context"
	"fmt"
	"strings"

	ucli "github.com/urfave/cli/v2"
)

func helpCommand() *command {
	return &command{
		name:     "help",
		usage:    "show the commands, or one command's flags",
		synopsis: "[COMMAND]",
		args:     optionalArg,
		words:    commandNames,
		run: func(d *deps, _ context.Context, in *input) error {
			cmd := rootCommand()
			if name := in.arg(); name != "" {
				if cmd = commandNamed(name); cmd == nil {
					return in.usage("no command %q", name)
				}
			}
			return d.showHelp(cmd)
		},
	}
}

// showHelp prints the help of cmd on stdout, rendered by urfave/cli from the
// command table.
func (d *deps) showHelp(cmd *command) error {
	app := d.helpApp()
	args := []string{"ssox", "--help"}
	if !cmd.root {
		args = []string{"ssox", cmd.name, "--help"}
	}
	return app.Run(args)
}

// helpApp is the command table as a urfave/cli app. It only renders help:
// parse reads the arguments.
func (d *deps) helpApp() *ucli.App {
	root := rootCommand()
	app := &ucli.App{
		Name:  "ssox",
		Usage: root.usage,
		UsageText: root.usageLine() + "\n" +
			"ssox COMMAND [flags] [args]   (flags may stand before or after the arguments)",
		Description:     root.description + startHere(),
		HideVersion:     true,
		HideHelpCommand: true,
		Writer:          d.io.Out,
		ErrWriter:       d.io.ErrOut,
		Flags:           urfaveFlags(root.all),
		Action:          func(*ucli.Context) error { return nil },
		ExitErrHandler:  func(*ucli.Context, error) {},
	}
	for _, c := range table()[1:] {
		if c.name == "help" {
			continue
		}
		app.Commands = append(app.Commands, &ucli.Command{
			Name:        c.name,
			Usage:       c.usage,
			UsageText:   c.usageLine(),
			Description: c.description,
			Flags:       urfaveFlags(c.all),
			Action:      func(*ucli.Context) error { return nil },
		})
	}
	return app
}

// examples are the forms the top-level help shows, each with what it does.
func examples() [][2]string {
	return [][2]string{
		{"ssox ui-dev -- terraform plan", "run a command as the profile ui-dev"},
		{"ssox ui-dev", "a shell as ui-dev ('exit' leaves it)"},
		{"ssox env ui-dev --format claude", "ui-dev's credentials for Claude Code"},
	}
}

// startHere is what the top-level help adds to the root's description:
// examples, and where a new user starts. It is made only for the help.
func startHere() string {
	var b strings.Builder
	b.WriteString("\n\nExamples:\n")
	for _, e := range examples() {
		fmt.Fprintf(&b, "  %-34s %s\n", e[0], e[1])
	}
	b.WriteString("\nStart here: 'ssox setup' writes a profile for every account and role you can reach\n" +
		"(the first time, without the AWS CLI v2: 'ssox setup --sso-session NAME --start-url URL --sso-region REGION');\n" +
		"'ssox list' shows the profiles, 'ssox doctor' what stands in the way.")
	return b.String()
}

func urfaveFlags(specs []flagSpec) []ucli.Flag {
	var out []ucli.Flag
	for _, f := range specs {
		var aliases []string
		if f.alias != "" {
			aliases = []string{f.alias}
		}
		switch f.kind {
		case boolFlag:
			out = append(out, &ucli.BoolFlag{Name: f.name, Aliases: aliases, Usage: f.usage})
		case stringFlag:
			out = append(out, &ucli.StringFlag{Name: f.name, Aliases: aliases, Usage: f.usage, Value: f.def})
		case durationFlag:
			def, _ := parseDuration(f.def)
			out = append(out, &ucli.DurationFlag{Name: f.name, Aliases: aliases, Usage: f.usage, Value: def})
		}
	}
	return out
}
