// Command fakeidc runs the fake IAM Identity Center on a local port for
// demos and for tests driven from other processes. It prints the base URL
// as the only line on stdout and serves until SIGINT or SIGTERM; the
// /_fake/ admin API controls it at run time.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/ssox/ssox/internal/fakeidc"
	"github.com/ssox/ssox/internal/testconfig"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "fakeidc:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o fakeidc.Options
	fs := flag.NewFlagSet("fakeidc", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	urlFile := fs.String("url-file", "", "also write the base URL to this file")
	accounts := fs.String("accounts", "", "JSON file with a list of accounts {ID, Name, Email, Roles} (default: built-in)")
	roles := fs.String("roles", "", "JSON file with a list of STS roles {ARN, ExternalID, Deny} (default: none; any role may be assumed)")
	logReqs := fs.Bool("log", false, "print one line per request to stderr")
	guide := fs.String("guide-config", "", "write the setup guide's ~/.aws/config (the tests' fixture) to this file before serving")
	fs.StringVar(&o.StartURL, "start-url", "https://fake.awsapps.com/start", "the only start URL accepted")
	fs.StringVar(&o.Region, "region", "us-east-1", "region (informational)")
	fs.DurationVar(&o.AccessTokenTTL, "access-token-ttl", 0, "access token lifetime (default 1h)")
	fs.DurationVar(&o.RefreshTokenTTL, "refresh-token-ttl", 0, "session lifetime for refresh tokens (default 90 days)")
	fs.DurationVar(&o.RegistrationTTL, "registration-ttl", 0, "client registration lifetime (default 90 days)")
	fs.DurationVar(&o.RoleCredentialsTTL, "role-credentials-ttl", 0, "role credentials lifetime (default 1h)")
	fs.DurationVar(&o.DeviceCodeTTL, "device-code-ttl", 0, "device code lifetime (default 10m)")
	fs.DurationVar(&o.DeviceInterval, "device-interval", 0, "device polling interval (default 1s)")
	fs.IntVar(&o.PageSize, "page-size", 0, "largest page of accounts or roles (default 20)")
	fs.BoolVar(&o.NoRefreshTokens, "no-refresh-tokens", false, "never issue refresh tokens")
	fs.BoolVar(&o.NoRefreshRotation, "no-refresh-rotation", false, "keep refresh tokens valid after use")
	fs.BoolVar(&o.DenyAuthorize, "deny", false, "deny every browser authorization")
	fs.BoolVar(&o.ManualApproval, "manual", false, "ask for confirmation in the browser instead of approving on visit")
	fs.IntVar(&o.DeviceApproveAfterPolls, "approve-after-polls", 0, "approve device codes by themselves after N pending polls")
	fs.IntVar(&o.DeviceSlowDownPolls, "slow-down-polls", 0, "answer SlowDownException to the first N polls of each device code")
	fs.DurationVar(&o.Latency, "latency", 0, "delay added to every API response")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *accounts != "" {
		b, err := os.ReadFile(*accounts)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &o.Accounts); err != nil {
			return fmt.Errorf("%s: %w", *accounts, err)
		}
	}
	if *roles != "" {
		b, err := os.ReadFile(*roles)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &o.Roles); err != nil {
			return fmt.Errorf("%s: %w", *roles, err)
		}
	}
	if *logReqs {
		o.OnRequest = func(r fakeidc.Request) {
			line := fmt.Sprintf("%s %s %s %s %d", r.Time.Format("15:04:05.000"), r.Op, r.Method, r.Path, r.Status)
			for _, kv := range [][2]string{{"error", r.ErrorType}, {"grant", r.GrantType}, {"client", r.ClientID}, {"account", r.AccountID}, {"role", r.RoleName},
				{"role_arn", r.RoleARN}, {"session", r.SessionName}, {"external_id", r.ExternalID}, {"region", r.SigningRegion}, {"caller", r.Caller}} {
				if kv[1] != "" {
					line += " " + kv[0] + "=" + kv[1]
				}
			}
			if r.DurationSeconds != 0 {
				line += fmt.Sprintf(" duration=%d", r.DurationSeconds)
			}
			fmt.Fprintln(stderr, line)
		}
	}
	if *guide != "" {
		if err := writeAtomic(*guide, testconfig.Guide); err != nil {
			return err
		}
	}
	s := fakeidc.New(o)
	url, err := s.Start(*addr)
	if err != nil {
		return err
	}
	defer s.Close()
	if *urlFile != "" {
		if err := writeAtomic(*urlFile, url+"\n"); err != nil {
			return err
		}
		defer os.Remove(*urlFile) // a stale URL would send scripts to a dead port
	}
	fmt.Fprintln(stdout, url)
	<-ctx.Done()
	return s.Close()
}

// writeAtomic writes the file via a rename so readers never see it half
// written.
func writeAtomic(path, content string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".fakeidc-url-*")
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
