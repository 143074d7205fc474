// Package pyjson encodes JSON byte for byte as Python's json.dumps does with
// sort_keys=True: the AWS CLI hashes such text to name its cache files, so
// ssox must produce the very same bytes to share them.
package pyjson

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Compact are the separators (",", ":"); Default are Python's (", ", ": ").
var (
	Compact = Separators{Item: ",", Key: ":"}
	Default = Separators{Item: ", ", Key: ": "}
)

// Separators between items and between a key and its value.
type Separators struct{ Item, Key string }

// Object is a JSON object whose members keep their order, as a Python dict
// does when json.dumps is called without sort_keys.
type Object []Member

// Member is one key and value of an Object.
type Member struct {
	Key   string
	Value any
}

// Dumps encodes v, which may be a map[string]any (keys sorted), an Object
// (keys in order), []string, string, int or nil, with ensure_ascii, as
// json.dumps(v, sort_keys=True, separators=...) would.
func Dumps(v any, sep Separators) string {
	var b strings.Builder
	encode(&b, v, sep)
	return b.String()
}

func encode(b *strings.Builder, v any, sep Separators) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case string:
		quote(b, v)
	case int:
		b.WriteString(strconv.Itoa(v))
	case Object:
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteString(sep.Item)
			}
			quote(b, m.Key)
			b.WriteString(sep.Key)
			encode(b, m.Value, sep)
		}
		b.WriteByte('}')
	case []string:
		b.WriteByte('[')
		for i, s := range v {
			if i > 0 {
				b.WriteString(sep.Item)
			}
			quote(b, s)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(sep.Item)
			}
			quote(b, k)
			b.WriteString(sep.Key)
			encode(b, v[k], sep)
		}
		b.WriteByte('}')
	default:
		panic(fmt.Sprintf("pyjson: unsupported type %T", v))
	}
}

// quote writes s as Python does with ensure_ascii: the short escapes for
// quote, backslash and \b \f \n \r \t, \u00XX for other control characters,
// and \uXXXX (surrogate pairs beyond the BMP) for everything non-ASCII.
func quote(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || (r >= 0x7f && r <= 0xffff):
			fmt.Fprintf(b, `\u%04x`, r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
