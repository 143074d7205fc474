// Package picker lets the user choose a profile when none is given on a
// terminal: type to filter, arrows to move, Enter to choose, Esc to leave.
// The model (keys in, state and screen lines out) is pure; a thin layer on
// golang.org/x/term runs it on the terminal, and SSOX_PICKER=fzf hands the
// choice to fzf instead.
package picker

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ssox/ssox/internal/visible"
)

// Item is one profile the user can choose.
type Item struct {
	Profile     string
	AccountName string
	AccountID   string
	Role        string
	// Note says what running the profile needs, e.g. "login needed";
	// empty when nothing.
	Note string
}

// columns are the item's fields as the picker shows them.
func (it Item) columns() [4]string {
	account := visible.String(it.AccountID)
	if it.AccountName != "" {
		account = visible.String(it.AccountName) + " (" + account + ")"
	}
	return [4]string{visible.String(it.Profile), account, visible.String(it.Role), visible.String(it.Note)}
}

// KeyKind says what a key does.
type KeyKind uint8

// The keys the picker knows.
const (
	Rune KeyKind = iota // a character typed into the filter
	Up
	Down
	Enter
	Backspace
	ClearQuery
	Cancel
)

// Key is one key press.
type Key struct {
	Kind KeyKind
	R    rune // for Rune
}

// Decode reads the key presses in what one read from the terminal returned:
// characters, arrows (CSI and SS3 forms), Enter, Backspace, Esc and the
// control keys fzf users expect (Ctrl-P/N, Ctrl-U, Ctrl-C, Ctrl-G).
// Sequences it does not know are skipped.
func Decode(b []byte) []Key {
	var keys []Key
	for len(b) > 0 {
		switch c := b[0]; {
		case c == 0x1b && len(b) >= 3 && (b[1] == '[' || b[1] == 'O'):
			// CSI/SS3: parameters, then a final byte in 0x40-0x7e.
			n := 2
			for n < len(b) && (b[n] < 0x40 || b[n] > 0x7e) {
				n++
			}
			if n < len(b) {
				switch b[n] {
				case 'A':
					keys = append(keys, Key{Kind: Up})
				case 'B':
					keys = append(keys, Key{Kind: Down})
				}
				n++
			}
			b = b[n:]
		case c == 0x1b:
			keys = append(keys, Key{Kind: Cancel})
			b = b[1:]
		case c == '\r' || c == '\n':
			keys = append(keys, Key{Kind: Enter})
			b = b[1:]
		case c == 0x7f || c == 0x08:
			keys = append(keys, Key{Kind: Backspace})
			b = b[1:]
		case c == 0x10: // Ctrl-P
			keys = append(keys, Key{Kind: Up})
			b = b[1:]
		case c == 0x0e || c == '\t': // Ctrl-N, Tab
			keys = append(keys, Key{Kind: Down})
			b = b[1:]
		case c == 0x15: // Ctrl-U
			keys = append(keys, Key{Kind: ClearQuery})
			b = b[1:]
		case c == 0x03 || c == 0x07 || c == 0x04: // Ctrl-C, Ctrl-G, Ctrl-D
			keys = append(keys, Key{Kind: Cancel})
			b = b[1:]
		case c < 0x20:
			b = b[1:]
		default:
			r, n := utf8.DecodeRune(b)
			if r != utf8.RuneError && unicode.IsPrint(r) {
				keys = append(keys, Key{Kind: Rune, R: r})
			}
			b = b[n:]
		}
	}
	return keys
}

// Result is what a key press decided.
type Result uint8

// The results of a key press.
const (
	Continue Result = iota
	Chosen
	Cancelled
)

// Model is the picker's state: the items, what is typed, and which match
// the cursor is on.
type Model struct {
	items   []Item
	query   []rune
	matches []int // indexes into items
	cursor  int   // index into matches
}

// New returns a model showing every item, the cursor on the first.
func New(items []Item) *Model {
	m := &Model{items: items}
	m.filter()
	return m
}

// Query is what the user typed.
func (m *Model) Query() string { return string(m.query) }

// Matches are the items the query keeps, in their order.
func (m *Model) Matches() []Item {
	out := make([]Item, len(m.matches))
	for i, j := range m.matches {
		out[i] = m.items[j]
	}
	return out
}

// Selected is the item under the cursor; false when nothing matches.
func (m *Model) Selected() (Item, bool) {
	if len(m.matches) == 0 {
		return Item{}, false
	}
	return m.items[m.matches[m.cursor]], true
}

// Press applies a key.
func (m *Model) Press(k Key) Result {
	switch k.Kind {
	case Rune:
		m.query = append(m.query, k.R)
		m.filter()
	case Backspace:
		if len(m.query) > 0 {
			m.query = m.query[:len(m.query)-1]
			m.filter()
		}
	case ClearQuery:
		m.query = nil
		m.filter()
	case Up:
		if m.cursor > 0 {
			m.cursor--
		}
	case Down:
		if m.cursor < len(m.matches)-1 {
			m.cursor++
		}
	case Enter:
		if len(m.matches) > 0 {
			return Chosen
		}
	case Cancel:
		return Cancelled
	}
	return Continue
}

// filter keeps the items that hold every word of the query, ignoring case,
// in any of their columns, and puts the cursor on the first.
func (m *Model) filter() {
	words := strings.Fields(strings.ToLower(string(m.query)))
	m.matches = m.matches[:0]
	for i, it := range m.items {
		c := it.columns()
		text := strings.ToLower(strings.Join(c[:], " "))
		ok := true
		for _, w := range words {
			if !strings.Contains(text, w) {
				ok = false
				break
			}
		}
		if ok {
			m.matches = append(m.matches, i)
		}
	}
	m.cursor = 0
}

// Prompt starts the query line.
const Prompt = "ssox profile> "

// Render draws the picker in at most height lines of width columns: a
// window of matches around the cursor (marked "> "), columns aligned over
// all items so they do not jump while filtering, then the query line, where
// the terminal's cursor stays.
func (m *Model) Render(width, height int) []string {
	widths := columnWidths(m.items)
	rows := max(height-1, 1)
	first := 0
	if m.cursor >= rows {
		first = m.cursor - rows + 1
	}
	var lines []string
	for i := first; i < len(m.matches) && i < first+rows; i++ {
		marker := "  "
		if i == m.cursor {
			marker = "> "
		}
		lines = append(lines, clip(marker+row(m.items[m.matches[i]], widths), width))
	}
	if len(m.matches) == 0 {
		lines = append(lines, clip("  no profile matches", width))
	}
	return append(lines, clip(Prompt+string(m.query), width))
}

// Lines are the items as aligned lines, the profile first: what fzf shows.
func Lines(items []Item) []string {
	widths := columnWidths(items)
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = row(it, widths)
	}
	return out
}

func columnWidths(items []Item) [4]int {
	var widths [4]int
	for _, it := range items {
		for i, c := range it.columns() {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	return widths
}

func row(it Item, widths [4]int) string {
	c := it.columns()
	var b strings.Builder
	for j, col := range c {
		b.WriteString(col)
		if j < len(c)-1 {
			b.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(col)+2))
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// clip cuts s to fewer than width runes, so no line wraps.
func clip(s string, width int) string {
	if width <= 1 {
		return s
	}
	if r := []rune(s); len(r) >= width {
		return string(r[:width-1])
	}
	return s
}
