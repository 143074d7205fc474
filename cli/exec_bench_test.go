package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
	"github.com/ssox/ssox/internal/testconfig"
)

// BenchmarkWarmExec is ssox's in-process work on the warm path: resolve the
// profile, read the cached role credentials, build the child's environment,
// up to the exec itself (replaced here), with the guide's config and with
// the 2,000 profiles `ssox setup` writes for 1,000 accounts. bench/run.sh
// times whole processes.
func BenchmarkWarmExec(b *testing.B) {
	for _, accounts := range []int{0, 1000} {
		b.Run(fmt.Sprintf("profiles=%d", 3+2*accounts), func(b *testing.B) {
			env := warmHome(b, time.Now())
			if accounts > 0 {
				err := os.WriteFile(filepath.Join(env.Get("HOME"), ".aws", "config"), []byte(testconfig.Setup(accounts)), 0o600)
				if err != nil {
					b.Fatal(err)
				}
			}
			execs := 0
			io, _, _, _ := iostreams.Test()
			d := &deps{io: io, env: env, now: time.Now, log: debuglog.New(nil),
				start: func(string, []string, environ.Env, *iostreams.IOStreams) error { execs++; return nil }}
			b.ResetTimer()
			for b.Loop() {
				if code := d.run([]string{"ssox", "ui-dev", "--", "true"}); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
			if execs == 0 {
				b.Fatal("never reached exec")
			}
		})
	}
}
