package awsconfig

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/ssox/ssox/internal/visible"
)

// section is one [block] of the config file as the AWS CLI (botocore, with
// Python's configparser) reads it.
type section struct {
	// header is the text between the brackets, as written.
	header string
	// name is the block as botocore maps it: "profile NAME" (NAME after
	// shell-like splitting, so quotes and spacing fold), "sso-session NAME",
	// "default", another header as written, or "" for a header botocore
	// drops (such as "[profile a b]").
	name string
	line int
	// start is where the header line begins in the file, body where the
	// block's lines begin and end where they end: at the next header line.
	start, body, end int
	// keys are the block's keys, lower-case, with their values as botocore
	// reads them: inline comments and quotes kept, continuation lines joined
	// with "\n", and [DEFAULT]'s keys where the block has none of its own.
	// They are read when first asked for (ini.keys): a large file is checked
	// whole on every run, but only a few of its blocks are read.
	keys map[string]string
}

// ini is a config file as botocore reads it: its blocks, found and checked
// in one pass over the text, their keys read on demand.
type ini struct {
	text     string
	cr       bool // text holds a '\r'
	sections []section
	// headers finds each block by its header. renamed lists, in file
	// order, the blocks whose name is not their header ([profile "a"] is
	// profile a): rare, so find looks through them in turn.
	headers headerSet
	renamed []int
	// defaults are the bodies of the [DEFAULT] blocks, read into
	// defaultKeys the first time a block's keys are.
	defaults    [][2]int
	defaultKeys map[string]string
	// sdkSame is whether the AWS SDKs split the file into the same blocks,
	// of the same names: then an excerpt of blocks reads to them as the
	// whole file does (see excerpt).
	sdkSame bool
}

