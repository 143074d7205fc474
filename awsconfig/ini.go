package awsconfig

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ssox/ssox/internal/visible"
)

// section is one [block] of the config file as the AWS CLI (botocore, with
// Python's configparser) reads it.
type section struct {
	// header is the text between the brackets, as written.
	header string
	// name is the block as botocore maps it: "profile NAME" (NAME after
	// shell-like splitting, so quotes and spacing fold), "sso-session NAME",
	// "default", another header as written, or "" for a header botocore
	// drops (such as "[profile a b]").
	name string
	line int
	// keys are the block's keys, lower-case, with their values as botocore
	// reads them: inline comments and quotes kept, continuation lines joined
	// with "\n", and [DEFAULT]'s keys where the block has none of its own.
	keys map[string]string
}

// SyntaxError is a config file botocore refuses as a whole (its
// ConfigParseError): the AWS CLI stops on every command.
type SyntaxError struct {
	Line int
	// Msg says what is wrong; Hint how to fix it.
	Msg, Hint string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// defaultSection is configparser's: its keys are every block's defaults.
const defaultSection = "DEFAULT"

// scan reads config file text as botocore does: Python's RawConfigParser
// with its defaults (strict, "=" and ":" as delimiters, "#" and ";" only as
// whole-line comments, no inline comments), then botocore's mapping of
// headers to profiles and sso-sessions. Its error is the first one botocore
// raises: a section or a key twice, a key before any section, a line that
// is neither; the sections are what could be read regardless.
//
// The SDK parses profiles; this scanner exists for what the SDK does not
// expose (the list of block names for "did you mean",
// sso_registration_scopes, sso_account_name) and to find where the SDK and
// the AWS CLI read the same file differently.
func scan(data []byte) ([]section, *SyntaxError) {
	var (
		out          []section
		cur          *section
		curKeys      map[string]string // the current section's values
		seenHeaders  = map[string]int{}
		opt          string
		indent       int
		firstBadLine *SyntaxError
		defaults     = map[string]string{}
	)
	// finish drops the trailing blank lines of multi-line values, as
	// configparser does, and gives each section [DEFAULT]'s keys where it
	// has none of its own.
	trim := func(keys map[string]string) {
		for k, v := range keys {
			if strings.Contains(v, "\n") {
				keys[k] = pyTrimRight(v)
			}
		}
	}
	finish := func() []section {
		trim(defaults)
		for i := range out {
			trim(out[i].keys)
			for k, v := range defaults {
				if _, own := out[i].keys[k]; !own {
					out[i].keys[k] = v
				}
			}
		}
		return out
	}
	// appendLine adds a continuation line to the current option's value.
	appendLine := func(line string) {
		curKeys[opt] += "\n" + line
	}
	lines := splitLines(string(data))
	for i, raw := range lines {
		n := i + 1
		stripped := pyStrip(raw)
		comment := strings.HasPrefix(stripped, "#") || strings.HasPrefix(stripped, ";")
		if comment || stripped == "" {
			// A blank line (not a comment) belongs to a multi-line value.
			if !comment && curKeys != nil && opt != "" {
				appendLine("")
			}
			continue
		}
		level := indentOf(raw)
		if curKeys != nil && opt != "" && level > indent {
			appendLine(stripped)
			continue
		}
		indent = level
		if header, ok := sectionHeader(stripped); ok {
			opt = ""
			if header == defaultSection {
				cur, curKeys = nil, defaults
				continue
			}
			if first, dup := seenHeaders[header]; dup {
				return finish(), &SyntaxError{Line: n,
					Msg:  fmt.Sprintf("[%s] appears twice (lines %d and %d); the AWS CLI refuses the whole file", visible.String(header), first, n),
					Hint: "merge the two blocks into one"}
			}
			seenHeaders[header] = n
			curKeys = make(map[string]string, 8) // a profile has a handful of keys
			out = append(out, section{header: header, name: botocoreName(header), line: n, keys: curKeys})
			cur = &out[len(out)-1]
			continue
		}
		if curKeys == nil {
			return finish(), &SyntaxError{Line: n,
				Msg:  "a key before any [section]; the AWS CLI refuses the whole file",
				Hint: "move the line into the [profile ...] block it belongs to, or delete it"}
		}
		key, value, ok := option(stripped)
		if !ok {
			if firstBadLine == nil {
				firstBadLine = &SyntaxError{Line: n,
					Msg:  "the line is neither [section] nor key = value; the AWS CLI refuses the whole file",
					Hint: "fix or delete the line (a comment line starts with # or ;)"}
			}
			continue
		}
		owner := defaultSection
		if cur != nil {
			owner = cur.header
		}
		// A header seen twice has stopped the scan already, so a key seen
		// twice in this section's map was seen twice under one header.
		if _, dup := curKeys[key]; dup {
			return finish(), &SyntaxError{Line: n,
				Msg:  fmt.Sprintf("%s appears twice in [%s]; the AWS CLI refuses the whole file", visible.String(key), visible.String(owner)),
				Hint: "keep one of the two lines"}
		}
		curKeys[key] = value
		opt = key
	}
	if firstBadLine != nil {
		return finish(), firstBadLine
	}
	secs := finish()
	first := make(map[string]int, len(secs)) // the line of each name's first block
	for _, s := range secs {
		if s.name == "" {
			continue
		}
		if line, dup := first[s.name]; dup {
			return secs, &SyntaxError{Line: s.line,
				Msg: fmt.Sprintf("[%s] is %s again (first at line %d); the AWS CLI reads only the last block, the AWS SDKs merge both",
					visible.String(s.header), visible.String(s.name), line),
				Hint: "merge the two blocks into one"}
		}
		first[s.name] = s.line
	}
	return secs, nil
}

// splitLines splits as Python's text files do: "\n", "\r\n" and "\r".
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// pySpace is Python's str.isspace: Unicode white space plus the ASCII
// separators 0x1c-0x1f.
func pySpace(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) }

