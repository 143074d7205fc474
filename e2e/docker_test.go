//go:build linux

package e2e

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/filelock"
	"github.com/ssox/ssox/internal/testneed"
)

// The Docker tests run containers on the real dockerd (.ci/run starts one)
// from an image made here: docker import of an empty tar, with this
// machine's /usr, /lib, /lib64, /bin and /etc mounted read-only, so the
// host's own botocore and the test binaries run inside. Nothing is pulled.

const (
	emptyImage   = "ssox-e2e-empty"
	dockerSubnet = "169.254.170.0/24"
	// subnetLock serializes, across every test process on the machine,
	// the tests that need the subnet: one network at a time can hold it.
	subnetLock = "/tmp/ssox-e2e-docker-subnet.lock"
)

// needDocker skips the test, saying why, when no Docker daemon answers;
// with CI=true it fails instead: a skip is not a pass.
func needDocker(t *testing.T) {
	t.Helper()
	reason := ""
	if _, err := exec.LookPath("docker"); err != nil {
		reason = "no docker command on PATH"
	} else if out, err := exec.Command("docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		reason = "no Docker daemon answers: " + strings.TrimSpace(string(out))
	}
	if reason == "" {
		return
	}
	testneed.Missing(t, "%s (.ci/run installs docker.io and starts dockerd)", reason)
}

