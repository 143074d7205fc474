//go:build unix

package shells

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/visible"
	"github.com/ssox/ssox/prompt"
)

// standIn makes the test binary stand in for `ssox prompt --format
// '{{.Profile}}'`, which the fish script runs for a name that is not
// printable ASCII: it prints the name as internal/visible writes it.
const standIn = "SSOX_SHELLS_TEST_PROMPT"

func TestMain(m *testing.M) {
	if os.Getenv(standIn) == "1" {
		if len(os.Args) != 4 || os.Args[1] != "prompt" || os.Args[2] != "--format" || os.Args[3] != "{{.Profile}}" {
			fmt.Fprintf(os.Stderr, "the stand-in for ssox was run as %q\n", os.Args)
			os.Exit(2)
		}
		fmt.Println(visible.String(os.Getenv("SSOX_PROFILE")))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// needShell skips a test that runs sh where it is missing; CI (.ci/run
// installs zsh and fish) fails instead: a skip is not a pass.
func needShell(t *testing.T, sh string) string {
	t.Helper()
	path, err := exec.LookPath(sh)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (.ci/run installs it)", sh)
		}
		t.Skipf("%s is not installed", sh)
	}
	return path
}

// hiddenRanges is the list the zsh and bash scripts hold as _ssox_hidden,
// made from Go's tables: what internal/visible escapes.
func hiddenRanges() []rune {
	var out []rune
	add := func(lo, hi rune) {
		if n := len(out); n > 0 && out[n-1]+1 == lo {
			out[n-1] = hi
			return
		}
		out = append(out, lo, hi)
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			add(r, r)
		}
	}
	return out
}

func TestHiddenListMatchesGo(t *testing.T) {
	var want []string
	for _, r := range hiddenRanges() {
		want = append(want, strconv.Itoa(int(r)))
	}
	line := "_ssox_hidden=(" + strings.Join(want, " ") + ")"
	for _, file := range []string{"zsh.zsh", "bash.bash"} {
		data, err := files.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "\n"+line+"\n") {
			t.Errorf("%s does not hold Go's list of hidden characters; it should read:\n%s", file, line)
		}
	}
}

// record is one input of the prompt's rule: a profile name and the two
// variables an expiry is read from.
type record struct{ profile, expires, credExp string }