func pyStrip(s string) string { return pyTrimRight(pyTrimLeft(s)) }

// asciiSpace is pySpace for a byte below 0x80.
func asciiSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f) }

// pyTrimLeft and pyTrimRight trim pySpace, a byte at a time while the text
// is ASCII (nearly every config line), by rune beyond.
func pyTrimLeft(s string) string {
	for len(s) > 0 && s[0] < 0x80 {
		if !asciiSpace(s[0]) {
			return s
		}
		s = s[1:]
	}
	return strings.TrimLeftFunc(s, pySpace)
}

func pyTrimRight(s string) string {
	for len(s) > 0 && s[len(s)-1] < 0x80 {
		if !asciiSpace(s[len(s)-1]) {
			return s
		}
		s = s[:len(s)-1]
	}
	return strings.TrimRightFunc(s, pySpace)
}

// indentOf counts the characters before the first non-space one.
func indentOf(s string) int {
	n := 0
	for _, r := range s {
		if !pySpace(r) {
			return n
		}
		n++
	}
	return n
}

// sectionHeader matches configparser's \[(?P<header>.+)\] at the start of
// the line: everything up to the last "]", which must leave a name.
func sectionHeader(line string) (string, bool) {
	if !strings.HasPrefix(line, "[") {
		return "", false
	}
	end := strings.LastIndexByte(line, ']')
	if end < 2 {
		return "", false
	}
	return line[1:end], true
}

// option matches configparser's (?P<option>.*?)\s*[=:]\s*(?P<value>.*)$:
// the key ends at the first "=" or ":", which must leave a key.
func option(line string) (key, value string, ok bool) {
	i := strings.IndexFunc(line, func(r rune) bool { return r == '=' || r == ':' })
	if i < 0 {
		return "", "", false
	}
	key = strings.ToLower(pyTrimRight(line[:i]))
	if key == "" {
		return "", "", false
	}
	return key, pyStrip(line[i+1:]), true
}

// botocoreName maps a header as botocore's build_profile_map does: headers
// starting "profile" or "sso-session" are split like a shell line and must
// give two words; "default" is the default profile.
func botocoreName(header string) string {
	for _, kind := range []string{"profile", "sso-session"} {
		if strings.HasPrefix(header, kind) {
			var parts []string
			ok := true
			if strings.ContainsAny(header, `"'\`) {
				parts, ok = shellSplit(header)
			} else {
				parts = strings.Fields(header) // no quoting: shlex splits on white space alone
			}
			if !ok || len(parts) != 2 {
				return ""
			}
			if name := kind + " " + parts[1]; name != header {
				return name
			}
			return header
		}
	}
	return header
}

// shellSplit splits s as Python's shlex.split does (POSIX mode, no
// comments): white space separates words, quotes group, a backslash escapes
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
		case unicode.IsSpace(r):
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

// Block is a [section] of a config file with its top-level keys.
type Block struct {
	// Name is the section as botocore maps it: "profile ui-dev",
	// "sso-session njoitaws", "default".
	Name string
	Keys map[string]string
}

// Blocks reads the sections of config file text, for tools that edit it;
// what a syntax error leaves unread is left out.
func Blocks(data []byte) []Block {
	secs, _ := scan(data)
	out := make([]Block, 0, len(secs))
	for _, s := range secs {
		if s.name != "" {
			out = append(out, Block{Name: s.name, Keys: s.keys})
		}
	}
	return out
}

// HeaderName returns the block a line of a config file starts, as botocore
// names it ("sso-session corp" for `[sso-session "corp"]`), if it is a
// section header.
func HeaderName(line string) (string, bool) {
	header, ok := sectionHeader(pyStrip(line))
	if !ok {
		return "", false
	}
	return botocoreName(header), true
}

// loneQuote returns the first line (1-based) where the AWS SDK for Go's
// parser sees a value that is a single quote character, which makes it
// panic: a line that is not blank, a comment or a [section] to the SDK,
// cut at " #" / " ;" unless indented, whose value is `"` or `'`. 0 when
// there is none.
func loneQuote(data []byte) int {
	for i, line := range splitLines(string(data)) {
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		h, _, _ := strings.Cut(line, "#")
		h, _, _ = strings.Cut(h, ";")
		if h = strings.TrimSpace(h); strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
			continue
		}
		if trimmed == line {
			for _, sep := range []string{" #", " ;", "\t#", "\t;"} {
				trimmed, _, _ = strings.Cut(trimmed, sep)
			}
		}
		eq, colon := strings.Index(trimmed, "="), strings.Index(trimmed, ":")
		sep := eq
		if eq < 0 || (colon >= 0 && colon < eq) {
			sep = colon
		}
		if sep < 0 {
			continue
		}
		if v := strings.TrimSpace(trimmed[sep+1:]); v == `"` || v == "'" {
			return i + 1
		}
	}
	return 0
}
