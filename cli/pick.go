package cli

import (
	"context"
	"errors"
	"os"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/interrupt"
	"github.com/ssox/ssox/internal/lookpath"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/picker"
	"github.com/ssox/ssox/status"
)

// pickProfile asks the user on the terminal which profile to run: ssox's
// own picker, or fzf when SSOX_PICKER=fzf. Leaving it exits 130. form is
// the command line that names a profile, for the hints.
func (d *deps) pickProfile(ctx context.Context, cfg *awsconfig.Config, form string) (string, error) {
	items, err := d.pickerItems(cfg)
	if err != nil {
		return "", err
	}
	if len(items) == 0 {
		return "", errs.Usage(errs.Hintf("run 'aws configure sso' to add a profile, or 'ssox setup' for every account and role (with --sso-session NAME --start-url URL --sso-region REGION the first time), then '"+form+"'", "missing PROFILE, and %s has no profile to choose from", cfg.Display))
	}
	// The picker waits for the user: a signal must end it and give the
	// terminal back.
	interrupt.Arm(ctx)
	var name string
	switch p := d.env.Get("SSOX_PICKER"); p {
	case "fzf":
		path, ferr := lookpath.Find("fzf", d.env.Get("PATH"))
		if ferr != nil {
			return "", errs.Hintf("install fzf, or unset SSOX_PICKER to use ssox's own picker", "SSOX_PICKER=fzf, but fzf is not on PATH")
		}
		name, err = picker.Fzf(ctx, path, d.env.List(), items, d.io.ErrOut)
	case "":
		in, ok := d.io.In.(*os.File)
		if !ok {
			return "", missingProfile(form)
		}
		name, err = picker.Run(ctx, in, d.io.ErrOut, items)
	default:
		return "", errs.Usage(errs.Hintf("unset SSOX_PICKER for ssox's own picker", "unknown SSOX_PICKER=%s (expected: fzf)", p))
	}
	if errors.Is(err, picker.ErrCancelled) {
		return "", &errs.Exit{Code: 130}
	}
	return name, err
}

// pickerItems describes every profile for the picker, from the config and
// the token cache alone: account, role, and whether a login is needed.
func (d *deps) pickerItems(cfg *awsconfig.Config) ([]picker.Item, error) {
	names, err := cfg.SSOProfileNames()
	if err != nil {
		return nil, err
	}
	var items []picker.Item
	for _, r := range status.Rows(cfg, awsconfig.Home(d.env), names, d.now()) {
		it := picker.Item{Profile: r.Name, AccountName: r.AccountName, AccountID: r.AccountID, Role: r.Role}
		switch {
		case r.Error != "":
			it = picker.Item{Profile: r.Name, Note: "config error (see 'ssox doctor " + visible.ShellWord(r.Name) + "')"}
		case !r.Usable():
			it.Note = "login needed"
		}
		if r.Source != "" {
			it.Role += " (via " + r.Source + ")"
		}
		items = append(items, it)
	}
	return items, nil
}
