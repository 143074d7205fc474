// Package awsconfig resolves profiles and sso-sessions from the AWS shared
// config file, through aws-sdk-go-v2/config so ssox reads what the SDKs read,
// and turns every way that file can be wrong into an error that names the
// block, the key, the file and the fix.
package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/fsperm"
	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/internal/visible"
)

// DefaultScope is the registration scope `aws configure sso` proposes.
const DefaultScope = "sso:account:access"

const configureHint = "run 'aws configure sso', or without the AWS CLI v2 " + setupHint + ", to write the profiles and their [sso-session] block (do not edit ~/.aws/config by hand)"

// setupHint writes an [sso-session] block, logs in and writes a profile for
// every account and role: what `aws configure sso` does, without the AWS CLI v2.
const setupHint = "'ssox setup --sso-session NAME --start-url URL --sso-region REGION'"

// sessionSetupHint is setupHint for a session whose name is known.
func sessionSetupHint(name string) string {
	return fmt.Sprintf("'ssox setup --sso-session %s --start-url URL --sso-region REGION'", visible.ShellWord(name))
}

// Session is where a token comes from: an [sso-session] block, or the
// sso_start_url and sso_region of a legacy profile.
type Session struct {
	// Name is the sso-session name; empty for a legacy profile.
	Name     string
	StartURL string
	Region   string

	// cfg is where Scopes reads from, only when a login needs them.
	cfg *Config
}

// Scopes returns the session's sso_registration_scopes, nil when the key is
// absent or the profile is legacy. It reads the config file the first time,
// so the warm path (no login) never does.
func (s Session) Scopes() []string {
	if s.cfg == nil || s.Name == "" {
		return nil
	}
	blk, ok := s.cfg.block("sso-session " + s.Name)
	if !ok {
		return nil
	}
	return parseScopes(blk.keys)
}

// CacheKey is what the AWS CLI hashes to name the token cache file: the
// session name, or the start URL as written for legacy profiles.
func (s Session) CacheKey() string {
	if s.Name != "" {
		return s.Name
	}
	return s.StartURL
}

// Legacy reports whether the session comes from a profile without sso_session.
func (s Session) Legacy() bool { return s.Name == "" }

// String names the session for messages.
func (s Session) String() string {
	if s.Name != "" {
		return fmt.Sprintf("sso-session %q", s.Name)
	}
	return fmt.Sprintf("start URL %s", visible.String(s.StartURL))
}

// Profile is an SSO profile, or a role chain on top of one, resolved and
// checked.
type Profile struct {
	Name      string
	Region    string
	AccountID string
	RoleName  string
	Session   Session
	// Shared is the SDK's view of the profile, kept so SDK clients resolve
	// endpoints (endpoint_url, services) exactly as other SDK tools do.
	Shared config.SharedConfig

	// Roles are the AssumeRole steps of a role chain, from the one the SSO
	// profile's credentials assume to the one this profile names; empty
	// for an SSO profile. AccountID and RoleName are then the last role's,
	// and Session is the root's.
	Roles []Role
	// Source is the SSO profile at the root of a role chain.
	Source *Profile
	// STSRegionalEndpoints is sts_regional_endpoints ("regional", "legacy"
	// or empty) for the chain's STS calls.
	STSRegionalEndpoints string

	// cfg is where AccountName reads from.
	cfg *Config
}

// AccountName returns the profile's sso_account_name (the key `ssox setup`
// and aws-sso-util write; the SDK does not parse it), "" when absent.
func (p *Profile) AccountName() string {
	if p.cfg == nil {
		return ""
	}
	blk, ok := p.cfg.block(blockName(p.Name))
	if !ok {
		return ""
	}
	return blk.keys["sso_account_name"]
}

// Browser returns ssox_browser, the browser `ssox console` opens the
// profile's console in, from the profile or else from [default]; "" when
// neither has it. The SDKs ignore the key.
func (p *Profile) Browser() string {
	if p.cfg == nil {
		return ""
	}
	for _, name := range []string{blockName(p.Name), "default"} {
		if blk, ok := p.cfg.block(name); ok && blk.keys["ssox_browser"] != "" {
			return blk.keys["ssox_browser"]
		}
	}
	return ""
}

