// Package environ holds a process environment as a value, so that code reads
// and builds environments without touching the real one.
package environ

import (
	"sort"
	"strings"
)

// Env is an environment: variable name to value.
type Env map[string]string

// FromList parses "KEY=VALUE" entries, as os.Environ returns them. Later
// entries win, as they do for getenv.
func FromList(kv []string) Env {
	e := make(Env, len(kv))
	for _, s := range kv {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			continue
		}
		e[k] = v
	}
	return e
}

// Get returns the value of k, or "" when it is unset.
func (e Env) Get(k string) string { return e[k] }

// Lookup returns the value of k and whether it is set.
func (e Env) Lookup(k string) (string, bool) {
	v, ok := e[k]
	return v, ok
}

// Set sets k to v.
func (e Env) Set(k, v string) { e[k] = v }

// Unset removes k.
func (e Env) Unset(k string) { delete(e, k) }

// Clone returns an independent copy.
func (e Env) Clone() Env {
	c := make(Env, len(e))
	for k, v := range e {
		c[k] = v
	}
	return c
}

// List returns the environment as sorted "KEY=VALUE" entries, for exec.
func (e Env) List() []string {
	l := make([]string, 0, len(e))
	for k, v := range e {
		l = append(l, k+"="+v)
	}
	sort.Strings(l)
	return l
}

// Bool reports whether k holds a true value: 1, true, yes or on.
func (e Env) Bool(k string) bool {
	switch strings.ToLower(strings.TrimSpace(e[k])) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
