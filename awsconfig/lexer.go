package awsconfig

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineKind is what configparser makes of a line.
type lineKind uint8

const (
	lineEnd    lineKind = iota // no more lines
	lineSkip                   // a comment, or a blank line outside a value
	lineBlank                  // a blank line inside a multi-line value
	lineMore                   // a continuation line of a multi-line value
	lineHeader                 // [section]
	lineOption                 // key = value; an empty key is an error
	lineBad                    // neither
)

// lexer reads config text a line at a time, as configparser's _read does:
// lines end at "\n", "\r\n" or "\r" (Python's universal newlines); a line
// indented deeper than the line that set a value continues that value.
type lexer struct {
	text string
	cr   bool // text holds a '\r': look for line ends other than "\n"
	pos  int  // where the next line starts
	// n is the current line's number, start where it starts.
	n, start int
	// opt is configparser's optname: the last key set can take
	// continuation lines; indent is indent_level.
	opt    bool
	indent int
	// colon is where the next ":" is, found again only once passed: one
	// search per colon rather than one per key, as few keys hold one.
	colon int
	// loneCR is whether a line has ended at a "\r" alone, where the AWS
	// SDKs see no line break.
	loneCR bool
}

// next reads a line. For a header, a is its name; for an option, a is the
// key as written and b the rest of the line after the "=" or ":" (value
// trims it); for a continuation line, a is the line.
func (l *lexer) next() (kind lineKind, a, b string) {
	start, text := l.pos, l.text
	if start >= len(text) {
		return lineEnd, "", ""
	}
	l.n++
	l.start = start
	line := text[start:]
	next := len(text)
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line, next = line[:i], start+i+1
	}
	if l.cr {
		if i := strings.IndexByte(line, '\r'); i >= 0 {
			if i+1 < len(line) || next == len(text) && text[next-1] != '\n' { // a lone "\r", not "\r\n"
				next, l.loneCR = start+i+1, true
			}
			line = line[:i]
		}
	}
	l.pos = next
	s, indent, at := line, 0, start // at: where s starts in text
	if len(s) > 0 && solid(s[0]) {
		// Most lines start at column 0, so do not continue a value.
		if !solid(s[len(s)-1]) {
			s = pyTrimRight(s)
		}
	} else {
		left := pyTrimLeft(line)
		if s = pyTrimRight(left); s == "" {
			if l.opt {
				return lineBlank, "", ""
			}
			return lineSkip, "", ""
		}
		indent = len(line) - len(left)
		if at += indent; !isASCII(line[:indent]) {
			indent = utf8.RuneCountInString(line[:indent]) // configparser counts characters
		}
		if l.opt && indent > l.indent && s[0] != '#' && s[0] != ';' {
			return lineMore, s, ""
		}
	}
	switch s[0] {
	case '#', ';':
		return lineSkip, "", ""
	case '[':
		if header, ok := sectionHeader(s); ok {
			l.indent, l.opt = indent, false
			return lineHeader, header, ""
		}
	}
	l.indent = indent
	// configparser's (?P<option>.*?)\s*[=:]\s*(?P<value>.*)$: the key ends
	// at the first "=" or ":".
	i := strings.IndexByte(s, '=')
	if i < 0 {
		i = len(s)
	}
	if l.colon < at+i && l.findColon(at) < at+i {
		i = l.colon - at
	} else if i == len(s) {
		return lineBad, "", ""
	}
	key := s[:i]
	for len(key) > 0 && key[len(key)-1] == ' ' {
		key = key[:len(key)-1]
	}
	if len(key) > 0 && !solid(key[len(key)-1]) {
		key = pyTrimRight(key)
	}
	l.opt = key != ""
	return lineOption, key, s[i+1:]
}

// findColon returns where the first ":" at or after offset from is.
func (l *lexer) findColon(from int) int {
	if l.colon < from {
		l.colon = len(l.text)
		if j := strings.IndexByte(l.text[from:], ':'); j >= 0 {
			l.colon = from + j
		}
	}
	return l.colon
}

// solid reports whether c is an ASCII character that is not white space;
// a byte that is not may be, or may be part of a character that is.
func solid(c byte) bool { return ' ' < c && c < 0x80 }

// isASCII reports whether s is all ASCII, a word of eight bytes at a time
// (the compiler reads each eight as one word).
func isASCII(s string) bool {
	var or uint64
	for ; len(s) >= 32; s = s[32:] {
		or |= word(s) | word(s[8:]) | word(s[16:]) | word(s[24:])
	}
	for ; len(s) >= 8; s = s[8:] {
		or |= word(s)
	}
	for i := 0; i < len(s); i++ {
		or |= uint64(s[i])
	}
	return or&0x8080808080808080 == 0
}

func word(s string) uint64 {
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
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
