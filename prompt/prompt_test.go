package prompt

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/environ"
)

var now = time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC)

// active is the environment ssox exec gives a child, with secs seconds of
// credentials left.
func active(secs int64) environ.Env {
	return environ.Env{
		"SSOX_PROFILE":              "ui-dev",
		"SSOX_ACCOUNT_ID":           "123456789012",
		"SSOX_ROLE_NAME":            "AdministratorAccess",
		"SSOX_SSO_SESSION":          "njoitaws",
		"SSOX_EXPIRES":              strconv.FormatInt(now.Unix()+secs, 10),
		"AWS_REGION":                "us-east-1",
		"AWS_CREDENTIAL_EXPIRATION": now.Add(time.Duration(secs) * time.Second).Format(time.RFC3339),
		"AWS_SSO_PROFILE":           "ui-dev",
	}
}

func with(env environ.Env, kv ...string) environ.Env {
	env = env.Clone()
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == "" {
			env.Unset(kv[i])
		} else {
			env.Set(kv[i], kv[i+1])
		}
	}
	return env
}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   environ.Env
		ok    bool
		text  string
		level Level
	}{
		{"no profile", environ.Env{"AWS_REGION": "us-east-1", "SSOX_EXPIRES": "9999999999"}, false, "", Unknown},
		{"empty profile", with(active(600), "SSOX_PROFILE", ""), false, "", Unknown},
		{"47 minutes", active(47*60 + 30), true, "ui-dev 47m", OK},
		{"exactly Soon left is not soon", active(15 * 60), true, "ui-dev 15m", OK},
		{"under Soon", active(15*60 - 1), true, "ui-dev 14m", Expiring},
		{"last second", active(1), true, "ui-dev 0m", Expiring},
		{"hours", active(2*3600 + 5*60), true, "ui-dev 2h05m", OK},
		{"expires now", active(0), true, "ui-dev expired", Expired},
		{"expired", active(-7200), true, "ui-dev expired", Expired},
		{"falls back to AWS_CREDENTIAL_EXPIRATION", with(active(600), "SSOX_EXPIRES", "", "AWS_CREDENTIAL_EXPIRATION", "2026-11-25T20:00:00Z"), true, "ui-dev 1h00m", OK},
		{"fallback with offset and fraction", with(active(600), "SSOX_EXPIRES", "", "AWS_CREDENTIAL_EXPIRATION", "2026-11-25T20:30:00.999+01:00"), true, "ui-dev 30m", OK},
		{"signed SSOX_EXPIRES is not an expiry", with(active(600), "SSOX_EXPIRES", "+"+strconv.FormatInt(now.Unix()+7200, 10)), true, "ui-dev 10m", Expiring},
		{"garbage SSOX_EXPIRES", with(active(600), "SSOX_EXPIRES", "soon"), true, "ui-dev 10m", Expiring},
		{"no expiry at all", with(active(600), "SSOX_EXPIRES", "", "AWS_CREDENTIAL_EXPIRATION", ""), true, "ui-dev", Unknown},
		{"bad AWS_CREDENTIAL_EXPIRATION", with(active(600), "SSOX_EXPIRES", "", "AWS_CREDENTIAL_EXPIRATION", "2026-02-30T20:00:00Z"), true, "ui-dev", Unknown},
		{"offset out of range", with(active(600), "SSOX_EXPIRES", "", "AWS_CREDENTIAL_EXPIRATION", "2026-11-25T20:00:00+99:99"), true, "ui-dev", Unknown},
		{"16 digits are not an expiry", with(active(600), "SSOX_EXPIRES", "1000000000000000"), true, "ui-dev 10m", Expiring},
		{"23 digits are not an expiry", with(active(600), "SSOX_EXPIRES", "99999999999999999999999"), true, "ui-dev 10m", Expiring},
		{"login needed", with(active(600), "SSOX_LOGIN_NEEDED", "ssox login ui-dev"), true, "ui-dev login", LoginNeeded},
		{"login needed, expired", with(active(-60), "SSOX_LOGIN_NEEDED", "ssox login ui-dev"), true, "ui-dev login", LoginNeeded},
		{"login needed, no expiry", with(active(600), "SSOX_EXPIRES", "", "AWS_CREDENTIAL_EXPIRATION", "", "SSOX_LOGIN_NEEDED", "x"), true, "ui-dev login", LoginNeeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := Read(tc.env, now)
			if ok != tc.ok || s.String() != tc.text || s.Level != tc.level {
				t.Fatalf("Read = %q (level %d), %v; want %q (level %d), %v", s.String(), s.Level, ok, tc.text, tc.level, tc.ok)
			}
			if s.Expired != (tc.level == Expired || strings.HasSuffix(tc.name, "expired") && tc.level == LoginNeeded) {
				t.Fatalf("Expired = %v at level %d", s.Expired, s.Level)
			}
		})
	}
}

