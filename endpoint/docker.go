package endpoint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	osexec "os/exec"
	"strings"
	"time"

	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/lookpath"
	"github.com/ssox/ssox/internal/visible"
)

// The Docker network of --docker. Its gateway is the address of Amazon
// ECS's credentials endpoint: besides loopback, the one host every SDK
// accepts plain-http container credentials from (botocore: no other).
const (
	// DefaultNetwork is the network's name unless SSOX_DOCKER_NETWORK
	// gives another.
	DefaultNetwork = "ssox"
	dockerSubnet   = "169.254.170.0/24"
	dockerGateway  = "169.254.170.2"
)

// CheckNetworkName says why name cannot be SSOX_DOCKER_NETWORK, if it
// cannot: it must be a name `docker run --network` takes as a network's
// (no "container:" form, no path), and not one of Docker's own networks.
func CheckNetworkName(name string) error {
	switch name {
	case "":
		return errors.New("the Docker network name is empty")
	case "bridge", "host", "none", "default":
		return fmt.Errorf("%q is one of Docker's own networks, not one ssox can set up", name)
	}
	for i, r := range name {
		alnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		if !alnum && (i == 0 || r != '_' && r != '.' && r != '-') {
			return fmt.Errorf("%s is not a Docker network name (letters, digits, '_', '.' and '-', starting with a letter or digit)", visible.ShellWord(name))
		}
	}
	return nil
}

// Docker sets up the Docker network --docker serves on, through the docker
// command, so that the user's context, DOCKER_HOST and configuration apply
// as for every other docker command they run.
type Docker struct {
	// Network is the network's name.
	Network string
	// Env is the docker command's environment: its PATH finds docker, its
	// DOCKER_HOST, DOCKER_CONTEXT and DOCKER_CONFIG choose the daemon.
	Env environ.Env
	// Profile is the profile being served, for the hints.
	Profile string
	Log     *debuglog.Logger
	// Timeout bounds each docker command; zero means 30 s.
	Timeout time.Duration
}

// network is what `docker network inspect` says of a network.
type network struct {
	Name   string
	ID     string `json:"Id"`
	Driver string
	IPAM   struct {
		Config []struct{ Subnet, Gateway string }
	}
	Options map[string]string
}

// Listen makes sure the network exists as ssox needs it, creating it when
// it is missing, and listens on its gateway at a random port. A network it
// created and cannot use, it removes again.
func (d *Docker) Listen(ctx context.Context) (net.Listener, error) {
	n, err := d.inspect(ctx)
	created := false
	if errors.Is(err, errNoNetwork) {
		n, created, err = d.create(ctx)
	}
	if err != nil {
		return nil, err
	}
	ln, err := d.listen(ctx, n)
	if err != nil && created {
		if _, rmErr := d.docker(ctx, "network", "rm", n.ID); rmErr != nil {
			err = fmt.Errorf("%w (and removing the network ssox created failed: %v)", err, rmErr)
		}
	}
	return ln, err
}

// NetworkState is what Check found.
type NetworkState struct {
	// Ready: the network exists as --docker needs it, on this machine.
	// Otherwise it is missing, and the first --docker creates it.
	Ready   bool
	Message string
}

// Check tells what --docker would find, changing nothing: the network's
// state, or the error --docker would fail with (wrapping ErrNoDocker or
// ErrNoDaemon when there is no docker command or no daemon to ask).
func (d *Docker) Check(ctx context.Context) (NetworkState, error) {
	n, err := d.inspect(ctx)
	if errors.Is(err, errNoNetwork) {
		return NetworkState{Message: fmt.Sprintf("no Docker network %s yet: the first 'ssox PROFILE --docker' creates it", d.Network)}, nil
	}
	if err == nil {
		err = d.onThisMachine(ctx, n)
	}
	if err != nil {
		return NetworkState{}, err
	}
	return NetworkState{Ready: true, Message: fmt.Sprintf("Docker network %s is ready: its bridge %s holds %s", d.Network, bridge(n), dockerGateway)}, nil
}