// SyntaxError is a config file botocore refuses as a whole (its
// ConfigParseError): the AWS CLI stops on every command.
type SyntaxError struct {
	Line int
	// Msg says what is wrong; Hint how to fix it.
	Msg, Hint string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// defaultSection is configparser's: its keys are every block's defaults.
const defaultSection = "DEFAULT"

// scan reads config file text as botocore does: Python's RawConfigParser
// with its defaults (strict, "=" and ":" as delimiters, "#" and ";" only as
// whole-line comments, no inline comments), then botocore's mapping of
// headers to profiles and sso-sessions. Its error is the first one botocore
// raises: a section or a key twice, a key before any section, a line that
// is neither; the sections are what could be read regardless.
//
// The SDK parses profiles; this scanner exists for what the SDK does not
// expose (the list of block names for "did you mean",
// sso_registration_scopes, sso_account_name), to refuse what the AWS CLI
// refuses, and to find where the SDK and the AWS CLI read the same file
// differently.
//
// It runs on every command over the whole file, however large, so it
// allocates nothing per line, and reads no values: keys are read later,
// for the blocks a command asks for (ini.keys).
func scan(text string) (*ini, *SyntaxError) {
	// Every header has a "[": counting them (a fast, vectorised count)
	// sizes the list and the set once for all.
	blocks := strings.Count(text, "[")
	f := &ini{text: text, cr: strings.IndexByte(text, '\r') >= 0, sections: make([]section, 0, blocks), sdkSame: true}
	f.headers.init(blocks)
	s := scanner{f: f, l: lexer{text: text, cr: f.cr, colon: -1}, ascii: isASCII(text)}
	return f, s.run()
}

// scanner is scan's state between lines: configparser's, and where the
// open block began.
type scanner struct {
	f *ini
	l lexer
	// ascii: the file is ASCII (nearly all are), so str.lower is ASCII's
	// and keys compare without being lowered.
	ascii      bool
	started    bool // a header has been seen (configparser's cursect)
	inDefaults bool // the open block is a [DEFAULT] one
	owner      string
	keys       keySet // the open block's keys
	defaults   keySet // [DEFAULT]'s keys, across all its blocks
	bad        *SyntaxError
}

func (s *scanner) run() *SyntaxError {
	f, l, text := s.f, &s.l, s.f.text
	fast := s.ascii && !f.cr // fastLines reads most lines once a block has begun
	for {
		if fast && s.started {
			if err := s.fastLines(); err != nil {
				return err
			}
		}
		kind, a, _ := l.next()
		switch kind {
		case lineEnd:
			f.sdkSame = f.sdkSame && !l.loneCR
			if s.bad != nil {
				return s.bad
			}
			return f.checkNames()
		case lineSkip, lineBlank:
			continue
		case lineMore:
			// The SDKs know no continuation lines: to them this is a header.
			f.sdkSame = f.sdkSame && a[0] != '['
			continue
		case lineHeader:
			if err := s.header(a, l.pos-l.start-lineEnding(text[l.start:l.pos]) == len(a)+2); err != nil {
				return err
			}
			continue
		}
		if !s.started || kind == lineBad {
			if err := unclosed(l.n, text[l.start:l.pos]); err != nil {
				return err
			}
		}
		if !s.started {
			return &SyntaxError{Line: l.n,
				Msg:  "a key before any [section]; the AWS CLI refuses the whole file",
				Hint: "move the line into the [profile ...] block it belongs to, or delete it"}
		}
		if kind == lineBad || a == "" {
			if s.bad == nil {
				s.bad = &SyntaxError{Line: l.n,
					Msg:  "the line is neither [section] nor key = value; the AWS CLI refuses the whole file",
					Hint: "fix or delete the line (a comment line starts with # or ;)"}
			}
			continue
		}
		if err := s.option(a); err != nil {
			return err
		}
	}
}

// unclosed is the error of line n, when it opens a [section] it does not
// close ("[profile ui-dev"): configparser reads it as a key, or as
// neither a key nor a section. It runs only on a line that is an error
// already, or a key before any section.
func unclosed(n int, line string) *SyntaxError {
	line = pyStrip(line)
	if !strings.HasPrefix(line, "[") || strings.Contains(line, "]") {
		return nil
	}
	return &SyntaxError{Line: n,
		Msg:  fmt.Sprintf("%s has no closing ]; the AWS CLI refuses the whole file", visible.String(line)),
		Hint: fmt.Sprintf("write %s]", visible.String(line))}
}

// fastLines reads the lines nearly every line of a large file is, as the
// lexer would but without its generality: "key = value" and "[profile
// name]" at the start of a line, in an ASCII file with "\n" line breaks.
// It stops before any other line, for the lexer, and leaves the lexer's
// state as the lexer would have.
func (s *scanner) fastLines() *SyntaxError {
	l, text := &s.l, s.f.text
	pos, n, opt := l.pos, l.n, l.opt
	for pos < len(text) {
		c := text[pos]
		if !solid(c) || c == '#' || c == ';' || c == '=' {
			break
		}
		start := pos
		line, next := text[start:], len(text)
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], start+i+1
		}
		if c == '[' {
			if len(line) < 3 || line[len(line)-1] != ']' {
				break
			}
			n, pos, opt = n+1, next, false
			l.n, l.start, l.pos, l.indent, l.opt = n, start, pos, 0, opt
			if err := s.header(line[1:len(line)-1], true); err != nil {
				return err
			}
			continue
		}
		i := strings.IndexByte(line, '=')
		if i < 0 || l.colon < start+i && l.findColon(start) < start+i {
			break // no "=", or a ":" before it
		}
		key := line[:i]
		if key[len(key)-1] == ' ' {
			key = key[:len(key)-1]
		}
		if !solid(key[len(key)-1]) {
			break
		}
		n, pos, opt = n+1, next, true
		if !s.set().fresh(key) {
			l.n, l.start, l.pos, l.indent, l.opt = n, start, pos, 0, opt
			if err := s.again(key); err != nil {
				return err
			}
		}
	}
	if n != l.n {
		l.n, l.pos, l.indent, l.opt = n, pos, 0, opt
	}
	return nil
}

// header starts a block at the line just read; alone is whether the
// line holds "[header]" and nothing else.
func (s *scanner) header(header string, alone bool) *SyntaxError {
	f, l := s.f, &s.l
	s.end()
	s.started, s.owner = true, header
	if header == defaultSection {
		f.defaults = append(f.defaults, [2]int{l.pos, len(f.text)})
		// The SDKs read [DEFAULT] as the profile DEFAULT, which no
		// excerpt holds.
		s.inDefaults, f.sdkSame = true, false
		return nil
	}
	if i, dup := f.headers.add(header, f.sections); dup {
		return &SyntaxError{Line: l.n,
			Msg:  fmt.Sprintf("[%s] appears twice (lines %d and %d); the AWS CLI refuses the whole file", visible.String(header), f.sections[i].line, l.n),
			Hint: "merge the two blocks into one"}
	}
	name, same := headerNames(header)
	if name != header && name != "" {
		f.renamed = append(f.renamed, len(f.sections))
	}
	f.sdkSame = f.sdkSame && same && alone
	f.sections = append(f.sections, section{header: header, name: name, line: l.n, start: l.start, body: l.pos, end: len(f.text)})
	s.inDefaults = false
	s.keys = keySet{}
	return nil
}

