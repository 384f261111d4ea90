package google

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/podsync/podsync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// Writes to Sheets are addressed by position, and organizers sort, insert
// and delete rows while podsync runs. So just before every try of a write
// (the first, and each retry after a 429 or a 5xx, which may come seconds
// later), locate reads again, in one values:batchGet, the header and key
// column of every tab the write edits, and moves each row's cells to the
// row that holds its key now (TabEdit.Rows). The same request re-reads the
// rows to be deleted (TabEdit.DeleteWas), so a busy cycle pays one request
// for both.

// locate returns the edits with each cell on the row that holds its key
// now, and without the deletions of rows that changed since they were
// read. A tab whose rows moved in a way that cannot be followed fails the
// whole write with ErrRowsMoved, before anything is written. Called with
// s.mu held.
func (s *Store) locate(ctx context.Context, edits []sheets.TabEdit) ([]sheets.TabEdit, error) {
	var ranges []string
	keysAt := map[int]int{} // edit → index of its header range; its key columns follow
	type del struct{ e, row int }
	var dels []del
	var delAt []int // the range of each of dels
	for i, e := range edits {
		t := s.tab(e.Tab)
		if t == nil {
			continue
		}
		tab := quoteTab(t.title)
		if e.Rows != nil && len(e.Cells) > 0 {
			keysAt[i] = len(ranges)
			ranges = append(ranges, tab+"!1:1")
			for _, c := range e.Rows.Cols {
				col := sheets.ColLetter(c)
				ranges = append(ranges, fmt.Sprintf("%s!%s2:%s", tab, col, col))
			}
		}
		for _, r := range e.DeleteRows {
			if _, ok := e.DeleteWas[r]; ok {
				delAt = append(delAt, len(ranges))
				ranges = append(ranges, fmt.Sprintf("%s!%d:%d", tab, r+1, r+1))
				dels = append(dels, del{i, r})
			}
		}
	}
	if len(ranges) == 0 {
		return edits, nil
	}
	resp, err := s.svc.Spreadsheets.Values.BatchGet(s.id).Ranges(ranges...).
		ValueRenderOption("FORMATTED_VALUE").MajorDimension("ROWS").Context(ctx).Do()
	if err != nil {
		return nil, s.c.fail("check rows before writing", singleTab(edits), s.target(), err)
	}
	if resp == nil || len(resp.ValueRanges) != len(ranges) {
		return nil, &sheets.OpError{Op: "check rows before writing", Err: notJSON(fmt.Sprintf("%d ranges for the %d asked", lenRanges(resp), len(ranges)))}
	}
	out := slices.Clone(edits)
	for i := range out {
		first, ok := keysAt[i]
		if !ok {
			continue
		}
		header := firstRow(resp.ValueRanges[first])
		cols := make([][]string, len(out[i].Rows.Cols))
		for j := range cols {
			cols[j] = column(resp.ValueRanges[first+1+j])
		}
		cells, err := follow(out[i], header, cols)
		if err != nil {
			return nil, err
		}
		out[i].Cells = cells
	}
	changed := map[del]bool{}
	for n, d := range dels {
		if !sameRow(firstRow(resp.ValueRanges[delAt[n]]), edits[d.e].DeleteWas[d.row]) {
			changed[d] = true
		}
	}
	for i := range out {
		if len(changed) == 0 {
			break
		}
		var keep []int
		for _, r := range out[i].DeleteRows {
			if !changed[del{i, r}] {
				keep = append(keep, r)
			}
		}
		out[i].DeleteRows = keep
	}
	return out, nil
}

func lenRanges(r *sheetsapi.BatchGetValuesResponse) int {
	if r == nil {
		return 0
	}
	return len(r.ValueRanges)
}

// firstRow is the first row of a range as text (nil for none).
func firstRow(vr *sheetsapi.ValueRange) []string {
	if vr == nil || len(vr.Values) == 0 {
		return nil
	}
	out := make([]string, len(vr.Values[0]))
	for i, v := range vr.Values[0] {
		out[i] = cellString(v)
	}
	return out
}

// column is a one-column range as text, one value a row.
func column(vr *sheetsapi.ValueRange) []string {
	if vr == nil {
		return nil
	}
	out := make([]string, len(vr.Values))
	for i, row := range vr.Values {
		if len(row) > 0 {
			out[i] = cellString(row[0])
		}
	}
	return out
}

