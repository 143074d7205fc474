package shells

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/ssox/ssox/internal/shellquote"
)

// Completion is what the scripts complete, taken from ssox's command table
// by `ssox init`: Render writes it into the script as data, so the script's
// lists are the table's and cost nothing until a completion runs.
type Completion struct {
	// Commands are the commands; the first is the root form, `ssox
	// PROFILE -- CMD`, with no name.
	Commands []Command
}

// Args is what a command's positional arguments are.
type Args uint8

const (
	// NoArgs: nothing to complete after the command's flags.
	NoArgs Args = iota
	// Profile: one profile name.
	Profile
	// ProfileCommand: a profile name, then a command and its arguments.
	ProfileCommand
	// Words: one of Command.Words.
	Words
)

// Command is one command of the table, as completion needs it.
type Command struct {
	Name  string
	Args  Args
	Words []string
	Flags []Flag
}

// Flag is one flag, as completion needs it.
type Flag struct {
	// Name is the flag as typed: --region, -v.
	Name string
	// Value says whether the flag takes a value (as the next word, or
	// after =).
	Value bool
	// Values are the values it takes, when they are a fixed set; none
	// means a free value, for which nothing is offered.
	Values []string
	// ValuesFrom, when set, are the arguments of the ssox command that
	// prints more values, one a line: it runs when they are completed.
	ValuesFrom []string
}

// tableMark is the line of each script that Render replaces with the
// table; above it, the script declares the table empty, so it stays valid
// as it is.
const tableMark = "# @TABLE@\n"

var argsNames = [...]string{NoArgs: "none", Profile: "profile", ProfileCommand: "exec", Words: "words"}

// flagWords are a command's flags as the scripts keep them: space
// separated, each that takes a value followed by "=".
func (c Command) flagWords() string {
	var w []string
	for _, f := range c.Flags {
		if f.Value {
			w = append(w, f.Name+"=")
		} else {
			w = append(w, f.Name)
		}
	}
	return strings.Join(w, " ")
}

// key is the command's key in the tables: its name, "-" for the root form.
func (c Command) key() string {
	if c.Name == "" {
		return "-"
	}
	return c.Name
}

// table renders comp for shell as assignments to the script's variables:
// _ssox_commands (the names), and by command (the root form's key is "-")
// _ssox_args (none, profile, exec or words), _ssox_flags (flagWords), and
// _ssox_values, by command for the words of Words and by "command --flag"
// for a flag's values, and _ssox_from by "command --flag" the arguments of
// ValuesFrom. fish has no associative arrays: a variable each,
// named after the key with "-" as "_" (the root form's is empty).
func (comp Completion) table(shell string) (string, error) {
	if err := comp.check(); err != nil {
		return "", err
	}
	var b strings.Builder
	var names []string
	for _, c := range comp.Commands {
		if c.Name != "" {
			names = append(names, c.Name)
		}
	}
	switch shell {
	case "fish":
		q := shellquote.Fish
		set := func(name string, words ...string) {
			fmt.Fprintf(&b, "set -g %s", name)
			for _, w := range words {
				b.WriteString(" " + q(w))
			}
			b.WriteString("\n")
		}
		set("__ssox_commands", names...)
		for _, c := range comp.Commands {
			k := fishKey(c.Name)
			set("__ssox_args_"+k, argsNames[c.Args])
			set("__ssox_flags_"+k, strings.Fields(c.flagWords())...)
			if c.Args == Words {
				set("__ssox_words_"+k, c.Words...)
			}
			for _, f := range c.Flags {
				fk := k + "_" + fishKey(strings.TrimLeft(f.Name, "-"))
				if len(f.Values) > 0 {
					set("__ssox_values_"+fk, f.Values...)
				}
				if len(f.ValuesFrom) > 0 {
					set("__ssox_from_"+fk, f.ValuesFrom...)
				}
			}
		}
	default:
		q := shellquote.Sh
		pair := func(k, v string) string {
			if shell == "zsh" {
				return " " + q(k) + " " + q(v)
			}
			return " [" + q(k) + "]=" + q(v)
		}
		var args, flags, values, from strings.Builder
		for _, c := range comp.Commands {
			args.WriteString(pair(c.key(), argsNames[c.Args]))
			flags.WriteString(pair(c.key(), c.flagWords()))
			if c.Args == Words {
				values.WriteString(pair(c.key(), strings.Join(c.Words, " ")))
			}
			for _, f := range c.Flags {
				if len(f.Values) > 0 {
					values.WriteString(pair(c.key()+" "+f.Name, strings.Join(f.Values, " ")))
				}
				if len(f.ValuesFrom) > 0 {
					from.WriteString(pair(c.key()+" "+f.Name, strings.Join(f.ValuesFrom, " ")))
				}
			}
		}
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = q(n)
		}
		fmt.Fprintf(&b, "_ssox_commands=(%s)\n", strings.Join(quoted, " "))
		fmt.Fprintf(&b, "_ssox_args=(%s)\n", strings.TrimPrefix(args.String(), " "))
		fmt.Fprintf(&b, "_ssox_flags=(%s)\n", strings.TrimPrefix(flags.String(), " "))
		fmt.Fprintf(&b, "_ssox_values=(%s)\n", strings.TrimPrefix(values.String(), " "))
		fmt.Fprintf(&b, "_ssox_from=(%s)\n", strings.TrimPrefix(from.String(), " "))
	}
	return b.String(), nil
}

// check refuses a word the scripts could not keep in a space-separated
// list.
func (comp Completion) check() error {
	bad := func(w string) bool { return w == "" || strings.ContainsFunc(w, unicode.IsSpace) || w == "-" }
	for _, c := range comp.Commands {
		words := append([]string{c.Name}, c.Words...)
		if c.Name == "" {
			words = words[1:]
		}
		for _, f := range c.Flags {
			words = append(words, f.Name)
			words = append(words, f.Values...)
			words = append(words, f.ValuesFrom...)
		}
		for _, w := range words {
			if bad(w) {
				return fmt.Errorf("completion: %q cannot be completed", w)
			}
		}
	}
	return nil
}

func fishKey(s string) string { return strings.ReplaceAll(s, "-", "_") }
