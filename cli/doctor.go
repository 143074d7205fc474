package cli

import (
	"fmt"
	"text/tabwriter"

	ucli "github.com/urfave/cli/v2"

	"github.com/ssox/ssox/doctor"
	"github.com/ssox/ssox/internal/errs"
)

func (d *deps) doctorCommand() *ucli.Command {
	return &ucli.Command{
		Name:      "doctor",
		Usage:     "diagnose the config, the caches and the environment (exit 1 on any failure)",
		ArgsUsage: "[PROFILE]",
		Flags:     append(commonFlags(), &ucli.BoolFlag{Name: "json", Usage: "print JSON"}),
		Action: func(c *ucli.Context) error {
			name, err := oneArg(c)
			if err != nil {
				return err
			}
			cfg, home, err := d.openConfig()
			if err != nil {
				return err
			}
			findings := doctor.Run(doctor.Input{Env: d.env, Config: cfg, Home: home, Profile: name, Now: d.now()})
			if c.Bool("json") {
				if err := d.printJSON(findings); err != nil {
					return err
				}
			} else {
				tw := tabwriter.NewWriter(d.io.Out, 0, 0, 2, ' ', 0)
				for _, f := range findings {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Status, f.Check, f.Message)
					if f.Hint != "" {
						fmt.Fprintf(tw, "\t\thint: %s\n", f.Hint)
					}
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if doctor.Failed(findings) {
				return &errs.Exit{Code: errs.CodeError}
			}
			return nil
		},
	}
}
