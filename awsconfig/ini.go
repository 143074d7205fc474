package awsconfig

import (
	"bufio"
	"bytes"
	"strings"
)

// section is one [block] of the config file as ssox's own small scanner sees
// it. The SDK parses profiles; this scanner exists for what the SDK does not
// expose: the list of block names (for "did you mean"), blocks the SDK
// rejects, and sso_registration_scopes.
type section struct {
	name string
	line int
	keys map[string]string
}

// scan reads INI blocks the way the AWS shared config format defines them:
// "# " and "; " comment lines, "key = value" pairs, indented lines continue a
// nested value and are skipped.
func scan(data []byte) []section {
	var out []section
	var cur *section
	s := bufio.NewScanner(bytes.NewReader(data))
	s.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; s.Scan(); n++ {
		raw := s.Text()
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				cur = nil
				continue
			}
			name := strings.Join(strings.Fields(line[1:end]), " ")
			out = append(out, section{name: name, line: n, keys: map[string]string{}})
			cur = &out[len(out)-1]
			continue
		}
		if cur == nil || raw[0] == ' ' || raw[0] == '\t' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		cur.keys[strings.ToLower(strings.TrimSpace(k))] = stripInlineComment(strings.TrimSpace(v))
	}
	return out
}

// stripInlineComment drops a " #" or " ;" comment at the end of a value.
func stripInlineComment(v string) string {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	return v
}

// Block is a [section] of a config file with its top-level keys.
type Block struct {
	// Name is the section name as written between the brackets, spaces
	// folded: "profile ui-dev", "sso-session njoitaws", "default".
	Name string
	Keys map[string]string
}

// Blocks reads the sections of config file text, for tools that edit it.
func Blocks(data []byte) []Block {
	secs := scan(data)
	out := make([]Block, len(secs))
	for i, s := range secs {
		out[i] = Block{Name: s.name, Keys: s.keys}
	}
	return out
}

// ProfileName returns the profile a block name defines, if it defines one.
func ProfileName(block string) (string, bool) { return profileName(block) }
