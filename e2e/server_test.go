//go:build unix

package e2e

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"

	"github.com/ssox/ssox/internal/fakeidc"
)

func TestServerServesRenewingCredentials(t *testing.T) {
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	cmd := h.command(h.withBrowserLog(), "--server", "--min-ttl", "2h", "ui-dev", "--", "sh", "-c",
		`echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN key=$AWS_ACCESS_KEY_ID $SSOX_PROFILE"; read x; exit 5`)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	f := strings.Fields(line)
	if len(f) != 4 || !strings.HasPrefix(f[0], "http://127.0.0.1:") || len(f[1]) != 64 || f[2] != "key=" || f[3] != "ui-dev" {
		t.Fatalf("child saw %q", line)
	}
	uri, token := f[0], f[1]

	// The Go SDK's container provider gets the credentials; with --min-ttl
	// above their lifetime, every request renews them.
	get := func() (string, error) {
		p := endpointcreds.New(uri, func(o *endpointcreds.Options) { o.AuthorizationToken = token })
		c, err := p.Retrieve(context.Background())
		return c.AccessKeyID, err
	}
	k1, err := get()
	if err != nil {
		t.Fatal(err)
	}
	k2, err := get()
	if err != nil || k1 == k2 || !strings.HasPrefix(k2, "ASIA") {
		t.Fatalf("keys %q %q err %v", k1, k2, err)
	}
	if n := h.fake.Count("GetRoleCredentials"); n != 3 {
		t.Fatalf("GetRoleCredentials %d times", n)
	}

	// No token, no credentials.
	resp, err := http.Get(uri)
	if err != nil || resp.StatusCode != 401 {
		t.Fatalf("unauthenticated request: %v %v", resp, err)
	}
	resp.Body.Close()

	// A session that needs a login fails the request, with a hint on
	// stderr, and never opens a browser.
	h.fake.ExpireAccessTokens()
	h.fake.RevokeRefreshTokens()
	req, _ := http.NewRequest("GET", uri, nil)
	req.Header.Set("Authorization", token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || !strings.Contains(string(body), "run 'ssox login ui-dev'") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	// ssox's stderr reaches the buffer through a copying goroutine: wait for it.
	waitForText(t, &stderr, "ssox: warning: credential server: ")
	if !strings.Contains(stderr.String(), "could not be refreshed (InvalidGrantException); it needs a new login\n") || len(h.browserLog()) != 0 {
		t.Fatalf("stderr %q browser %v", stderr.String(), h.browserLog())
	}
	h.noSecrets("stderr", stderr.String())

	stdin.Write([]byte("done\n"))
	err = cmd.Wait()
	if code := shellStatus(cmd.ProcessState); code != 5 {
		t.Fatalf("exit %d (%v)", code, err)
	}
}

// botocore, as a child, gets its credentials from the server.
func TestServerWithBotocoreChild(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import botocore.session").Run() != nil {
		t.Skip("Debian's python3-botocore is not installed (.ci/run installs it)")
	}
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "--server", "ui-dev", "--", "/usr/bin/python3", "-c",
		"import botocore.session as s; c = s.Session().get_credentials(); print(c.method, c.get_frozen_credentials().access_key)")
	c := h.readRoleCache(roleCacheFile)
	if r.code != 0 || r.stdout != "container-role "+c.Credentials.AccessKeyId+"\n" {
		t.Fatalf("%+v", r)
	}
}
