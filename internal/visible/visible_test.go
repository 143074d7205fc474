package visible

import (
	"runtime"
	"testing"
)

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"ui-dev":        "ui-dev",
		"t\x1bcx":       `t\x1bcx`,
		"a\r\nb\tc\x7f": `a\x0d\x0ab\x09c\x7f`,
		"évian-プロド":     "évian-プロド",
		"rtl\u202eved":  `rtl\u202eved`,
		"c1\u009b31m":   `c1\u009b31m`,
		"bad\xffutf8":   `bad\xffutf8`,
		"line\u2028sep": `line\u2028sep`,
		`back\slash`:    `back\slash`,
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
		if clean(in) != (in == want) {
			t.Errorf("clean(%q) = %v", in, clean(in))
		}
	}
}

func TestRemoveCommand(t *testing.T) {
	path, want := "/h/.aws/sso/cache/a b.json", `rm '/h/.aws/sso/cache/a b.json'`
	if runtime.GOOS == "windows" {
		path, want = `C:\Users\a b\.aws\sso\cache\x.json`, `del "C:\Users\a b\.aws\sso\cache\x.json"`
	}
	if got := RemoveCommand(path); got != want {
		t.Errorf("RemoveCommand(%q) = %s, want %s", path, got, want)
	}
}
