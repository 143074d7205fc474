package cli

import (
	"runtime/debug"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := func(version, revision, modified string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/ssox/ssox", Version: version}}
		if revision != "" {
			bi.Settings = []debug.BuildSetting{
				{Key: "-trimpath", Value: "true"},
				{Key: "vcs", Value: "git"},
				{Key: "vcs.revision", Value: revision},
				{Key: "vcs.time", Value: "2026-11-26T05:38:00Z"},
				{Key: "vcs.modified", Value: modified},
			}
		}
		return bi
	}
	const rev = "759fa63a1b2c3d4e5f60718293a4b5c6d7e8f901"
	for _, tc := range []struct {
		name                    string
		stampedV, stampedC      string
		bi                      *debug.BuildInfo
		wantVersion, wantCommit string
	}{
		{"stamped by a release", "v1.2.0", "0123456789ab", vcs("v1.2.0", rev, "false"), "v1.2.0", "0123456789ab"},
		{"stamped, no build info", "v1.2.0", "0123456789ab", nil, "v1.2.0", "0123456789ab"},
		{"nothing at all", "dev", "unknown", nil, "dev", "unknown"},
		{"go build, no vcs", "dev", "unknown", vcs("(devel)", "", ""), "dev", "unknown"},
		{"go build in a clean checkout", "dev", "unknown", vcs("(devel)", rev, "false"), "dev", rev},
		{"go build in a changed checkout", "dev", "unknown", vcs("(devel)", rev, "true"), "dev", rev + "-dirty"},
		{"go build, version from vcs", "dev", "unknown", vcs("v0.0.0-20261126053800-759fa63a1b2c+dirty", rev, "true"), "v0.0.0-20261126053800-759fa63a1b2c+dirty", rev + "-dirty"},
		{"go install of a tag", "dev", "unknown", vcs("v1.2.0", "", ""), "v1.2.0", "unknown"},
		{"go install of a commit", "dev", "unknown", vcs("v0.0.0-20261126053800-759fa63a1b2c", "", ""), "v0.0.0-20261126053800-759fa63a1b2c", "759fa63a1b2c"},
		{"go install after a tag", "dev", "unknown", vcs("v1.2.1-0.20261126053800-759fa63a1b2c", "", ""), "v1.2.1-0.20261126053800-759fa63a1b2c", "759fa63a1b2c"},
		{"go install before a pre-release", "dev", "unknown", vcs("v1.3.0-rc.1.0.20261126053800-759fa63a1b2c", "", ""), "v1.3.0-rc.1.0.20261126053800-759fa63a1b2c", "759fa63a1b2c"},
		{"a pre-release is no pseudo-version", "dev", "unknown", vcs("v1.3.0-rc.1", "", ""), "v1.3.0-rc.1", "unknown"},
		{"a hex pre-release is no pseudo-version", "dev", "unknown", vcs("v1.3.0-abcdefabcdef", "", ""), "v1.3.0-abcdefabcdef", "unknown"},
		{"only the version stamped", "v1.2.0", "unknown", vcs("(devel)", rev, "false"), "v1.2.0", rev},
		{"only the commit stamped", "dev", "0123456789ab", vcs("v1.2.0", "", ""), "v1.2.0", "0123456789ab"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, c := buildVersion(tc.stampedV, tc.stampedC, tc.bi)
			if v != tc.wantVersion || c != tc.wantCommit {
				t.Fatalf("buildVersion = %q, %q; want %q, %q", v, c, tc.wantVersion, tc.wantCommit)
			}
		})
	}
}
