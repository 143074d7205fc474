package cli

import (
	"net"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/environ"
)

// TestREADMEFormsRun walks every ssox command line in the README's tables
// and runs it as written, placeholders filled in: each parses, and each
// that needs no network runs to exit 0 against warm caches.
func TestREADMEFormsRun(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile("`([^`]+)`")
	var forms []string
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		// The first cell holds the form; "\|" is a "|" inside it.
		first := strings.ReplaceAll(strings.Split(strings.ReplaceAll(line, `\|`, "\x00"), "|")[1], "\x00", "|")
		for _, m := range code.FindAllStringSubmatch(first, -1) {
			if i := strings.Index(m[1], "ssox "); i >= 0 && (i == 0 || m[1][i-1] == '(' || m[1][i-1] == ' ') {
				forms = append(forms, strings.TrimRight(m[1][i:], ")\""))
			}
		}
	}
	if len(forms) < 15 {
		t.Fatalf("found only %d forms in the README's tables: %q", len(forms), forms)
	}
	// 'ssox login' checks the warm token with the portal: here, one that
	// refuses connections, which leaves the token as it is.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	warm := func() environ.Env {
		env := warmHome(t, time.Now())
		env["AWS_ENDPOINT_URL_SSO"] = "http://" + ln.Addr().String()
		return env
	}
	env := warm()
	offline := map[string]bool{"": true, "exec": true, "env": true, "credential-process": true, "list": true,
		"prompt": true, "init": true, "doctor": true, "version": true, "help": true, "login": true}
	for _, form := range forms {
		args := fill(form)
		in, err := parse(args, env)
		if err != nil {
			t.Errorf("README form %q as %q: %v", form, args, err)
			continue
		}
		if !offline[in.cmd.name] || in.isSet("server") {
			continue
		}
		if runtime.GOOS == "windows" && slices.ContainsFunc(in.command, func(w string) bool { return strings.HasPrefix(w, "/") }) {
			continue // a Unix path (the benchmarks' /bin/true)
		}
		e := env
		if in.cmd.name == "login" {
			e = warm() // login drops the cached role credentials the others use
		}
		if r := runArgs(e, args...); r.code != 0 {
			t.Errorf("README form %q as %q: exit %d: %s", form, args, r.code, r.stderr)
		}
	}
}

// placeholders are sample values for the words usage lines and hints use
// for what the user fills in.
var placeholders = map[string]string{"PROFILE": "ui-dev", "F": "json", "TEMPLATE": "{{.Profile}}", "NAME": "njoitaws",
	"R": "eu-west-1", "SHELL": "zsh", "REGION": "eu-west-1", "S": "s3", "URL": "https://my-org.awsapps.com/start", "COMMAND": "list", "CMD": "true", "DURATION": "20m",
	"E": "granted"}

// fill turns a usage form into arguments: optional parts taken, the first
// of alternatives, placeholders given values.
func fill(form string) []string {
	var args []string
	words := strings.Fields(strings.TrimPrefix(form, "ssox"))
	depth := 0
	for i := 0; i < len(words); i++ {
		w := strings.Trim(words[i], "[]")
		open := strings.Count(words[i], "[") - strings.Count(words[i], "]")
		switch {
		case depth == 0 && (w == "|" || w == ">>" || w == ">"):
			return args // the shell's: a pipe or a redirection
		case w == "|":
			// Keep the first alternative: skip to the end of the brackets.
			for d := depth; i+1 < len(words) && d > 0; i++ {
				d -= strings.Count(words[i+1], "]") - strings.Count(words[i+1], "[")
			}
			depth, open = 0, 0
		case w == "" || w == "flags" || strings.HasSuffix(w, "..."):
		case strings.Contains(w, "|"):
			args = append(args, strings.Split(w, "|")[0])
		case placeholders[w] != "":
			args = append(args, placeholders[w])
		default:
			args = append(args, w)
		}
		depth += open
	}
	if len(args) > 0 && args[len(args)-1] == "--" {
		args = append(args, "true")
	}
	return args
}
