package envfmt

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ssox/ssox/internal/shellquote"
)

// No PowerShell runs here (none installs on this system): the fuzz target
// and the golden tests read the powershell format back with this parser
// of the two statements it prints.

// psQuote reports whether r is one of the characters PowerShell's tokenizer
// takes for a single quote.
func psQuote(r rune) bool {
	return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201a' || r == '\u201b'
}

// parsePowerShell runs the two statements `ssox env --format powershell`
// may print, by PowerShell's rules for single-quoted strings (nothing is
// expanded; two quote characters in a row stand for one), on env. Anything
// else is an error: it would be code.
func parsePowerShell(script string, env map[string]string) (map[string]string, error) {
	rest := script
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "Remove-Item Env:"):
			line, after, ok := strings.Cut(rest, "\n")
			if !ok {
				return nil, errors.New("unterminated Remove-Item")
			}
			name, ok := strings.CutSuffix(strings.TrimPrefix(line, "Remove-Item Env:"), " -ErrorAction SilentlyContinue")
			if !ok || !shellquote.ValidName(name) {
				return nil, fmt.Errorf("bad Remove-Item line %q", line)
			}
			delete(env, name)
			rest = after
		case strings.HasPrefix(rest, "$Env:"):
			name, after, ok := strings.Cut(strings.TrimPrefix(rest, "$Env:"), " = ")
			if !ok || !shellquote.ValidName(name) {
				return nil, fmt.Errorf("bad assignment at %q", rest)
			}
			r, size := utf8.DecodeRuneInString(after)
			if !psQuote(r) {
				return nil, fmt.Errorf("value of %s is not single-quoted", name)
			}
			after = after[size:]
			var value strings.Builder
			for {
				r, size := utf8.DecodeRuneInString(after)
				if size == 0 {
					return nil, fmt.Errorf("unterminated string for %s", name)
				}
				after = after[size:]
				if !psQuote(r) {
					value.WriteRune(r)
					continue
				}
				if r2, size2 := utf8.DecodeRuneInString(after); size2 > 0 && psQuote(r2) {
					value.WriteRune(r2)
					after = after[size2:]
					continue
				}
				break
			}
			if !strings.HasPrefix(after, "\n") {
				return nil, fmt.Errorf("text after the string of %s: %q", name, after)
			}
			// Windows has no empty variables: '' removes it.
			if value.Len() == 0 {
				delete(env, name)
			} else {
				env[name] = value.String()
			}
			rest = after[1:]
		default:
			return nil, fmt.Errorf("not a statement ssox prints: %q", rest)
		}
	}
	return env, nil
}
