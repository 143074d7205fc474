package shellquote

import (
	"errors"
	"testing"
)

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"AWS_PROFILE": true, "_x": true, "a1": true,
		"": false, "1a": false, "A-B": false, "A B": false, "AWS_SSO_X$(touch${IFS}/tmp/x)": false,
		"A=B": false, "Ä": false, "A;B": false, "A\nB": false,
	} {
		if got := ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestQuoteExact(t *testing.T) {
	for _, tc := range []struct{ in, sh, fish, ps string }{
		{"/usr/bin/ssox", `/usr/bin/ssox`, `'/usr/bin/ssox'`, `'/usr/bin/ssox'`},
		{"ASIA/k+x=", `ASIA/k+x=`, `'ASIA/k+x='`, `'ASIA/k+x='`},
		{"=ls", `'=ls'`, `'=ls'`, `'=ls'`},
		{"", `''`, `''`, `''`},
		{"/a b/it's", `'/a b/it'\''s'`, `'/a b/it\'s'`, `'/a b/it''s'`},
		{`C:\x\"y"`, `'C:\x\"y"'`, `'C:\\x\\"y"'`, `'C:\x\"y"'`},
		{"a\nb\x7f", "'a\nb\x7f'", "'a\nb\x7f'", "'a\nb\x7f'"},
		{"it\u2019s $x", "'it\u2019s $x'", "'it\u2019s $x'", "'it\u2019\u2019s $x'"},
	} {
		if got := Sh(tc.in); got != tc.sh {
			t.Errorf("Sh(%q) = %s, want %s", tc.in, got, tc.sh)
		}
		if got := Fish(tc.in); got != tc.fish {
			t.Errorf("Fish(%q) = %s, want %s", tc.in, got, tc.fish)
		}
		if got, err := PowerShell(tc.in); got != tc.ps || err != nil {
			t.Errorf("PowerShell(%q) = %s, %v; want %s", tc.in, got, err, tc.ps)
		}
	}
}

func TestCmdSet(t *testing.T) {
	for in, want := range map[string]string{
		"ASIA/k+x=":    `@set "K=ASIA/k+x="`,
		"100% & more":  `@set "K=100%% & more"`,
		`a"b&c"d&e`:    `@set "K=a"b^&c"d&e"`,
		`x"^|<>()`:     `@set "K=x"^^^|^<^>^(^)"`,
		`"`:            `@set "K=""`,
		"it's ü !x! ^": `@set "K=it's ü !x! ^"`,
	} {
		got, err := CmdSet("K", in)
		if err != nil || got != want {
			t.Errorf("CmdSet(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"a\nb", "a\rb", "a\x1ab"} {
		if _, err := CmdSet("K", in); !errors.Is(err, ErrCmdUnrepresentable) {
			t.Errorf("CmdSet(%q) err = %v", in, err)
		}
	}
	if _, err := CmdSet("K", "a\xa8"); !errors.Is(err, ErrNotText) {
		t.Errorf("CmdSet(invalid UTF-8) err = %v", err)
	}
	if _, err := PowerShell("a\xa8"); !errors.Is(err, ErrNotText) {
		t.Errorf("PowerShell(invalid UTF-8) err = %v", err)
	}
	if got := CmdUnset("K"); got != `@set "K="` {
		t.Errorf("CmdUnset = %s", got)
	}
}
