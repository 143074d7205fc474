package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/lookpath"
	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/shells"
)

// InitOptions are what `ssox init SHELL` was asked.
type InitOptions struct {
	Shell string
	// Binary returns the absolute path of the ssox the script will run;
	// nil means this binary (see deps.executable).
	Binary func() (string, error)
}

func initCommand() *command {
	return &command{
		name:     "init",
		usage:    "print shell integration: prompt segment and completion",
		synopsis: "zsh|bash|fish|starship",
		args:     oneArg,
		words:    shells.Names,
		description: "zsh:      eval \"$(ssox init zsh)\"     in ~/.zshrc, before or after compinit\n" +
			"bash:     eval \"$(ssox init bash)\"    in ~/.bashrc\n" +
			"fish:     ssox init fish | source     in ~/.config/fish/config.fish\n" +
			"starship: ssox init starship >> ~/.config/starship.toml",
		run: func(d *deps, _ context.Context, in *input) error {
			return d.runInit(InitOptions{Shell: in.arg()})
		},
	}
}

func (d *deps) runInit(opts InitOptions) error {
	self := opts.Binary
	if self == nil {
		self = d.executable
	}
	bin, err := self()
	if err != nil {
		return fmt.Errorf("find the ssox binary for the %s script: %w", opts.Shell, err)
	}
	script, err := RenderShell(opts.Shell, bin)
	if errors.Is(err, shells.ErrUnknownShell) {
		return errs.Usage(err)
	} else if err != nil {
		return err
	}
	if opts.Shell == "starship" {
		d.warnStarshipBlock()
	}
	_, err = fmt.Fprint(d.io.Out, script)
	return err
}

// warnStarshipBlock says so when the user's starship.toml already has
// ssox's block (the README's `>>` would then declare it twice), or the old
// blocks that ran a process at every prompt.
func (d *deps) warnStarshipBlock() {
	path, display := d.env.Get("STARSHIP_CONFIG"), "$STARSHIP_CONFIG"
	if path == "" {
		if home := d.env.Get("HOME"); home != "" {
			path, display = filepath.Join(home, ".config", "starship.toml"), "~/.config/starship.toml"
		}
	}
	data, err := safefile.ReadFile(path, safefile.ConfigLimit)
	if path == "" || err != nil {
		return
	}
	current, old := shells.StarshipBlocks(data)
	if current {
		d.io.Warn("%s already has ssox's [env_var.SSOX_LOGIN_NEEDED] block; replace it with this output rather than append (starship refuses a file that declares it twice)", display)
	}
	if old {
		d.io.Warn("%s has ssox's old [custom.ssox] blocks, which start processes at every prompt; remove them: this output replaces them", display)
	}
}

// executable is the path the scripts should run: the ssox on PATH when it
// is this very binary, so a package manager's stable link (which survives
// upgrades) is kept; else this binary, symlinks resolved.
func (d *deps) executable() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if onPath, err := lookpath.Find("ssox", d.env.Get("PATH")); err == nil {
		a, errA := os.Stat(onPath)
		b, errB := os.Stat(self)
		if errA == nil && errB == nil && os.SameFile(a, b) {
			return filepath.Abs(onPath)
		}
	}
	return filepath.EvalSymlinks(self)
}
