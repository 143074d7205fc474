// Package testneed is how ssox's tests treat a missing tool (a shell, the
// AWS CLI, botocore, tmux, Docker, Chromium, Wine): a developer's machine
// skips the test and says what to install; CI, which installs them all
// (.ci/run), fails it, so that a skip never passes for a pass there.
package testneed

import (
	"fmt"
	"os"
	"testing"
)

// Missing ends the test for a missing tool: t.Fatal with CI=true, else
// t.Skip. The message says what is missing and what installs it.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("CI=true and %s", msg)
	}
	t.Skipf("%s (with CI=true this fails)", msg)
}

// InCI is whether the tests run in CI (CI=true, which .ci/run sets).
func InCI() bool { return os.Getenv("CI") == "true" }
