//go:build unix

// Debian's botocore reads the same files: a Unix host's test.

package awsconfig

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ssox/ssox/internal/testneed"
)

// botocoreView is what Debian's botocore reads of one config file: its
// profiles and sso-sessions, or the error with which it refuses the file.
type botocoreView struct {
	Profiles, Sessions map[string]map[string]string
	Error              string
}

// botocoreViews runs Debian's botocore, once, on each of texts as a config
// file.
func botocoreViews(t *testing.T, texts []string) []botocoreView {
	t.Helper()
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import botocore.configloader").Run() != nil {
		testneed.Missing(t, "Debian's python3-botocore is not installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	args := []string{"-c", botocoreScript}
	for i, text := range texts {
		path := filepath.Join(dir, fmt.Sprintf("config%d", i))
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	out, err := exec.Command(python, args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	var views []botocoreView
	if err := json.Unmarshal(out, &views); err != nil || len(views) != len(texts) {
		t.Fatalf("%v: %s", err, out)
	}
	return views
}

// TestScanAgreesWithBotocore runs Debian's botocore on every case: the
// table above is what botocore really does.
func TestScanAgreesWithBotocore(t *testing.T) {
	var texts []string
	for _, tt := range iniCases {
		texts = append(texts, tt.text)
	}
	views := botocoreViews(t, texts)
	for i, tt := range iniCases {
		got := views[i]
		t.Run(tt.name, func(t *testing.T) {
			if (got.Error != "") != (tt.errLine != 0 && !tt.ssoxStricter) {
				t.Fatalf("botocore: %+v", got)
			}
			if got.Error != "" {
				return
			}
			if tt.sessions == nil {
				tt.sessions = map[string]map[string]string{}
			}
			if !reflect.DeepEqual(got.Profiles, tt.profiles) || !reflect.DeepEqual(got.Sessions, tt.sessions) {
				t.Fatalf("botocore read profiles %q sessions %q", got.Profiles, got.Sessions)
			}
		})
	}
}

// TestScanAgreesWithBotocoreOnRandomFiles runs Debian's botocore on
// thousands of random files made of tricky lines: the scanner refuses
// exactly the files botocore refuses (and those with two blocks of one
// name, which botocore reads and ssox does not), and reads the same
// profiles and sso-sessions, with the same keys and values, from the rest.
func TestScanAgreesWithBotocoreOnRandomFiles(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var texts []string
	for i := 0; i < 3000; i++ {
		texts = append(texts, randomConfig(r, 1+r.IntN(12), i%4 == 0))
	}
	views := botocoreViews(t, texts)
	refused := 0
	for i, text := range texts {
		got := views[i]
		f, serr := scan(text)
		switch {
		case got.Error != "" && serr == nil:
			t.Fatalf("%q: botocore refuses it (%s), ssox reads it", text, got.Error)
		case got.Error != "":
			refused++
			continue
		case serr != nil && !strings.Contains(serr.Msg, "the AWS SDKs merge both"):
			t.Fatalf("%q: botocore reads it, ssox refuses it: %v", text, serr)
		case serr != nil:
			continue
		}
		profiles, sessions := view(f)
		if !reflect.DeepEqual(profiles, nonNil(got.Profiles)) || !reflect.DeepEqual(sessions, nonNil(got.Sessions)) {
			t.Fatalf("%q:\nssox profiles %q sessions %q\nbotocore profiles %q sessions %q", text, profiles, sessions, got.Profiles, got.Sessions)
		}
	}
	t.Logf("botocore refused %d of %d", refused, len(texts))
	// Both kinds of file must be common for the test to mean anything.
	if refused < len(texts)/10 || refused > len(texts)*9/10 {
		t.Fatalf("botocore refused %d of %d files", refused, len(texts))
	}
}