// ruleInputs are names and expiries chosen to reach every branch of the
// rule and its edges, and random ones around them.
// randomNames of each kind are made; fish, which asks ssox to write a name
// that is not printable ASCII (one process each), gets fewer. The expiries
// come from a stream of their own: every shell gets the same ones, fish's
// time left is held to all of them.
func ruleInputs(now int64, randomNames int) []record {
	r := rand.New(rand.NewPCG(17, 21))
	names := []string{"ui-dev", "", " ", "a b", "évian-プロド", "t\x1bcx", "c1\u009b31m", "raw\x9b31m", "bad\xffutf8",
		"rtl\u202eved", "line\u2028sep", "bom\ufeff", "tag\U000e0041", "del\x7f", "tab\tnl\n", "$(touch pwned)%F{red}\\u`id`",
		"\xc0\x80overlong", "\xe0\x80\x80", "\xed\xa0\x80surrogate", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf0\x9f\x98\x80",
		"trunc\xe2\x82", "trunc\xf0\x9f\x98", "\xc2", "soft\u00adhyphen", "arabic\u0600\u0605\u061c", "\u180e\u200b\u200f\u2060\u2064\u2066\u206f",
		"\ufff9\ufffb\U000110bd\U000110cd\U00013430\U0001343f\U0001bca0\U0001d173\U0001d17a\U000e0001\U000e0020\U000e007f",
		"edges\u00ac\u00ae\u05ff\u0606\u2027\u202f\u2065\u2070\ufffc\U000e0080"}
	// Random bytes, weighted towards UTF-8 lead and continuation bytes.
	for range randomNames {
		var b []byte
		for range r.IntN(12) + 1 {
			switch r.IntN(4) {
			case 0:
				b = append(b, byte(r.IntN(0x60)+0x20))
			case 1:
				b = append(b, byte(r.IntN(0x40)+0x80))
			case 2:
				b = append(b, byte(r.IntN(0x40)+0xc0))
			default:
				b = append(b, byte(r.IntN(255)+1))
			}
		}
		names = append(names, string(b))
	}
	// Random code points, hidden ones and their neighbours most.
	hidden := hiddenRanges()
	for range randomNames {
		var b strings.Builder
		for range r.IntN(4) + 1 {
			i := r.IntN(len(hidden))
			c := hidden[i] + rune(r.IntN(3)-1)
			if r.IntN(3) == 0 {
				c = rune(r.IntN(unicode.MaxRune))
			}
			if utf8.ValidRune(c) && c != 0 {
				b.WriteRune(c)
			}
		}
		names = append(names, b.String())
	}

	rt := rand.New(rand.NewPCG(17, 22))
	var expiries []string
	for _, d := range []int64{0, 1, -1, 59, 60, 61, 899, 900, 901, 3599, 3600, 3601, 86399, 86400, 86401, -86400, 47*60 + 30, 2*3600 + 5*60} {
		expiries = append(expiries, strconv.FormatInt(now+d, 10))
	}
	expiries = append(expiries, "", "0", "00000000000000000"+strconv.FormatInt(now+600, 10)[:1], "999999999999999", "1000000000000000", "999999999999999999", "000000000000001",
		"99999999999999999999999", "9223372036854775807", "+"+strconv.FormatInt(now+600, 10), "-5", " 1", "1 ", "0x10", "1e9", "soon",
		"a[$(touch pwned)]", "١٢٣", "12\n")
	for range 200 {
		expiries = append(expiries, strconv.FormatInt(now+rt.Int64N(400000)-100000, 10))
	}

	iso := func(sec int64, zone int) string {
		return time.Unix(sec, 0).In(time.FixedZone("", zone)).Format(time.RFC3339)
	}
	credExps := []string{"", "2026-11-25T20:00:00Z", "2000-02-29T00:00:00Z", "2030-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
		"2026-04-31T00:00:00Z", "2026-11-25T20:00:00+99:99", "2026-11-25T20:00:00+24:00", "2026-11-25T20:00:00+23:59",
		"2026-11-25T20:00:00-23:59", "2026-11-25T20:00:00+01:60", "2026-11-25T20:00:00,5Z", "2026-11-25T20:00:00.5Z",
		"2026-11-25T20:00:00.Z", "2026-11-25t20:00:00Z", "2026-11-25T20:00:00z", "2026-11-25T1:00:00Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59Z", "0000-03-01T00:00:00+00:01", "+026-11-25T20:00:00Z", "2026-11-25T20:00:00Z\n", "2026-11-25T24:00:00Z",
		"2026-11-25T20:60:00Z", "2026-11-25T20:00:60Z", "2026-13-25T20:00:00Z", "2026-00-25T20:00:00Z", "2026-11-00T20:00:00Z",
		"２026-11-25T20:00:00Z", "2026-11-25T20:00:00+0100", "2026-11-25T20:00:00.123456789123-05:30"}
	for _, d := range []int64{-3600, 0, 1, 899, 900, 3600, 86400} {
		credExps = append(credExps, iso(now+d, 0), iso(now+d, 5*3600+30*60), iso(now+d, -8*3600))
	}
	for range 200 {
		credExps = append(credExps, iso(rt.Int64N(253402300800+62167219200-2*86400)-62167219200+86400, (rt.IntN(47*60)-23*60)*60))
	}

	var out []record
	for i, n := range names {
		out = append(out, record{n, expiries[i%len(expiries)], credExps[i%len(credExps)]})
	}
	for i, e := range expiries {
		out = append(out, record{"ui-dev", e, credExps[(i*7)%len(credExps)]})
	}
	for i, c := range credExps {
		out = append(out, record{names[i%7], "", c})
		out = append(out, record{"ui-dev", "x", c})
	}
	return out
}

