package xlsx

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/xuri/excelize/v2"
)

// A workbook that reads well in Excel and LibreOffice, as a Google pod
// does: a bold frozen header row, columns as wide as what they hold (up to
// maxWidth), long text wrapped, and the dropdowns Google gives the decision
// columns. Formatting is only added where nobody formatted before: a column
// with a width of its own keeps it, a cell with a style of its own keeps
// it, a column with a validation of its own keeps it.
const (
	minWidth   = 8
	maxWidth   = 50
	notesWidth = 30 // an empty long-text column's, for organizers to type in
	// excelWidth is a column's width when none is set (excelize's, Excel's).
	excelWidth = 9.140625
)

// wrapped are the columns of long text people write, wrapped whatever their
// length; any other column holding a text wider than maxWidth is too.
var wrapped = map[string]bool{
	sheets.ColNeedDetails: true, sheets.ColOfferDetails: true, sheets.ColWhy: true, sheets.ColNotes: true,
	sheets.ColInterests: true, sheets.ColReason: true, sheets.ColAbout: true, sheets.ColWaiting: true,
	sheets.ColHelpersOffering: true, sheets.ColOpenNeeds: true,
}

// dropdown is the list an organizer column's cells choose from, as the
// Google store sets it (sheets/google statusChoices). free lets a cell hold
// another value: Active also takes "Paused until 2027-01-15".
type dropdown struct {
	choices []string
	free    bool
	help    string
}

var dropdowns = map[[2]string]dropdown{
	{sheets.TabMatches, sheets.ColStatus}:  {choices: names(matching.Proposed, matching.Accepted, matching.Done, matching.Declined)},
	{sheets.TabPairings, sheets.ColStatus}: {choices: names(matching.Planned, matching.Met, matching.Skipped)},
	{sheets.TabMembers, sheets.ColActive}: {choices: names(matching.Active, matching.Paused, matching.Left), free: true,
		help: "or type Paused until YYYY-MM-DD"},
}

func names[T fmt.Stringer](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// layout is what a tab's edit says about its columns: the header cells it
// writes and the widest text it writes in each column below the header.
type layout struct {
	header map[int]string
	widest map[int]int
	maxCol int
}

func layoutOf(e *sheets.TabEdit) layout {
	l := layout{header: map[int]string{}, widest: map[int]int{}, maxCol: -1}
	for _, c := range e.Cells {
		l.maxCol = max(l.maxCol, c.Col)
		if c.Row == 0 {
			l.header[c.Col] = c.Value
			continue
		}
		l.widest[c.Col] = max(l.widest[c.Col], textWidth(c.Value))
	}
	return l
}

// textWidth is the width of a text's longest line, in characters.
func textWidth(s string) int {
	w := 0
	for line := range strings.SplitSeq(s, "\n") {
		w = max(w, utf8.RuneCountInString(line))
	}
	return w
}

// wraps reports whether column c (titled name) is one of long text.
func (l layout) wraps(c int, name string) bool {
	return wrapped[name] || l.widest[c] > maxWidth
}

// looks adds the layout to the tabs a plan writes, making its styles
// once per workbook.
type looks struct {
	f          *excelize.File
	bold, wrap int
}

func (ft *looks) styles() error {
	if ft.bold != 0 {
		return nil
	}
	var err error
	if ft.bold, err = ft.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return err
	}
	ft.wrap, err = ft.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return err
}

// created formats a tab just created, before its cells are written: the
// header row bold and frozen, long-text columns wrapped (the cells written
// next take the column's style, the header the row's).
func (ft *looks) created(e *sheets.TabEdit, l layout) error {
	if err := ft.styles(); err != nil {
		return &sheets.OpError{Op: "style", Tab: e.Tab, Err: err}
	}
	for c, name := range l.header {
		if l.wraps(c, name) {
			col := sheets.ColLetter(c)
			if err := ft.f.SetColStyle(e.Tab, col, ft.wrap); err != nil {
				return &sheets.OpError{Op: "style", Tab: e.Tab, Err: err}
			}
			// Room to type in an empty one (Notes); one with text now
			// is sized to it below.
			if l.widest[c] == 0 {
				if err := ft.f.SetColWidth(e.Tab, col, col, notesWidth); err != nil {
					return &sheets.OpError{Op: "size columns of", Tab: e.Tab, Err: err}
				}
			}
		}
	}
	if err := ft.f.SetRowStyle(e.Tab, 1, 1, ft.bold); err != nil {
		return &sheets.OpError{Op: "style", Tab: e.Tab, Err: err}
	}
	if err := ft.f.SetPanes(e.Tab, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return &sheets.OpError{Op: "freeze header of", Tab: e.Tab, Err: err}
	}
	return nil
}

