package picker

import (
	"reflect"
	"strings"
	"testing"
)

var items = []Item{
	{Profile: "deploy", AccountName: "prod", AccountID: "222233334444", Role: "Deploy"},
	{Profile: "dol-prod", AccountName: "dol-prod", AccountID: "987654321098", Role: "ReadOnlyAccess", Note: "login needed"},
	{Profile: "ui-dev", AccountID: "123456789012", Role: "AdministratorAccess"},
}

func TestDecode(t *testing.T) {
	for in, want := range map[string][]Key{
		"ab":           {{Kind: Rune, R: 'a'}, {Kind: Rune, R: 'b'}},
		"é":            {{Kind: Rune, R: 'é'}},
		"\x1b[A\x1b[B": {{Kind: Up}, {Kind: Down}},
		"\x1bOA\x1bOB": {{Kind: Up}, {Kind: Down}},
		"\x1b[1;5A":    {{Kind: Up}},
		"\x1b[C\x1b[H": nil, // right, home: skipped
		"\x1b":         {{Kind: Cancel}},
		"\r\n":         {{Kind: Enter}, {Kind: Enter}},
		"\x7f\x08":     {{Kind: Backspace}, {Kind: Backspace}},
		"\x10\x0e\t":   {{Kind: Up}, {Kind: Down}, {Kind: Down}},
		"\x15":         {{Kind: ClearQuery}},
		"\x03\x07\x04": {{Kind: Cancel}, {Kind: Cancel}, {Kind: Cancel}},
		"\x01x":        {{Kind: Rune, R: 'x'}},
	} {
		if got := Decode([]byte(in)); !reflect.DeepEqual(got, want) {
			t.Errorf("Decode(%q) = %v, want %v", in, got, want)
		}
	}
}

// press types keys into a new model and returns it with the last result.
func press(keys string) (*Model, Result) {
	m := New(items)
	r := Continue
	for _, k := range Decode([]byte(keys)) {
		if r = m.Press(k); r != Continue {
			break
		}
	}
	return m, r
}

func TestFilterAndMove(t *testing.T) {
	for _, tc := range []struct {
		keys    string
		matches []string
		sel     string
		result  Result
	}{
		{"", []string{"deploy", "dol-prod", "ui-dev"}, "deploy", Continue},
		{"\x1b[B", []string{"deploy", "dol-prod", "ui-dev"}, "dol-prod", Continue},
		{"\x1b[B\x1b[B\x1b[B\x1b[B", []string{"deploy", "dol-prod", "ui-dev"}, "ui-dev", Continue},
		{"\x1b[A", []string{"deploy", "dol-prod", "ui-dev"}, "deploy", Continue},
		{"prod", []string{"deploy", "dol-prod"}, "deploy", Continue}, // account name
		{"PROD read", []string{"dol-prod"}, "dol-prod", Continue},    // every word, any case
		{"1234", []string{"ui-dev"}, "ui-dev", Continue},             // account id
		{"login", []string{"dol-prod"}, "dol-prod", Continue},        // the note
		{"\x1b[Bd", []string{"deploy", "dol-prod", "ui-dev"}, "deploy", Continue},
		{"xyz", nil, "", Continue},
		{"xyz\r", nil, "", Continue}, // Enter with no match does nothing
		{"xyz\x7f\x7f\x7f", []string{"deploy", "dol-prod", "ui-dev"}, "deploy", Continue},
		{"ui\x15", []string{"deploy", "dol-prod", "ui-dev"}, "deploy", Continue},
		{"dev\r", []string{"ui-dev"}, "ui-dev", Chosen},
		{"\x1b[B\r", []string{"deploy", "dol-prod", "ui-dev"}, "dol-prod", Chosen},
		{"ui\x1b", []string{"ui-dev"}, "ui-dev", Cancelled},
		{"\x03", []string{"deploy", "dol-prod", "ui-dev"}, "deploy", Cancelled},
	} {
		m, r := press(tc.keys)
		var names []string
		for _, it := range m.Matches() {
			names = append(names, it.Profile)
		}
		sel, _ := m.Selected()
		if !reflect.DeepEqual(names, tc.matches) || sel.Profile != tc.sel || r != tc.result {
			t.Errorf("%q: matches %v selected %q result %d; want %v %q %d", tc.keys, names, sel.Profile, r, tc.matches, tc.sel, tc.result)
		}
	}
}

func TestRender(t *testing.T) {
	m, _ := press("\x1b[B")
	want := []string{
		"  deploy    prod (222233334444)      Deploy",
		"> dol-prod  dol-prod (987654321098)  ReadOnlyAccess       login needed",
		"  ui-dev    123456789012             AdministratorAccess",
		"ssox profile> ",
	}
	if got := m.Render(100, 10); !reflect.DeepEqual(got, want) {
		t.Errorf("Render:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A short screen shows a window that keeps the cursor; narrow lines are cut.
	m, _ = press("\x1b[B\x1b[B")
	want = []string{
		"  dol-prod  dol-prod (9876543",
		"> ui-dev    123456789012     ",
		"ssox profile> ",
	}
	if got := m.Render(30, 3); !reflect.DeepEqual(got, want) {
		t.Errorf("Render short:\n%q\nwant:\n%q", got, want)
	}
	// Text from the config shows its control characters as escapes.
	hostile := New([]Item{{Profile: "red\x1b[31m", AccountName: "acct\r", AccountID: "111122223333", Role: "Admin\x07", Note: "n"}})
	if got := hostile.Render(80, 2); !reflect.DeepEqual(got, []string{`> red\x1b[31m  acct\x0d (111122223333)  Admin\x07  n`, "ssox profile> "}) {
		t.Errorf("Render hostile: %q", got)
	}
	m, _ = press("zz")
	if got := m.Render(80, 10); !reflect.DeepEqual(got, []string{"  no profile matches", "ssox profile> zz"}) {
		t.Errorf("Render no match: %q", got)
	}
}
