//go:build unix

// Debian's AWS CLI writes the same block: a Unix host's test.

package setup

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ssox/ssox/internal/testneed"
)

// The new block is the bytes the AWS CLI's own config writer produces
// (Debian's awscli, when installed).
func TestAddSessionAsAWSCLIWrites(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import awscli.customizations.configure.writer").Run() != nil {
		testneed.Missing(t, "Debian's awscli is not installed (.ci/run installs it)")
	}
	script := `import sys
from awscli.customizations.configure.writer import ConfigFileWriter
ConfigFileWriter().update_config({'__section__': 'sso-session njoitaws',
    'sso_start_url': 'https://njoitaws.awsapps.com/start', 'sso_region': 'us-east-1',
    'sso_registration_scopes': 'sso:account:access'}, sys.argv[1])
`
	for _, old := range []string{"", "[profile a]\nregion = us-east-1", "[profile a]\nregion = us-east-1\n\n", "[sso-session b]\nsso_region = us-east-1\n"} {
		path := filepath.Join(t.TempDir(), "config")
		if old != "" {
			if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if out, err := exec.Command("/usr/bin/python3", "-c", script, path).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		want, _ := os.ReadFile(path)
		got, err := AddSession(old, "config", newSession)
		if err != nil || got != string(want) {
			t.Fatalf("from %q:\ngot  %q\nwant %q (%v)", old, got, want, err)
		}
	}
}
