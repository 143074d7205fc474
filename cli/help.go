package cli

import (
	"context"

	ucli "github.com/urfave/cli/v2"
)

func helpCommand() *command {
	return &command{
		name:     "help",
		usage:    "show the commands, or one command's flags",
		synopsis: "[COMMAND]",
		args:     optionalArg,
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
		Description:     root.description,
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
