package fsperm

import (
	"fmt"
	"io/fs"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Windows has no permission bits: Go reports 0666 (0444 read-only) for
// every file and 0777 for every folder. Who may reach a file is its access
// list (DACL); a file in the user's profile folder inherits one that lets
// in the user, SYSTEM and the Administrators alone, which is why the AWS
// CLI sets nothing there. These functions read the access list.

// access cannot ask Windows' access lists cheaply; a failed write is still
// explained.
func access(string) error { return nil }

// fileDeleteChild lets an account delete what a folder holds.
const fileDeleteChild = 0x40

// Rights that let an account change a file, or a folder's entries; and
// rights that let it read a file or list a folder.
const (
	writeRights = windows.FILE_WRITE_DATA | windows.FILE_APPEND_DATA | fileDeleteChild |
		windows.DELETE | windows.WRITE_DAC | windows.WRITE_OWNER | windows.GENERIC_WRITE | windows.GENERIC_ALL
	readRights = windows.FILE_READ_DATA | windows.GENERIC_READ | windows.GENERIC_ALL
)

// trustedInstaller is the service that owns Windows' own files.
const trustedInstaller = "S-1-5-80-956008885-3418522649-1831038044-1850359713-4026714866"

// grantee is an account an access list lets in.
type grantee struct {
	sid       string
	name      string
	inherited bool
}

// currentUser is the SID of the account ssox runs as.
func currentUser() (*windows.SID, error) {
	u, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, err
	}
	return u.User.Sid, nil
}

// others lists the accounts, other than the user, SYSTEM, the
// Administrators and the installer, that path's access list grants any of
// rights.
func others(path string, rights windows.ACCESS_MASK) ([]grantee, error) {
	me, err := currentUser()
	if err != nil {
		return nil, err
	}
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return nil, err
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return nil, err
	}
	if dacl == nil {
		// No access list at all: everyone may do anything.
		everyone, err := windows.CreateWellKnownSid(windows.WinWorldSid)
		if err != nil {
			return nil, err
		}
		return []grantee{{sid: everyone.String(), name: accountName(everyone)}}, nil
	}
	var out []grantee
	seen := map[string]bool{}
	for i := 0; i < int(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, uint32(i), &ace); err != nil {
			return nil, err
		}
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || ace.Header.AceFlags&windows.INHERIT_ONLY_ACE != 0 || ace.Mask&rights == 0 {
			continue
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if sid.Equals(me) || sid.IsWellKnown(windows.WinLocalSystemSid) || sid.IsWellKnown(windows.WinBuiltinAdministratorsSid) || sid.String() == trustedInstaller {
			continue
		}
		g := grantee{sid: sid.String(), name: accountName(sid), inherited: ace.Header.AceFlags&windows.INHERITED_ACE != 0}
		if key := fmt.Sprint(g.sid, g.inherited); !seen[key] {
			seen[key] = true
			out = append(out, g)
		}
	}
	return out, nil
}

// accountName is DOMAIN\name for sid, or the SID itself when it has none.
func accountName(sid *windows.SID) string {
	account, domain, _, err := sid.LookupAccount("")
	switch {
	case err != nil || account == "":
		return sid.String()
	case domain == "":
		return account
	}
	return domain + `\` + account
}

// exposed reads path's access list.
func exposed(path, display string, fi fs.FileInfo, access Access) (why, fix string, ok bool) {
	rights, verb := windows.ACCESS_MASK(writeRights), "write to"
	if access == Read {
		rights, verb = readRights, "read"
	}
	gs, err := others(path, rights)
	if err != nil || len(gs) == 0 {
		return "", "", false
	}
	me, err := currentUser()
	if err != nil {
		return "", "", false
	}
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.name
	}
	why = fmt.Sprintf("%s's access list lets %s %s it", display, strings.Join(names, ", "), verb)
	return why, shutOut(path, fi.IsDir(), me.String(), gs), true
}

// shutOut is the icacls command line that takes gs's access to path away:
// an entry of path's own is removed; one inherited from a folder above
// goes with the others inherited, path then keeping the user's access
// alone (for a folder, passed on to what it holds).
func shutOut(path string, dir bool, me string, gs []grantee) string {
	var explicit []string
	inherited := false
	for _, g := range gs {
		if g.inherited {
			inherited = true
		} else {
			explicit = append(explicit, "*"+g.sid)
		}
	}
	var cmds []string
	if len(explicit) > 0 {
		cmds = append(cmds, fmt.Sprintf(`icacls "%s" /remove:g %s`, path, strings.Join(explicit, " ")))
	}
	if inherited {
		full := "F"
		if dir {
			full = "(OI)(CI)F"
		}
		cmds = append(cmds, fmt.Sprintf(`icacls "%s" /inheritance:r /grant:r "*%s:%s"`, path, me, full))
	}
	return strings.Join(cmds, ", then ")
}

// blocked says why the folder blocker refuses a write, and the fix: a
// grant of full access to the user, from an administrator's prompt when
// the folder is not the user's.
func blocked(blocker string, _ error) (why, hint string) {
	me, err := currentUser()
	if err != nil {
		return "is not writable", "check the folder's access list (Properties, Security)"
	}
	why, admin := "does not let you write to it", ""
	if owner, ok := ownerOf(blocker); ok && !owner.Equals(me) {
		why += " (it belongs to " + accountName(owner) + ")"
		admin = "  (from an administrator's prompt)"
	}
	return why, fmt.Sprintf(`icacls "%s" /grant "*%s:(OI)(CI)F"%s`, blocker, me, admin)
}

// unreadable says why the file at path cannot be read, and the fix.
func unreadable(path string) (why, hint string, ok bool) {
	me, err := currentUser()
	if err != nil {
		return "", "", false
	}
	why, admin := "its access list does not let you read it", ""
	if owner, ok := ownerOf(path); ok && !owner.Equals(me) {
		why += " (it belongs to " + accountName(owner) + ")"
		admin = "  (from an administrator's prompt)"
	}
	return why, fmt.Sprintf(`icacls "%s" /grant "*%s:R"%s`, path, me, admin), true
}

func ownerOf(path string) (*windows.SID, bool) {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION)
	if err != nil {
		return nil, false
	}
	owner, _, err := sd.Owner()
	return owner, err == nil && owner != nil
}
