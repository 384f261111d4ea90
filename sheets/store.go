// Package sheets is the contract between podsync and a pod's spreadsheet:
// the Store interface a backend implements (sheets/xlsx for a local
// workbook, sheets/google for Google Sheets), the Plan of edits a cycle asks
// it to apply, the errors that name a tab, row and column, the pod's tab
// layout (schema.go: every tab and column title as a named constant), and
// Diff, the only code that decides what to write.
//
// Every write goes through a Plan computed by Diff: cells are addressed by
// header name, only podsync-owned columns are ever written, and rows are
// keyed by a stable ID, so a cycle that is repeated — or killed half-way and
// redone — converges to the same sheet. The package imports no backend
// library; sheets/storetest is the suite every backend passes.
package sheets

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Table is one tab as read: its header row and data rows, every cell as the
// text shown in the sheet. Rows[i] is sheet row i+2 (row 1 is the header).
// Rows may be ragged; missing trailing cells read as "".
type Table struct {
	Name   string
	Header []string
	Rows   [][]string
}

// Cell returns row r, column c, or "" past the end.
func (t *Table) Cell(r, c int) string {
	if r < 0 || r >= len(t.Rows) || c < 0 || c >= len(t.Rows[r]) {
		return ""
	}
	return t.Rows[r][c]
}

// Store is the contract every pod backend implements. It is deliberately
// small and batch-shaped: a sync cycle reads every tab it needs in one call
// and writes every change in one call, which is what keeps the Google backend
// inside its request quota.
type Store interface {
	// Read returns the named tabs. A tab that does not exist is absent from
	// the map, not an error.
	Read(ctx context.Context, tabs ...string) (map[string]*Table, error)
	// Apply makes the plan's changes. Cell values are written as text, never
	// parsed as numbers or formulas. Applying the same plan twice leaves the
	// same sheet.
	Apply(ctx context.Context, p *Plan) error
}

// Plan is every change one cycle makes, tab by tab.
type Plan struct {
	Tabs []TabEdit
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool {
	for _, t := range p.Tabs {
		if !t.Empty() {
			return false
		}
	}
	return true
}

// CellCount is the number of cells the plan writes.
func (p *Plan) CellCount() int {
	n := 0
	for _, t := range p.Tabs {
		n += len(t.Cells)
	}
	return n
}

// TabEdit is the change to one tab. Row and column numbers are 0-based and
// count the header as row 0, as read before the edit. Cells are written
// first, then DeleteRows are removed, highest first.
type TabEdit struct {
	Tab        string
	Create     bool // the tab does not exist yet
	Hidden     bool // with Create: hide the tab (podsync's own state)
	Cells      []CellEdit
	DeleteRows []int // sheet rows (1 = first data row), ascending
	// DeleteWas holds each deleted row's cells as they were read, by the
	// row numbers of DeleteRows. A store that people edit while podsync
	// runs (Google Sheets) checks them just before deleting and keeps a
	// row that changed in between: an organizer's late edit, or rows
	// shifted by one they inserted. Nil: delete without checking.
	DeleteWas map[int][]string
	// Initial says Cells put organizer columns' initial values (Active
	// "Yes") on rows the edit adds. Once written, those cells are the
	// organizers' to change, so a store must not repeat such a write when
	// it cannot tell whether it took effect (Google Sheets after a dropped
	// response): the repeat would undo an organizer's edit made since.
	// The cycle fails and is redone from a fresh read instead.
	Initial bool
	// Rows, when set, says which row held which key when the tab was
	// read, so that a store people edit while podsync runs (Google
	// Sheets) can find each row again just before it writes, and follow
	// rows an organizer sorted or inserted in between. A store that
	// nobody edits during a sync may ignore it. Nil: write by position.
	Rows *RowKeys
	// Summary says in a line what changed, for --dry-run.
	Summary string
	// Remove deletes the whole tab (one of the Occasional tabs, once the
	// pod no longer needs it); the edit holds nothing else. Removing a
	// tab that is not there does nothing.
	Remove bool
}

// RowKeys is a tab's key column(s) as read, for TabEdit.Rows.
type RowKeys struct {
	// Header is row 1 as read: the key columns are where it says only
	// while it is unchanged.
	Header []string
	// Cols are the key columns, 0-based.
	Cols []int
	// Keys[i] is sheet row i+2's key (data row i+1 of the edit's
	// numbering), as RowKey makes it from the key cells; "" for a row
	// without one. len(Keys) is the number of data rows read.
	Keys []string
	// Fixed: the rows cannot be followed by key, because their keys
	// repeat by design (Pairings: a round's rows) or the tab is numbered
	// by position (Directory). A store that sees such a tab's rows moved
	// must not write it (ErrRowsMoved).
	Fixed bool
}

// RowKey joins a row's key cells, trimmed, into the key RowKeys holds;
// "" when every one is blank.
func RowKey(parts ...string) string {
	blank := true
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = strings.TrimSpace(p)
		if out[i] != "" {
			blank = false
		}
	}
	if blank {
		return ""
	}
	return strings.Join(out, "\x00")
}

