package timeleft

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestParseUnix(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1795636800": 1795636800, "000042": 42, "999999999999999": 999999999999999} {
		if got, ok := ParseUnix(in); !ok || got != want {
			t.Errorf("ParseUnix(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "+1", "-1", " 1", "1 ", "1e9", "0x10", "1234567890123456", "99999999999999999999999", "١٢"} {
		if got, ok := ParseUnix(in); ok {
			t.Errorf("ParseUnix(%q) = %d, want refused", in, got)
		}
	}
}

// Every timestamp the strict rule takes, Go's time.Parse takes too, with the
// same second; the rule refuses what the lenient fallback of time.Parse
// adds.
func TestParseRFC3339AgreesWithTimeParse(t *testing.T) {
	for _, in := range []string{
		"2026-11-25T20:00:00Z", "2026-11-25T20:30:00.999+01:00", "2000-02-29T00:00:00Z", "1969-12-31T23:59:59.5Z",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", "1900-03-01T00:00:00+00:00", "2026-01-01T00:00:00.Z",
	} {
		want, err := time.Parse(time.RFC3339, in)
		got, ok := ParseRFC3339(in)
		if strings.HasSuffix(in, ".Z") {
			if ok || err == nil {
				t.Errorf("%q: rule %v, time.Parse %v; both should refuse", in, ok, err)
			}
			continue
		}
		if err != nil || !ok || got != want.Unix() {
			t.Errorf("ParseRFC3339(%q) = %d, %v; time.Parse: %d, %v", in, got, ok, want.Unix(), err)
		}
	}
	for _, in := range []string{
		"", "2026-11-25", "2026-11-25T20:00:00", "2026-11-25 20:00:00Z", "2026-11-25t20:00:00Z", "2026-11-25T20:00:00z",
		"2030-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
		"2026-11-00T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T20:60:00Z", "2026-11-25T20:00:60Z",
		"2026-11-25T20:00:00+99:99", "2026-11-25T20:00:00+24:00", "2026-11-25T20:00:00+24:60", "2026-11-25T20:00:00+01:60",
		"2026-11-25T20:00:00,5Z", "2026-11-25T1:00:00Z", "+026-11-25T20:00:00Z", "2026-11-25T20:00:00+0100", "2026-11-25T20:00:00Z ",
		"2026-11-25T20:00:00.Z", "2026-11-25T20:00:00.5",
	} {
		if got, ok := ParseRFC3339(in); ok {
			t.Errorf("ParseRFC3339(%q) = %d, want refused", in, got)
		}
	}
}

// Over random dates of the whole 0000-9999 range, the rule and time.Parse
// give the same second.
func TestParseRFC3339RandomDates(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		// 0000-01-02 to 9999-12-30: an offset keeps the year in 0000-9999.
		sec := r.Int64N(253402300800+62167219200-2*86400) - 62167219200 + 86400
		off := time.Duration(r.IntN(47*60)-23*60) * time.Minute
		in := time.Unix(sec, 0).In(time.FixedZone("", int(off.Seconds()))).Format(time.RFC3339)
		got, ok := ParseRFC3339(in)
		if !ok || got != sec {
			t.Fatalf("ParseRFC3339(%q) = %d, %v; want %d", in, got, ok, sec)
		}
	}
}
