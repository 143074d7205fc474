package setup

import (
	"fmt"
	"strings"
)

// maxTable bounds the LCS table (cells) of the part of two texts that
// differs; beyond it the whole part is shown as removed, then added.
const maxTable = 1 << 22

type diffOp struct {
	kind   byte // ' ', '-', '+'
	line   string
	ai, bi int // line numbers (0-based) in a and b where the op stands
}

// Diff returns a unified diff (three lines of context) from a to b, or ""
// when they are equal. The lines both texts begin and end with are set
// aside first, so a config of thousands of profiles costs a table only as
// large as the part that changed.
func Diff(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []diffOp
	for k := range pre {
		ops = append(ops, diffOp{' ', x[k], k, k})
	}
	ops = append(ops, middleOps(x[pre:len(x)-suf], y[pre:len(y)-suf], pre)...)
	for k := range suf {
		i, j := len(x)-suf+k, len(y)-suf+k
		ops = append(ops, diffOp{' ', x[i], i, j})
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	const context = 3
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		// A hunk: from context lines before this change to context lines
		// after the last change that is at most 2*context lines away.
		start := max(0, k-context)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		var na, nb int
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ops[start].ai, na), hunkRange(ops[start].bi, nb))
		for _, o := range ops[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.line)
			out.WriteByte('\n')
		}
		k = end
	}
	return out.String()
}

// middleOps diffs the lines between the common beginning and end, which
// stand at line off of both texts.
func middleOps(x, y []string, off int) []diffOp {
	var ops []diffOp
	if (len(x)+1)*(len(y)+1) > maxTable {
		for k, l := range x {
			ops = append(ops, diffOp{'-', l, off + k, off})
		}
		for k, l := range y {
			ops = append(ops, diffOp{'+', l, off + len(x), off + k})
		}
		return ops
	}
	// lcs[i][j] is the length of the longest common subsequence of x[i:], y[j:].
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, diffOp{' ', x[i], off + i, off + j})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			// Deletions first, as diff -u prints them.
			ops = append(ops, diffOp{'-', x[i], off + i, off + j})
			i++
		default:
			ops = append(ops, diffOp{'+', y[j], off + i, off + j})
			j++
		}
	}
	return ops
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