var (
	// ErrNoDocker means there is no docker command on PATH.
	ErrNoDocker = errors.New("--docker needs the docker command, which is not on PATH")
	// ErrNoDaemon means the docker command reached no daemon.
	ErrNoDaemon  = errors.New("cannot reach the Docker daemon")
	errNoNetwork = errors.New("no such network")
)

// inspect reads the network and checks that it is what ssox needs.
func (d *Docker) inspect(ctx context.Context) (*network, error) {
	out, err := d.docker(ctx, "network", "inspect", d.Network)
	var cliErr *dockerError
	if errors.As(err, &cliErr) && cliErr.notFound() {
		return nil, errNoNetwork
	}
	if err != nil {
		return nil, err
	}
	var ns []network
	if err := json.Unmarshal(out, &ns); err != nil || len(ns) != 1 {
		return nil, fmt.Errorf("cannot read what 'docker network inspect %s' printed: %q", d.Network, firstLine(out))
	}
	return &ns[0], d.fits(&ns[0])
}

// fits checks a network of the right name: a bridge with ssox's subnet and
// gateway.
func (d *Docker) fits(n *network) error {
	var got []string
	for _, c := range n.IPAM.Config {
		if c.Subnet == dockerSubnet && c.Gateway == dockerGateway && n.Driver == "bridge" {
			return nil
		}
		gw := c.Gateway
		if gw == "" {
			gw = "Docker's default"
		}
		got = append(got, fmt.Sprintf("subnet %s, gateway %s", c.Subnet, gw))
	}
	what := strings.Join(got, "; ")
	if n.Driver != "bridge" {
		what = "driver " + n.Driver
	} else if what == "" {
		what = "no subnet"
	}
	return errs.WithHint(fmt.Errorf("Docker network %s has %s, not a bridge with subnet %s and gateway %s", d.Network, what, dockerSubnet, dockerGateway),
		"remove it once no container uses it ('docker network rm %s'), and ssox creates it as it needs", visible.ShellWord(d.Network))
}

// create creates the network, and reads it back for its bridge's name. A
// network of that name that another ssox created meanwhile is used as it is
// (created is false then).
func (d *Docker) create(ctx context.Context) (n *network, created bool, err error) {
	d.Log.Printf("creating Docker network %s (%s, gateway %s)", d.Network, dockerSubnet, dockerGateway)
	_, err = d.docker(ctx, "network", "create", "--driver", "bridge", "--subnet", dockerSubnet, "--gateway", dockerGateway, d.Network)
	if err == nil {
		n, err = d.inspect(ctx)
		return n, err == nil, err
	}
	if n, inspectErr := d.inspect(ctx); inspectErr == nil {
		return n, false, nil
	}
	var cliErr *dockerError
	if errors.As(err, &cliErr) && strings.Contains(cliErr.msg, "overlaps") {
		return nil, false, d.subnetTaken(ctx, err)
	}
	return nil, false, err
}

// subnetTaken names the network that holds ssox's subnet, and says how to
// use it or free the subnet.
func (d *Docker) subnetTaken(ctx context.Context, createErr error) error {
	ids, err := d.docker(ctx, "network", "ls", "--quiet", "--no-trunc")
	if err != nil {
		return createErr
	}
	out, err := d.docker(ctx, append([]string{"network", "inspect"}, strings.Fields(string(ids))...)...)
	var ns []network
	if err != nil || json.Unmarshal(out, &ns) != nil {
		return createErr
	}
	_, ours, _ := net.ParseCIDR(dockerSubnet)
	for _, n := range ns {
		for _, c := range n.IPAM.Config {
			_, sub, err := net.ParseCIDR(c.Subnet)
			if err != nil || !sub.Contains(ours.IP) && !ours.Contains(sub.IP) {
				continue
			}
			msg := fmt.Errorf("cannot create Docker network %s: network %s already holds subnet %s", d.Network, n.Name, dockerSubnet)
			if c.Subnet != dockerSubnet {
				msg = fmt.Errorf("cannot create Docker network %s: the subnet %s of network %s overlaps %s", d.Network, c.Subnet, n.Name, dockerSubnet)
			}
			if c.Subnet == dockerSubnet && c.Gateway == dockerGateway && n.Driver == "bridge" {
				return errs.WithHint(msg, "use that network: run 'ssox %s --docker' with SSOX_DOCKER_NETWORK=%s", visible.ShellWord(d.Profile), visible.ShellWord(n.Name))
			}
			return errs.WithHint(msg, "remove it once no container uses it: 'docker network rm %s'", visible.ShellWord(n.Name))
		}
	}
	return createErr
}

