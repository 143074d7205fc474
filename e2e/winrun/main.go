//go:build windows

// Command winrun is the end-to-end tests' hands inside Wine, a Windows
// program that does what a Windows parent or neighbour of ssox.exe does:
//
//	winrun run SPEC       start a program as a Windows parent does, with
//	                      exactly the environment and command line in the
//	                      JSON file SPEC ({"env": [...], "argv": [...]} or
//	                      "cmdline" for a raw command line), and exit with
//	                      its status
//	                      or, with "ctrlC": FILE, in a console of its own,
//	                      where it types Ctrl-C once FILE exists (the
//	                      Ctrl-C reaches every program on the console,
//	                      winrun surviving it)
//	winrun interrupted F  create F, wait for Ctrl-C, then half a second
//	                      more; print "interrupted" and exit 5
//	winrun dump           print this process's environment as a JSON object
//	winrun hold STOP F... read each file F again and again, as the AWS CLI
//	                      reads its caches (open without FILE_SHARE_DELETE,
//	                      read, close), until the file STOP exists; print
//	                      how many reads succeeded
//
// Wine itself cannot start a program with a given environment: it sets
// USERPROFILE and the rest from its prefix, whatever the Unix side says.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/windows"
)

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: winrun run SPEC | dump | hold STOP FILE..."))
	}
	switch os.Args[1] {
	case "run":
		os.Exit(run(os.Args[2]))
	case "dump":
		env := map[string]string{}
		for _, kv := range os.Environ() {
			if i := strings.IndexByte(kv[1:], '=') + 1; i > 0 {
				env[kv[:i]] = kv[i+1:]
			}
		}
		if err := json.NewEncoder(os.Stdout).Encode(env); err != nil {
			fail(err)
		}
	case "hold":
		hold(os.Args[2], os.Args[3:])
	case "interrupted":
		interrupted(os.Args[2])
	default:
		fail(fmt.Errorf("unknown command %q", os.Args[1]))
	}
}

type spec struct {
	Env     []string `json:"env"`
	Argv    []string `json:"argv"`
	Cmdline string   `json:"cmdline"`
	CtrlC   string   `json:"ctrlC"`
}

func run(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	var s spec
	if err := json.Unmarshal(data, &s); err != nil {
		fail(err)
	}
	cmd := exec.Command(s.Argv[0], s.Argv[1:]...)
	cmd.Env = s.Env
	if s.Cmdline != "" {
		cmd.SysProcAttr = &syscall.SysProcAttr{CmdLine: s.Cmdline}
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if s.CtrlC != "" {
		newConsole()
		// winrun is on the console too: it lives through its own Ctrl-C.
		signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	}
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	if s.CtrlC != "" {
		go func() {
			waitFile(s.CtrlC)
			if err := windows.GenerateConsoleCtrlEvent(windows.CTRL_C_EVENT, 0); err != nil {
				fail(fmt.Errorf("Ctrl-C: %w", err))
			}
		}()
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		fail(err)
	}
	return 0
}

func hold(stop string, files []string) {
	reads := 0
	for {
		if _, err := os.Stat(stop); err == nil {
			break
		}
		for _, f := range files {
			r, err := os.Open(f)
			if err != nil {
				continue // not written yet, or being replaced
			}
			if _, err := io.ReadAll(r); err == nil {
				reads++
			}
			time.Sleep(time.Millisecond) // the reader holds the file a moment
			r.Close()
		}
		time.Sleep(5 * time.Millisecond) // and reads again soon
	}
	fmt.Println(reads)
}

// newConsole gives winrun a console of its own, which the programs it
// starts share, as a console window gives one (Wine's programs started
// from Unix have none to type Ctrl-C into).
func newConsole() {
	kernel32 := windows.NewLazySystemDLL("kernel32.dll")
	kernel32.NewProc("FreeConsole").Call()
	if ok, _, err := kernel32.NewProc("AllocConsole").Call(); ok == 0 {
		fail(fmt.Errorf("AllocConsole: %w", err))
	}
}

// waitFile waits until path exists, for 30 seconds at most.
func waitFile(path string) {
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			fail(fmt.Errorf("%s did not appear", path))
		}
	}
}

// interrupted is a child that handles Ctrl-C itself, and takes its time.
func interrupted(ready string) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	if err := os.WriteFile(ready, nil, 0o600); err != nil {
		fail(err)
	}
	select {
	case <-c:
	case <-time.After(30 * time.Second):
		fail(errors.New("no Ctrl-C came"))
	}
	time.Sleep(500 * time.Millisecond)
	fmt.Println("interrupted")
	os.Exit(5)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "winrun:", err)
	os.Exit(125)
}
