package sheets

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/podsync/podsync/matching"
)

// Record is one row podsync wants on a tab, by column name. Columns a record
// does not name are written empty (podsync columns) or left alone
// (organizer columns).
type Record map[string]string

// HeaderIndex maps folded header names to column positions. Lookups fold
// case and white space, because organizers retype headers.
type HeaderIndex struct {
	tab   string
	pos   map[string][]int
	names []string
}

// NewHeaderIndex indexes a tab's header row.
func NewHeaderIndex(tab string, header []string) *HeaderIndex {
	h := &HeaderIndex{tab: tab, pos: map[string][]int{}, names: header}
	for i, name := range header {
		k := matching.Fold(name)
		if k == "" {
			continue
		}
		h.pos[k] = append(h.pos[k], i)
	}
	return h
}

// Find returns the column of name, -1 when absent, or an error when two
// columns carry the name.
func (h *HeaderIndex) Find(name string) (int, error) {
	ps := h.pos[matching.Fold(name)]
	switch len(ps) {
	case 0:
		return -1, nil
	case 1:
		return ps[0], nil
	}
	return -1, &TabError{Tab: h.tab, Column: name,
		Err: fmt.Errorf("header appears in both column %s and column %s", ColLetter(ps[0]), ColLetter(ps[1])),
		Fix: "rename or delete one of them"}
}

// uniqueKeys are the tabs whose rows each carry an ID of their own: an ID on
// two rows (pasted by hand) is an error rather than a silent pick of one.
// Matches is not among them: an organizer may copy a match row (to record
// a decision next to podsync's proposal, say), and matching already reads
// rows sharing a Match ID by design (see pod.ParseMatches and propose.Matches).
// Pairings rows are keyed by round and position, which repeat by design.
var uniqueKeys = map[string]bool{TabMembers: true, TabResponses: true}

