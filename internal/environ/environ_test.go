package environ

import (
	"reflect"
	"runtime"
	"testing"
)

func TestFromList(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		in   []string
		want Env
	}{
		{"empty", nil, Env{}},
		{"pairs", []string{"A=1", "B=two words"}, Env{"A": "1", "B": "two words"}},
		{"later wins, as getenv", []string{"A=1", "A=2"}, Env{"A": "2"}},
		{"value with =", []string{"OPTS=a=b=c"}, Env{"OPTS": "a=b=c"}},
		{"empty value is set", []string{"E="}, Env{"E": ""}},
		{"no = or no name is skipped", []string{"JUNK", "=", "=x", "A=1"}, Env{"A": "1"}},
	} {
		if got := FromList(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: FromList(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

// cmd.exe keeps each drive's folder in a variable named "=C:": on Windows
// it is a name like any other; elsewhere a name never begins with "=".
func TestDriveFolders(t *testing.T) {
	t.Parallel()
	want := Env{"A": "1"}
	if runtime.GOOS == "windows" {
		want["=C:"] = `C:\x`
	}
	if got := FromList([]string{`=C:=C:\x`, "A=1"}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// On Windows a name matches in any case, as Windows' own (it sets Path and
// ComSpec); elsewhere case counts.
func TestNamesAndCase(t *testing.T) {
	t.Parallel()
	windows := runtime.GOOS == "windows"
	e := Env{"Path": `C:\bin`, "aws_profile": "stale"}
	if v, ok := e.Lookup("PATH"); ok != windows || windows && v != `C:\bin` {
		t.Errorf("Lookup(PATH) = %q, %v", v, ok)
	}
	e.Set("PATH", "new")
	e.Unset("AWS_PROFILE")
	want := Env{"PATH": "new"}
	if !windows {
		want = Env{"Path": `C:\bin`, "PATH": "new", "aws_profile": "stale"}
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("after Set(PATH) and Unset(AWS_PROFILE): %v, want %v", e, want)
	}
	if got := Name("aws_profile"); (got == "AWS_PROFILE") != windows {
		t.Errorf("Name(aws_profile) = %s", got)
	}
}

func TestGetLookupSetUnset(t *testing.T) {
	t.Parallel()
	e := Env{"SET": "x", "EMPTY": ""}
	if e.Get("SET") != "x" || e.Get("EMPTY") != "" || e.Get("NONE") != "" {
		t.Fatalf("Get: %q %q %q", e.Get("SET"), e.Get("EMPTY"), e.Get("NONE"))
	}
	if v, ok := e.Lookup("EMPTY"); !ok || v != "" {
		t.Errorf("Lookup(EMPTY) = %q, %v: an empty variable is set", v, ok)
	}
	if _, ok := e.Lookup("NONE"); ok {
		t.Error("Lookup(NONE) found it")
	}
	e.Set("NEW", "n")
	e.Unset("SET")
	e.Unset("NONE") // unsetting what is not there is no error
	if want := (Env{"EMPTY": "", "NEW": "n"}); !reflect.DeepEqual(e, want) {
		t.Errorf("after Set and Unset: %v, want %v", e, want)
	}
	var nilEnv Env
	if nilEnv.Get("X") != "" || nilEnv.Bool("X") {
		t.Error("a nil Env is empty")
	}
}

func TestCloneIsIndependent(t *testing.T) {
	t.Parallel()
	e := Env{"A": "1"}
	c := e.Clone()
	c.Set("A", "2")
	c.Set("B", "3")
	if e.Get("A") != "1" || e.Get("B") != "" {
		t.Fatalf("the original changed: %v", e)
	}
}

func TestListIsSortedAndRoundTrips(t *testing.T) {
	t.Parallel()
	e := Env{"PATH": "/bin", "A": "x=y", "EMPTY": "", "Z": "last"}
	want := []string{"A=x=y", "EMPTY=", "PATH=/bin", "Z=last"}
	if got := e.List(); !reflect.DeepEqual(got, want) {
		t.Fatalf("List = %q, want %q", got, want)
	}
	if back := FromList(e.List()); !reflect.DeepEqual(back, e) {
		t.Fatalf("FromList(List) = %v, want %v", back, e)
	}
}

func TestBool(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"1": true, "true": true, "TRUE": true, "yes": true, "On": true, " true ": true,
		"": false, "0": false, "false": false, "no": false, "off": false, "2": false, "y": false, "enabled": false,
	} {
		if got := (Env{"V": v}).Bool("V"); got != want {
			t.Errorf("Bool(%q) = %v, want %v", v, got, want)
		}
	}
	if (Env{}).Bool("V") {
		t.Error("an unset variable is true")
	}
}
