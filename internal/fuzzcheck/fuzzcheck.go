// Package fuzzcheck holds a property the fuzz targets of the AWS CLI cache
// readers share: an error about a cache file never shows a secret from it.
package fuzzcheck

import (
	"strings"
	"testing"
)

// NoSecretShown fails t if msg holds the value of one of keys in fields.
// A value proves something only when it is a string long enough to be told
// apart from a message's own words and is not part of another key or
// value, which the message may show.
func NoSecretShown(t testing.TB, msg string, fields map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		v, ok := fields[k].(string)
		if !ok || len(v) < 6 || !strings.Contains(msg, v) {
			continue
		}
		distinct := true
		for other, o := range fields {
			if s, _ := o.(string); other != k && (strings.Contains(s, v) || strings.Contains(other, v)) {
				distinct = false
			}
		}
		if distinct {
			t.Fatalf("error %q shows the %s", msg, k)
		}
	}
}
