package shells

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/shellquote"
)

// Update is what `ssox use` changes in the shell it runs in, through the
// shell function of the scripts here: written as code for that shell to
// eval, calling the scripts' own functions to keep the old values and the
// prompt hook's state. It quotes every value as `ssox env` does.
type Update struct {
	// Save lists the variables whose values the shell keeps, from before
	// its first change, for `ssox use --off`; one kept already keeps its
	// first value.
	Save []string
	// SaveIfSwitched keeps them only in a shell that `ssox use` switched:
	// a renewal in a plain ssox shell leaves it nothing to go back to.
	SaveIfSwitched bool
	// Unset and Set are the change to the environment.
	Unset []string
	Set   environ.Env
	// RetryAt, when not zero, is the unix time before which the prompt
	// hook does not try to renew again.
	RetryAt int64
	// Watch, when set, is a token cache file: the hook tries again once it
	// changes, which a login elsewhere does.
	Watch string
	// Restore returns the shell to what it was before `ssox use` (--off),
	// and is all the update does.
	Restore bool
}

// lang is how a script's language says each part of an Update.
type lang struct {
	prefix, end   string // of the scripts' functions; the end of a line
	quote         func(string) string
	unset, export func(name string) string
}

func langOf(shell string) (lang, bool) {
	switch shell {
	case "zsh", "bash":
		return lang{prefix: "_ssox_", quote: shellquote.Sh,
			unset:  func(n string) string { return "unset " + n },
			export: func(n string) string { return "export " + n + "=" }}, true
	case "fish":
		// -g: a universal variable of the same name is left alone, not
		// erased from every fish session.
		return lang{prefix: "__ssox_", end: ";", quote: shellquote.Fish,
			unset:  func(n string) string { return "set -e -g " + n },
			export: func(n string) string { return "set -gx " + n + " " }}, true
	}
	return lang{}, false
}

// Write writes u as code for shell (zsh, bash or fish) to eval in the
// presence of its script. A variable to unset or save whose name no shell
// can hold is left out, as it would be code; one to set is an error.
func (u Update) Write(w io.Writer, shell string) error {
	l, ok := langOf(shell)
	if !ok {
		return fmt.Errorf("%w %q (expected: zsh, bash, fish)", ErrUnknownShell, shell)
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s + l.end + "\n") }
	if u.Restore {
		line(l.prefix + "restore")
		_, err := io.WriteString(w, b.String())
		return err
	}
	if save := validNames(u.Save); len(save) > 0 {
		flag := ""
		if u.SaveIfSwitched {
			flag = "-s "
		}
		line(l.prefix + "save " + flag + strings.Join(save, " "))
	}
	for _, n := range validNames(u.Unset) {
		line(l.unset(n))
	}
	keys := make([]string, 0, len(u.Set))
	for k := range u.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !shellquote.ValidName(k) {
			return fmt.Errorf("%q is not a variable name", k)
		}
		line(l.export(k) + l.quote(u.Set[k]))
	}
	line(l.prefix + "next " + strconv.FormatInt(u.RetryAt, 10) + " " + l.quote(u.Watch))
	_, err := io.WriteString(w, b.String())
	return err
}

func validNames(names []string) []string {
	var out []string
	for _, n := range names {
		if shellquote.ValidName(n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