// docker runs the docker command and returns its stdout; a failure fails
// the test.
func docker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := dockerErr(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func dockerErr(args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("docker", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("docker %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

var imageOnce sync.Once

// ensureImage imports the empty image unless it is there (.ci/run imports
// it too).
func ensureImage(t *testing.T) {
	t.Helper()
	imageOnce.Do(func() {
		if _, err := dockerErr("image", "inspect", emptyImage); err == nil {
			return
		}
		var empty bytes.Buffer
		tar.NewWriter(&empty).Close()
		cmd := exec.Command("docker", "import", "-", emptyImage)
		cmd.Stdin = &empty
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("docker import: %v: %s", err, out)
		}
	})
}

var (
	sdkchainOnce sync.Once
	sdkchainErr  error
)

// sdkchain builds the Go SDK probe (e2e/sdkchain) into binDir, statically.
func sdkchain(t *testing.T) string {
	t.Helper()
	path := filepath.Join(binDir, "sdkchain")
	sdkchainOnce.Do(func() {
		cmd := exec.Command("go", append(append([]string{"build"}, buildFlags...), "-o", path, "./sdkchain")...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			sdkchainErr = fmt.Errorf("build sdkchain: %v: %s", err, out)
		}
	})
	if sdkchainErr != nil {
		t.Fatal(sdkchainErr)
	}
	return path
}

var networkSeq atomic.Int32

// subnet gives the test the Docker subnet 169.254.170.0/24 to itself and
// a network name of its own, unused: it takes the machine-wide subnet
// lock, moves aside a network that holds the subnet (and puts it back
// afterwards), and removes what the test's ssox created.
func subnet(t *testing.T) (network string) {
	t.Helper()
	needDocker(t)
	needBotocore(t)
	ensureImage(t)
	unlock, err := filelock.Acquire(context.Background(), subnetLock, func() { t.Logf("waiting for %s", subnetLock) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unlock)
	network = fmt.Sprintf("ssox-e2e-%d-%d", os.Getpid(), networkSeq.Add(1))
	// A test's networks live while it holds the lock: any found now were
	// left by an interrupted run.
	for _, name := range strings.Fields(docker(t, "network", "ls", "--filter", "name=ssox-e2e-", "--format", "{{.Name}}")) {
		if strings.HasPrefix(name, "ssox-e2e-") {
			docker(t, "network", "rm", name)
		}
	}
	for _, n := range subnetHolders(t) {
		if len(n.Containers) > 0 {
			t.Fatalf("Docker network %s holds %s and containers use it: the Docker tests need the subnet", n.Name, dockerSubnet)
		}
		moveAside(t, n)
	}
	t.Cleanup(func() {
		if _, err := dockerErr("network", "inspect", network); err == nil {
			docker(t, "network", "rm", network)
		}
	})
	return network
}

type dockerNetwork struct {
	Name, ID, Driver string
	IPAM             struct {
		Config []struct{ Subnet, Gateway string }
	}
	Containers map[string]any
}

// subnetHolders are the networks with the subnet 169.254.170.0/24.
func subnetHolders(t *testing.T) []dockerNetwork {
	t.Helper()
	var holders []dockerNetwork
	for _, n := range inspectNetworks(t, strings.Fields(docker(t, "network", "ls", "--quiet", "--no-trunc"))...) {
		for _, c := range n.IPAM.Config {
			if c.Subnet == dockerSubnet {
				holders = append(holders, n)
			}
		}
	}
	return holders
}

func inspectNetworks(t *testing.T, ids ...string) []dockerNetwork {
	t.Helper()
	var ns []dockerNetwork
	if err := json.Unmarshal([]byte(docker(t, append([]string{"network", "inspect"}, ids...)...)), &ns); err != nil {
		t.Fatal(err)
	}
	return ns
}

// moveAside removes a network of someone else's that holds the subnet, and
// creates it again, the same, when the test ends.
func moveAside(t *testing.T, n dockerNetwork) {
	t.Helper()
	args := []string{"network", "create", "--driver", n.Driver}
	for _, c := range n.IPAM.Config {
		args = append(args, "--subnet", c.Subnet)
		if c.Gateway != "" {
			args = append(args, "--gateway", c.Gateway)
		}
	}
	args = append(args, n.Name)
	t.Logf("moving Docker network %s (%s) aside until the test ends", n.Name, dockerSubnet)
	docker(t, "network", "rm", n.ID)
	t.Cleanup(func() { docker(t, args...) })
}

// inContainer is the shell function run: docker run on the test's network,
// of the empty image with this machine's programs mounted read-only.
const inContainer = `run() { docker run --rm --network "$SSOX_DOCKER_NETWORK" -v /usr:/usr:ro -v /lib:/lib:ro -v /lib64:/lib64:ro -v /bin:/bin:ro -v /etc:/etc:ro -v "$BIN:$BIN:ro" "$@"; }
`

// Python run inside containers and on the host, given to the child in the
// environment.
const (
	// pyRenew: the container's own address, then botocore's credentials,
	// then the new ones it gets from the same endpoint once the first
	// have come within ssox's --min-ttl.
	pyRenew = `import socket, time, botocore.session
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("169.254.170.2", 9))
print("container", s.getsockname()[0], flush=True)
c = botocore.session.Session().get_credentials()
k1 = k2 = c.get_frozen_credentials().access_key
print("botocore", c.method, k1, flush=True)
deadline = time.time() + 60
while k2 == k1 and time.time() < deadline:
    time.sleep(0.5)
    k2 = c.get_frozen_credentials().access_key
print("renewed", k2, flush=True)
`
	// pyNoToken asks the endpoint without the token.
	pyNoToken = `import os, urllib.request, urllib.error
try:
    urllib.request.urlopen(os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"], timeout=10)
    print("no token: served")
except urllib.error.HTTPError as e:
    print("no token:", e.code)
`
	// pyHost is botocore in a process on the host, as terraform would be.
	pyHost = `import botocore.session
c = botocore.session.Session().get_credentials()
print("host", c.method, c.get_frozen_credentials().access_key)
`
)

// One --docker session serves every kind of client: botocore in a
// container on the network (a bridge: the container has an address of its
// own), renewing credentials that live seconds through the same endpoint;
// the Go SDK's default chain in a container; a process on the host. A
// container without the token gets 401. The last container's exit status
// is ssox's, and the endpoint is closed once ssox has exited.
func TestDockerServesContainers(t *testing.T) {
	network := subnet(t)
	h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: 8 * time.Second})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	sdkchain(t)
	script := inContainer + `echo "uri=$AWS_CONTAINER_CREDENTIALS_FULL_URI key=${AWS_ACCESS_KEY_ID-none} net=$SSOX_DOCKER_NETWORK"
run -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN ` + emptyImage + ` /usr/bin/python3 -c "$PY_RENEW"
run -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN ` + emptyImage + ` "$BIN/sdkchain"
run -e AWS_CONTAINER_CREDENTIALS_FULL_URI ` + emptyImage + ` /usr/bin/python3 -c "$PY_NO_TOKEN"
/usr/bin/python3 -c "$PY_HOST"
run ` + emptyImage + ` /bin/sh -c 'exit 7'
`
	r := h.run([]string{"SSOX_DOCKER_NETWORK=" + network, "BIN=" + binDir, "PY_RENEW=" + pyRenew, "PY_NO_TOKEN=" + pyNoToken, "PY_HOST=" + pyHost},
		"--docker", "--min-ttl", "4s", "ui-dev", "--", "sh", "-c", script)
	h.noSecrets("stderr", r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 7 || len(lines) != 7 {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	f := func(i int) []string { return append(strings.Fields(lines[i]), "", "", "") }
	uri, ok := strings.CutPrefix(f(0)[0], "uri=http://169.254.170.2:")
	if !ok || !strings.HasSuffix(uri, "/ssox/credentials") || f(0)[1] != "key=none" || f(0)[2] != "net="+network {
		t.Fatalf("the child saw %q", lines[0])
	}
	issued := map[string]bool{}
	for _, c := range h.fake.IssuedCredentials() {
		issued[c.AccessKeyID] = true
	}
	if ip := f(1)[1]; f(1)[0] != "container" || !strings.HasPrefix(ip, "169.254.170.") || ip == "169.254.170.2" {
		t.Errorf("container address: %q", lines[1])
	}
	k1, k2 := f(2)[2], f(3)[1]
	if f(2)[1] != "container-role" || !issued[k1] || f(3)[0] != "renewed" || !issued[k2] || k1 == k2 {
		t.Errorf("botocore in a container: %q, %q", lines[2], lines[3])
	}
	if f(4)[0] != "CredentialsEndpointProvider" || !issued[f(4)[1]] {
		t.Errorf("the Go SDK in a container: %q", lines[4])
	}
	if lines[5] != "no token: 401" {
		t.Errorf("without the token: %q", lines[5])
	}
	if f(6)[0] != "host" || f(6)[1] != "container-role" || !issued[f(6)[2]] {
		t.Errorf("botocore on the host: %q", lines[6])
	}
	if n := h.fake.Count("GetRoleCredentials"); n < 2 {
		t.Errorf("GetRoleCredentials %d times", n)
	}
	if c, err := net.Dial("tcp", "169.254.170.2:"+strings.TrimSuffix(uri, "/ssox/credentials")); err == nil {
		c.Close()
		t.Error("the endpoint still answers after ssox exited")
	}
}

// stubDocker is a docker command that plays a daemon whose networks are not
// on this machine: it answers from STUB_* variables and logs each call.
const stubDocker = `#!/bin/sh
echo "$*" >> "$STUB_DIR/log"
case "$1 $2" in
"network inspect")
	if [ -e "$STUB_DIR/created" ] || [ "$STUB_EXISTS" = 1 ]; then printf '%s\n' "$STUB_NETWORK"; exit 0; fi
	echo '[]'; echo "Error response from daemon: network $3 not found" >&2; exit 1;;
"network create") touch "$STUB_DIR/created"; echo feedfacefeedface0123456789; exit 0;;
"network rm") rm "$STUB_DIR/created"; echo "$3"; exit 0;;
"info --format") printf '%s\n' "$STUB_INFO"; exit 0;;
esac
echo "unexpected: docker $*" >&2; exit 1
`

// Every way --docker can fail that can be staged here is one line and a
// hint that works; the command never starts, and no network is left that
// ssox made.
func TestDockerFailures(t *testing.T) {
	network := subnet(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)

	onlyTrue := t.TempDir() // a PATH with the command but no docker
	os.Symlink("/bin/sh", filepath.Join(onlyTrue, "sh"))
	stub := t.TempDir()
	os.WriteFile(filepath.Join(stub, "docker"), []byte(stubDocker), 0o755)
	stubNetwork := `[{"Name":"` + network + `","Id":"feedfacefeedface0123456789","Driver":"bridge","IPAM":{"Config":[{"Subnet":"169.254.170.0/24","Gateway":"169.254.170.2"}]}}]`
	stubEnv := []string{"PATH=" + stub + ":" + h.env["PATH"], "STUB_DIR=" + stub, "STUB_NETWORK=" + stubNetwork}
	wrong := network + "-wrong"
	docker(t, "network", "create", "--subnet", "10.213.213.0/24", wrong)
	t.Cleanup(func() { dockerErr("network", "rm", wrong) })

	elsewhere := "ssox: Docker network " + network + " is not on this machine (no interface br-feedfacefeed here): the Docker daemon runs "
	keys := "hint: give the container keys instead, which do not renew: 'ssox ui-dev -- docker run -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN IMAGE'\n"
	for _, tt := range []struct {
		name   string
		env    []string
		code   int
		stderr string
		calls  string // the stub's log
	}{
		{"no docker command", []string{"PATH=" + onlyTrue}, 1,
			"ssox: --docker needs the docker command, which is not on PATH\n" +
				"hint: install Docker (Debian, Ubuntu: 'apt-get install docker.io') or put docker on PATH; for commands outside containers, --server serves the same credentials\n", ""},
		{"no daemon", []string{"DOCKER_HOST=unix:///nonexistent/docker.sock"}, 1,
			"ssox: cannot reach the Docker daemon: Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?\n" +
				"hint: DOCKER_HOST=unix:///nonexistent/docker.sock names that daemon: start it, or unset DOCKER_HOST for the local one\n", ""},
		{"wrong subnet", []string{"SSOX_DOCKER_NETWORK=" + wrong}, 1,
			"ssox: Docker network " + wrong + " has subnet 10.213.213.0/24, gateway Docker's default, not a bridge with subnet 169.254.170.0/24 and gateway 169.254.170.2\n" +
				"hint: remove it once no container uses it ('docker network rm " + wrong + "'), and ssox creates it as it needs\n", ""},
		{"bad name", []string{"SSOX_DOCKER_NETWORK=a b", "PATH=" + stub + ":" + h.env["PATH"], "STUB_DIR=" + stub}, 2,
			"ssox: SSOX_DOCKER_NETWORK: 'a b' is not a Docker network name (letters, digits, '_', '.' and '-', starting with a letter or digit)\n" +
				"hint: unset it for the network ssox, or name another, e.g. SSOX_DOCKER_NETWORK=ssox-dev\n", ""},
		{"a container mode for a name", []string{"SSOX_DOCKER_NETWORK=container:x"}, 2,
			"ssox: SSOX_DOCKER_NETWORK: container:x is not a Docker network name (letters, digits, '_', '.' and '-', starting with a letter or digit)\n" +
				"hint: unset it for the network ssox, or name another, e.g. SSOX_DOCKER_NETWORK=ssox-dev\n", ""},
		{"Docker's own network", []string{"SSOX_DOCKER_NETWORK=host"}, 2,
			"ssox: SSOX_DOCKER_NETWORK: \"host\" is one of Docker's own networks, not one ssox can set up\n" +
				"hint: unset it for the network ssox, or name another, e.g. SSOX_DOCKER_NETWORK=ssox-dev\n", ""},
		{"a remote daemon's network", append(stubEnv, "STUB_EXISTS=1", `STUB_INFO={"Name":"build-7","OperatingSystem":"Ubuntu 24.04"}`), 1,
			elsewhere + "on another machine (build-7), where containers cannot reach ssox\n" + keys,
			"network inspect " + network + "\ninfo --format {{json .}}\n"},
		{"a network made for a remote daemon is removed", append(stubEnv, `STUB_INFO={"Name":"build-7","OperatingSystem":"Ubuntu 24.04"}`), 1,
			elsewhere + "on another machine (build-7), where containers cannot reach ssox\n" + keys,
			"network inspect " + network + "\nnetwork create --driver bridge --subnet 169.254.170.0/24 --gateway 169.254.170.2 " + network +
				"\nnetwork inspect " + network + "\ninfo --format {{json .}}\nnetwork rm feedfacefeedface0123456789\n"},
		{"Docker Desktop", append(stubEnv, "STUB_EXISTS=1", `STUB_INFO={"Name":"docker-desktop","OperatingSystem":"Docker Desktop"}`), 1,
			elsewhere + "in Docker Desktop's virtual machine, where containers cannot reach ssox\n" +
				"hint: with host networking enabled (Docker Desktop 4.34+, Settings > Resources > Network), serve on loopback instead: 'ssox ui-dev --server -- docker run --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN IMAGE'\n",
			"network inspect " + network + "\ninfo --format {{json .}}\n"},
		{"rootless Docker", append(stubEnv, "STUB_EXISTS=1", `STUB_INFO={"Name":"`+hostname(t)+`","OperatingSystem":"Debian","SecurityOptions":["name=seccomp,profile=builtin","name=rootless"]}`), 1,
			elsewhere + "rootless, in a network namespace of its own, where containers cannot reach ssox\n" + keys,
			"network inspect " + network + "\ninfo --format {{json .}}\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(filepath.Join(stub, "log"))
			before := docker(t, "network", "ls", "--quiet", "--no-trunc")
			r := h.run(append([]string{"SSOX_DOCKER_NETWORK=" + network}, tt.env...), "--docker", "ui-dev", "--", "sh", "-c", "echo ran")
			if r.code != tt.code || r.stderr != tt.stderr || r.stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d, stderr:\n%s", r.code, r.stdout, r.stderr, tt.code, tt.stderr)
			}
			calls, _ := os.ReadFile(filepath.Join(stub, "log"))
			if string(calls) != tt.calls {
				t.Errorf("the stub docker was called:\n%s\nwant:\n%s", calls, tt.calls)
			}
			if after := docker(t, "network", "ls", "--quiet", "--no-trunc"); after != before {
				t.Errorf("networks before:\n%s\nafter:\n%s", before, after)
			}
		})
	}

	// The wrong subnet's hint, followed.
	docker(t, "network", "rm", wrong)
	r := h.run([]string{"SSOX_DOCKER_NETWORK=" + wrong}, "--docker", "ui-dev", "--", "sh", "-c", `echo "$SSOX_DOCKER_NETWORK"`)
	if r.code != 0 || r.stdout != wrong+"\n" {
		t.Errorf("with the hint followed: %+v", r)
	}
}

func hostname(t *testing.T) string {
	name, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// Another network holding the subnet is named, and so is the fix: with
// ssox's gateway, use it (and that works); else remove it.
func TestDockerSubnetTaken(t *testing.T) {
	network := subnet(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	other := network + "-other"
	for _, tt := range []struct {
		gateway, hint string
	}{
		{"169.254.170.1", "hint: remove it once no container uses it: 'docker network rm " + other + "'\n"},
		{"169.254.170.2", "hint: use that network: run 'ssox ui-dev --docker' with SSOX_DOCKER_NETWORK=" + other + "\n"},
	} {
		docker(t, "network", "create", "--subnet", dockerSubnet, "--gateway", tt.gateway, other)
		r := h.run([]string{"SSOX_DOCKER_NETWORK=" + network}, "--docker", "ui-dev", "--", "sh", "-c", "echo ran")
		want := "ssox: cannot create Docker network " + network + ": network " + other + " already holds subnet 169.254.170.0/24\n" + tt.hint
		if r.code != 1 || r.stderr != want || r.stdout != "" {
			t.Errorf("gateway %s: exit %d, stdout %q, stderr:\n%s\nwant:\n%s", tt.gateway, r.code, r.stdout, r.stderr, want)
		}
		if _, err := dockerErr("network", "inspect", network); err == nil {
			t.Errorf("network %s was created", network)
		}
		if tt.gateway == "169.254.170.2" {
			// The hint, followed.
			r = h.run([]string{"SSOX_DOCKER_NETWORK=" + other}, "--docker", "ui-dev", "--", "sh", "-c", `echo "$SSOX_DOCKER_NETWORK $AWS_CONTAINER_CREDENTIALS_FULL_URI"`)
			if r.code != 0 || !strings.HasPrefix(r.stdout, other+" http://169.254.170.2:") {
				t.Errorf("with the hint: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
		}
		docker(t, "network", "rm", other)
	}
}

// Two --docker sessions for different profiles run side by side on one
// network, created by the first and found by the second, each with its own
// port and token; each token gets its own profile's credentials only.
func TestDockerSessionsSideBySide(t *testing.T) {
	network := subnet(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	type session struct {
		cmd        *exec.Cmd
		stdin      io.WriteCloser
		stderr     *syncBuffer
		uri, token string
	}
	start := func(profile string) *session {
		s := &session{stderr: &syncBuffer{}}
		s.cmd = h.command([]string{"SSOX_DOCKER_NETWORK=" + network, "SSOX_DEBUG=1"}, "--docker", profile, "--", "sh", "-c",
			`echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI $AWS_CONTAINER_AUTHORIZATION_TOKEN"; read x`)
		s.stdin, _ = s.cmd.StdinPipe()
		stdout, _ := s.cmd.StdoutPipe()
		s.cmd.Stderr = s.stderr
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if f := strings.Fields(line); err == nil && len(f) == 2 {
			s.uri, s.token = f[0], f[1]
		} else {
			t.Fatalf("%s: %q %v\n%s", profile, line, err, s.stderr.String())
		}
		return s
	}
	a := start("ui-dev")
	b := start("dol-prod")
	for _, tt := range []struct {
		uri, token string
		status     int
		account    string
	}{
		{a.uri, a.token, 200, "123456789012"},
		{b.uri, b.token, 200, "987654321098"},
		{a.uri, b.token, 401, ""},
		{b.uri, a.token, 401, ""},
	} {
		req, _ := http.NewRequest("GET", tt.uri, nil)
		req.Header.Set("Authorization", tt.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var c struct{ AccountId string }
		json.NewDecoder(resp.Body).Decode(&c)
		resp.Body.Close()
		if resp.StatusCode != tt.status || c.AccountId != tt.account {
			t.Errorf("%s: %d %q, want %d %q", tt.uri, resp.StatusCode, c.AccountId, tt.status, tt.account)
		}
	}
	for _, s := range []*session{a, b} {
		s.stdin.Write([]byte("done\n"))
		if err := s.cmd.Wait(); err != nil {
			t.Fatal(err, s.stderr.String())
		}
	}
	creating := "creating Docker network " + network
	if !strings.Contains(a.stderr.String(), creating) || strings.Contains(b.stderr.String(), creating) {
		t.Errorf("the first should create the network, the second find it:\n%s\n%s", a.stderr.String(), b.stderr.String())
	}
	if !strings.HasPrefix(a.uri, "http://169.254.170.2:") || !strings.HasPrefix(b.uri, "http://169.254.170.2:") || a.uri == b.uri || a.token == b.token {
		t.Fatalf("sessions at %s and %s", a.uri, b.uri)
	}
	n := inspectNetworks(t, network)
	if len(n) != 1 || n[0].Driver != "bridge" || len(n[0].IPAM.Config) != 1 || n[0].IPAM.Config[0].Subnet != dockerSubnet || n[0].IPAM.Config[0].Gateway != "169.254.170.2" {
		t.Errorf("network %+v", n)
	}
}

// On the Docker network too, a neighbour holding a thousand connections to
// the endpoint open does not keep botocore in a container from its
// credentials within its 2 s (one attempt).
func TestDockerAnswersThroughIdleConnections(t *testing.T) {
	network := subnet(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	script := inContainer + `echo "$AWS_CONTAINER_CREDENTIALS_FULL_URI"; read x
run -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN ` + emptyImage + ` /usr/bin/python3 -c "$PY"`
	py := strings.Replace(botocoreAfterLine, "sys.stdin.readline()", "", 1)
	uri, rest := h.throughIdle([]string{"SSOX_DOCKER_NETWORK=" + network, "BIN=" + binDir, "PY=" + py}, "--docker", "ui-dev", "--", "sh", "-c", script)
	if want := uri + "\ncontainer-role " + h.issued().AccessKeyID + "\n"; rest != want {
		t.Fatalf("the container printed %q, want %q", rest, want)
	}
}

// readmeBlock returns the lines of the README's code block that starts with
// the line first (an indented block ends at the first line not indented).
func readmeBlock(t *testing.T, first string) []string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if l != first {
			continue
		}
		var block []string
		for _, l := range lines[i:] {
			if l == "```" || l == "" {
				break
			}
			block = append(block, l)
		}
		return block
	}
	t.Fatalf("the README has no line %q", first)
	return nil
}

// pyKey prints how botocore found credentials and their key.
const pyKey = `import botocore.session
c = botocore.session.Session().get_credentials()
print(c.method, c.get_frozen_credentials().access_key)
`

// The README's docker run line and compose file work as written, with
// this test's network, image and command in place of the README's.
func TestDockerREADMEForms(t *testing.T) {
	network := subnet(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)

	var run string // the command, its continued lines joined
	for _, l := range readmeBlock(t, "    ssox ui-dev --docker -- docker run --rm --network ssox \\") {
		l, more := strings.CutSuffix(l, "\\")
		if run += l; !more {
			break
		}
	}
	args := strings.Fields(run)
	image := slices.Index(args, "amazon/aws-cli")
	if args[0] != "ssox" || image < 0 || strings.Join(args[image:], " ") != "amazon/aws-cli sts get-caller-identity" || args[slices.Index(args, "--network")+1] != "ssox" {
		t.Fatalf("the README's docker run line changed: %q", run)
	}
	args[slices.Index(args, "--network")+1] = network
	mounts := strings.Fields("-v /usr:/usr:ro -v /lib:/lib:ro -v /lib64:/lib64:ro -v /bin:/bin:ro -v /etc:/etc:ro")
	args = append(append(args[1:image:image], mounts...), emptyImage, "/usr/bin/python3", "-c", pyKey)
	r := h.run([]string{"SSOX_DOCKER_NETWORK=" + network}, args...)
	key := h.readRoleCache(roleCacheFile).Credentials.AccessKeyId
	if r.code != 0 || r.stdout != "container-role "+key+"\n" {
		t.Errorf("docker run: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}

	// The compose file as the README has it; an override file (which
	// docker-compose reads by itself) gives the image, command and mounts.
	if _, err := exec.LookPath("docker-compose"); err != nil {
		testneed.Missing(t, "no docker-compose (.ci/run installs Debian's docker-compose)")
	}
	compose := readmeBlock(t, "# docker-compose.yml")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "docker-compose.yml"), []byte(strings.Join(compose[1:], "\n")+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "docker-compose.override.yml"), []byte(`services:
  app:
    image: `+emptyImage+`
    command: ["/usr/bin/python3", "-c", "import botocore.session as s; c = s.Session().get_credentials(); print('key', c.method, c.get_frozen_credentials().access_key)"]
    volumes: ["/usr:/usr:ro", "/lib:/lib:ro", "/lib64:/lib64:ro", "/bin:/bin:ro", "/etc:/etc:ro"]
`), 0o644)
	project := "ssoxe2e" + strings.ReplaceAll(network, "-", "")
	line := strings.Fields(strings.TrimSpace(readmeBlock(t, "    ssox ui-dev --docker -- docker-compose up")[0]))
	cmd := h.command([]string{"SSOX_DOCKER_NETWORK=" + network, "COMPOSE_PROJECT_NAME=" + project}, line[1:]...)
	cmd.Dir = dir
	t.Cleanup(func() {
		down := exec.Command("docker-compose", "down")
		down.Dir, down.Env = dir, append(os.Environ(), "COMPOSE_PROJECT_NAME="+project, "SSOX_DOCKER_NETWORK="+network)
		if out, err := down.CombinedOutput(); err != nil {
			t.Errorf("docker-compose down: %v: %s", err, out)
		}
	})
	r = h.runCmd(cmd)
	out := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(r.stdout, "") // compose colours its output
	if r.code != 0 || !strings.Contains(out, "app_1  | key container-role "+key+"\n") {
		t.Errorf("docker-compose up: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// ssox doctor reports the network: not made yet, ready (naming its bridge,
// which a firewall must let through), or in --docker's way; without a
// daemon, a note.
func TestDockerDoctor(t *testing.T) {
	network := subnet(t)
	h := newHarness(t, fakeidc.Options{})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	doctor := func(extra ...string) string {
		t.Helper()
		r := h.run(append([]string{"SSOX_DOCKER_NETWORK=" + network}, extra...), "doctor", "ui-dev")
		for _, l := range strings.Split(r.stdout, "\n") {
			if strings.Contains(l, " docker ") {
				return strings.Join(strings.Fields(l), " ")
			}
		}
		t.Fatalf("no docker line: %+v", r)
		return ""
	}
	if got, want := doctor(), "info docker no Docker network "+network+" yet: the first 'ssox PROFILE --docker' creates it"; got != want {
		t.Errorf("before:\n%s\nwant:\n%s", got, want)
	}
	if r := h.run([]string{"SSOX_DOCKER_NETWORK=" + network}, "--docker", "ui-dev", "--", "true"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	id := inspectNetworks(t, network)[0].ID
	if got, want := doctor(), "ok docker Docker network "+network+" is ready: its bridge br-"+id[:12]+" holds 169.254.170.2"; got != want {
		t.Errorf("after:\n%s\nwant:\n%s", got, want)
	}
	if got, want := doctor("DOCKER_HOST=unix:///nonexistent/docker.sock"), "info docker cannot reach the Docker daemon: Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?"; got != want {
		t.Errorf("no daemon:\n%s\nwant:\n%s", got, want)
	}
	docker(t, "network", "rm", network)
	docker(t, "network", "create", "--subnet", "10.213.214.0/24", network)
	if got, want := doctor(), "warn docker Docker network "+network+" has subnet 10.213.214.0/24, gateway Docker's default, not a bridge with subnet 169.254.170.0/24 and gateway 169.254.170.2"; got != want {
		t.Errorf("wrong subnet:\n%s\nwant:\n%s", got, want)
	}
}
