// Package visible renders text from config files and the environment so a
// terminal shows it as written: control characters (escape sequences,
// carriage returns, bidirectional overrides) appear as Go escapes such as
// \x1b instead of acting on the terminal.
package visible

import (
	"fmt"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ssox/ssox/internal/shellquote"
)

// String returns s with every control or format character, and every byte
// that is not UTF-8, written as an escape; other text is unchanged.
func String(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case hidden(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func clean(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || hidden(r) {
			return false
		}
		i += size
	}
	return true
}

// hidden: C0, DEL, C1 (unicode.Cc), and format characters (unicode.Cf:
// bidirectional overrides, zero-width joiners) that reorder or hide text.
func hidden(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// ShellWord writes s as a word that sh, bash and zsh read back as s, for a
// hint the user can paste: shellquote.Sh when s shows as it is, else an
// ANSI-C quoted $'...' word with its control characters as escapes.
func ShellWord(s string) string {
	if clean(s) {
		return shellquote.Sh(s)
	}
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\' || r == '\'':
			b.WriteByte('\\')
			b.WriteRune(r)
		case (r == utf8.RuneError && size == 1) || hidden(r):
			for _, c := range []byte(s[i : i+size]) {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		default:
			b.WriteRune(r)
		}
		i += size
	}
	b.WriteByte('\'')
	return b.String()
}

// RemoveCommand is the command that deletes the file at path, for a hint:
// rm and the path as a ShellWord; on Windows del and the path in double
// quotes, which cmd.exe and PowerShell both run (a Windows path holds no
// double quote).
func RemoveCommand(path string) string {
	if runtime.GOOS == "windows" {
		return `del "` + String(path) + `"`
	}
	return "rm " + ShellWord(path)
}
