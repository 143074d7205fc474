package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/visible"
)

// ssox parses its own command line, from the command table, because the
// contract needs what urfave/cli cannot do: flags before or after the
// profile, and everything from the first word of CMD on left untouched. It
// also keeps the hot paths (exec with cached credentials, the prompt) from
// building a whole urfave/cli app. urfave/cli renders the help (help.go).

type flagKind uint8

const (
	boolFlag flagKind = iota
	stringFlag
	durationFlag
)

// flagSpec is one flag of the command table.
type flagSpec struct {
	name  string
	alias string // a one-letter form, e.g. "v" for --version
	kind  flagKind
	// env is the SSOX_ variable that sets the flag when it is not given.
	env   string
	usage string
	// value names the flag's argument in usage lines ("F" in --format F).
	value string
	def   string
	// check, when set, refuses a value the flag cannot take, from the
	// command line or the variable alike (a region name, say).
	check func(string) error
	// values, when set, are the values the flag takes, for the shells to
	// complete (a flag with free values has none).
	values []string
	// valuesFrom, when set, are the arguments of the ssox command that
	// prints the values the flag takes, one a line, for the shells to
	// complete.
	valuesFrom []string
}

func (f flagSpec) takesValue() bool { return f.kind != boolFlag }

// input is a parsed command line.
type input struct {
	cmd *command
	// flags holds each flag given, by name, as written ("true" for a bare
	// boolean flag), already checked against its kind.
	flags map[string]string
	// args are the positional arguments before CMD.
	args []string
	// command is CMD and its arguments (exec only), untouched.
	command []string
	env     environ.Env
	help    bool
	// line is the command line as given (without the program name), for
	// the hints that rewrite it.
	line []string
	// at is the index of the command's name in line, -1 for the root form.
	at int
}

func (in *input) spec(name string) flagSpec {
	for _, f := range in.cmd.all {
		if f.name == name {
			return f
		}
	}
	panic("cli: no flag --" + name + " on " + in.cmd.name)
}

// isSet reports whether the flag was given on the command line.
func (in *input) isSet(name string) bool {
	_, ok := in.flags[name]
	return ok
}

// boolean is the flag's value, else its SSOX_ variable's.
func (in *input) boolean(name string) bool {
	if v, ok := in.flags[name]; ok {
		b, _ := strconv.ParseBool(v) // checked by parse
		return b
	}
	if env := in.spec(name).env; env != "" {
		return in.env.Bool(env)
	}
	return false
}

// str is the flag's value, else its SSOX_ variable's, else its default.
func (in *input) str(name string) string {
	if v, ok := in.flags[name]; ok {
		return v
	}
	f := in.spec(name)
	if f.env != "" {
		if v := in.env.Get(f.env); v != "" {
			return v
		}
	}
	return f.def
}

// duration is the flag's value, else its SSOX_ variable's, else its
// default; parse has checked the first two.
func (in *input) duration(name string) time.Duration {
	d, _ := parseDuration(in.str(name))
	return d
}

// parseDuration reads a duration as every flag and variable of ssox takes
// it: Go's form (90s, 15m, 1h30m), zero or more. A negative one is refused:
// as --min-ttl it would hand out credentials that have already expired.
func parseDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration (like 15m or 1h)", v)
	case d < 0:
		return 0, fmt.Errorf("%q is negative (give a duration like 15m or 1h)", v)
	}
	return d, nil
}

// checkValue refuses a value the flag cannot take, by its kind and check.
func (f flagSpec) checkValue(v string) error {
	switch {
	case f.kind == durationFlag:
		_, err := parseDuration(v)
		return err
	case f.check != nil:
		return f.check(v)
	}
	return nil
}

// checkEnv refuses a bad value in the SSOX_ variable of a flag the command
// line did not give: it would stand for the flag.
func (in *input) checkEnv() error {
	for _, f := range in.cmd.all {
		if _, given := in.flags[f.name]; given || f.env == "" || f.kind == boolFlag {
			continue
		}
		if v := in.env.Get(f.env); v != "" {
			if err := f.checkValue(v); err != nil {
				hint := fmt.Sprintf("set %s to a value --%s takes, or unset it", f.env, f.name)
				if f.kind == durationFlag {
					hint = fmt.Sprintf("set %s to a duration such as %s, or unset it", f.env, f.def)
				}
				return errs.Usage(errs.WithHint(fmt.Errorf("%s=%w", f.env, err), "%s", hint))
			}
		}
	}
	return nil
}

// parse reads args (without the program name) against the command table.
// The command is the first word that is not a flag or a flag's value; when it
// names no command, the line is the root form `ssox PROFILE [CMD...]`.
func parse(args []string, env environ.Env) (*input, error) {
	cmd, at := findCommand(args)
	rest := args
	if at >= 0 {
		rest = append(append([]string{}, args[:at]...), args[at+1:]...)
	}
	in := &input{cmd: cmd, flags: map[string]string{}, env: env, line: args, at: at}
	for i := 0; i < len(rest); i++ {
		w := rest[i]
		if w == "--" {
			if cmd.args == profileAndCommand {
				// Without a profile before it, the profile comes from
				// AWS_PROFILE or the picker.
				in.command = rest[i+1:]
			} else {
				in.args = append(in.args, rest[i+1:]...)
			}
			break
		}
		if len(w) > 1 && w[0] == '-' {
			n, err := in.flag(rest, i)
			if err != nil {
				return in, err
			}
			i += n
			continue
		}
		if cmd.args == profileAndCommand && len(in.args) == 1 {
			// The first word after the profile that is not a flag starts
			// the command; from here on nothing is ssox's.
			in.command = rest[i:]
			break
		}
		in.args = append(in.args, w)
	}
	if in.help {
		return in, nil
	}
	if err := cmd.checkArgs(in); err != nil {
		return in, err
	}
	return in, in.checkEnv()
}

