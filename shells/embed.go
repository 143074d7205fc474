// Package shells holds ssox's shell integration, kept as real files that
// shellcheck and the shells themselves can read, and renders it for
// `ssox init SHELL` with only the path of the ssox binary filled in.
package shells

import (
	"embed"
	"errors"
	"fmt"
	"strings"

	"github.com/ssox/ssox/internal/shellquote"
)

//go:embed zsh.zsh bash.bash ssox.fish starship.toml
var files embed.FS

// placeholder marks the binary's path in the scripts. Quoted, it is a word
// every shell accepts, so the files stay checkable as they are; Render
// replaces it, quotes included.
const placeholder = "'@SSOX@'"

type script struct {
	name, file string
	quote      func(string) string
}

var scripts = []script{
	{"zsh", "zsh.zsh", shellquote.Sh},
	{"bash", "bash.bash", shellquote.Sh},
	{"fish", "ssox.fish", shellquote.Fish},
	// starship's block runs nothing: it has no path to fill in.
	{"starship", "starship.toml", nil},
}

// ErrUnknownShell is returned by Render for a shell it has no script for.
var ErrUnknownShell = errors.New("unknown shell")

// Names lists the shells Render knows.
func Names() []string {
	names := make([]string, len(scripts))
	for i, s := range scripts {
		names[i] = s.name
	}
	return names
}

// Render returns the integration for shell with bin, the absolute path of
// the ssox binary, quoted for that shell in place of the placeholder
// (starship's names no binary), and comp, what it completes, in place of
// the table mark.
func Render(shell, bin string, comp Completion) (string, error) {
	for _, s := range scripts {
		if s.name != shell {
			continue
		}
		data, err := files.ReadFile(s.file)
		if err != nil {
			return "", err
		}
		if s.quote == nil {
			return string(data), nil
		}
		text := strings.ReplaceAll(string(data), placeholder, s.quote(bin))
		table, err := comp.table(s.name)
		if err != nil {
			return "", err
		}
		if strings.Count(text, tableMark) != 1 {
			return "", fmt.Errorf("%s: want one line %q", s.file, strings.TrimSpace(tableMark))
		}
		return strings.Replace(text, tableMark, table, 1), nil
	}
	return "", fmt.Errorf("%w %q (expected: %s)", ErrUnknownShell, shell, strings.Join(Names(), ", "))
}

// StarshipBlocks reports what config, a starship.toml, holds of ssox's:
// its block now (appending it again would declare a table twice, which
// makes the whole file invalid), and old [custom.ssox*] blocks, which ran a
// process at every prompt. It reads section headers as text, so it also
// answers for a file that is already invalid.
func StarshipBlocks(config []byte) (current, old bool) {
	for _, line := range strings.Split(string(config), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "[") || strings.HasPrefix(line, "[[") {
			continue
		}
		header, _, ok := strings.Cut(line[1:], "]")
		if !ok {
			continue
		}
		name := strings.NewReplacer(" ", "", "\t", "", `"`, "", "'", "").Replace(header)
		switch {
		case name == "env_var.SSOX_LOGIN_NEEDED":
			current = true
		case name == "custom.ssox" || strings.HasPrefix(name, "custom.ssox_"):
			old = true
		}
	}
	return current, old
}