// ErrRowsMoved is returned (wrapped in a TabError) by a store that finds,
// just before writing, that rows of a tab moved since the cycle read it in
// a way it cannot follow. Nothing is written; the cycle is redone from a
// fresh read.
var ErrRowsMoved = errors.New("rows moved (sorted, inserted or deleted) while podsync was writing")

// Empty reports whether the edit changes nothing.
func (e *TabEdit) Empty() bool {
	return !e.Create && !e.Remove && len(e.Cells) == 0 && len(e.DeleteRows) == 0
}

// CellEdit writes one cell.
type CellEdit struct {
	Row, Col int
	Value    string
}

// A1 returns the cell's A1 reference, e.g. "C12".
func (c CellEdit) A1() string { return ColLetter(c.Col) + fmt.Sprint(c.Row+1) }

// ColLetter returns the column letters of a 0-based column index: 0 → "A",
// 26 → "AA".
func ColLetter(c int) string {
	var b []byte
	for c >= 0 {
		b = append([]byte{byte('A' + c%26)}, b...)
		c = c/26 - 1
	}
	return string(b)
}

// ErrNotPod is returned (wrapped) when a file or spreadsheet cannot be a pod
// at all, e.g. a workbook that is not an xlsx file.
var ErrNotPod = errors.New("not a pod spreadsheet")

// OpError is an error with the operation and tab it happened in, so the
// user reads "sheets: read tab "Matches": …".
type OpError struct {
	Op  string // "read", "write", "open", …
	Tab string // may be empty
	Err error
}

func (e *OpError) Error() string {
	if e.Tab != "" {
		return fmt.Sprintf("sheets: %s tab %q: %v", e.Op, e.Tab, e.Err)
	}
	return fmt.Sprintf("sheets: %s: %v", e.Op, e.Err)
}

func (e *OpError) Unwrap() error { return e.Err }

// TabError says what is wrong with a tab's layout and what to do about it.
type TabError struct {
	Tab    string
	Row    int    // sheet row, 1-based; 0 when not about a row
	Column string // header name; "" when not about a column
	Err    error
	Fix    string // what the organizer should do
}

func (e *TabError) Error() string {
	s := fmt.Sprintf("tab %q", e.Tab)
	if e.Row > 0 {
		s += fmt.Sprintf(", row %d", e.Row)
	}
	if e.Column != "" {
		s += fmt.Sprintf(", column %q", e.Column)
	}
	s += ": " + e.Err.Error()
	if e.Fix != "" {
		s += "; " + e.Fix
	}
	return s
}

func (e *TabError) Unwrap() error { return e.Err }

// SortedTabs returns the plan's tab names, for printing.
func (p *Plan) SortedTabs() []string {
	var out []string
	for _, t := range p.Tabs {
		out = append(out, t.Tab)
	}
	sort.Strings(out)
	return out
}