// Config is the shared config file.
type Config struct {
	// Path is the file's path; Display is how messages show it (~/.aws/config).
	Path, Display string
	// file is the file as botocore reads it, once scanned.
	file    *ini
	scanErr error
	// stsEndpointsEnv is AWS_STS_REGIONAL_ENDPOINTS, which botocore prefers
	// to the profile's sts_regional_endpoints.
	stsEndpointsEnv string
}

// Open locates the config file: AWS_CONFIG_FILE, else ~/.aws/config. The file
// is read only when something asks for a profile or session.
func Open(env environ.Env) (*Config, error) {
	home := Home(env)
	path := env.Get("AWS_CONFIG_FILE")
	switch {
	case path == "" && home == "":
		v := HomeVariable()
		return nil, errs.Hintf("set "+v+", or AWS_CONFIG_FILE to the config file", "cannot find the AWS config: %s is not set", v)
	case path == "":
		path = filepath.Join(home, ".aws", "config")
	case path == "~" || strings.HasPrefix(path, "~/") || runtime.GOOS == "windows" && strings.HasPrefix(path, `~\`):
		path = filepath.Join(home, path[1:])
	}
	return &Config{Path: path, Display: display(path, home), stsEndpointsEnv: env.Get("AWS_STS_REGIONAL_ENDPOINTS")}, nil
}

// Home returns the user's home folder from the environment: HOME, and on
// Windows USERPROFILE, where the AWS CLI and the SDKs look there (HOME,
// which Git Bash sets, only when USERPROFILE is not set).
func Home(env environ.Env) string {
	if h := env.Get(HomeVariable()); h != "" {
		return h
	}
	return env.Get("HOME")
}

// HomeVariable names the variable that holds the home folder: USERPROFILE
// on Windows, HOME elsewhere.
func HomeVariable() string {
	if runtime.GOOS == "windows" {
		return "USERPROFILE"
	}
	return "HOME"
}

func display(path, home string) string {
	if home != "" {
		if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") && rel != "." {
			return "~/" + filepath.ToSlash(rel)
		}
	}
	return path
}

func (c *Config) scan() (*ini, error) {
	if c.file != nil {
		return c.file, c.scanErr
	}
	c.file = &ini{}
	data, err := safefile.ReadFile(c.Path, safefile.ConfigLimit)
	if err != nil {
		c.scanErr = c.readError(err)
		return c.file, c.scanErr
	}
	// data is never written: the blocks' names and values are slices of
	// it as a string, without copying a file that may be large.
	f, serr := scan(unsafe.String(unsafe.SliceData(data), len(data)))
	if serr != nil {
		c.scanErr = errs.Hintf(serr.Hint, "%s %s", c.Display, serr.Error())
	}
	c.file = f
	return c.file, c.scanErr
}

func (c *Config) readError(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return errs.Hintf(configureHint, "no AWS config file at %s", c.Display)
	}
	var notRegular *safefile.NotRegularError
	if errors.As(err, &notRegular) {
		return errs.Hintf("replace it with your AWS config file (a symbolic link to it is fine), or set AWS_CONFIG_FILE to that file",
			"%s is %s, not a regular file", c.Display, notRegular.Kind())
	}
	var tooLarge *safefile.TooLargeError
	if errors.As(err, &tooLarge) {
		return errs.Hintf(fmt.Sprintf("check that it is your AWS config: %d MiB holds about 90,000 profiles", tooLarge.Limit>>20),
			"%s is larger than %d MiB, the most ssox reads of a config file", c.Display, tooLarge.Limit>>20)
	}
	if errors.Is(err, fs.ErrPermission) {
		return fsperm.ExplainRead(c.Path, c.Display, err)
	}
	return fmt.Errorf("read %s: %w", c.Display, err)
}

// ProfileNames lists the profiles in the file, sorted.
func (c *Config) ProfileNames() ([]string, error) {
	return c.profileNames(func(map[string]string) bool { return true })
}

// SSOProfileNames lists the profiles ssox can run: those that look like
// SSO profiles (they have sso_session or sso_start_url) or assume a role
// (role_arn), sorted, from the file alone: fast enough for shell completion.
func (c *Config) SSOProfileNames() ([]string, error) {
	return c.profileNames(func(keys map[string]string) bool {
		_, sess := keys["sso_session"]
		return sess || keys["sso_start_url"] != "" || assumesRole(keys)
	})
}

func (c *Config) profileNames(keep func(keys map[string]string) bool) ([]string, error) {
	f, err := c.scan()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var names []string
	for i, s := range f.sections {
		name, ok := ProfileName(s.name)
		if ok && !seen[name] && keep(f.keys(i)) {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}

// SessionNames lists the [sso-session] blocks in the file, sorted.
func (c *Config) SessionNames() ([]string, error) {
	f, err := c.scan()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range f.sections {
		if n, ok := strings.CutPrefix(s.name, "sso-session "); ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// ProfileName returns the profile a block name defines, if it defines one.
func ProfileName(block string) (string, bool) {
	if block == "default" {
		return block, true
	}
	return strings.CutPrefix(block, "profile ")
}

// block returns the block botocore reads as name, with its keys.
func (c *Config) block(name string) (section, bool) {
	f, _ := c.scan()
	i, ok := f.find(name)
	if !ok {
		return section{}, false
	}
	f.keys(i)
	return f.sections[i], true
}

// blockName is the config file's section name for a profile.
func blockName(profile string) string {
	if profile == "default" {
		return profile
	}
	return "profile " + profile
}

// profileBlock is the profile's header for messages, control characters
// shown as escapes.
func profileBlock(profile string) string { return "[" + visible.String(blockName(profile)) + "]" }

// Profile resolves an SSO profile, or a role chain on top of one, and
// checks that it is complete; the error
// is the first problem Problems would list.
func (c *Config) Profile(name string) (*Profile, error) {
	p, problems := c.Problems(name)
	if len(problems) > 0 {
		return nil, problems[0]
	}
	return p, nil
}

// Problems resolves a profile and lists everything wrong with it, every
// missing key rather than the first, for doctor. The profile is nil when
// anything is wrong.
func (c *Config) Problems(name string) (*Profile, []error) {
	if _, err := c.scan(); err != nil {
		return nil, []error{err}
	}
	shared, err := c.load(name)
	// The SDK follows source_profile itself, but not by botocore's rules
	// (it turns a loop into a self-reference), so role chains are resolved
	// here from the file.
	if err != nil || shared.RoleARN != "" {
		if blk, ok := c.block(blockName(name)); ok && assumesRole(blk.keys) {
			if err != nil {
				shared = config.SharedConfig{Profile: name, Region: blk.keys["region"]}
			}
			p, err := c.roleProfile(name, shared)
			if err != nil {
				return nil, []error{err}
			}
			return p, nil
		} else if ok {
			if file, web := blk.keys["web_identity_token_file"]; web {
				return nil, []error{errs.WithHint(fmt.Errorf("%s in %s assumes a role with web_identity_token_file = %s: ssox assumes roles only from IAM Identity Center credentials", profileBlock(name), c.Display, file),
					"run this profile with the AWS CLI or an SDK, which read the token file; for ssox, set source_profile to an SSO profile instead")}
			}
		}
	}
	if err != nil {
		return nil, []error{c.profileError(name, err)}
	}
	return c.ssoProblems(name, shared)
}

func (c *Config) load(name string) (shared config.SharedConfig, err error) {
	// The SDK's parser panics on some lines (a value that is a lone quote);
	// that is the file's fault, not ssox's, and gets its own message.
	defer func() {
		if r := recover(); r != nil {
			err = c.sdkCrash(r)
		}
	}()
	path, done := c.sdkPath(name)
	defer done()
	return config.LoadSharedConfigProfile(context.Background(), name, func(o *config.LoadSharedConfigOptions) {
		o.ConfigFiles = []string{path}
		o.CredentialsFiles = []string{}
	})
}

// ssoProfile resolves a profile that must be an SSO profile: the root of a
// role chain.
func (c *Config) ssoProfile(name string) (*Profile, error) {
	shared, err := c.load(name)
	if err != nil {
		return nil, c.profileError(name, err)
	}
	p, problems := c.ssoProblems(name, shared)
	if len(problems) > 0 {
		return nil, problems[0]
	}
	return p, nil
}

// ssoProblems turns the SDK's view of an SSO profile into a Profile, or
// lists what is wrong with it.
func (c *Config) ssoProblems(name string, shared config.SharedConfig) (*Profile, []error) {
	p := &Profile{
		Name:      name,
		Region:    shared.Region,
		AccountID: shared.SSOAccountID,
		RoleName:  shared.SSORoleName,
		Shared:    shared,
		cfg:       c,
	}
	where := fmt.Sprintf("%s in %s", profileBlock(name), c.Display)
	blk, ok := c.block(blockName(name))
	if !ok {
		return nil, []error{c.hiddenFromCLI(name)}
	}
	if err := c.disagreement(where, blk.keys, map[string]string{
		"region": shared.Region, "sso_session": shared.SSOSessionName, "sso_account_id": shared.SSOAccountID,
		"sso_role_name": shared.SSORoleName, "sso_start_url": shared.SSOStartURL, "sso_region": shared.SSORegion,
	}); err != nil {
		return nil, []error{err}
	}
	var problems []error
	if err := c.profileRegion(name, shared.Region); err != nil {
		problems = append(problems, err)
	}
	if shared.SSOSessionName == "" && shared.SSOStartURL == "" {
		// Neither key that makes an SSO profile: one of them misspelt?
		for _, k := range []string{"sso_session", "sso_start_url"} {
			if misspelt(blk.keys, k) != "" {
				return nil, []error{missingKey(where, profileBlock(name), k, blk.keys, "")}
			}
		}
	}
	switch {
	case shared.SSOSessionName != "":
		s := shared.SSOSession
		p.Session = Session{Name: s.Name, StartURL: s.SSOStartURL, Region: s.SSORegion, cfg: c}
		sblk, ok := c.block("sso-session " + s.Name)
		if !ok {
			// The SDK found a block the AWS CLI does not read as this
			// session, such as [profile sso-session NAME].
			return nil, []error{c.missingSession(name, s.Name)}
		}
		if err := c.disagreement(fmt.Sprintf("[sso-session %s] in %s", visible.String(s.Name), c.Display), sblk.keys,
			map[string]string{"sso_start_url": s.SSOStartURL, "sso_region": s.SSORegion}); err != nil {
			return nil, []error{err}
		}
		problems = append(problems, c.sessionProblems(p.Session)...)
		if shared.SSOStartURL != "" && shared.SSOStartURL != s.SSOStartURL {
			problems = append(problems, errs.Hintf("remove sso_start_url from "+profileBlock(name)+"; the [sso-session] block holds it",
				"%s has sso_start_url %s, but [sso-session %s] has %s", where, visible.String(shared.SSOStartURL), visible.String(s.Name), visible.String(s.SSOStartURL)))
		}
		if shared.SSORegion != "" && shared.SSORegion != s.SSORegion {
			problems = append(problems, errs.Hintf("remove sso_region from "+profileBlock(name)+"; the [sso-session] block holds it",
				"%s has sso_region %s, but [sso-session %s] has %s", where, visible.String(shared.SSORegion), visible.String(s.Name), visible.String(s.SSORegion)))
		}
	case shared.SSOStartURL != "" || shared.SSORegion != "" || shared.SSOAccountID != "" || shared.SSORoleName != "":
		p.Session = Session{StartURL: shared.SSOStartURL, Region: shared.SSORegion}
		for _, k := range []struct{ key, val string }{{"sso_start_url", shared.SSOStartURL}, {"sso_region", shared.SSORegion}} {
			switch {
			case k.val != "":
			case misspelt(blk.keys, k.key) != "":
				problems = append(problems, missingKey(where, profileBlock(name), k.key, blk.keys, ""))
			default:
				problems = append(problems, errs.Hintf(configureHint, "%s has no %s (a legacy SSO profile needs sso_start_url, sso_region, sso_account_id and sso_role_name)", where, k.key))
			}
		}
		if err := regionProblem(where, "sso_region", shared.SSORegion, ssoRegionFix(profileBlock(name))); err != nil {
			problems = append(problems, err)
		}
	default:
		return nil, []error{errs.Hintf("ssox runs IAM Identity Center profiles: set one up with 'aws configure sso', or "+setupHint,
			"profile %q in %s is not an SSO profile (it has neither sso_session nor sso_start_url)", name, c.Display)}
	}
	pick := fmt.Sprintf("run 'aws configure sso --profile %s' to pick the account and role", visible.ShellWord(name))
	if p.Session.Name != "" {
		pick += fmt.Sprintf(", or 'ssox setup --sso-session %s' for a profile of every account and role", visible.ShellWord(p.Session.Name))
	}
	switch {
	case p.AccountID == "":
		problems = append(problems, missingKey(where, profileBlock(name), "sso_account_id", blk.keys, pick))
	case !IsAccountID(p.AccountID):
		// Refused before any call: the portal's answer would not say which
		// profile is wrong.
		problems = append(problems, errs.Hintf("set sso_account_id to the account's 12-digit id; "+pick,
			"%s has sso_account_id = %s: an AWS account id is 12 digits", where, visible.String(p.AccountID)))
	}
	if p.RoleName == "" {
		problems = append(problems, missingKey(where, profileBlock(name), "sso_role_name", blk.keys, pick))
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return p, nil
}

// NotFoundError is a profile the config file does not have.
type NotFoundError struct {
	Name, File string
	// Near are the closest profile names, best first.
	Near []string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("profile %q not found in %s", e.Name, e.File)
}

// profileError explains why the SDK could not load a profile.
func (c *Config) profileError(name string, sdkErr error) error {
	if _, err := c.scan(); err != nil {
		return err
	}
	if errs.HintOf(sdkErr) != "" {
		return sdkErr // ssox's own explanation, from sdkCrash
	}
	var notExist config.SharedConfigProfileNotExistError
	if _, ok := c.block(blockName(name)); ok && errors.As(sdkErr, &notExist) {
		return c.hiddenFromSDK(name)
	}
	if errors.As(sdkErr, &notExist) {
		names, _ := c.ProfileNames()
		err := &NotFoundError{Name: name, File: c.Display, Near: Closest(name, names)}
		if line := c.credentialsStyle(name); line > 0 {
			return errs.WithHint(err, "%s", credentialsStyleHint(name, line))
		}
		if len(err.Near) > 0 {
			return errs.WithHint(err, "did you mean %s?", quoteList(err.Near))
		}
		if len(names) == 0 {
			return errs.WithHint(err, "%s", configureHint)
		}
		return errs.WithHint(err, "'ssox list' shows the profiles there are; 'aws configure sso' adds one, 'ssox setup' one for every account and role")
	}
	if blk, ok := c.block(blockName(name)); ok {
		if sess := blk.keys["sso_session"]; sess != "" {
			if _, ok := c.block("sso-session " + sess); !ok {
				return c.missingSession(name, sess)
			}
		}
	}
	return fmt.Errorf("read profile %q from %s: %w", name, c.Display, sdkError{sdkErr})
}

// sdkError shows the SDK's message with control characters made visible
// (it quotes names from the file as they are), and keeps the SDK's error in
// the chain.
type sdkError struct{ err error }

func (e sdkError) Error() string { return visible.String(e.err.Error()) }
func (e sdkError) Unwrap() error { return e.err }

// missingSession is the seed guide's first troubleshooting row: the profile
// points at an [sso-session] block that is not there.
func (c *Config) missingSession(profile, session string) error {
	err := fmt.Errorf("%s in %s has sso_session = %s, but there is no [sso-session %s] block", profileBlock(profile), c.Display, visible.String(session), visible.String(session))
	sessions, _ := c.SessionNames()
	if near := Closest(session, sessions); len(near) > 0 {
		return errs.WithHint(err, "the names must match: did you mean sso_session = %s? Or run 'aws configure sso' to regenerate both blocks, or %s to write the missing one", visible.String(near[0]), sessionSetupHint(session))
	}
	return errs.WithHint(err, "run %s to write it, or 'aws configure sso' to regenerate both blocks", sessionSetupHint(session))
}

// sessionProblems lists the keys an [sso-session] block lacks.
func (c *Config) sessionProblems(s Session) []error {
	var out []error
	block := fmt.Sprintf("[sso-session %s]", visible.String(s.Name))
	where := block + " in " + c.Display
	var keys map[string]string
	if s.StartURL == "" || s.Region == "" {
		blk, _ := c.block("sso-session " + s.Name)
		keys = blk.keys
	}
	if s.StartURL == "" {
		out = append(out, missingKey(where, block, "sso_start_url", keys, "add 'sso_start_url = https://YOUR-ORG.awsapps.com/start' to that block, or run 'aws configure sso' or "+sessionSetupHint(s.Name)))
	}
	if s.Region == "" {
		out = append(out, missingKey(where, block, "sso_region", keys, "add 'sso_region = REGION' (the Identity Center region, e.g. us-east-1) to that block, or run 'aws configure sso' or "+sessionSetupHint(s.Name)))
	}
	if err := regionProblem(where, "sso_region", s.Region, ssoRegionFix(fmt.Sprintf("[sso-session %s]", visible.String(s.Name)))); err != nil {
		out = append(out, err)
	}
	return out
}

// regionProblem refuses a region key whose value is not a region name: it
// would end up in the host of a URL. An empty value is for the caller.
func regionProblem(where, key, value, fix string) error {
	if value == "" {
		return nil
	}
	if err := CheckRegion(value); err != nil {
		return errs.WithHint(fmt.Errorf("%s: %s %w", where, key, err), "%s", fix)
	}
	return nil
}

// profileRegion refuses a profile's region that is not a region name.
func (c *Config) profileRegion(profile, region string) error {
	return regionProblem(fmt.Sprintf("%s in %s", profileBlock(profile), c.Display), "region", region,
		"set region in "+profileBlock(profile)+" to a region name such as us-east-1, or remove it")
}

// ssoRegionFix is the hint for a block whose sso_region is not a region.
func ssoRegionFix(block string) string {
	return "set sso_region in " + block + " to the region of your IAM Identity Center (the one in its settings, e.g. us-east-1)"
}

// Session resolves an [sso-session NAME] block on its own, for commands that
// take --sso-session.
func (c *Config) Session(name string) (Session, error) {
	if _, err := c.scan(); err != nil {
		return Session{}, err
	}
	blk, ok := c.block("sso-session " + name)
	if !ok {
		err := fmt.Errorf("no [sso-session %s] block in %s", visible.String(name), c.Display)
		sessions, _ := c.SessionNames()
		if near := Closest(name, sessions); len(near) > 0 {
			return Session{}, errs.WithHint(err, "did you mean %s?", quoteList(near))
		}
		return Session{}, errs.WithHint(err, "run %s to write it, or 'aws configure sso'", sessionSetupHint(name))
	}
	s := Session{Name: name, StartURL: blk.keys["sso_start_url"], Region: blk.keys["sso_region"], cfg: c}
	if problems := c.sessionProblems(s); len(problems) > 0 {
		return Session{}, problems[0]
	}
	return s, nil
}

// parseScopes reads sso_registration_scopes as the AWS CLI does: a comma
// separated list, each item trimmed, empty items dropped; nil when absent.
func parseScopes(keys map[string]string) []string {
	raw, ok := keys["sso_registration_scopes"]
	if !ok {
		return nil
	}
	scopes := []string{}
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s != "" {
			scopes = append(scopes, s)
		}
	}
	return scopes
}

// hiddenFromSDK explains a profile the AWS CLI reads and the SDK (so ssox)
// does not see: a "#" or ";" in a [section] line starts a comment for the
// SDK, so "[profile a#b]" is not a header to it.
func (c *Config) hiddenFromSDK(name string) error {
	if i := strings.IndexAny(name, "#;"); i >= 0 {
		return errs.Hintf(fmt.Sprintf("rename the profile without %q; the AWS SDKs ignore everything from %q to the end of a [section] line", name[i], name[i]),
			"profile %q in %s has %q in its name: the AWS CLI reads it, but the AWS SDKs, which ssox reads profiles with, take %q as the start of a comment and do not see the profile",
			name, c.Display, name[i], name[i])
	}
	return errs.Hintf("write its header as "+profileBlock(name),
		"the AWS SDKs, which ssox reads profiles with, do not see profile %q in %s, which the AWS CLI reads", name, c.Display)
}

// hiddenFromCLI explains a profile the SDK reads and the AWS CLI does not,
// such as "[ profile a ]": botocore only knows headers that start with
// "profile".
func (c *Config) hiddenFromCLI(name string) error {
	want := blockName(name)
	for _, s := range c.file.sections {
		if strings.Join(strings.Fields(s.header), " ") == want {
			return errs.Hintf("write it as "+profileBlock(name),
				"the AWS CLI does not read [%s] (line %d of %s) as profile %q, which the AWS SDKs do", visible.String(s.header), s.line, c.Display, name)
		}
	}
	return errs.Hintf("write its header as "+profileBlock(name),
		"the AWS CLI does not see profile %q in %s, which the AWS SDKs read", name, c.Display)
}

// disagreement compares the values of the keys ssox uses as botocore reads
// them (cli) with the SDK's reading (sdk), and explains the first that
// differs: ssox would otherwise act on a value the AWS CLI never sees.
func (c *Config) disagreement(where string, cli map[string]string, sdk map[string]string) error {
	keys := make([]string, 0, len(sdk))
	for k := range sdk {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw, want := cli[k], sdk[k]
		if raw == want {
			continue
		}
		if i := inlineComment(raw); i >= 0 && strings.TrimSpace(raw[:i]) == want {
			return inlineCommentError(where, k, raw, i)
		}
		if len(raw) >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[len(raw)-1] == raw[0] && raw[1:len(raw)-1] == want {
			return errs.Hintf("remove the quotes",
				"%s: %s = %s: the AWS CLI keeps the quotes as part of the value, the AWS SDKs drop them", where, k, visible.String(raw))
		}
		hint := "make the two readings agree: look for a [section] line the SDKs cannot read above this block"
		for _, s := range c.file.sections {
			if strings.ContainsAny(s.header, "#;") {
				hint = fmt.Sprintf("rename [%s] (line %d) without # and ;: the AWS SDKs do not see that header and give its keys to the block above it", visible.String(s.header), s.line)
				break
			}
		}
		return errs.Hintf(hint, "%s: the AWS CLI reads %s = %q, the AWS SDKs read %q", where, k, raw, want)
	}
	return nil
}

// inlineComment returns where the AWS SDKs see a comment in a value: a "#"
// or ";" after a space or tab; -1 when there is none.
func inlineComment(v string) int {
	for i := 1; i < len(v); i++ {
		if (v[i] == '#' || v[i] == ';') && (v[i-1] == ' ' || v[i-1] == '\t') {
			return i
		}
	}
	return -1
}

// sdkCrash explains a panic of the SDK's config parser: the line that
// causes it when ssox can tell, else the panic itself.
func (c *Config) sdkCrash(r any) error {
	if c.file != nil {
		if n := loneQuote(c.file.text); n > 0 {
			return errs.Hintf(fmt.Sprintf("close the quote on line %d, or remove it", n),
				"%s line %d: a value that is a lone quote makes the AWS SDKs fail on the whole file (the AWS CLI reads it)", c.Display, n)
		}
	}
	return fmt.Errorf("the AWS SDK cannot read %s: %v", c.Display, r)
}

func inlineCommentError(where, key, raw string, i int) error {
	return errs.Hintf("move the comment to a line of its own",
		"%s: %s = %s: the AWS CLI reads all of %q as the value (a comment must be on a line of its own), the AWS SDKs stop before %q",
		where, key, visible.String(raw), raw, raw[i:i+1])
}

// InlineComments lists every key in the file whose value holds what the
// SDKs take for a comment and the AWS CLI keeps in the value, for doctor:
// ssox refuses such a value only in the keys it reads itself. It passes
// over sso_account_name, a name for people and tools that read it as the
// AWS CLI does (setup writes it, as aws-sso-util does): no SDK reads the
// key, and an account may be called "Sandbox #1".
func (c *Config) InlineComments() []error {
	f, err := c.scan()
	if err != nil {
		return nil
	}
	var out []error
	for i, s := range f.sections {
		values := f.keys(i)
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "sso_account_name" {
				continue
			}
			if i := inlineComment(values[k]); i >= 0 && !strings.Contains(values[k], "\n") {
				out = append(out, inlineCommentError(fmt.Sprintf("[%s] in %s", visible.String(s.header), c.Display), visible.String(k), values[k], i))
			}
		}
	}
	return out
}
