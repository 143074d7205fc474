// Package environ holds a process environment as a value, so that code reads
// and builds environments without touching the real one.
package environ

import (
	"runtime"
	"sort"
	"strings"
)

// Env is an environment: variable name to value. On Windows names are
// case-insensitive, as the system's own (Path and PATH are one variable,
// and Windows sets Path and ComSpec): Get, Lookup, Set and Unset match a
// name in any case there.
type Env map[string]string

// foldCase says whether variable names match in any case.
const foldCase = runtime.GOOS == "windows"

// FromList parses "KEY=VALUE" entries, as os.Environ returns them. Later
// entries win, as they do for getenv. On Windows a name may begin with
// "=" (cmd.exe keeps each drive's folder in "=C:"), and is kept.
func FromList(kv []string) Env {
	e := make(Env, len(kv))
	for _, s := range kv {
		i := strings.IndexByte(s, '=')
		if foldCase && i == 0 {
			i = strings.IndexByte(s[1:], '=') + 1
		}
		if i <= 0 {
			continue
		}
		e[s[:i]] = s[i+1:]
	}
	return e
}

// Get returns the value of k, or "" when it is unset.
func (e Env) Get(k string) string {
	v, _ := e.Lookup(k)
	return v
}

// Lookup returns the value of k and whether it is set.
func (e Env) Lookup(k string) (string, bool) {
	if v, ok := e[k]; ok || !foldCase {
		return v, ok
	}
	for name, v := range e {
		if strings.EqualFold(name, k) {
			return v, true
		}
	}
	return "", false
}

// Set sets k to v (on Windows in place of k in any case).
func (e Env) Set(k, v string) {
	e.Unset(k)
	e[k] = v
}

// Unset removes k (on Windows in any case).
func (e Env) Unset(k string) {
	delete(e, k)
	if foldCase {
		for name := range e {
			if strings.EqualFold(name, k) {
				delete(e, name)
			}
		}
	}
}

// Name is k as names compare: upper-case on Windows, k itself elsewhere.
func Name(k string) string {
	if foldCase {
		return strings.ToUpper(k)
	}
	return k
}

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
