//go:build unix

package e2e

import (
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/ssox/ssox/creds"
	"github.com/ssox/ssox/internal/fakeidc"
)

// A --min-ttl longer than the role's credentials live: the first run warns
// and uses them; the next runs use them too, without a fetch each, until
// 15 minutes are left; the cache file stays the AWS CLI's.
func TestMinTTLBeyondLifetime(t *testing.T) {
	h := newHarness(t, fakeidc.Options{RoleCredentialsTTL: time.Hour})
	h.writeConfig(guideConfig)
	h.seedToken("njoitaws", 8*time.Hour, true)
	warning := regexp.MustCompile(`^ssox: warning: role credentials of profile ui-dev last (59m|1h00m), less than the 2h00m of --min-ttl \(or SSOX_MIN_TTL\): using them, and new ones once 15m remain\n$`)
	r := h.run(nil, "ui-dev", "--min-ttl", "2h", "--", "true")
	if r.code != 0 || !warning.MatchString(r.stderr) {
		t.Fatalf("%+v", r)
	}
	h.wantOps("GetRoleCredentials 200")
	first := h.readRoleCache(roleCacheFile)

	h.fake.ResetLog()
	for _, extra := range [][]string{nil, {"SSOX_MIN_TTL=2h"}} {
		args := []string{"ui-dev", "--", "true"}
		if extra == nil {
			args = []string{"ui-dev", "--min-ttl", "2h", "--", "true"}
		}
		if r = h.run(extra, args...); r.code != 0 || r.stderr != "" {
			t.Fatalf("again: %+v", r)
		}
	}
	h.wantOps()
	if h.readRoleCache(roleCacheFile) != first {
		t.Fatal("the cache changed")
	}

	// 10 minutes left of the hour they lasted: new ones, and the warning.
	path := h.path(roleCacheFile)
	c, err := creds.ReadCache(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Expiration = time.Now().Add(10 * time.Minute).UTC().Truncate(time.Second)
	if err := creds.WriteCache(path, c); err != nil {
		t.Fatal(err)
	}
	written := c.Expiration.Add(-time.Hour)
	if err := os.Chtimes(path, written, written); err != nil {
		t.Fatal(err)
	}
	r = h.run(nil, "ui-dev", "--min-ttl", "2h", "--", "true")
	if r.code != 0 || !warning.MatchString(r.stderr) {
		t.Fatalf("%+v", r)
	}
	h.wantOps("GetRoleCredentials 200")

	// A --min-ttl the credentials can meet works as before.
	h.fake.ResetLog()
	if r = h.run(nil, "ui-dev", "--min-ttl", "30m", "--", "true"); r.code != 0 || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	h.wantOps()
}

// age makes a cache entry look written hours ago, as if its credentials had
// lived longer than any --min-ttl a test asks: what falls short of that
// is then fetched anew, not kept as the most the role can give.
func (h *harness) age(rel string) {
	h.t.Helper()
	past := time.Now().Add(-3 * time.Hour)
	if err := os.Chtimes(h.path(rel), past, past); err != nil {
		h.t.Fatal(err)
	}
}
