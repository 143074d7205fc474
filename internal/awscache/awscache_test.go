package awscache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ssox/ssox/internal/testmode"
)

func TestPath(t *testing.T) {
	// sha1("njoitaws"), as the AWS CLI names the session's token file.
	if got := Path("/d", "njoitaws"); got != filepath.FromSlash("/d/662689cc54bac1669760656c3b1383288e4e4e31.json") {
		t.Fatalf("Path = %s", got)
	}
	if SSODir("/h") != filepath.FromSlash("/h/.aws/sso/cache") || CLIDir("/h") != filepath.FromSlash("/h/.aws/cli/cache") {
		t.Fatal("cache folders moved")
	}
}

func TestTimes(t *testing.T) {
	want := time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)
	for _, s := range []string{
		"2026-11-25T20:00:00Z", "2026-11-25T20:00:00.000Z", "2026-11-25T21:00:00+01:00",
		"2026-11-25T20:00:00UTC", "2026-11-25T20:00:00", " 2026-11-25 20:00:00 ",
	} {
		got, err := ParseTime(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "tomorrow", "2026-13-01T00:00:00Z"} {
		if _, err := ParseTime(s); err == nil {
			t.Errorf("ParseTime(%q) accepted", s)
		}
	}
	if got := FormatTime(time.Date(2026, 1, 2, 4, 4, 5, 999, time.FixedZone("x", 3600))); got != "2026-01-02T03:04:05Z" {
		t.Errorf("FormatTime = %s", got)
	}
}

func TestWriteAtomicPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "cache")
	path := filepath.Join(dir, "x.json")
	if err := Write(path, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != `{"k":"v"}` {
		t.Fatalf("file %q, %v", data, err)
	}
	testmode.Check(t, path, 0o600)
	testmode.Check(t, dir, 0o700)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// A field of the wrong type costs that field alone, and the problem names
// the field and the type, never the value (a cache holds secrets).
func TestReadKeepsUsableFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.json")
	content := `{"accessToken": 42, "refreshToken": "rt", "expiresAt": "2026-11-25T20:00:00Z",
		"registrationExpiresAt": "soon", "clientId": {"a": 1}, "scopes": "x", "n": null,
		"Credentials": {"AccessKeyId": true, "SecretAccessKey": "sk"}, "list": ["a", "b"]}`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if o.String("accessToken") != "" || o.String("refreshToken") != "rt" || o.String("n") != "" || o.String("absent") != "" {
		t.Error("strings misread")
	}
	if !o.Time("expiresAt").Equal(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)) || !o.Time("registrationExpiresAt").IsZero() {
		t.Error("times misread")
	}
	if o.String("clientId") != "" || o.Strings("scopes") != nil || len(o.Strings("list")) != 2 {
		t.Error("other fields misread")
	}
	c := o.Object("Credentials")
	if c.String("AccessKeyId") != "" || c.String("SecretAccessKey") != "sk" || o.Object("absent").String("x") != "" {
		t.Error("nested object misread")
	}
	want := `Credentials.AccessKeyId is a boolean, not a string; accessToken is a number, not a string; ` +
		`clientId is an object, not a string; registrationExpiresAt is unrecognised time "soon"; scopes is a string, not a list of strings`
	if err := o.Err(); err == nil || err.Error() != want {
		t.Errorf("Err =\n%v\nwant\n%s", err, want)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Read(filepath.Join(dir, "missing.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	for _, content := range []string{`{"a":`, `[1]`, `"x"`, `null`, ``} {
		path := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		var notObject *NotObjectError
		if _, err := Read(path); !errors.As(err, &notObject) {
			t.Errorf("%q: err = %v", content, err)
		}
	}
	o, err := Parse([]byte(`{}`))
	if err != nil || o.Err() != nil {
		t.Errorf("empty object: %v %v", err, o.Err())
	}
}
