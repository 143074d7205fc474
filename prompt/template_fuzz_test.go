package prompt

import (
	"testing"
	"unicode"

	"github.com/ssox/ssox/internal/environ"
)

// FuzzTemplate renders any --format over any environment. Properties: no
// panic; the segment, default or templated, never holds a control
// character, whatever the profile's name, the template text or printf
// produce.
func FuzzTemplate(f *testing.F) {
	f.Add("{{.Profile}} {{.Remaining}}", "ui-dev", "UI Dev", "3600")
	f.Add("{{if .Expired}}!{{end}}{{.Profile}}@{{.AccountID}}", "t\x1bcx", "", "1")
	f.Add(`{{printf "%c" 27}}{{.AccountName | printf "%q"}}`, "p", "a\u202eb", "x")
	f.Add("{{with $p := .Profile}}{{$p}}/{{$.Role}}{{end}}", "p\r", "n\x07", "")
	f.Fuzz(func(t *testing.T, format, profile, accountName, expires string) {
		env := environ.Env{"SSOX_PROFILE": profile, "SSOX_ACCOUNT_NAME": accountName, "SSOX_EXPIRES": expires,
			"SSOX_ACCOUNT_ID": "123456789012", "SSOX_ROLE_NAME": "Admin", "AWS_REGION": "eu-west-1"}
		seg, ok := Read(env, now)
		if !ok {
			return
		}
		noControl(t, "segment", seg.String())
		tmpl, err := ParseTemplate(format)
		if err != nil {
			return
		}
		out, err := tmpl.Execute(seg.Fields)
		if err != nil {
			return
		}
		noControl(t, "template output", out)
	})
}

func noControl(t *testing.T, what, s string) {
	t.Helper()
	for _, r := range s {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("%s %q holds %U", what, s, r)
		}
	}
}