// flag reads the flag at rest[i] and returns how many following words it
// used as its value.
func (in *input) flag(rest []string, i int) (int, error) {
	w := rest[i]
	name, value, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
	if strings.HasPrefix(w, "---") || name == "" {
		return 0, in.usage("bad flag %s", w)
	}
	if name == "h" || name == "help" {
		in.help = true
		return 0, nil
	}
	f, ok := in.cmd.lookup(name)
	if !ok {
		return 0, in.unknownFlag(rest, i, name, value, hasValue)
	}
	used := 0
	switch {
	case f.kind == boolFlag && !hasValue:
		value = "true"
	case f.kind == boolFlag:
		if _, err := strconv.ParseBool(value); err != nil {
			return 0, in.usage("--%s takes true or false, not %q", f.name, value)
		}
	case !hasValue:
		if i+1 >= len(rest) {
			return 0, in.usage("--%s needs a value", f.name)
		}
		value, used = rest[i+1], 1
	}
	if err := f.checkValue(value); err != nil {
		return 0, in.usage("--%s: %v", f.name, err)
	}
	in.flags[f.name] = value
	return used, nil
}

// unknownFlag is the usage error of a flag the command does not take, at
// rest[i] (named name, with its value if it came with =): the nearest of
// its flags, or, for the --profile and -p of the AWS CLI and aws-vault, the
// command line with the profile where ssox takes it.
func (in *input) unknownFlag(rest []string, i int, name, value string, hasValue bool) error {
	w := rest[i]
	if (name == "profile" || name == "p") && in.cmd.args != noArgs && in.cmd.name != "init" && in.cmd.name != "help" {
		return in.profileFlag(rest, i, value, hasValue)
	}
	names := []string{"help"}
	for _, f := range in.cmd.all {
		names = append(names, f.name)
	}
	if near := awsconfig.Closest(name, names); len(near) > 0 {
		return errs.Usage(errs.Hintf("did you mean --"+near[0]+"? "+in.cmd.usageHint(), "unknown flag %s", w))
	}
	return in.usage("unknown flag %s", w)
}

// profileFlag answers `ssox --profile ui-dev -- CMD` with the line that
// names the profile as ssox does, `ssox ui-dev -- CMD`, when that line
// runs as asked; else with the usage line.
func (in *input) profileFlag(rest []string, i int, value string, hasValue bool) error {
	flag := strings.SplitN(rest[i], "=", 2)[0]
	msg := fmt.Sprintf("ssox takes the profile as an argument, not as %s", flag)
	if !hasValue && i+1 < len(rest) && !strings.HasPrefix(rest[i+1], "-") {
		value, hasValue = rest[i+1], true
	}
	if !hasValue || value == "" {
		return in.usage("%s", msg)
	}
	// rest is the line without the command's name: find the flag in line.
	j := i
	if in.at >= 0 && i >= in.at {
		j++
	}
	used := 1
	if !strings.Contains(in.line[j], "=") {
		used = 2
	}
	line := slices.Concat(in.line[:j], []string{value}, in.line[j+used:])
	if again, err := parse(line, in.env); err != nil || again.arg() != value {
		return in.usage("%s", msg)
	}
	words := []string{"ssox"}
	for _, w := range line {
		words = append(words, visible.ShellWord(w))
	}
	return errs.Usage(errs.Hintf(strings.Join(words, " "), "%s", msg))
}

// usage is a usage error whose hint shows the command's usage line.
func (in *input) usage(format string, args ...any) error {
	return errs.Usage(errs.Hintf(in.cmd.usageHint(), format, args...))
}

// withUsage gives a usage error that has no hint of its own, wherever it
// was raised, the command's usage line as its hint: every usage error
// prints what was wrong and how to get it right.
func (in *input) withUsage(err error) error {
	if errs.CodeOf(err) != errs.CodeUsage || errs.HintOf(err) != "" {
		return err
	}
	return errs.WithHint(err, "%s", in.cmd.usageHint())
}

// findCommand returns the command a line runs and the index of its name in
// args, or -1 for the root form.
func findCommand(args []string) (*command, int) {
	for i := 0; i < len(args); i++ {
		w := args[i]
		if w == "--" {
			break
		}
		if len(w) > 1 && w[0] == '-' {
			name, _, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			if f, ok := rootCommand().lookupAny(name); ok && f.takesValue() && !hasValue {
				i++
			}
			continue
		}
		if c := commandNamed(w); c != nil {
			return c, i
		}
		break
	}
	return rootCommand(), -1
}