// Diff computes the edit that makes table t (nil when the tab does not
// exist) hold want, touching only podsync columns. It never reorders or
// drops columns, never writes organizer columns on existing rows, and keeps
// rows whose key is empty or, when spec.Generated says so, not one podsync
// makes (rows organizers typed by hand).
func Diff(t *Table, spec TabSpec, want []Record) (TabEdit, error) {
	edit := TabEdit{Tab: spec.Name}
	cols := spec.Columns
	if t == nil {
		t = &Table{Name: spec.Name}
		edit.Create = true
		edit.Hidden = spec.Name == TabState
	}
	if spec.Stale == Regenerate {
		return regenerate(edit, t, spec, want), nil
	}
	header := append([]string(nil), t.Header...)
	idx := NewHeaderIndex(spec.Name, header)
	hasData := false
	for _, r := range t.Rows {
		if !BlankRow(r) {
			hasData = true
			break
		}
	}
	pos := make(map[string]int, len(cols))
	for _, c := range cols {
		p, err := idx.Find(c.Name)
		if err != nil {
			return edit, err
		}
		if p < 0 {
			if c.Required && hasData {
				return edit, &TabError{Tab: spec.Name, Column: c.Name,
					Err: errors.New("required column is missing (renamed or deleted?)"),
					Fix: fmt.Sprintf("name a column %q again in row 1, or delete the tab so podsync recreates it", c.Name)}
			}
			p = len(header)
			header = append(header, c.Name)
			edit.Cells = append(edit.Cells, CellEdit{Row: 0, Col: p, Value: c.Name})
		}
		pos[c.Name] = p
	}

	keyOf := func(get func(col string) string, seen map[string]int) string {
		parts := make([]string, 0, len(spec.Key)+1)
		blank := true
		for _, k := range spec.Key {
			v := strings.TrimSpace(get(k))
			if v != "" {
				blank = false
			}
			parts = append(parts, v)
		}
		if blank {
			return ""
		}
		k := strings.Join(parts, "\x00")
		if spec.Ordinal {
			seen[k]++
			k += "\x00#" + strconv.Itoa(seen[k])
		}
		return k
	}

	existing := map[string]int{} // key -> index in t.Rows
	seen := map[string]int{}
	for i, r := range t.Rows {
		k := keyOf(func(col string) string { return CellAt(r, pos[col]) }, seen)
		if k == "" {
			continue
		}
		if first, dup := existing[k]; dup {
			if uniqueKeys[spec.Name] {
				// Diff would write to the first row only, and the
				// organizer's edit on the other would be dropped.
				return edit, &TabError{Tab: spec.Name, Row: i + 2, Column: spec.Key[0],
					Err: fmt.Errorf("%s %q is on rows %d and %d", spec.Key[0], strings.TrimSpace(CellAt(r, pos[spec.Key[0]])), first+2, i+2),
					Fix: fmt.Sprintf("each row needs its own ID: row %d has it too; restore the ID podsync wrote or clear it", first+2)}
			}
			continue
		}
		existing[k] = i
	}

	// The keys podsync wants, first, so that stale rows are known before
	// new records are placed.
	wanted := map[string]bool{}
	seen = map[string]int{}
	for _, rec := range want {
		if k := keyOf(func(col string) string { return rec[col] }, seen); k != "" {
			wanted[k] = true
		}
	}

	// Stale rows: keyed rows podsync no longer wants that hold nothing but
	// what podsync wrote. New records take their places first (rewriting a
	// row in place is one values:batchUpdate, where removing it and adding
	// another costs a spreadsheets:batchUpdate too); the rest are deleted.
	var stale []int // indexes in t.Rows, ascending
	var noted []int // stale rows kept for what organizers wrote on them
	if spec.Stale == DeleteStale {
		known := map[int]bool{}
		for _, p := range pos {
			known[p] = true
		}
		for k, i := range existing {
			if wanted[k] {
				continue
			}
			if !generated(spec, t.Rows[i], pos) {
				continue // a row an organizer keyed by hand: theirs
			}
			keep := false
			for c, v := range t.Rows[i] {
				if strings.TrimSpace(v) == "" {
					continue
				}
				if !known[c] || organizerWrote(cols, header, c, v) {
					keep = true // someone wrote on this row: it is theirs now
					break
				}
			}
			if !keep {
				stale = append(stale, i)
			} else {
				noted = append(noted, i)
			}
		}
		slices.Sort(stale)
		slices.Sort(noted)
	}

	placed := map[string]bool{}
	seen = map[string]int{}
	next := len(t.Rows) + 1 // sheet row (0 = header) of the next new row
	newRows, changed := 0, 0
	for _, rec := range want {
		k := keyOf(func(col string) string { return rec[col] }, seen)
		if k == "" {
			continue
		}
		if placed[k] {
			continue // the first record with a key wins; callers dedupe
		}
		placed[k] = true
		if i, ok := existing[k]; ok {
			rowChanged := false
			for _, c := range cols {
				if c.Owner != Podsync {
					continue
				}
				if v := rec[c.Name]; CellAt(t.Rows[i], pos[c.Name]) != v {
					edit.Cells = append(edit.Cells, CellEdit{Row: i + 1, Col: pos[c.Name], Value: v})
					rowChanged = true
				}
			}
			if rowChanged {
				changed++
			}
			continue
		}
		var old []string // the stale row this record takes over, if any
		row := next
		if len(stale) > 0 && !spec.Log {
			old, row = t.Rows[stale[0]], stale[0]+1
			stale = stale[1:]
		} else {
			next++
		}
		for _, c := range cols {
			v := rec[c.Name]
			if c.Owner == Organizer {
				if ov, ok := rec[c.Name]; ok {
					v = ov
				} else {
					v = c.Initial
				}
			}
			if CellAt(old, pos[c.Name]) != v {
				edit.Cells = append(edit.Cells, CellEdit{Row: row, Col: pos[c.Name], Value: v})
				edit.Initial = edit.Initial || c.Owner == Organizer
			}
		}
		newRows++
	}
	// A kept stale row says it is no longer podsync's proposal, in the
	// podsync column the spec names (never in an organizer column).
	if note := spec.StaleNote; note.Column != "" {
		if p, ok := pos[note.Column]; ok && podsyncColumn(cols, note.Column) {
			for _, i := range noted {
				if CellAt(t.Rows[i], p) != note.Text {
					edit.Cells = append(edit.Cells, CellEdit{Row: i + 1, Col: p, Value: note.Text})
					changed++
				}
			}
		}
	}
	if !edit.Create && len(edit.Cells) > 0 {
		edit.Rows = rowKeys(t, spec, pos, spec.Ordinal)
	}
	for _, i := range stale {
		edit.DeleteRows = append(edit.DeleteRows, i+1)
		if edit.DeleteWas == nil {
			edit.DeleteWas = map[int][]string{}
		}
		edit.DeleteWas[i+1] = slices.Clone(t.Rows[i])
	}

	var parts []string
	if edit.Create {
		parts = append(parts, "new tab")
	}
	if newRows > 0 {
		parts = append(parts, Plural(newRows, "new row"))
	}
	if changed > 0 {
		parts = append(parts, Plural(changed, "changed row"))
	}
	if n := len(edit.DeleteRows); n > 0 {
		parts = append(parts, Plural(n, "removed row"))
	}
	if len(parts) == 0 && len(edit.Cells) > 0 {
		parts = append(parts, "header updated")
	}
	edit.Summary = strings.Join(parts, ", ")
	return edit, nil
}

