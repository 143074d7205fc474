package awsconfig

import "strings"

// excerptThreshold is the size above which the SDK is handed an excerpt of
// the config file rather than the file. The SDK parses every section of the
// file for each profile it loads (about 4.5 µs a profile), which made a
// warm run with 2,000 profiles several times slower than with three, and
// `list` and `doctor` quadratic. The excerpt holds the sections the SDK
// reads for the profile, as written in the file, so the SDK still decides
// what they mean.
var excerptThreshold = 32 << 10

// excerpt returns the blocks the SDK may read to load profile, in file
// order and as written: the profile's own, the sso-session and services
// blocks it names, and those of its source_profile chain. The file must be
// one the SDKs split into the same blocks as botocore (ini.sdkSame): then
// each block is the SDK's too, and a block the SDK looks up by any name it
// reads from these blocks is in the excerpt.
func (c *Config) excerpt(profile string) []byte {
	f, _ := c.scan()
	want := map[int]bool{} // the blocks, by index
	var visit func(name string)
	visit = func(name string) {
		i, ok := f.find(name)
		if !ok || want[i] {
			return
		}
		want[i] = true
		s := f.sections[i]
		for _, ref := range sdkNames(f.text[s.body:s.end]) {
			switch ref.key {
			case "sso_session":
				visit("sso-session " + ref.value)
			case "services":
				visit("services " + ref.value)
			case "source_profile":
				visitProfile(visit, ref.value)
			}
		}
	}
	visitProfile(visit, profile)
	var b strings.Builder
	for i, s := range f.sections {
		if want[i] {
			b.WriteString(f.text[s.start:s.end])
			if !strings.HasSuffix(b.String(), "\n") {
				b.WriteString("\n")
			}
		}
	}
	return []byte(b.String())
}

// visitProfile visits the blocks the SDK may read as profile: [profile
// NAME], and [NAME] (the SDK's [default], and any other it drops itself).
func visitProfile(visit func(string), name string) {
	visit("profile " + name)
	visit(name)
}

// sdkRef is a key = value line as the SDK may read it.
type sdkRef struct{ key, value string }

// sdkNames returns the sso_session, services and source_profile values
// the SDK may read from a block's lines, each as the SDK reads it (quotes
// and an inline comment dropped) and as written: a superset, as an
// excerpt with a block too many reads as the file does, one with a block
// too few does not. Indented lines count too: the SDK reads some as keys
// where botocore continues a value.
func sdkNames(body string) []sdkRef {
	var refs []sdkRef
	for line := range strings.SplitSeq(body, "\n") {
		for _, l := range []string{line, sdkCutComment(line)} {
			k, v, ok := strings.Cut(strings.TrimLeft(l, " \t"), "=")
			if !ok || strings.Contains(k, ":") {
				k, v, ok = strings.Cut(strings.TrimLeft(l, " \t"), ":")
			}
			if !ok {
				continue
			}
			switch k = strings.ToLower(strings.TrimSpace(k)); k {
			case "sso_session", "services", "source_profile":
				v = strings.TrimSpace(v)
				refs = append(refs, sdkRef{k, v}, sdkRef{k, sdkUnquote(v)})
			}
		}
	}
	return refs
}

// sdkCutComment drops what the SDK reads as an inline comment: from the
// first " #", " ;", "\t#" or "\t;".
func sdkCutComment(s string) string {
	for _, sep := range []string{" #", " ;", "\t#", "\t;"} {
		s, _, _ = strings.Cut(s, sep)
	}
	return s
}

// sdkUnquote drops the quotes around a value, as the SDK does.
func sdkUnquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// sdkPath is the file the SDK should read for profile, and a function to
// call once it has.
func (c *Config) sdkPath(profile string) (string, func()) {
	if f, err := c.scan(); err != nil || len(f.text) <= excerptThreshold || !f.sdkSame {
		return c.Path, func() {}
	}
	path, done, err := scratchFile(c.excerpt(profile))
	if err != nil {
		return c.Path, func() {}
	}
	return path, done
}

// loneQuote returns the first line (1-based) where the AWS SDK for Go's
// parser sees a value that is a single quote character, which makes it
// panic: a line that is not blank, a comment or a [section] to the SDK,
// cut at " #" / " ;" unless indented, whose value is `"` or `'`. 0 when
// there is none.
func loneQuote(text string) int {
	for i, line := range splitLines(text) {
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';' {
			continue
		}
		h, _, _ := strings.Cut(line, "#")
		h, _, _ = strings.Cut(h, ";")
		if h = strings.TrimSpace(h); strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
			continue
		}
		if trimmed == line {
			for _, sep := range []string{" #", " ;", "\t#", "\t;"} {
				trimmed, _, _ = strings.Cut(trimmed, sep)
			}
		}
		eq, colon := strings.Index(trimmed, "="), strings.Index(trimmed, ":")
		sep := eq
		if eq < 0 || (colon >= 0 && colon < eq) {
			sep = colon
		}
		if sep < 0 {
			continue
		}
		if v := strings.TrimSpace(trimmed[sep+1:]); v == `"` || v == "'" {
			return i + 1
		}
	}
	return 0
}
