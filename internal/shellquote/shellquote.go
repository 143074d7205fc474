// Package shellquote writes words that each target shell reads back as
// exactly the string given: values and variable names for sh, bash and zsh,
// fish, PowerShell and the Windows command processor (cmd.exe).
package shellquote

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// ValidName reports whether name is a variable name every supported shell
// accepts as it is: a letter or underscore, then letters, digits and
// underscores. Anything else must never be printed as a name, since a
// shell would read it as code.
func ValidName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Sh quotes s as one word for sh, bash and zsh: as it is when it holds only
// characters no shell treats specially, else in single quotes, each single
// quote in s closing them, escaped and opening them again:
//
//	'\''
func Sh(s string) string {
	if plain(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// plain reports whether s can stand unquoted. '=' is not allowed first,
// where zsh would expand it to a command's path.
func plain(s string) bool {
	if s == "" || s[0] == '=' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-_./:+=@,", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// Fish quotes s as one word for fish, where single quotes still give
// meaning to \' and \\.
func Fish(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// PowerShell quotes s as a single-quoted PowerShell string, where nothing
// is expanded and each quote character is doubled: the ASCII one and the
// typographic ones PowerShell also takes for a quote.
func PowerShell(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", ErrNotText
	}
	q := strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")
	return "'" + q.Replace(s) + "'", nil
}

// ErrNotText is returned for a value that is not UTF-8 text: PowerShell
// and cmd.exe read scripts as text and keep variables in UTF-16, so no
// script of theirs can hold it.
var ErrNotText = errors.New("is not UTF-8 text, which Windows variables cannot hold")

// ErrCmdUnrepresentable is returned for a value the Windows command
// processor cannot hold on one line of a batch file.
var ErrCmdUnrepresentable = errors.New("holds a line break, NUL or Ctrl-Z, which a batch file cannot set")

// CmdSet writes the batch-file line `@set "name=value"` that sets name to
// exactly value when the file runs (call file.cmd): % is doubled, and a
// character cmd would act on (& | < > ( ) ^) is escaped with ^ wherever a
// quote in value leaves it outside quotes. The @ keeps cmd.exe from
// echoing the line, secret and all, where echo is on. name must be a
// ValidName.
func CmdSet(name, value string) (string, error) {
	if strings.ContainsAny(value, "\r\n\x00\x1a") {
		return "", ErrCmdUnrepresentable
	}
	if !utf8.ValidString(value) {
		return "", ErrNotText
	}
	var b strings.Builder
	b.WriteString(`@set "`)
	b.WriteString(name)
	b.WriteByte('=')
	quoted := true // the quote before the name is open
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case c == '%':
			b.WriteString("%%")
			continue
		case c == '"':
			quoted = !quoted
		case !quoted && strings.IndexByte("&|<>()^", c) >= 0:
			b.WriteByte('^')
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String(), nil
}

// CmdUnset writes the batch-file line that removes name.
func CmdUnset(name string) string {
	return `@set "` + name + `="`
}
