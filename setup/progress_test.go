package setup

import (
	"bytes"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	var out bytes.Buffer
	clock := time.Unix(0, 0)
	progress, clear := ProgressLine(&out, func() time.Time { return clock })
	clear()
	if out.Len() != 0 {
		t.Fatalf("cleared a line never drawn: %q", out.String())
	}
	progress(0, 100, false)
	clock = clock.Add(50 * time.Millisecond)
	progress(3, 100, false) // too soon: not drawn
	clock = clock.Add(60 * time.Millisecond)
	progress(412, 1000, true)
	progress(999, 1000, true) // too soon
	progress(1000, 1000, true)
	clear()
	want := "\raccounts 0/100+\x1b[K\raccounts 412/1000\x1b[K\raccounts 1000/1000\x1b[K\r\x1b[K"
	if out.String() != want {
		t.Fatalf("got %q\nwant %q", out.String(), want)
	}
}
