package google

import (
	"errors"
	"reflect"
	"testing"

	"github.com/podsync/podsync/sheets"
)

// TestFollow: each row's cells go to the row that holds its key now; rows
// added go below the last row read wherever it went; anything that cannot
// be followed is ErrRowsMoved, before anything is written.
func TestFollow(t *testing.T) {
	header := []string{"ID", "Phone", "Status"}
	c := func(r, col int, v string) sheets.CellEdit { return sheets.CellEdit{Row: r, Col: col, Value: v} }
	// Read: a, b, c on rows 1-3. The edit changes a's and c's phone and
	// adds d on row 4.
	edit := func(fixed bool, read []string) sheets.TabEdit {
		if read == nil {
			read = []string{"a", "b", "c"}
		}
		return sheets.TabEdit{Tab: "T", Rows: &sheets.RowKeys{Header: header, Cols: []int{0}, Keys: read, Fixed: fixed},
			Cells: []sheets.CellEdit{c(1, 1, "555-0101"), c(3, 1, "555-0103"), c(4, 0, "d"), c(4, 1, "555-0104")}}
	}
	for _, tc := range []struct {
		name   string
		fixed  bool
		read   []string // the key column as read (nil: a, b, c)
		header []string
		keys   []string // the key column now
		want   []sheets.CellEdit
		moved  bool
	}{
		{name: "unchanged", keys: []string{"a", "b", "c"}, want: edit(false, nil).Cells},
		{name: "unchanged, the answer to a try that went through was lost", keys: []string{"a", "b", "c", "d"}, want: edit(false, nil).Cells},
		{name: "sorted", keys: []string{"c", "a", "b"},
			want: []sheets.CellEdit{c(2, 1, "555-0101"), c(1, 1, "555-0103"), c(4, 0, "d"), c(4, 1, "555-0104")}},
		{name: "two rows inserted at the top", keys: []string{"", "", "a", "b", "c"},
			want: []sheets.CellEdit{c(3, 1, "555-0101"), c(5, 1, "555-0103"), c(6, 0, "d"), c(6, 1, "555-0104")}},
		{name: "a deleted: its cells are dropped", keys: []string{"b", "c"},
			want: []sheets.CellEdit{c(2, 1, "555-0103"), c(3, 0, "d"), c(3, 1, "555-0104")}},
		{name: "c deleted, a and b swapped", keys: []string{"b", "a"},
			want: []sheets.CellEdit{c(2, 1, "555-0101"), c(3, 0, "d"), c(3, 1, "555-0104")}},
		{name: "a keyed row typed below: d goes under it", keys: []string{"b", "a", "c", "x"},
			want: []sheets.CellEdit{c(2, 1, "555-0101"), c(3, 1, "555-0103"), c(5, 0, "d"), c(5, 1, "555-0104")}},
		{name: "a row without a key was read: new rows have no safe place", read: []string{"a", "", "c"}, keys: []string{"c", "", "a"}, moved: true},
		{name: "a fixed tab sorted", fixed: true, keys: []string{"c", "a", "b"}, moved: true},
		{name: "a fixed tab unchanged", fixed: true, keys: []string{"a", "b", "c"}, want: edit(false, nil).Cells},
		{name: "a column inserted", header: []string{"New", "ID", "Phone", "Status"}, keys: []string{"", "", ""}, moved: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.header
			if h == nil {
				h = header
			}
			got, err := follow(edit(tc.fixed, tc.read), h, [][]string{tc.keys})
			if tc.moved {
				var te *sheets.TabError
				if !errors.Is(err, sheets.ErrRowsMoved) || !errors.As(err, &te) || te.Tab != "T" || te.Fix == "" {
					t.Fatalf("got %v, %v; want ErrRowsMoved naming the tab and what to do", got, err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, %v\nwant %v", got, err, tc.want)
			}
		})
	}
}
