package awsconfig

import "strings"

// excerptThreshold is the size above which the SDK is handed an excerpt of
// the config file rather than the file. The SDK parses every section of the
// file for each profile it loads (about 4.5 µs a profile), which made a
// warm run with 2,000 profiles several times slower than with three, and
// `list` and `doctor` quadratic. The excerpt holds exactly the sections the
// SDK reads for the profile, as written in the file, so the SDK still
// decides what they mean.
var excerptThreshold = 32 << 10

// excerpt returns the sections the SDK reads to load profile, in file
// order: the profile's own, its sso-session's and services' sections, and
// those of its source_profile chain.
func (c *Config) excerpt(profile string) []byte {
	secs, _ := c.scan()
	want := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		if want[name] {
			return
		}
		want[name] = true
		for _, s := range secs {
			if s.name != name {
				continue
			}
			if v := strings.TrimSpace(s.keys["sso_session"]); v != "" {
				want["sso-session "+v] = true
			}
			if v := strings.TrimSpace(s.keys["services"]); v != "" {
				want["services "+v] = true
			}
			if v := strings.TrimSpace(s.keys["source_profile"]); v != "" {
				visit(blockName(v))
			}
		}
	}
	visit(blockName(profile))
	if c.bounds == nil {
		c.bounds = sectionBounds(c.data, secs)
	}
	var b strings.Builder
	for i, s := range secs {
		if want[s.name] {
			b.WriteString(strings.TrimRight(string(c.data[c.bounds[i][0]:c.bounds[i][1]]), "\r\n"))
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

// sectionBounds finds each section's bytes in data: from its header line to
// the next section's header line. Lines end as splitLines has them.
func sectionBounds(data []byte, secs []section) [][2]int {
	var starts []int // the offset of each line
	for off := 0; off < len(data); {
		starts = append(starts, off)
		i := off
		for i < len(data) && data[i] != '\n' && data[i] != '\r' {
			i++
		}
		if i+1 < len(data) && data[i] == '\r' && data[i+1] == '\n' {
			i++
		}
		off = i + 1
	}
	bounds := make([][2]int, len(secs))
	for i, s := range secs {
		bounds[i] = [2]int{starts[s.line-1], len(data)}
		if i > 0 {
			bounds[i-1][1] = bounds[i][0]
		}
	}
	return bounds
}

// sdkPath is the file the SDK should read for profile, and a function to
// call once it has.
func (c *Config) sdkPath(profile string) (string, func()) {
	if _, err := c.scan(); err != nil || len(c.data) <= excerptThreshold {
		return c.Path, func() {}
	}
	path, done, err := scratchFile(c.excerpt(profile))
	if err != nil {
		return c.Path, func() {}
	}
	return path, done
}
