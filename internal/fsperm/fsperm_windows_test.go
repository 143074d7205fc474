package fsperm

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/ssox/ssox/internal/errs"
)

// The icacls command that shuts others out: an entry of the file's own is
// removed; inherited ones go, the user keeping full access (passed on to
// what a folder holds).
func TestShutOut(t *testing.T) {
	const me = "S-1-5-21-1-2-3-1001"
	everyone := grantee{sid: "S-1-1-0", name: "Everyone"}
	users := grantee{sid: "S-1-5-32-545", name: `BUILTIN\Users`, inherited: true}
	for _, tc := range []struct {
		dir  bool
		gs   []grantee
		want string
	}{
		{false, []grantee{everyone}, `icacls "C:\a b\config" /remove:g *S-1-1-0`},
		{false, []grantee{everyone, {sid: "S-1-5-11"}}, `icacls "C:\a b\config" /remove:g *S-1-1-0 *S-1-5-11`},
		{false, []grantee{users}, `icacls "C:\a b\config" /inheritance:r /grant:r "*S-1-5-21-1-2-3-1001:F"`},
		{true, []grantee{users}, `icacls "C:\a b\config" /inheritance:r /grant:r "*S-1-5-21-1-2-3-1001:(OI)(CI)F"`},
		{false, []grantee{users, everyone}, `icacls "C:\a b\config" /remove:g *S-1-1-0, then icacls "C:\a b\config" /inheritance:r /grant:r "*S-1-5-21-1-2-3-1001:F"`},
	} {
		if got := shutOut(`C:\a b\config`, tc.dir, me, tc.gs); got != tc.want {
			t.Errorf("%+v:\n got %s\nwant %s", tc.gs, got, tc.want)
		}
	}
}

// A folder that refuses a write is named, with a grant to the user as
// the fix: no Unix command on Windows.
func TestExplainOnWindows(t *testing.T) {
	dir := t.TempDir()
	me, err := currentUser()
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(dir, ".aws", "sso", "cache")
	err = Explain(cache, &fs.PathError{Op: "mkdir", Path: filepath.Join(dir, ".aws"), Err: syscall.ERROR_ACCESS_DENIED})
	if err.Error() != "cannot write to "+cache+": "+dir+" does not let you write to it" ||
		errs.HintOf(err) != `icacls "`+dir+`" /grant "*`+me.String()+`:(OI)(CI)F"` {
		t.Errorf("got  %q\nhint %q", err, errs.HintOf(err))
	}
	if why, fix, ok := Exposed(dir, "~", Write); ok {
		t.Errorf("a test's own folder is open to others: %s (%s)", why, fix)
	}
}
