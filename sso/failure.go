package sso

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ssox/ssox/internal/atomicfile"
	"github.com/ssox/ssox/internal/errs"
	"github.com/ssox/ssox/internal/safefile"
	"github.com/ssox/ssox/internal/visible"
)

// failure is the note a failed renewal leaves beside the session's lock,
// for the processes that waited for it: when it failed and what the user
// was told.
type failure struct {
	Time  time.Time `json:"time"`
	Error string    `json:"error"`
	Hint  string    `json:"hint,omitempty"`
}

// failurePath is beside the cache entry and its lock; not .json, so no tool
// that reads the cache folder takes it for a token.
func failurePath(cachePath string) string {
	return strings.TrimSuffix(cachePath, ".json") + ".failed"
}

func (m *Manager) recordFailure(cachePath string, err error) {
	data, jerr := json.Marshal(failure{Time: time.Now().UTC(), Error: m.Log.Redact(err.Error()), Hint: m.Log.Redact(errs.HintOf(err))})
	if jerr != nil {
		return
	}
	if werr := atomicfile.WriteFile(failurePath(cachePath), data, 0o600, 0o700); werr != nil {
		m.Log.Printf("note the failed login: %v", werr)
	}
}

func clearFailure(cachePath string) {
	_ = os.Remove(failurePath(cachePath))
}

// failedSince returns the failure of a renewal that ended after since, the
// moment this process began to wait for the lock: the renewal it waited for.
func failedSince(cachePath string, since time.Time) error {
	data, err := safefile.ReadFile(failurePath(cachePath), safefile.CacheLimit)
	if err != nil {
		return nil
	}
	var f failure
	if json.Unmarshal(data, &f) != nil || !f.Time.After(since) {
		return nil
	}
	msg := fmt.Errorf("the login this ssox waited for failed: %s", visible.String(f.Error))
	if f.Hint == "" {
		return msg
	}
	return errs.WithHint(msg, "%s", visible.String(f.Hint))
}
