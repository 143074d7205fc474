package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

func versionCommand() *command {
	return &command{
		name:  "version",
		usage: "print the version, commit and Go version",
		run:   func(d *deps, _ context.Context, _ *input) error { return d.runVersion() },
	}
}

func (d *deps) runVersion() error {
	_, err := fmt.Fprintln(d.io.Out, versionLine())
	return err
}

// versionLine is what `ssox version` and the first --debug line say. It
// reads the build information only when called: nothing of it is worth a
// cost at start-up.
func versionLine() string {
	bi, _ := debug.ReadBuildInfo()
	v, c := buildVersion(version, commit, bi)
	return fmt.Sprintf("ssox %s (commit %s, %s %s/%s)", v, c, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// buildVersion returns the version and commit to print. Values stamped
// with -ldflags (release archives, install.sh) win; without them they come
// from what the Go toolchain recorded in bi: the module version of a
// `go install github.com/ssox/ssox@VERSION` build, and the VCS revision of
// a build in a checkout ("-dirty" when the tree had changes) or else the
// revision a pseudo-version names. stampedVersion "dev" and stampedCommit
// "unknown" are the unstamped defaults; bi may be nil.
func buildVersion(stampedVersion, stampedCommit string, bi *debug.BuildInfo) (string, string) {
	v, c := stampedVersion, stampedCommit
	if bi == nil {
		return v, c
	}
	if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if c != "unknown" {
		return v, c
	}
	var revision, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	switch {
	case revision != "" && modified == "true":
		c = revision + "-dirty"
	case revision != "":
		c = revision
	case pseudoRevision(bi.Main.Version) != "":
		c = pseudoRevision(bi.Main.Version)
	}
	return v, c
}

// pseudoRevision returns the commit prefix a Go pseudo-version ends with
// (v0.0.0-20261126053800-759fa63a1b2c, v1.2.4-0.20261126053800-759fa63a1b2c,
// either with a +incompatible or +dirty suffix), or "" for any other
// version.
func pseudoRevision(v string) string {
	v, _, _ = strings.Cut(v, "+")
	i := strings.LastIndexByte(v, '-')
	if i < 0 {
		return ""
	}
	rest, rev := v[:i], v[i+1:]
	if len(rev) != 12 || strings.Trim(rev, "0123456789abcdef") != "" ||
		len(rest) < 15 || strings.Trim(rest[len(rest)-14:], "0123456789") != "" ||
		(rest[len(rest)-15] != '-' && rest[len(rest)-15] != '.') {
		return ""
	}
	return rev
}
