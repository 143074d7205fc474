package timeleft

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		secs int64
		want string
	}{
		{-3600, "expired"},
		{-1, "expired"},
		{0, "expired"},
		{1, "0m"},
		{59, "0m"},
		{60, "1m"},
		{14*60 + 59, "14m"},
		{47*60 + 30, "47m"},
		{3599, "59m"},
		{3600, "1h00m"},
		{2*3600 + 5*60 + 59, "2h05m"},
		{11*3600 + 59*60, "11h59m"},
		{86399, "23h59m"},
		{86400, "1d"},
		{3*86400 + 7200, "3d"},
	} {
		if got := Format(tc.secs); got != tc.want {
			t.Errorf("Format(%d) = %q, want %q", tc.secs, got, tc.want)
		}
	}
}

func TestUntilAndSinceCountWholeSeconds(t *testing.T) {
	now := time.Date(2026, 11, 25, 20, 0, 0, 900e6, time.UTC)
	// 3599.2 s of Duration, but 3600 s between the whole seconds: the
	// prompt, reading SSOX_EXPIRES, says 1h00m, and so does every command.
	exp := time.Date(2026, 11, 25, 21, 0, 0, 100e6, time.UTC)
	if got := Until(exp, now); got != "1h00m" {
		t.Errorf("Until = %s, want 1h00m", got)
	}
	if got := Until(now, exp); got != "expired" {
		t.Errorf("Until(past) = %s", got)
	}
	if got := Since(now.Add(-2*time.Hour-5*time.Minute), now); got != "2h05m" {
		t.Errorf("Since = %s", got)
	}
}