// written formats a tab once its cells are written: a width for each column
// that has none yet and gets text now, wrapping on the long-text cells
// written that have no style of their own (a tab made before podsync
// wrapped), and the dropdowns its decision columns lack.
func (ft *looks) written(e *sheets.TabEdit, l layout) error {
	if err := ft.styles(); err != nil {
		return &sheets.OpError{Op: "style", Tab: e.Tab, Err: err}
	}
	header := ft.header(e.Tab, l)
	unset := excelWidth
	if p, err := ft.f.GetSheetProps(e.Tab); err == nil && p.DefaultColWidth != nil && *p.DefaultColWidth > 0 {
		unset = *p.DefaultColWidth
	}
	for c, w := range l.widest {
		col := sheets.ColLetter(c)
		if cur, err := ft.f.GetColWidth(e.Tab, col); err != nil || (cur != unset && cur != excelWidth) {
			continue // someone sized it: theirs
		}
		w = max(w, textWidth(header[c])) + 2
		if err := ft.f.SetColWidth(e.Tab, col, col, float64(min(max(w, minWidth), maxWidth))); err != nil {
			return &sheets.OpError{Op: "size columns of", Tab: e.Tab, Err: err}
		}
	}
	if !e.Create {
		for _, cell := range e.Cells {
			if cell.Row == 0 || !l.wraps(cell.Col, header[cell.Col]) {
				continue
			}
			if s, err := ft.f.GetCellStyle(e.Tab, cell.A1()); err == nil && s == 0 {
				if err := ft.f.SetCellStyle(e.Tab, cell.A1(), cell.A1(), ft.wrap); err != nil {
					return &sheets.OpError{Op: "style", Tab: e.Tab, Err: err}
				}
			}
		}
	}
	return ft.validations(e.Tab, header)
}

// header is the tab's header row as far as it matters: the cells the edit
// writes, and for a tab that exists, row 1 up to a few columns past them
// (organizer columns stand after podsync's).
func (ft *looks) header(tab string, l layout) map[int]string {
	h := map[int]string{}
	for c, v := range l.header {
		h[c] = v
	}
	for c := 0; c <= min(l.maxCol+10, MaxColumns-1); c++ {
		if _, ok := h[c]; ok {
			continue
		}
		if v, err := ft.f.GetCellValue(tab, sheets.ColLetter(c)+"1"); err == nil && v != "" {
			h[c] = v
		}
	}
	return h
}

// validations adds the dropdowns of the tab's decision columns that have
// no validation yet (ours from before, or an organizer's own).
func (ft *looks) validations(tab string, header map[int]string) error {
	var have []*excelize.DataValidation
	loaded := false
	for c, name := range header {
		dd, ok := dropdownOf(tab, name)
		if !ok {
			continue
		}
		if !loaded {
			have, _ = ft.f.GetDataValidations(tab)
			loaded = true
		}
		col := sheets.ColLetter(c)
		if covered(have, c) {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, excelize.TotalRows)
		if err := dv.SetDropList(dd.choices); err != nil {
			return &sheets.OpError{Op: "add dropdown to", Tab: tab, Err: err}
		}
		msg := "Choose " + strings.Join(dd.choices, ", ")
		if dd.help != "" {
			msg += ", " + dd.help
		}
		dv.SetInput(name, msg)
		if dd.free {
			dv.ShowErrorMessage = false
		} else {
			dv.SetError(excelize.DataValidationErrorStyleStop, name, msg)
		}
		if err := ft.f.AddDataValidation(tab, dv); err != nil {
			return &sheets.OpError{Op: "add dropdown to", Tab: tab, Err: err}
		}
	}
	return nil
}

// dropdownOf is the dropdown of the tab's column titled name (found as
// podsync finds columns: case and spacing aside).
func dropdownOf(tab, name string) (dropdown, bool) {
	for k, dd := range dropdowns {
		if k[0] == tab && matching.Fold(k[1]) == matching.Fold(name) {
			return dd, true
		}
	}
	return dropdown{}, false
}

// covered reports whether a validation applies to some cell of column c
// (0-based).
func covered(dvs []*excelize.DataValidation, c int) bool {
	for _, dv := range dvs {
		for ref := range strings.FieldsSeq(dv.Sqref) {
			from, to, _ := strings.Cut(ref, ":")
			if to == "" {
				to = from
			}
			c1, _, err1 := excelize.SplitCellName(from)
			c2, _, err2 := excelize.SplitCellName(to)
			if err1 != nil || err2 != nil {
				continue
			}
			n1, _ := excelize.ColumnNameToNumber(c1)
			n2, _ := excelize.ColumnNameToNumber(c2)
			if n1-1 <= c && c <= n2-1 {
				return true
			}
		}
	}
	return false
}