// regenerate is Diff for a tab podsync owns whole: the header row is the
// spec's columns in order, then one row per record, and every other cell
// that holds something is cleared. Only cells that differ are written.
// Rows past the wanted ones are cleared rather than deleted, so a
// shrinking Directory costs no extra request on Google Sheets.
func regenerate(edit TabEdit, t *Table, spec TabSpec, want []Record) TabEdit {
	grid := make([][]string, 0, len(want)+1)
	head := make([]string, len(spec.Columns))
	for i, c := range spec.Columns {
		head[i] = c.Name
	}
	grid = append(grid, head)
	for _, rec := range want {
		row := make([]string, len(spec.Columns))
		for i, c := range spec.Columns {
			row[i] = rec[c.Name]
		}
		grid = append(grid, row)
	}
	have := append([][]string{t.Header}, t.Rows...)
	added, changed, cleared := 0, 0, 0
	for r := 0; r < max(len(grid), len(have)); r++ {
		var w, h []string
		if r < len(grid) {
			w = grid[r]
		}
		if r < len(have) {
			h = have[r]
		}
		rowChanged := false
		for c := 0; c < max(len(w), len(h)); c++ {
			if v := CellAt(w, c); v != CellAt(h, c) {
				edit.Cells = append(edit.Cells, CellEdit{Row: r, Col: c, Value: v})
				rowChanged = true
			}
		}
		switch {
		case !rowChanged || r == 0:
		case r >= len(have) || BlankRow(h):
			added++
		case r >= len(grid):
			cleared++
		default:
			changed++
		}
	}
	if !edit.Create && len(edit.Cells) > 0 && len(spec.Key) > 0 {
		// Rows are numbered by position: moved ones cannot be followed.
		p, _ := NewHeaderIndex(spec.Name, t.Header).Find(spec.Key[0])
		edit.Rows = rowKeys(t, spec, map[string]int{spec.Key[0]: max(p, 0)}, true)
	}
	var parts []string
	if edit.Create {
		parts = append(parts, "new tab")
	}
	if added > 0 {
		parts = append(parts, Plural(added, "new row"))
	}
	if changed > 0 {
		parts = append(parts, Plural(changed, "changed row"))
	}
	if cleared > 0 {
		parts = append(parts, Plural(cleared, "cleared row"))
	}
	if len(parts) == 0 && len(edit.Cells) > 0 {
		parts = append(parts, "header rewritten")
	}
	edit.Summary = strings.Join(parts, ", ")
	return edit
}

// rowKeys records t's keys (spec.Key at pos) for TabEdit.Rows.
func rowKeys(t *Table, spec TabSpec, pos map[string]int, fixed bool) *RowKeys {
	rk := &RowKeys{Header: slices.Clone(t.Header), Keys: make([]string, len(t.Rows)), Fixed: fixed}
	for _, k := range spec.Key {
		rk.Cols = append(rk.Cols, pos[k])
	}
	parts := make([]string, len(rk.Cols))
	for i, r := range t.Rows {
		for j, c := range rk.Cols {
			parts[j] = CellAt(r, c)
		}
		rk.Keys[i] = RowKey(parts...)
	}
	return rk
}

// podsyncColumn reports whether the spec's column name is podsync's.
func podsyncColumn(cols []Column, name string) bool {
	for _, c := range cols {
		if c.Name == name {
			return c.Owner == Podsync
		}
	}
	return false
}

// generated reports whether row's key is one podsync makes (see
// TabSpec.Generated).
func generated(spec TabSpec, row []string, pos map[string]int) bool {
	if spec.Generated == nil {
		return true
	}
	parts := make([]string, len(spec.Key))
	for i, k := range spec.Key {
		parts[i] = strings.TrimSpace(CellAt(row, pos[k]))
	}
	return spec.Generated(strings.Join(parts, " "))
}

// organizerWrote reports whether value v in column c is an organizer's
// doing: anything in an organizer column other than the initial value
// podsync itself put there.
func organizerWrote(cols []Column, header []string, c int, v string) bool {
	if c >= len(header) {
		return true
	}
	for _, col := range cols {
		if col.Owner == Organizer && matching.Fold(col.Name) == matching.Fold(header[c]) {
			return matching.Fold(v) != matching.Fold(col.Initial)
		}
	}
	return false
}

// CellAt returns cell c of row r, or "" past its end (a sheet drops
// trailing empty cells).
func CellAt(r []string, c int) string {
	if c < 0 || c >= len(r) {
		return ""
	}
	return r[c]
}

// BlankRow reports whether every cell of r is blank.
func BlankRow(r []string) bool {
	for _, v := range r {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Plural says n of a noun: "1 row", "3 rows".
func Plural(n int, s string) string {
	if n == 1 {
		return "1 " + s
	}
	return fmt.Sprintf("%d %ss", n, s)
}
