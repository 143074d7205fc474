package cli

import (
	"context"
	"fmt"

	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/prompt"
)

// PromptOptions are what `ssox prompt` was asked.
type PromptOptions struct {
	// Format is a text/template over prompt.Fields; empty prints the
	// default segment.
	Format string
}

func promptCommand() *command {
	return &command{
		name:  "prompt",
		usage: "print the prompt segment of the active profile; nothing outside ssox",
		description: "Reads only the environment ssox exec gives its child: no config, no cache, no network.\n" +
			"Prints e.g. \"ui-dev 47m\", \"ui-dev 2h05m\", \"ui-dev expired\"; green, yellow under 15 minutes,\n" +
			"red once expired, when stdout is a terminal and NO_COLOR is not set.",
		synopsis: "[--format TEMPLATE]",
		flags: []flagSpec{{name: "format", kind: stringFlag, value: "TEMPLATE",
			usage: "Go template over .Profile .AccountID .AccountName .Role .Region .Remaining .Expired"}},
		run: func(d *deps, _ context.Context, in *input) error {
			return d.runPrompt(PromptOptions{Format: in.str("format")})
		},
	}
}

func (d *deps) runPrompt(opts PromptOptions) error {
	var tmpl *prompt.Template
	if opts.Format != "" {
		// Checked even outside ssox, so a bad format shows where it is written.
		t, err := prompt.ParseTemplate(opts.Format)
		if err != nil {
			return errs.Usagef("bad --format: %w", err)
		}
		tmpl = t
	}
	seg, ok := prompt.Read(d.env, d.now())
	if !ok {
		return nil
	}
	text := seg.String()
	if tmpl != nil {
		var err error
		if text, err = tmpl.Execute(seg.Fields); err != nil {
			return errs.Usagef("bad --format: %w", err)
		}
	}
	if text == "" {
		return nil
	}
	// NO_COLOR as no-color.org has it: set and not empty.
	if d.io.OutTTY && d.env.Get("NO_COLOR") == "" {
		text = prompt.Colorize(text, seg.Level)
	}
	fmt.Fprintln(d.io.Out, text)
	return nil
}
