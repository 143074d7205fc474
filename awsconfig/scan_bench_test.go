package awsconfig

import (
	"testing"

	"github.com/ssox/ssox/internal/testconfig"
)

// BenchmarkScan reads the config of 1,000 accounts with two roles each that
// `ssox setup` writes (2,000 profiles), as every run does before it
// resolves a profile: MB/s is the scan's speed.
func BenchmarkScan(b *testing.B) {
	text := testconfig.Setup(1000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := scan(text); err != nil {
			b.Fatal(err)
		}
	}
}