// listen listens on the gateway, which must be an address of the network's
// bridge on this machine: otherwise containers on the network cannot reach
// ssox.
func (d *Docker) listen(ctx context.Context, n *network) (net.Listener, error) {
	if err := d.onThisMachine(ctx, n); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", dockerGateway+":0")
	if err != nil {
		return nil, fmt.Errorf("listen on Docker network %s: %w", d.Network, err)
	}
	return ln, nil
}

// onThisMachine checks that the network's bridge is an interface of this
// machine holding the gateway address: the daemon runs here, on this
// machine's network, and containers reach this machine through it.
func (d *Docker) onThisMachine(ctx context.Context, n *network) error {
	br := bridge(n)
	if holds(br, dockerGateway) {
		return nil
	}
	if _, err := net.InterfaceByName(br); err == nil {
		return fmt.Errorf("the bridge %s of Docker network %s does not hold its gateway %s", br, d.Network, dockerGateway)
	}
	where, desktop := d.daemonPlace(ctx)
	msg := fmt.Sprintf("Docker network %s is not on this machine (no interface %s here): the Docker daemon runs %s, where containers cannot reach ssox", d.Network, br, where)
	if other := holderOf(dockerGateway); other != "" {
		msg += fmt.Sprintf("; this machine's %s is interface %s's", dockerGateway, other)
	}
	p := visible.ShellWord(d.Profile)
	if desktop {
		return errs.WithHint(errors.New(msg), "with host networking enabled (Docker Desktop 4.34+, Settings > Resources > Network), serve on loopback instead: "+
			"'ssox %s --server -- docker run --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN IMAGE'", p)
	}
	return errs.WithHint(errors.New(msg), "give the container keys instead, which do not renew: "+
		"'ssox %s -- docker run -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_SESSION_TOKEN IMAGE'", p)
}

// bridge is the name of a bridge network's interface: Docker's default
// unless the network names its own (Podman always does).
func bridge(n *network) string {
	if name := n.Options["com.docker.network.bridge.name"]; name != "" {
		return name
	}
	id := n.ID
	if len(id) > 12 {
		id = id[:12]
	}
	return "br-" + id
}

// holds reports whether the interface named name holds the address ip.
func holds(name, ip string) bool {
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return false
	}
	return hasAddr(ifi, net.ParseIP(ip))
}

// holderOf names an interface of this machine that holds ip, if any.
func holderOf(ip string) string {
	ifs, err := net.Interfaces()
	if err != nil {
		return ""
	}
	for i := range ifs {
		if hasAddr(&ifs[i], net.ParseIP(ip)) {
			return ifs[i].Name
		}
	}
	return ""
}

func hasAddr(ifi *net.Interface, ip net.IP) bool {
	addrs, err := ifi.Addrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.Equal(ip) {
			return true
		}
	}
	return false
}

// daemonPlace says where the daemon runs when its networks are not on this
// machine, as far as `docker info` tells, and whether it is Docker Desktop.
func (d *Docker) daemonPlace(ctx context.Context) (where string, desktop bool) {
	where = "elsewhere (a remote DOCKER_HOST or context, Docker Desktop's virtual machine, rootless Docker or Podman)"
	out, err := d.docker(ctx, "info", "--format", "{{json .}}")
	var info struct {
		Name, OperatingSystem string
		SecurityOptions       []string
	}
	if err != nil || json.Unmarshal(out, &info) != nil {
		return where, false
	}
	host, _ := os.Hostname()
	switch {
	case strings.Contains(info.OperatingSystem, "Docker Desktop"):
		return "in Docker Desktop's virtual machine", true
	case strings.Contains(strings.Join(info.SecurityOptions, " "), "name=rootless"):
		return "rootless, in a network namespace of its own", false
	case info.Name != "" && info.Name != host:
		return "on another machine (" + visible.String(info.Name) + ")", false
	}
	return where, false
}