// follow moves e's cells to the rows that hold their keys now, given the
// tab's header row and key columns (cols[j][i]: key column j of data row
// i+1) as they are now. The header must be as read (or as e writes it:
// a try whose answer was lost went through). Rows are as read when every
// row holds the key it was read with or the one e writes on it; otherwise
// each existing row's cells follow its key (dropped when no row holds it
// any more: an organizer deleted it), rows e adds go below the last keyed
// row, and ErrRowsMoved is returned for anything else: a tab whose rows cannot
// be followed (RowKeys.Fixed), rows added where a row is now, two rows
// landing on one.
func follow(e sheets.TabEdit, header []string, cols [][]string) ([]sheets.CellEdit, error) {
	rk := e.Rows
	moved := func() error {
		return &sheets.TabError{Tab: e.Tab, Err: sheets.ErrRowsMoved,
			Fix: "podsync wrote nothing; sync again and it writes to the rows where they are now (a daemon does so at its next cycle)"}
	}
	after := slices.Clone(rk.Header)
	writes := map[int][]string{} // row → its key parts as e writes them
	last := 0                    // the last row e writes
	for _, c := range e.Cells {
		last = max(last, c.Row)
		if c.Row == 0 {
			for len(after) <= c.Col {
				after = append(after, "")
			}
			after[c.Col] = c.Value
			continue
		}
		for j, kc := range rk.Cols {
			if c.Col != kc {
				continue
			}
			parts, ok := writes[c.Row]
			if !ok {
				parts = keyParts(keyAt(rk, c.Row), len(rk.Cols))
				writes[c.Row] = parts
			}
			parts[j] = c.Value
		}
	}
	if !sameRow(header, rk.Header) && !sameRow(header, after) {
		return nil, moved()
	}
	n := max(len(rk.Keys), last)
	for _, c := range cols {
		n = max(n, len(c))
	}
	now := func(r int) string {
		parts := make([]string, len(cols))
		for j, c := range cols {
			parts[j] = sheets.CellAt(c, r-1)
		}
		return sheets.RowKey(parts...)
	}
	wrote := func(r int) string {
		if p, ok := writes[r]; ok {
			return sheets.RowKey(p...)
		}
		return keyAt(rk, r)
	}
	still := true
	for r := 1; r <= n && still; r++ {
		k := now(r)
		still = k == keyAt(rk, r) || k == wrote(r)
	}
	if still {
		return e.Cells, nil
	}
	if rk.Fixed {
		return nil, moved()
	}
	at := map[string]int{} // key → the first row holding it now
	for r := n; r >= 1; r-- {
		if k := now(r); k != "" {
			at[k] = r
		}
	}
	// Rows e adds go below the last keyed row now, as they went below
	// the last row read. Only when every row read had a key: a row
	// without one (an organizer's) may have been sorted to the bottom,
	// where a new row would be written over it.
	shift, anchored := 0, len(rk.Keys) > 0 && !slices.Contains(rk.Keys, "")
	if anchored {
		end := 0
		for r := n; r >= 1 && end == 0; r-- {
			if now(r) != "" {
				end = r
			}
		}
		shift = end - len(rk.Keys)
	}
	to := map[int]int{}   // row as read → row now (-1: gone)
	from := map[int]int{} // row now → row as read
	out := make([]sheets.CellEdit, 0, len(e.Cells))
	for _, c := range e.Cells {
		if c.Row == 0 {
			out = append(out, c)
			continue
		}
		q, ok := to[c.Row]
		if !ok {
			was, will := keyAt(rk, c.Row), wrote(c.Row)
			switch {
			case was != "":
				q = -1
				if p, found := at[was]; found {
					q = p
				} else if p, found := at[will]; found && will != "" {
					q = p
				}
			case c.Row > len(rk.Keys) && anchored:
				q = c.Row + shift
				if k := now(q); k != "" && k != will {
					return nil, moved()
				}
			default:
				return nil, moved()
			}
			if q > 0 {
				if r, dup := from[q]; dup && r != c.Row {
					return nil, moved()
				}
				from[q] = c.Row
			}
			to[c.Row] = q
		}
		if q < 0 {
			continue
		}
		c.Row = q
		out = append(out, c)
	}
	return out, nil
}

// keyAt is the key row r (1 = first data row) was read with.
func keyAt(rk *sheets.RowKeys, r int) string {
	if r >= 1 && r <= len(rk.Keys) {
		return rk.Keys[r-1]
	}
	return ""
}

// keyParts splits a RowKey into its n cells.
func keyParts(key string, n int) []string {
	parts := make([]string, n)
	if key != "" {
		copy(parts, strings.Split(key, "\x00"))
	}
	return parts
}

// errNothingLeft is what a rebuilt request says when, read again, none of
// it is still to be done (the try whose answer was lost did it all).
var errNothingLeft = errors.New("nothing left to do")
