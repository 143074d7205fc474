package awsconfig

import (
	"sort"
	"strings"

	"github.com/ssox/ssox/internal/visible"
)

// Closest returns up to three candidates near name, best first, for "did
// you mean" hints: a small edit distance, the same name in another case, or
// one inside the other (a prefix, a suffix: "prod" finds "dol-prod"), of at
// least three letters.
func Closest(name string, candidates []string) []string {
	type scored struct {
		s string
		d int
	}
	var hits []scored
	lname := strings.ToLower(name)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(lname, lc)
		limit := 2
		if len(name) >= 8 {
			limit = 3
		}
		if d <= limit || within(lname, lc) || within(lc, lname) {
			hits = append(hits, scored{c, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].d < hits[j].d })
	var out []string
	for i := 0; i < len(hits) && i < 3; i++ {
		out = append(out, hits[i].s)
	}
	return out
}

// within reports whether part, of three letters or more, is inside s.
func within(part, s string) bool {
	return len(part) >= 3 && strings.Contains(s, part)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// quoteList renders names as `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = `"` + visible.String(n) + `"`
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
