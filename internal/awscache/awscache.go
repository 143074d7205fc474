// Package awscache reads and writes the AWS CLI's cache files, the SSO token
// and client registrations in ~/.aws/sso/cache and role credentials in
// ~/.aws/cli/cache, so that ssox and the AWS tools share them: their names
// (the SHA-1 of a key), their timestamps, a lenient read that keeps every
// usable field, and an atomic write with mode 0600.
package awscache

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ssox/ssox/internal/atomicfile"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/internal/visible"
)

// SSODir is ~/.aws/sso/cache: SSO tokens and client registrations.
func SSODir(home string) string { return filepath.Join(home, ".aws", "sso", "cache") }

// CLIDir is ~/.aws/cli/cache: role credentials.
func CLIDir(home string) string { return filepath.Join(home, ".aws", "cli", "cache") }

// Path is the file the AWS CLI keeps the entry for key in, in dir: the
// SHA-1 of key in hex, with a .json suffix.
func Path(dir, key string) string {
	sum := sha1.Sum([]byte(key))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json")
}

// TimeFormat is how the AWS CLI writes timestamps in its caches.
const TimeFormat = "2006-01-02T15:04:05Z"

// FormatTime writes t as the AWS CLI does: UTC, seconds, a Z.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05UTC",
	"2006-01-02T15:04:05.999999999UTC",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
}

// ParseTime reads a cache timestamp in any form the AWS tools have written;
// one without a zone is UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("missing")
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q", s)
}

// Write writes v as JSON to path atomically, mode 0600, creating the folder
// with mode 0700.
func Write(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, 0o600, 0o700)
}

// Object is a JSON object read field by field, so that a field of the wrong
// type costs that field alone; Problems says which fields were unusable.
type Object struct {
	fields map[string]json.RawMessage
	prefix string
	// Problems are shared with the objects nested in this one.
	Problems *[]string
}

// Read reads the JSON object in path. A missing file is an error that
// errors.Is(err, fs.ErrNotExist) recognises; a file that is not a JSON
// object is a *NotObjectError; a named pipe, a device, or a file larger
// than any cache is refused, with a hint, before it is read.
func Read(path string) (*Object, error) {
	data, err := safefile.ReadFile(path, safefile.CacheLimit)
	var notRegular *safefile.NotRegularError
	var tooLarge *safefile.TooLargeError
	if errors.As(err, &notRegular) || errors.As(err, &tooLarge) {
		// No AWS tool writes such a file, and none can use it.
		return nil, errs.WithHint(err, "remove it: '%s' (the AWS CLI and ssox write it anew)", visible.RemoveCommand(path))
	}
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// NotObjectError is returned for data that is not a JSON object at all.
type NotObjectError struct{ Err error }

func (e *NotObjectError) Error() string { return "not a JSON object" }

func (e *NotObjectError) Unwrap() error { return e.Err }

// Parse reads data as a JSON object.
func Parse(data []byte) (*Object, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		return nil, &NotObjectError{Err: err}
	}
	return &Object{fields: fields, Problems: new([]string)}, nil
}

func (o *Object) problem(key, format string, args ...any) {
	*o.Problems = append(*o.Problems, o.prefix+key+" "+fmt.Sprintf(format, args...))
}

// Has reports whether the object has key, whatever its value.
func (o *Object) Has(key string) bool {
	_, ok := o.fields[key]
	return ok
}

// String returns the string at key: "" when it is absent or null, and ""
// with a problem noted when it holds another type.
func (o *Object) String(key string) string {
	raw, ok := o.fields[key]
	if !ok || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		o.problem(key, "is %s, not a string", kind(raw))
		return ""
	}
	return s
}

// Time returns the timestamp at key, zero when absent; a value that is not
// a timestamp is noted as a problem.
func (o *Object) Time(key string) time.Time {
	s := o.String(key)
	if s == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		o.problem(key, "is %v", err)
	}
	return t
}

// Strings returns the list of strings at key, nil when absent; a value of
// another type is noted as a problem.
func (o *Object) Strings(key string) []string {
	raw, ok := o.fields[key]
	if !ok || string(raw) == "null" {
		return nil
	}
	var l []string
	if err := json.Unmarshal(raw, &l); err != nil {
		o.problem(key, "is %s, not a list of strings", kind(raw))
		return nil
	}
	return l
}

// Object returns the object at key, empty when absent; a value of another
// type is noted as a problem.
func (o *Object) Object(key string) *Object {
	sub := &Object{prefix: o.prefix + key + ".", Problems: o.Problems}
	raw, ok := o.fields[key]
	if !ok || string(raw) == "null" {
		return sub
	}
	if err := json.Unmarshal(raw, &sub.fields); err != nil {
		o.problem(key, "is %s, not an object", kind(raw))
	}
	return sub
}

// Err returns the problems noted so far as one error, or nil.
func (o *Object) Err() error {
	if len(*o.Problems) == 0 {
		return nil
	}
	p := append([]string(nil), *o.Problems...)
	sort.Strings(p)
	return errors.New(strings.Join(p, "; "))
}

// kind names the JSON type of raw for a message, never its value: a cache
// holds secrets.
func kind(raw json.RawMessage) string {
	switch strings.TrimSpace(string(raw))[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
