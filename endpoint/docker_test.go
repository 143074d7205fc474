package endpoint

import (
	"errors"
	"testing"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
)

func TestCheckNetworkName(t *testing.T) {
	for name, ok := range map[string]bool{
		"ssox": true, "ssox-dev": true, "a": true, "A_b.c-9": true, "9x": true,
		"": false, "a b": false, "-x": false, ".x": false, "_x": false, "container:x": false, "a/b": false,
		"é": false, "x\n": false, "bridge": false, "host": false, "none": false, "default": false,
	} {
		if err := CheckNetworkName(name); (err == nil) != ok {
			t.Errorf("%q: %v", name, err)
		}
	}
}

// What the docker command printed decides what ssox says: the words of
// Docker 20.10's and 28's clients and of Podman, as each prints them.
func TestDockerErrors(t *testing.T) {
	for _, tt := range []struct {
		env      environ.Env
		stderr   string
		notFound bool
		msg      string
		hint     string
	}{
		{nil, "Error response from daemon: network ssox not found", true, "docker network inspect: Error response from daemon: network ssox not found", ""},
		{nil, "Error: No such network: ssox", true, "docker network inspect: Error: No such network: ssox", ""},
		{nil, "Error response from daemon: unable to find network with name or ID ssox: network not found", true,
			"docker network inspect: Error response from daemon: unable to find network with name or ID ssox: network not found", ""},
		{nil, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", false,
			"cannot reach the Docker daemon: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
			"start the Docker daemon ('sudo systemctl start docker'), or choose another with 'docker context use' ('docker context ls' lists them)"},
		{environ.Env{"DOCKER_HOST": "tcp://10.0.0.5:2375"}, "Cannot connect to the Docker daemon at tcp://10.0.0.5:2375. Is the docker daemon running?", false,
			"cannot reach the Docker daemon: Cannot connect to the Docker daemon at tcp://10.0.0.5:2375. Is the docker daemon running?",
			"DOCKER_HOST=tcp://10.0.0.5:2375 names that daemon: start it, or unset DOCKER_HOST for the local one"},
		{environ.Env{"DOCKER_CONTEXT": "remote"}, "error during connect: Get \"https://10.0.0.5:2376/v1.41/networks/ssox\": dial tcp 10.0.0.5:2376: connect: no route to host", false,
			"cannot reach the Docker daemon: error during connect: Get \"https://10.0.0.5:2376/v1.41/networks/ssox\": dial tcp 10.0.0.5:2376: connect: no route to host",
			"DOCKER_CONTEXT=remote names that daemon: start it, or unset DOCKER_CONTEXT ('docker context ls' lists the others)"},
		{nil, "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/networks/ssox\": dial unix /var/run/docker.sock: connect: permission denied", false,
			"cannot reach the Docker daemon: permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/networks/ssox\": dial unix /var/run/docker.sock: connect: permission denied",
			"join the docker group ('sudo usermod -aG docker \"$USER\"', then log in again)"},
		// A daemon that cannot be reached is no missing network, whatever
		// else the message says.
		{nil, "Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?\nnot found", false,
			"cannot reach the Docker daemon: Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?",
			"start the Docker daemon ('sudo systemctl start docker'), or choose another with 'docker context use' ('docker context ls' lists them)"},
	} {
		e := &dockerError{args: []string{"network", "inspect", "ssox"}, msg: tt.stderr, err: errors.New("exit status 1")}
		err := (&Docker{Env: tt.env}).explain(e)
		if e.notFound() != tt.notFound || err.Error() != tt.msg || errs.HintOf(err) != tt.hint {
			t.Errorf("%q: not found %v, %q, hint %q", tt.stderr, e.notFound(), err, errs.HintOf(err))
		}
		if errors.Is(err, ErrNoDaemon) == (tt.hint == "") {
			t.Errorf("%q: ErrNoDaemon %v", tt.stderr, errors.Is(err, ErrNoDaemon))
		}
	}
}

// A network of the right name is used only as a bridge with ssox's subnet
// and gateway; what it has instead is named.
func TestNetworkFits(t *testing.T) {
	type cfg = struct{ Subnet, Gateway string }
	for _, tt := range []struct {
		driver string
		config []cfg
		msg    string
	}{
		{"bridge", []cfg{{"169.254.170.0/24", "169.254.170.2"}}, ""},
		{"bridge", []cfg{{"fd00::/64", "fd00::1"}, {"169.254.170.0/24", "169.254.170.2"}}, ""},
		{"bridge", []cfg{{"169.254.170.0/24", ""}}, "Docker network n has subnet 169.254.170.0/24, gateway Docker's default, not a bridge with subnet 169.254.170.0/24 and gateway 169.254.170.2"},
		{"bridge", []cfg{{"10.1.0.0/16", "10.1.0.1"}}, "Docker network n has subnet 10.1.0.0/16, gateway 10.1.0.1, not a bridge with subnet 169.254.170.0/24 and gateway 169.254.170.2"},
		{"bridge", nil, "Docker network n has no subnet, not a bridge with subnet 169.254.170.0/24 and gateway 169.254.170.2"},
		{"macvlan", []cfg{{"169.254.170.0/24", "169.254.170.2"}}, "Docker network n has driver macvlan, not a bridge with subnet 169.254.170.0/24 and gateway 169.254.170.2"},
	} {
		n := &network{Driver: tt.driver}
		n.IPAM.Config = tt.config
		got, hint := "", ""
		if err := (&Docker{Network: "n"}).fits(n); err != nil {
			got, hint = err.Error(), "remove it once no container uses it ('docker network rm n'), and ssox creates it as it needs"
			if errs.HintOf(err) != hint {
				t.Errorf("%s %v: hint %q", tt.driver, tt.config, errs.HintOf(err))
			}
		}
		if got != tt.msg {
			t.Errorf("%s %v: %q, want %q", tt.driver, tt.config, got, tt.msg)
		}
	}
}

func TestBridgeName(t *testing.T) {
	n := &network{ID: "f949f8a4f1c3c6ba21aea375a0eb074df56389bf7a01dab01f2d3d76c64974b0"}
	if got := bridge(n); got != "br-f949f8a4f1c3" {
		t.Errorf("%q", got)
	}
	n.Options = map[string]string{"com.docker.network.bridge.name": "podman1"}
	if got := bridge(n); got != "podman1" {
		t.Errorf("%q", got)
	}
}
