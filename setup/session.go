package setup

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/ssox/ssox/awsconfig"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/visible"
)

// NewSession is an [sso-session] block for setup to write, for users
// without the AWS CLI v2 (whose `aws configure sso` writes it otherwise).
type NewSession struct {
	Name, StartURL, Region string
}

// CheckStartURL refuses what cannot be an access portal URL.
func CheckStartURL(s string) error {
	u, err := url.Parse(s)
	bad := err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Fragment != ""
	for _, r := range s {
		bad = bad || unicode.IsSpace(r) || !unicode.IsPrint(r)
	}
	if bad {
		return fmt.Errorf(`"%s" is not an access portal URL (like https://my-org.awsapps.com/start)`, visible.String(s))
	}
	return nil
}

// AddSession returns text with the session's block in it, as `aws configure
// sso` writes it: a new block at the end (after a newline the file may
// lack) with sso_start_url, sso_region and sso_registration_scopes; an
// existing block gains only the keys it lacks, after its last line with a
// key. A block whose start URL or region differs is refused as a usage
// error: setup never changes where an existing session logs in.
func AddSession(text, display string, ns NewSession) (string, error) {
	want := []struct{ key, val, flag string }{{"sso_start_url", ns.StartURL, "--start-url"}, {"sso_region", ns.Region, "--sso-region"}}
	header := "sso-session " + ns.Name
	var blk *awsconfig.Block
	for _, b := range awsconfig.Blocks([]byte(text)) {
		if b.Name == header {
			blk = &b
		}
	}
	if blk == nil {
		if ns.StartURL == "" || ns.Region == "" {
			return "", errs.Usage(errs.WithHint(fmt.Errorf("there is no [%s] in %s to use", header, display),
				"give both --start-url and --sso-region to write it"))
		}
		var b strings.Builder
		b.WriteString(text)
		if text != "" && !strings.HasSuffix(text, "\n") {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "[%s]\n", header)
		for _, kv := range want {
			fmt.Fprintf(&b, "%s = %s\n", kv.key, kv.val)
		}
		fmt.Fprintf(&b, "sso_registration_scopes = %s\n", awsconfig.DefaultScope)
		return b.String(), nil
	}
	var missing []string
	for _, kv := range want {
		have, ok := blk.Keys[kv.key]
		switch {
		case !ok || have == "":
			if kv.val == "" {
				return "", errs.Usage(errs.WithHint(fmt.Errorf("[%s] in %s has no %s", header, display, kv.key),
					"give it with %s", kv.flag))
			}
			missing = append(missing, kv.key+" = "+kv.val+"\n")
		case kv.val != "" && have != kv.val:
			return "", errs.Usage(errs.WithHint(
				fmt.Errorf("%s %s conflicts with [%s] in %s, whose %s is %s", kv.flag, kv.val, header, display, kv.key, have),
				"leave out %s to use the block as it is, or name a new session with --sso-session", kv.flag))
		}
	}
	if len(missing) == 0 {
		return text, nil
	}
	return insertIntoBlock(text, header, strings.Join(missing, ""))
}

// insertIntoBlock puts lines after the last key line of the last block named
// header (a duplicate block's keys win, as the scanner reads them).
func insertIntoBlock(text, header, lines string) (string, error) {
	all := strings.SplitAfter(text, "\n")
	// Headers named as the scanner names them, so `[sso-session "corp"]` is
	// the block sso-session corp here too.
	isHeader := awsconfig.HeaderName
	at := -1
	for i, l := range all {
		if name, ok := isHeader(l); ok && name == header {
			at = i
		}
	}
	if at < 0 {
		return "", fmt.Errorf("cannot find [%s] in the config to add to it", header)
	}
	for i := at + 1; i < len(all); i++ {
		if _, ok := isHeader(all[i]); ok {
			break
		}
		if t := strings.TrimSpace(all[i]); t != "" && t[0] != '#' && t[0] != ';' {
			at = i
		}
	}
	if !strings.HasSuffix(all[at], "\n") {
		all[at] += "\n"
	}
	all[at] += lines
	return strings.Join(all, ""), nil
}
