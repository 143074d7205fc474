package visible

import (
	"os/exec"
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

// ShellWord's output, read back by bash, is the string given.
func TestShellWord(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	for _, in := range []string{"ui-dev", "a b", "t\x1bcx", "it's\x07", "back\\slash\r", "\u202e", "bad\xff"} {
		w := ShellWord(in)
		if !clean(w) {
			t.Errorf("ShellWord(%q) = %q shows control characters", in, w)
		}
		out, err := exec.Command("bash", "-c", "printf %s "+w).Output()
		if err != nil || string(out) != in {
			t.Errorf("bash read %s as %q (%v), want %q", w, out, err, in)
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
