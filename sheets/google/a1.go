package google

import (
	"sort"
	"strconv"
	"strings"

	"github.com/podsync/podsync/sheets"
)

// quoteTab quotes a tab name for an A1 range ('Do Not Pair'), doubling
// any quote inside the name.
func quoteTab(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// a1Range is the A1 range of rows r0..r1 and columns c0..c1 of tab
// (0-based, inclusive): 'Do Not Pair'!A2:C4, or 'Members'!A1 for one cell.
func a1Range(tab string, r0, c0, r1, c1 int) string {
	s := quoteTab(tab) + "!" + sheets.ColLetter(c0) + strconv.Itoa(r0+1)
	if r1 == r0 && c1 == c0 {
		return s
	}
	return s + ":" + sheets.ColLetter(c1) + strconv.Itoa(r1+1)
}

// block is a rectangle of cell values at (r0, c0).
type block struct {
	r0, c0 int
	vals   [][]any
}

// cellBlocks groups cell edits into rectangles: runs of adjacent cells in a
// row, and runs of rows with the same columns stacked into one block. Only
// the cells edited are covered. A later edit of the same cell wins.
func cellBlocks(cells []sheets.CellEdit) []block {
	if len(cells) == 0 {
		return nil
	}
	type key struct{ r, c int }
	val := make(map[key]string, len(cells))
	for _, c := range cells {
		val[key{c.Row, c.Col}] = c.Value
	}
	keys := make([]key, 0, len(val))
	for k := range val {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].r != keys[j].r {
			return keys[i].r < keys[j].r
		}
		return keys[i].c < keys[j].c
	})
	type span struct{ c0, c1 int }
	var out []*block
	active := map[span]*block{} // blocks ending on the previous row
	next := map[span]*block{}
	row := keys[0].r
	flushRow := func() {
		active, next = next, map[span]*block{}
	}
	for i := 0; i < len(keys); {
		r := keys[i].r
		if r != row {
			if r != row+1 {
				next = map[span]*block{}
			}
			flushRow()
			row = r
		}
		j := i
		for j+1 < len(keys) && keys[j+1].r == r && keys[j+1].c == keys[j].c+1 {
			j++
		}
		sp := span{keys[i].c, keys[j].c}
		vals := make([]any, 0, j-i+1)
		for k := i; k <= j; k++ {
			vals = append(vals, val[keys[k]])
		}
		if b, ok := active[sp]; ok && b.r0+len(b.vals) == r {
			b.vals = append(b.vals, vals)
			next[sp] = b
		} else {
			b := &block{r0: r, c0: sp.c0, vals: [][]any{vals}}
			out = append(out, b)
			next[sp] = b
		}
		i = j + 1
	}
	res := make([]block, len(out))
	for i, b := range out {
		res[i] = *b
	}
	return res
}
