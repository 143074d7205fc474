// Package envfmt prints credentials in the formats of `ssox env`: shell
// code for sh/bash/zsh, fish, PowerShell and cmd.exe, JSON of the variables,
// credential_process JSON, and Claude Code's awsCredentialExport.
package envfmt

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/awscache"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/shellquote"
)

// Formats are the values of `ssox env --format`.
var Formats = []string{"env", "env-no-export", "fish", "powershell", "windows-cmd", "json", "process", "claude"}

// shell is how one shell sets and unsets a variable; name is always a
// shellquote.ValidName.
type shell struct {
	unset func(name string) string
	set   func(name, value string) (string, error)
	eol   string
}

// shellFormat returns how format sets and unsets variables, if it is a
// shell format. (A switch: a package-level map would be built at every
// start-up.)
func shellFormat(format string) (shell, bool) {
	switch format {
	case "env":
		return shell{
			unset: func(n string) string { return "unset " + n },
			set:   func(n, v string) (string, error) { return "export " + n + "=" + shellquote.Sh(v), nil },
			eol:   "\n",
		}, true
	case "env-no-export":
		// A .env file: assignments only, nothing to unset.
		return shell{
			set: func(n, v string) (string, error) { return n + "=" + shellquote.Sh(v), nil },
			eol: "\n",
		}, true
	case "fish":
		return shell{
			unset: func(n string) string { return "set -e " + n + ";" },
			set:   func(n, v string) (string, error) { return "set -gx " + n + " " + shellquote.Fish(v) + ";", nil },
			eol:   "\n",
		}, true
	case "powershell":
		return shell{
			unset: func(n string) string { return "Remove-Item Env:" + n + " -ErrorAction SilentlyContinue" },
			set: func(n, v string) (string, error) {
				q, err := shellquote.PowerShell(v)
				return "$Env:" + n + " = " + q, err
			},
			eol: "\n",
		}, true
	case "windows-cmd":
		return shell{
			unset: shellquote.CmdUnset,
			set:   shellquote.CmdSet,
			eol:   "\r\n",
		}, true
	}
	return shell{}, false
}

// Write prints credentials in format: shell code that unsets removed and
// sets vars, JSON of vars, credential_process JSON of c, or Claude Code's
// awsCredentialExport. A name in removed that is not a valid variable name
// is left out, since a shell would run it as code; one in vars is an error.
func Write(w io.Writer, format string, vars environ.Env, removed []string, c *creds.Credentials) error {
	if format == "" {
		format = "env"
	}
	switch format {
	case "json":
		return writeJSON(w, vars)
	case "process":
		return WriteProcess(w, c)
	case "claude":
		// Claude Code's awsCredentialExport reads STS's response shape.
		return writeJSON(w, map[string]any{"Credentials": map[string]string{
			"AccessKeyId":     c.AccessKeyID,
			"SecretAccessKey": c.SecretAccessKey,
			"SessionToken":    c.SessionToken,
			"Expiration":      awscache.FormatTime(c.Expiration),
		}})
	}
	sh, ok := shellFormat(format)
	if !ok {
		return fmt.Errorf("unknown format %q (expected: %s)", format, strings.Join(Formats, ", "))
	}
	var b strings.Builder
	if sh.unset != nil {
		for _, k := range removed {
			if shellquote.ValidName(k) {
				b.WriteString(sh.unset(k) + sh.eol)
			}
		}
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !shellquote.ValidName(k) {
			return fmt.Errorf("%q is not a variable name", k)
		}
		line, err := sh.set(k, vars[k])
		if err != nil {
			return fmt.Errorf("%s cannot be written for %s: its value %w", k, format, err)
		}
		b.WriteString(line + sh.eol)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteProcess prints credential_process JSON, Version 1.
func WriteProcess(w io.Writer, c *creds.Credentials) error {
	return writeJSON(w, struct {
		Version         int    `json:"Version"`
		AccessKeyID     string `json:"AccessKeyId"`
		SecretAccessKey string `json:"SecretAccessKey"`
		SessionToken    string `json:"SessionToken"`
		Expiration      string `json:"Expiration"`
	}{1, c.AccessKeyID, c.SecretAccessKey, c.SessionToken, awscache.FormatTime(c.Expiration)})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