// fish, with fewer random names, is held to every expiry the other shells
// are: the time left is one rule in all of them.
func TestFishGetsEveryExpiry(t *testing.T) {
	expiries := func(records []record) []string {
		var out []string
		for _, rec := range records {
			out = append(out, "SSOX_EXPIRES="+rec.expires, "AWS_CREDENTIAL_EXPIRATION="+rec.credExp)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	fish, others := expiries(ruleInputs(0, 30)), expiries(ruleInputs(0, 400))
	if !slices.Equal(fish, others) {
		t.Fatalf("fish gets other expiries than the other shells (%d and %d of them)", len(fish), len(others))
	}
	if len(fish) < 450 {
		t.Fatalf("only %d expiries", len(fish))
	}
}

// ruleLoops read records (three NUL-terminated fields each) from the file
// $2 and print, for each, the segment and the level, each NUL-terminated,
// at the unix time $1. (From a file: fish drops bytes that are not UTF-8
// when it reads a pipe, though not from a file or the environment.)
var ruleLoops = map[string]string{
	"zsh": `while IFS= read -r -d '' SSOX_PROFILE && IFS= read -r -d '' SSOX_EXPIRES && IFS= read -r -d '' AWS_CREDENTIAL_EXPIRATION; do
  _ssox_segment $1
  print -rn -- "$REPLY"$'\0'"$_ssox_level"$'\0'
done <$2`,
	"fish": `while read -z -l p; and read -z -l e; and read -z -l c
  set -gx SSOX_PROFILE $p
  set -gx SSOX_EXPIRES $e
  set -gx AWS_CREDENTIAL_EXPIRATION $c
  __ssox_segment $argv[1]
  printf '%s\0%s\0' "$__ssox_text" "$__ssox_level"
end <$argv[2]`,
	"bash": `while LC_ALL=C IFS= read -r -d '' SSOX_PROFILE && LC_ALL=C IFS= read -r -d '' SSOX_EXPIRES && LC_ALL=C IFS= read -r -d '' AWS_CREDENTIAL_EXPIRATION; do
  _ssox_segment "$1"
  printf '%s\0%s\0' "$REPLY" "$_ssox_level"
done <"$2"`,
}

var levelNames = map[prompt.Level]string{prompt.Unknown: "", prompt.OK: "ok", prompt.Expiring: "soon", prompt.Expired: "expired", prompt.LoginNeeded: "login"}

// TestShellsFollowTheGoRule runs each shell's prompt function over many
// names and expiries, in a UTF-8 locale and in C, and compares each segment
// and level with what package prompt (timeleft, visible) makes of the same
// environment. fish has ssox write a name that is not printable ASCII: here
// the test binary stands in for it (TestMain).
func TestShellsFollowTheGoRule(t *testing.T) {
	now := time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC).Unix()
	input := func(records []record) ([]byte, []string) {
		var in bytes.Buffer
		var want []string
		for _, rec := range records {
			for _, f := range []string{rec.profile, rec.expires, rec.credExp} {
				if strings.IndexByte(f, 0) >= 0 {
					t.Fatalf("input %q holds a NUL, which no environment can", f)
				}
				in.WriteString(f + "\x00")
			}
			env := environ.Env{"SSOX_PROFILE": rec.profile, "SSOX_EXPIRES": rec.expires, "AWS_CREDENTIAL_EXPIRATION": rec.credExp}
			seg, ok := prompt.Read(env, time.Unix(now, 0))
			text, level := "", ""
			if ok {
				text, level = seg.String(), levelNames[seg.Level]
			}
			want = append(want, text, level)
		}
		return in.Bytes(), want
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range []string{"zsh", "bash", "fish"} {
		random := 400
		if sh == "fish" {
			random = 30
		}
		records := ruleInputs(now, random)
		in, want := input(records)
		for _, lang := range []string{"C.UTF-8", "C"} {
			t.Run(sh+"/"+lang, func(t *testing.T) {
				path := needShell(t, sh)
				script, err := Render(sh, self, Completion{})
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				file := filepath.Join(dir, "init")
				if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
					t.Fatal(err)
				}
				argv := map[string][]string{"zsh": {"-f", "-c", "source \"$0\"\n"}, "bash": {"--norc", "--noprofile", "-c", "source \"$0\"\n"},
					"fish": {"--no-config", "-c", "source $argv[1]; set -e argv[1]\n"}}[sh]
				argv[len(argv)-1] += ruleLoops[sh]
				recordsFile := filepath.Join(dir, "records")
				if err := os.WriteFile(recordsFile, in, 0o600); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(path, append(argv, file, strconv.FormatInt(now, 10), recordsFile)...)
				cmd.Dir = dir
				cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin", "LANG=" + lang, "XDG_CONFIG_HOME=" + dir, "XDG_DATA_HOME=" + dir, standIn + "=1"}
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil || stderr.Len() > 0 {
					t.Fatalf("%v: %s", err, stderr.String())
				}
				got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
				if len(got) != len(want) {
					for i := 0; i < len(got) && i < len(want); i += 2 {
						if got[i] != want[i] {
							t.Logf("first difference at record %d: %q: got %q want %q", i/2, records[i/2], got[i], want[i])
							break
						}
					}
					t.Fatalf("%d answers for %d records", len(got)/2, len(records))
				}
				bad := 0
				for i, rec := range records {
					if g, w := got[2*i:2*i+2], want[2*i:2*i+2]; !slices.Equal(g, w) {
						if bad++; bad <= 10 {
							t.Errorf("SSOX_PROFILE=%q SSOX_EXPIRES=%q AWS_CREDENTIAL_EXPIRATION=%q: %s says %q (%s), Go %q (%s)",
								rec.profile, rec.expires, rec.credExp, sh, g[0], g[1], w[0], w[1])
						}
					}
				}
				if bad > 0 {
					t.Errorf("%d of %d records differ", bad, len(records))
				}
				if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
					t.Fatal("an input ran a command")
				}
			})
		}
	}
}