// option adds a key of the open block.
func (s *scanner) option(key string) *SyntaxError {
	if !s.ascii {
		key = strings.ToLower(key)
	}
	if s.set().fresh(key) {
		return nil
	}
	return s.again(key)
}

// set is the open block's keys.
func (s *scanner) set() *keySet {
	if s.inDefaults {
		return &s.defaults
	}
	return &s.keys
}

// again adds a key whose bit in the open block's set is taken, and refuses
// it if the block has it already. A header seen twice has stopped the scan
// already, so a key seen twice in the block was seen twice under one
// header.
func (s *scanner) again(key string) *SyntaxError {
	if s.set().add(key, s.f, s.bodies()) {
		return nil
	}
	s.end()
	return &SyntaxError{Line: s.l.n,
		Msg:  fmt.Sprintf("%s appears twice in [%s]; the AWS CLI refuses the whole file", visible.String(strings.ToLower(key)), visible.String(s.owner)),
		Hint: "keep one of the two lines"}
}

// bodies are the spans of text that hold the open block's keys before
// the line just read: those of every [DEFAULT] block so far for
// [DEFAULT].
func (s *scanner) bodies() [][2]int {
	f := s.f
	if s.inDefaults {
		f.defaults[len(f.defaults)-1][1] = s.l.start
		return f.defaults
	}
	return [][2]int{{f.sections[len(f.sections)-1].body, s.l.start}}
}

// end ends the open block where the line just read begins.
func (s *scanner) end() {
	switch f := s.f; {
	case s.inDefaults:
		f.defaults[len(f.defaults)-1][1] = s.l.start
	case len(f.sections) > 0:
		f.sections[len(f.sections)-1].end = s.l.start
	}
}

// lineEnding is the length of the line break that ends line: "\n",
// "\r\n", "\r" or none.
func lineEnding(line string) int {
	n := 0
	if strings.HasSuffix(line, "\n") {
		n++
	}
	if strings.HasSuffix(line[:len(line)-n], "\r") {
		n++
	}
	return n
}

