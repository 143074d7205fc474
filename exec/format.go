package exec

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/sso"
)

// Formats are the values of `ssox env --format`.
var Formats = []string{"env", "env-no-export", "fish", "powershell", "windows-cmd", "json", "process", "claude"}

// WriteEnv prints credentials in format: shell assignments (with the
// unsetting of removed variables where a shell can do it), JSON of the
// variables, credential_process JSON, or Claude Code's awsCredentialExport.
func WriteEnv(w io.Writer, format string, vars environ.Env, removed []string, c *creds.Credentials) error {
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	switch format {
	case "env", "":
		if len(removed) > 0 {
			fmt.Fprintf(&b, "unset %s\n", strings.Join(removed, " "))
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "export %s=%s\n", k, shQuote(vars[k]))
		}
	case "env-no-export":
		for _, k := range keys {
			fmt.Fprintf(&b, "%s=%s\n", k, shQuote(vars[k]))
		}
	case "fish":
		for _, k := range removed {
			fmt.Fprintf(&b, "set -e %s;\n", k)
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "set -gx %s %s;\n", k, fishQuote(vars[k]))
		}
	case "powershell":
		for _, k := range removed {
			fmt.Fprintf(&b, "Remove-Item Env:%s -ErrorAction SilentlyContinue\n", k)
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "$Env:%s = '%s'\n", k, strings.ReplaceAll(vars[k], "'", "''"))
		}
	case "windows-cmd":
		for _, k := range removed {
			fmt.Fprintf(&b, "set %s=\r\n", k)
		}
		for _, k := range keys {
			fmt.Fprintf(&b, "set \"%s=%s\"\r\n", k, vars[k])
		}
	case "json":
		return writeJSON(w, vars)
	case "process":
		return writeJSON(w, processCredentials(c))
	case "claude":
		// Claude Code's awsCredentialExport reads STS's response shape.
		return writeJSON(w, map[string]any{"Credentials": map[string]string{
			"AccessKeyId":     c.AccessKeyID,
			"SecretAccessKey": c.SecretAccessKey,
			"SessionToken":    c.SessionToken,
			"Expiration":      sso.FormatTime(c.Expiration),
		}})
	default:
		return fmt.Errorf("unknown format %q (expected: %s)", format, strings.Join(Formats, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// processCredentials is credential_process output, Version 1.
func processCredentials(c *creds.Credentials) any {
	return struct {
		Version         int    `json:"Version"`
		AccessKeyID     string `json:"AccessKeyId"`
		SecretAccessKey string `json:"SecretAccessKey"`
		SessionToken    string `json:"SessionToken"`
		Expiration      string `json:"Expiration"`
	}{1, c.AccessKeyID, c.SecretAccessKey, c.SessionToken, sso.FormatTime(c.Expiration)}
}

// WriteProcess prints credential_process JSON.
func WriteProcess(w io.Writer, c *creds.Credentials) error {
	return writeJSON(w, processCredentials(c))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// shQuote quotes s for POSIX shells.
func shQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/+=@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote quotes s for fish, where only \ and ' are special in quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
