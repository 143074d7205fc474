//go:build unix

// The fake runs from Unix scripts (the demo, the benchmarks): the test
// builds it with the Go toolchain and stops it with SIGTERM.

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/testconfig"
)

// TestBinary builds the command, runs it as scripts do, and stops it with
// SIGTERM.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fakeidc")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	accounts := filepath.Join(dir, "accounts.json")
	if err := os.WriteFile(accounts, []byte(`[{"id":"210987654321","name":"only","email":"o@example.com","roles":["Dev"]}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	urlFile := filepath.Join(dir, "url")
	guide := filepath.Join(dir, "home", "config")
	if err := os.MkdirAll(filepath.Dir(guide), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-url-file", urlFile, "-log", "-start-url", "https://demo.awsapps.com/start", "-accounts", accounts, "-guide-config", guide)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no URL line; stderr: %s", stderr.String())
	}
	u := lines.Text()
	if !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Fatalf("URL line %q", u)
	}
	if b, err := os.ReadFile(urlFile); err != nil || string(b) != u+"\n" {
		t.Fatalf("url file %q, %v", b, err)
	}
	// The demo's HOME gets the tests' fixture, written before the URL.
	if b, err := os.ReadFile(guide); err != nil || string(b) != testconfig.Guide {
		t.Fatalf("guide config %q, %v", b, err)
	}

	res, err := http.Post(u+"/client/register", "application/json", strings.NewReader(`{"clientName":"t","clientType":"public"}`))
	if err != nil {
		t.Fatal(err)
	}
	var reg struct{ ClientID, ClientSecret string }
	if err := json.NewDecoder(res.Body).Decode(&reg); err != nil || res.StatusCode != 200 {
		t.Fatalf("register: %d %v", res.StatusCode, err)
	}
	res.Body.Close()
	body := `{"clientId":"` + reg.ClientID + `","clientSecret":"` + reg.ClientSecret + `","startUrl":"https://demo.awsapps.com/start"}`
	if res, err = http.Post(u+"/device_authorization", "application/json", strings.NewReader(body)); err != nil || res.StatusCode != 200 {
		t.Fatalf("device authorization with -start-url: %v %v", res.StatusCode, err)
	}
	res.Body.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop on SIGTERM")
	}
	if lines.Scan() {
		t.Errorf("more stdout: %q", lines.Text())
	}
	if _, err := os.Stat(urlFile); !os.IsNotExist(err) {
		t.Errorf("url file left behind: %v", err)
	}
	log := stderr.String()
	if !strings.Contains(log, "RegisterClient POST /client/register 200") || !strings.Contains(log, "StartDeviceAuthorization") ||
		strings.Contains(log, reg.ClientSecret) {
		t.Errorf("log:\n%s", log)
	}
}
