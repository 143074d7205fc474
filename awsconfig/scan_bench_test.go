package awsconfig

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkScan reads a config of 2,000 profiles, as the warm path does
// when the file is large.
func BenchmarkScan(b *testing.B) {
	var s strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&s, "[profile team-%04d]\nregion = eu-west-1\nsso_session = njoitaws\nsso_account_id = %012d\nsso_role_name = ReadOnlyAccess\n", i, 200000000000+i)
	}
	data := []byte(s.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := scan(data); err != nil {
			b.Fatal(err)
		}
	}
}