// checkNames refuses two blocks that botocore maps to one name, such as
// [profile a] and [profile "a"]: botocore reads only the last, the SDKs
// merge them. Only renamed blocks can share a name with another: the same
// header twice is refused as the file is read.
func (f *ini) checkNames() *SyntaxError {
	if len(f.renamed) == 0 {
		return nil
	}
	idx := slices.Clone(f.renamed)
	for _, j := range f.renamed {
		if i, ok := f.headers.find(f.sections[j].name, f.sections); ok && f.sections[i].name == f.sections[j].name {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	first := map[string]int{} // the line of each name's first block
	for _, i := range slices.Compact(idx) {
		s := f.sections[i]
		if line, dup := first[s.name]; dup {
			return &SyntaxError{Line: s.line,
				Msg: fmt.Sprintf("[%s] is %s again (first at line %d); the AWS CLI reads only the last block, the AWS SDKs merge both",
					visible.String(s.header), visible.String(s.name), line),
				Hint: "merge the two blocks into one"}
		}
		first[s.name] = s.line
	}
	return nil
}

// find returns the index of the last block botocore names name.
func (f *ini) find(name string) (int, bool) {
	i, ok := f.headers.find(name, f.sections)
	ok = ok && f.sections[i].name == name
	for k := len(f.renamed) - 1; k >= 0; k-- {
		if j := f.renamed[k]; f.sections[j].name == name {
			if !ok || j > i {
				return j, true
			}
			break
		}
	}
	return i, ok
}

// keys returns block i's keys, reading them the first time.
func (f *ini) keys(i int) map[string]string {
	s := &f.sections[i]
	if s.keys != nil {
		return s.keys
	}
	if f.defaultKeys == nil {
		f.defaultKeys = map[string]string{}
		for _, d := range f.defaults {
			f.read(d[0], d[1], f.defaultKeys)
		}
	}
	s.keys = make(map[string]string, 8) // a profile has a handful of keys
	f.read(s.body, s.end, s.keys)
	for k, v := range f.defaultKeys {
		if _, own := s.keys[k]; !own {
			s.keys[k] = v
		}
	}
	return s.keys
}

// read adds the keys of the lines from offset from to offset to, the body
// of a block, to keys. configparser's state at the start of a body is the
// same whatever came before: no value open for continuation lines.
func (f *ini) read(from, to int, keys map[string]string) {
	l := lexer{text: f.text[:to], cr: f.cr, pos: from, colon: -1}
	var opt string
	for {
		kind, a, b := l.next()
		switch kind {
		case lineEnd:
			// configparser drops the trailing blank lines of a multi-line value.
			for k, v := range keys {
				if strings.Contains(v, "\n") {
					keys[k] = pyTrimRight(v)
				}
			}
			return
		case lineOption:
			if a != "" {
				opt = strings.ToLower(a) // configparser's optionxform
				keys[opt] = pyStrip(b)
			}
		case lineMore:
			keys[opt] += "\n" + a
		case lineBlank:
			keys[opt] += "\n"
		}
	}
}

// headerSet is a hash set of the blocks' headers, holding indexes into the
// list of blocks: a block is added to both at once. It is smaller and
// quicker than a map of strings, which stores each header again, for a
// set built once and read a few times.
type headerSet struct {
	seed  maphash.Seed
	slots []int32 // a block's index + 1; 0 is empty
}

// init sizes the set for n blocks, at most half full.
func (h *headerSet) init(n int) {
	size := 8
	for size < 2*n {
		size *= 2
	}
	h.seed, h.slots = maphash.MakeSeed(), make([]int32, size)
}

// add adds header, the block after the last of blocks, unless a block
// has it already: then it returns that block's index.
func (h *headerSet) add(header string, blocks []section) (int, bool) {
	i, ok := h.lookup(header, blocks)
	if !ok {
		h.slots[i] = int32(len(blocks) + 1)
	}
	return int(h.slots[i] - 1), ok
}

func (h *headerSet) find(header string, blocks []section) (int, bool) {
	if len(h.slots) == 0 {
		return 0, false
	}
	i, ok := h.lookup(header, blocks)
	return int(h.slots[i] - 1), ok
}

// lookup returns header's slot, or the empty slot where it belongs.
func (h *headerSet) lookup(header string, blocks []section) (int, bool) {
	mask := len(h.slots) - 1
	for i := int(maphash.String(h.seed, header)) & mask; ; i = (i + 1) & mask {
		switch v := h.slots[i]; {
		case v == 0:
			return i, false
		case blocks[v-1].header == header:
			return i, true
		}
	}
}

// keySet is the keys of one block, for finding a key written twice, as
// configparser does after lowering them. The keys are ASCII (or lowered
// already), so lowering is ASCII's. A bit for each key's length and first
// and last characters tells a new key from those before at once; only
// when its bit is taken are the block's keys read again, into a set.
type keySet struct {
	bits uint64
	many map[string]bool
}

// fresh adds key (not empty) and reports true if its bit was free: a key
// not seen before. Otherwise add tells.
func (s *keySet) fresh(key string) bool {
	bit := uint64(1) << ((uint(len(key)) + 3*uint(lowerByte(key[0])) + 5*uint(lowerByte(key[len(key)-1]))) % 64)
	if s.bits&bit != 0 || s.many != nil {
		return false
	}
	s.bits |= bit
	return true
}

// add adds key to the set of the keys in bodies, the spans of f's text
// before it, and reports whether it was new.
func (s *keySet) add(key string, f *ini, bodies [][2]int) bool {
	if s.many == nil {
		s.many = map[string]bool{}
		for _, b := range bodies {
			l := lexer{text: f.text[:b[1]], cr: f.cr, pos: b[0], colon: -1}
			for kind, k, _ := l.next(); kind != lineEnd; kind, k, _ = l.next() {
				if kind == lineOption && k != "" {
					s.many[strings.ToLower(k)] = true
				}
			}
		}
	}
	if key = strings.ToLower(key); s.many[key] {
		return false
	}
	s.many[key] = true
	return true
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

// Block is a [section] of a config file with its top-level keys.
type Block struct {
	// Name is the section as botocore maps it: "profile ui-dev",
	// "sso-session njoitaws", "default".
	Name string
	Keys map[string]string
}

// Blocks reads the sections of config file text, for tools that edit it;
// what a syntax error leaves unread is left out.
func Blocks(data []byte) []Block {
	f, _ := scan(string(data))
	out := make([]Block, 0, len(f.sections))
	for i, s := range f.sections {
		if s.name != "" {
			out = append(out, Block{Name: s.name, Keys: f.keys(i)})
		}
	}
	return out
}

// HeaderName returns the block a line of a config file starts, as botocore
// names it ("sso-session corp" for `[sso-session "corp"]`), if it is a
// section header.
func HeaderName(line string) (string, bool) {
	header, ok := sectionHeader(pyStrip(line))
	if !ok {
		return "", false
	}
	return botocoreName(header), true
}