func TestReadFields(t *testing.T) {
	s, _ := Read(with(active(600), "SSOX_ACCOUNT_NAME", "UI Dev"), now)
	want := Fields{Profile: "ui-dev", AccountID: "123456789012", AccountName: "UI Dev", Role: "AdministratorAccess",
		Region: "us-east-1", Remaining: "10m"}
	if s.Fields != want {
		t.Fatalf("Fields = %+v\nwant     %+v", s.Fields, want)
	}
}

func TestColorize(t *testing.T) {
	for _, tc := range []struct {
		level Level
		want  string
	}{
		{OK, "\x1b[32mui-dev 47m\x1b[0m"},
		{Expiring, "\x1b[33mui-dev 47m\x1b[0m"},
		{Expired, "\x1b[31mui-dev 47m\x1b[0m"},
		{LoginNeeded, "\x1b[35mui-dev 47m\x1b[0m"},
		{Unknown, "ui-dev 47m"},
	} {
		if got := Colorize("ui-dev 47m", tc.level); got != tc.want {
			t.Errorf("Colorize(level %d) = %q, want %q", tc.level, got, tc.want)
		}
	}
	if got := Colorize("", Expired); got != "" {
		t.Errorf("Colorize of nothing = %q", got)
	}
}

func TestTemplate(t *testing.T) {
	f := Fields{Profile: "ui-dev", AccountID: "123456789012", AccountName: "UI Dev", Role: "Admin", Region: "eu-west-1", Remaining: "47m"}
	for _, tc := range []struct {
		format string
		fields Fields
		want   string
	}{
		{"{{.Profile}}", f, "ui-dev"},
		{"{{.Profile}}@{{.AccountID}} ({{.AccountName}}) {{.Role}} {{.Region}} {{.Remaining}}", f, "ui-dev@123456789012 (UI Dev) Admin eu-west-1 47m"},
		{"{{if .Expired}}EXPIRED{{else}}{{.Remaining}}{{end}}", f, "47m"},
		{"{{if .Expired}}EXPIRED{{else}}{{.Remaining}}{{end}}", Fields{Expired: true, Remaining: "expired"}, "EXPIRED"},
		{"{{with $p := .Profile}}{{$p}}/{{$.Role}}{{end}}", f, "ui-dev/Admin"},
		{"{{.Profile | printf \"%-8s|\"}}", f, "ui-dev  |"},
		{"plain", f, "plain"},
	} {
		tmpl, err := ParseTemplate(tc.format)
		if err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		got, err := tmpl.Execute(tc.fields)
		if err != nil || got != tc.want {
			t.Errorf("%s = %q, %v; want %q", tc.format, got, err, tc.want)
		}
	}
}

func TestTemplateErrors(t *testing.T) {
	const list = " (fields: Profile, AccountID, AccountName, Role, Region, Remaining, Expired)"
	for _, tc := range []struct{ format, want string }{
		{"{{.Acount}}", `unknown field "Acount"` + list},
		{"{{.Profile}} {{.Region.Name}}", `unknown field "Name"` + list},
		// Only the rarely taken branch names the typo.
		{"{{if .Expired}}{{.Profil}}{{end}}", `unknown field "Profil"` + list},
		{"{{range .Profile}}{{else}}{{.X}}{{end}}", `unknown field "X"` + list},
		{"{{with .Role}}{{.}}{{else}}{{$.Accnt}}{{end}}", `unknown field "Accnt"` + list},
		{"{{(.Profile).Acount}}", `unknown field "Acount"` + list},
		{`{{define "x"}}{{.Nope}}{{end}}{{template "x" .}}`, `unknown field "Nope"` + list},
		{"{{.Profile", "line 1: unclosed action"},
		{"{{nofunc .Profile}}", `line 1: function "nofunc" not defined`},
	} {
		_, err := ParseTemplate(tc.format)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ParseTemplate(%q) error = %v\nwant %s", tc.format, err, tc.want)
		}
	}
}

