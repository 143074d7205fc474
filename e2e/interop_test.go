//go:build unix

package e2e

import (
	"encoding/json"
	"os/exec"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
)

// botocoreReader reads ssox's caches with Debian's botocore, an AWS SDK
// that shares nothing with ssox: the token through its SSOTokenProvider and
// the role credentials through its SSOCredentialFetcher's cache lookup. Its
// client_creator is None, so any attempt to go to the network fails the test.
const botocoreReader = `
import json, os, sys
from botocore.session import Session
from botocore.tokens import SSOTokenProvider
from botocore.credentials import SSOCredentialFetcher, JSONFileCache
s = Session(profile="ui-dev")
tok = SSOTokenProvider(s).load_token().get_frozen_token()
f = SSOCredentialFetcher(sys.argv[1], "us-east-1", "AdministratorAccess", "123456789012",
    client_creator=None, cache=JSONFileCache(os.path.expanduser("~/.aws/cli/cache")),
    sso_session_name="njoitaws")
c = f.fetch_credentials()
print(json.dumps({"token": tok.token, "expiration": tok.expiration.isoformat(),
    "access_key": c["access_key"], "secret_key": c["secret_key"], "session_token": c["token"]}))
`

func TestBotocoreReadsWhatSsoxWrote(t *testing.T) {
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import botocore.tokens").Run() != nil {
		testneed.Missing(t, "Debian's python3-botocore is not installed (.ci/run installs it)")
	}
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	if r := h.run(nil, "ui-dev", "--", "true"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cmd := exec.Command(python, "-c", botocoreReader, startURL)
	cmd.Env = []string{"HOME=" + h.home, "PATH=/usr/bin:/bin", "AWS_CONFIG_FILE=" + h.path(".aws/config")}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("botocore: %v\n%s", err, out)
	}
	var got struct{ Token, Expiration, AccessKey, SecretKey, SessionToken string }
	if err := json.Unmarshal(out, &struct {
		Token        *string `json:"token"`
		Expiration   *string `json:"expiration"`
		AccessKey    *string `json:"access_key"`
		SecretKey    *string `json:"secret_key"`
		SessionToken *string `json:"session_token"`
	}{&got.Token, &got.Expiration, &got.AccessKey, &got.SecretKey, &got.SessionToken}); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	tok := h.readToken()
	role := h.readRoleCache(roleCacheFile)
	exp, err := time.Parse(time.RFC3339, got.Expiration)
	if err != nil {
		t.Fatal(err)
	}
	if got.Token != tok.AccessToken || !exp.Equal(tok.ExpiresAt) || got.AccessKey != role.Credentials.AccessKeyId ||
		got.SecretKey != role.Credentials.SecretAccessKey || got.SessionToken != role.Credentials.SessionToken {
		t.Fatalf("botocore read %+v", got)
	}
}
