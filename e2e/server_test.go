//go:build unix

package e2e

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testneed"
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
	// above what they have left (and below what new ones would have),
	// every request renews them.
	get := func() (string, error) {
		h.age(roleCacheFile)
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

	// A session that needs a login fails the request, says on stderr what
	// to run, and, without a terminal, never opens a browser.
	h.fake.ExpireAccessTokens()
	h.fake.RevokeRefreshTokens()
	h.age(roleCacheFile)
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
	waitForText(t, &stderr, `ssox: the SSO session for sso-session "njoitaws" has ended: run 'ssox login ui-dev' (in another terminal)`)
	if len(h.browserLog()) != 0 {
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
	needBotocore(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	r := h.run(nil, "--server", "ui-dev", "--", "/usr/bin/python3", "-c",
		"import botocore.session as s; c = s.Session().get_credentials(); print(c.method, c.get_frozen_credentials().access_key)")
	if r.code != 0 || r.stdout != "container-role "+h.issued().AccessKeyID+"\n" {
		t.Fatalf("%+v", r)
	}
}

// A local process holding a thousand connections to the endpoint open,
// silent, does not keep botocore in the child from its credentials within
// its own 2 s (one attempt: no retry hides a timeout).
func TestServerAnswersThroughIdleConnections(t *testing.T) {
	needBotocore(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	uri, rest := h.throughIdle(nil, "--server", "ui-dev", "--", "/usr/bin/python3", "-c", botocoreAfterLine)
	if want := "container-role " + h.issued().AccessKeyID + "\n"; rest != want {
		t.Fatalf("the child at %s printed %q, want %q", uri, rest, want)
	}
}

// throughIdle runs ssox whose child prints its endpoint's URL, then waits
// for a line on stdin: meanwhile a thousand connections to the endpoint
// are opened and held, silent. It returns the URL and what the child
// printed after the line; ssox must exit 0.
func (h *harness) throughIdle(extra []string, args ...string) (uri, rest string) {
	h.t.Helper()
	cmd := h.command(extra, args...)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		h.t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	uri, err := out.ReadString('\n')
	if err != nil {
		h.t.Fatal(err, stderr.String())
	}
	holdIdle(h.t, strings.TrimSpace(uri), 1000)
	stdin.Write([]byte("go\n"))
	b, _ := io.ReadAll(out)
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		h.t.Fatalf("%v; stdout after the line %q; stderr:\n%s", err, b, stderr.String())
	}
	return strings.TrimSpace(uri), string(b)
}

// needBotocore ends a test that runs Debian's botocore where it is missing.
func needBotocore(t *testing.T) {
	t.Helper()
	if exec.Command("/usr/bin/python3", "-c", "import botocore.session").Run() != nil {
		testneed.Missing(t, "Debian's python3-botocore is not installed (.ci/run installs it)")
	}
}

// botocoreAfterLine prints the endpoint, waits for a line on stdin, then
// gets credentials through botocore's container provider in one attempt.
const botocoreAfterLine = `
import os, sys
from botocore.utils import ContainerMetadataFetcher
import botocore.session
ContainerMetadataFetcher.RETRY_ATTEMPTS = 1
print(os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"], flush=True)
sys.stdin.readline()
c = botocore.session.Session().get_credentials()
print(c.method, c.get_frozen_credentials().access_key, flush=True)
`

// holdIdle opens n connections to the host of uri and holds them open,
// silent, until the test ends.
func holdIdle(t *testing.T, uri string, n int) {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
	}
}