func TestTemplateExecuteError(t *testing.T) {
	tmpl, err := ParseTemplate("{{index .Profile 99}}")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tmpl.Execute(Fields{Profile: "ui-dev"})
	if err == nil || !strings.HasPrefix(err.Error(), "line 1:2: executing") {
		t.Fatalf("error = %v", err)
	}
}

func TestFieldNamesMatchTheDocumentedList(t *testing.T) {
	_, err := ParseTemplate("{{.Nope}}")
	if want := "(fields: Profile, AccountID, AccountName, Role, Region, Remaining, Expired)"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("%v, want the fields %s (update DESIGN.md §6)", err, want)
	}
}

func BenchmarkRead(b *testing.B) {
	env := active(47 * 60)
	for b.Loop() {
		s, _ := Read(env, now)
		_ = Colorize(s.String(), s.Level)
	}
}

func BenchmarkTemplate(b *testing.B) {
	tmpl, err := ParseTemplate("{{.Profile}}:{{.Region}} {{if .Expired}}!{{else}}{{.Remaining}}{{end}}")
	if err != nil {
		b.Fatal(err)
	}
	s, _ := Read(active(47*60), now)
	for b.Loop() {
		if _, err := tmpl.Execute(s.Fields); err != nil {
			b.Fatal(err)
		}
	}
}

// A profile named with an escape sequence ([profile t\x1bcx], which botocore
// and the SDK accept) reaches the prompt as visible text, whether from the
// default segment, a field, the template text or printf.
func TestControlCharactersShowAsEscapes(t *testing.T) {
	env := with(with(active(600), "SSOX_PROFILE", "t\x1b]0;owned\x07cx"), "SSOX_ACCOUNT_NAME", "UI\rDev")
	s, _ := Read(env, now)
	if got, want := s.String(), `t\x1b]0;owned\x07cx 10m`; got != want {
		t.Fatalf("segment %q, want %q", got, want)
	}
	for format, want := range map[string]string{
		"{{.Profile}} {{.AccountName}}": `t\x1b]0;owned\x07cx UI\x0dDev`,
		"\x1b[2J{{.Remaining}}":         `\x1b[2J10m`,
		`{{printf "%c" 27}}`:            `\x1b`,
	} {
		tmpl, err := ParseTemplate(format)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := tmpl.Execute(s.Fields); err != nil || got != want {
			t.Errorf("%q = %q, %v; want %q", format, got, err, want)
		}
	}
}

// A template that would write without end stops at 1024 bytes.
func TestTemplateOutputIsBounded(t *testing.T) {
	tmpl, err := ParseTemplate("{{range 100000000}}xx{{end}}")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := tmpl.Execute(Fields{}); err == nil || err.Error() != "the segment is longer than 1024 bytes" {
		t.Fatalf("%d bytes, %v", len(out), err)
	}
	tmpl, _ = ParseTemplate("{{range 512}}xx{{end}}")
	if out, err := tmpl.Execute(Fields{}); err != nil || len(out) != 1024 {
		t.Fatalf("%d bytes, %v", len(out), err)
	}
}

// A template that would loop without writing stops after 1000 steps, in
// well under a millisecond instead of half a minute.
func TestTemplateWorkIsBounded(t *testing.T) {
	tmpl, err := ParseTemplate("{{range 1000000000}}{{end}}")
	if err != nil {
		t.Fatal(err)
	}
	want := "the template takes more than 1000 steps (loop iterations and template calls) or calls templates more than 100 deep"
	if out, err := tmpl.Execute(Fields{}); err == nil || err.Error() != want {
		t.Fatalf("%q, %v", out, err)
	}
}
