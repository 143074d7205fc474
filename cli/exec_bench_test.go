package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/debuglog"
	"github.com/ssox/ssox/internal/environ"
	"github.com/ssox/ssox/internal/iostreams"
)

// BenchmarkWarmExec is ssox's in-process work on the warm path: resolve the
// profile, read the cached role credentials, build the child's environment,
// up to the exec itself (replaced here), with the guide's config and with
// 2,000 profiles. bench/run.sh times whole processes.
func BenchmarkWarmExec(b *testing.B) {
	for _, profiles := range []int{3, 2000} {
		b.Run(fmt.Sprintf("profiles=%d", profiles), func(b *testing.B) {
			env := warmHome(b, time.Now())
			if profiles > 3 {
				var more strings.Builder
				for i := 0; i < profiles; i++ {
					fmt.Fprintf(&more, "[profile team-%04d]\nregion = eu-west-1\nsso_session = njoitaws\nsso_account_id = %012d\nsso_role_name = ReadOnlyAccess\n", i, 200000000000+i)
				}
				f, err := os.OpenFile(filepath.Join(env.Get("HOME"), ".aws", "config"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					b.Fatal(err)
				}
				f.WriteString(more.String())
				f.Close()
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
