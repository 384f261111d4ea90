package google

import (
	"reflect"
	"testing"

	"github.com/podsync/podsync/sheets"
)

func TestCellBlocks(t *testing.T) {
	c := func(r, col int, v string) sheets.CellEdit { return sheets.CellEdit{Row: r, Col: col, Value: v} }
	got := cellBlocks([]sheets.CellEdit{
		// a full rectangle B2:C3
		c(1, 1, "b2"), c(1, 2, "c2"), c(2, 1, "b3"), c(2, 2, "c3"),
		// a lone cell, then a run that does not line up with it
		c(5, 0, "a6"), c(6, 0, "a7"), c(6, 1, "b7"),
		// the same cell twice: the later edit wins
		c(9, 4, "first"), c(9, 4, "second"),
		// row 4 is not adjacent to row 2: a block of its own
		c(3, 1, "b4"), c(3, 2, "c4"),
	})
	want := []block{
		{r0: 1, c0: 1, vals: [][]any{{"b2", "c2"}, {"b3", "c3"}, {"b4", "c4"}}},
		{r0: 5, c0: 0, vals: [][]any{{"a6"}}},
		{r0: 6, c0: 0, vals: [][]any{{"a7", "b7"}}},
		{r0: 9, c0: 4, vals: [][]any{{"second"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if cellBlocks(nil) != nil {
		t.Error("blocks of nothing")
	}
}

func TestA1Range(t *testing.T) {
	for _, tc := range []struct {
		tab            string
		r0, c0, r1, c1 int
		want           string
	}{
		{"Members", 0, 0, 0, 0, "'Members'!A1"},
		{"Do Not Pair", 1, 0, 3, 2, "'Do Not Pair'!A2:C4"},
		{"Bob's", 0, 26, 0, 27, "'Bob''s'!AA1:AB1"},
	} {
		if got := a1Range(tc.tab, tc.r0, tc.c0, tc.r1, tc.c1); got != tc.want {
			t.Errorf("a1Range = %q, want %q", got, tc.want)
		}
	}
}