// docker runs the docker command and returns what it printed on stdout.
func (d *Docker) docker(ctx context.Context, args ...string) ([]byte, error) {
	path, err := lookpath.Find("docker", d.Env.Get("PATH"))
	if err != nil {
		return nil, errs.WithHint(ErrNoDocker, "install Docker (Debian, Ubuntu: 'apt-get install docker.io') or put docker on PATH; for commands outside containers, --server serves the same credentials")
	}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := osexec.CommandContext(ctx, path, args...)
	cmd.Env = d.Env.List()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	d.Log.Printf("docker %s: %v in %s", strings.Join(args, " "), err, time.Since(start).Round(time.Millisecond))
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return nil, errs.Hintf("check the daemon with 'docker info', or allow more time with SSOX_TIMEOUT",
			"'docker %s' did not finish within %s", verb(args), timeout)
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		return stdout.Bytes(), d.explain(&dockerError{args: args, msg: strings.TrimSpace(stderr.String()), err: err})
	}
	return stdout.Bytes(), nil
}

// dockerError is a docker command that failed, with what it said.
type dockerError struct {
	args []string
	msg  string
	err  error
}

func (e *dockerError) Error() string {
	msg := firstLine([]byte(e.msg))
	if msg == "" {
		msg = e.err.Error()
	}
	return fmt.Sprintf("docker %s: %s", verb(e.args), msg)
}

func (e *dockerError) Unwrap() error { return e.err }

// verb is the docker subcommand of args: "network inspect", "info".
func verb(args []string) string {
	if args[0] == "network" && len(args) > 1 {
		return "network " + args[1]
	}
	return args[0]
}

// notFound reports whether the network asked for does not exist: the
// daemon says "network NAME not found", Docker's older CLIs "No such
// network", Podman "network not found".
func (e *dockerError) notFound() bool {
	return !e.unreachable() && (strings.Contains(e.msg, "not found") || strings.Contains(e.msg, "No such network"))
}

// unreachable reports whether the docker command could not reach a daemon.
func (e *dockerError) unreachable() bool {
	return strings.Contains(e.msg, "Cannot connect to the Docker daemon") || strings.Contains(e.msg, "error during connect") ||
		strings.Contains(e.msg, "permission denied while trying to connect")
}

// explain gives a daemon that cannot be reached its fix.
func (d *Docker) explain(e *dockerError) error {
	if !e.unreachable() {
		return e
	}
	err := fmt.Errorf("%w: %s", ErrNoDaemon, firstLine([]byte(e.msg)))
	switch {
	case strings.Contains(e.msg, "permission denied"):
		return errs.WithHint(err, "join the docker group ('sudo usermod -aG docker \"$USER\"', then log in again)")
	case d.Env.Get("DOCKER_HOST") != "":
		return errs.WithHint(err, "DOCKER_HOST=%s names that daemon: start it, or unset DOCKER_HOST for the local one", visible.ShellWord(d.Env.Get("DOCKER_HOST")))
	case d.Env.Get("DOCKER_CONTEXT") != "":
		return errs.WithHint(err, "DOCKER_CONTEXT=%s names that daemon: start it, or unset DOCKER_CONTEXT ('docker context ls' lists the others)", visible.ShellWord(d.Env.Get("DOCKER_CONTEXT")))
	}
	return errs.WithHint(err, "start the Docker daemon ('sudo systemctl start docker'), or choose another with 'docker context use' ('docker context ls' lists them)")
}

// firstLine is the first line of what a command printed, with control
// characters shown as escapes.
func firstLine(b []byte) string {
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return visible.String(line)
}
