package awsconfig

import (
	"strings"
	"unicode/utf8"
)

// botocoreName maps a header as botocore's build_profile_map does: headers
// starting "profile" or "sso-session" are split like a shell line and must
// give two words; "default" is the default profile.
func botocoreName(header string) string {
	name, _ := headerNames(header)
	return name
}

// headerNames returns botocore's name for a header, and whether the AWS
// SDKs read the line "[header]" as a block of that name too: the SDKs
// trim the name, cut it at "#" or ";", and fold the white space between
// its first two words to one space.
func headerNames(header string) (string, bool) {
	if rest, ok := strings.CutPrefix(header, "profile "); ok && rest != "" && plainWord(rest) {
		// Nearly every header: nothing for shlex to split or unquote, and
		// for the SDKs nothing to cut or fold.
		return header, solid(header[len(header)-1])
	}
	name := shlexName(header)
	return name, name == header && sdkPlain(header)
}

// sdkPlain reports whether the AWS SDKs read a header, within its
// brackets, as it is written.
func sdkPlain(header string) bool {
	if header == "" || !solid(header[0]) || !solid(header[len(header)-1]) || strings.ContainsAny(header, "#;\t") {
		return false
	}
	i := strings.IndexByte(header, ' ')
	return i < 0 || header[i+1] != ' '
}

// shlexName is botocoreName through shlex.
func shlexName(header string) string {
	for _, kind := range [...]string{"profile", "sso-session"} {
		rest, ok := strings.CutPrefix(header, kind)
		if !ok {
			continue
		}
		if len(rest) > 1 && rest[0] == ' ' && plainWord(rest[1:]) {
			return header // "profile NAME": nothing for shlex to split or unquote
		}
		parts, ok := shellSplit(header)
		if !ok || len(parts) != 2 {
			return ""
		}
		return kind + " " + parts[1]
	}
	return header
}

// plainWord reports whether shlex reads s as one word, itself, and the
// AWS SDKs see no comment in it: s has no white space, quotes,
// backslashes, "#" or ";". It runs on every header, four bytes at a time.
func plainWord(s string) bool {
	for ; len(s) >= 4; s = s[4:] {
		if notPlain[s[0]]|notPlain[s[1]]|notPlain[s[2]]|notPlain[s[3]] != 0 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if notPlain[s[i]] != 0 {
			return false
		}
	}
	return true
}

// notPlain marks the bytes plainWord looks for.
var notPlain = [256]uint8{' ': 1, '\t': 1, '"': 1, '\'': 1, '\\': 1, '#': 1, ';': 1}

// shellSplit splits s as Python's shlex.split does (POSIX mode, no
// comments): spaces, tabs and line breaks (shlex's whitespace, not
// Unicode's) separate words, quotes group, a backslash escapes
// outside single quotes. An unclosed quote or a trailing backslash fails.
func shellSplit(s string) ([]string, bool) {
	var words []string
	var b strings.Builder
	inWord := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\\':
			if i >= len(s) {
				return nil, false
			}
			r2, size2 := utf8.DecodeRuneInString(s[i:])
			i += size2
			b.WriteRune(r2)
			inWord = true
		case r == '\'' || r == '"':
			end := strings.IndexRune(s[i:], r)
			if r == '"' {
				end = closingDoubleQuote(s[i:])
			}
			if end < 0 {
				return nil, false
			}
			body := s[i : i+end]
			if r == '"' {
				body = strings.NewReplacer(`\\`, `\`, `\"`, `"`).Replace(body)
			}
			b.WriteString(body)
			i += end + 1
			inWord = true
		case r == ' ' || r == '\t' || r == '\r' || r == '\n':
			if inWord {
				words = append(words, b.String())
				b.Reset()
				inWord = false
			}
		default:
			b.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, b.String())
	}
	return words, true
}

// closingDoubleQuote finds the '"' that closes a double-quoted string,
// skipping \" and \\.
func closingDoubleQuote(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
