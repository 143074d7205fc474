package cli

import "github.com/ssox/ssox/shells"

// commandNames are the names of the commands, in the table's order.
func commandNames() []string {
	var names []string
	for _, c := range table()[1:] {
		names = append(names, c.name)
	}
	return names
}

// completion is the command table as the shell scripts complete it, built
// when `ssox init` renders a script.
func completion() shells.Completion {
	var comp shells.Completion
	for _, c := range table() {
		sc := shells.Command{Name: c.name, Args: shells.Profile}
		switch {
		case c.args == noArgs:
			sc.Args = shells.NoArgs
		case c.args == profileAndCommand:
			sc.Args = shells.ProfileCommand
		case c.words != nil:
			sc.Args, sc.Words = shells.Words, c.words()
		}
		for _, f := range c.all {
			sc.Flags = append(sc.Flags, shells.Flag{Name: "--" + f.name, Value: f.takesValue(), Values: f.values, ValuesFrom: f.valuesFrom})
		}
		sc.Flags = append(sc.Flags, shells.Flag{Name: "--help"})
		comp.Commands = append(comp.Commands, sc)
	}
	return comp
}

// RenderShell is what `ssox init SHELL` prints for the ssox at bin.
func RenderShell(shell, bin string) (string, error) {
	return shells.Render(shell, bin, completion())
}
