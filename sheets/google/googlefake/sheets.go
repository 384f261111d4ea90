package googlefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	sheetsapi "google.golang.org/api/sheets/v4"
)

// Default grid of a new tab, as Google makes it.
const (
	defaultRows = 1000
	defaultCols = 26
)

// Book is one fake spreadsheet.
type Book struct {
	s           *Server
	id, title   string
	sheets      []*sheet
	nextSheetID int64
	nextProtID  int64
}

type sheet struct {
	props       sheetsapi.SheetProperties
	cells       [][]string
	validations []*sheetsapi.SetDataValidationRequest
	protections []*sheetsapi.ProtectedRange
	formats     []*sheetsapi.RepeatCellRequest
}

// SheetInfo describes one tab.
type SheetInfo struct {
	ID         int64
	Title      string
	Index      int
	Hidden     bool
	FrozenRows int
	Rows, Cols int // grid size
}

func newBook(s *Server, id, title string) *Book {
	return &Book{s: s, id: id, title: title, nextSheetID: 0, nextProtID: 1}
}

// Spreadsheet returns the default spreadsheet (SpreadsheetID).
func (s *Server) Spreadsheet() *Book { return s.Book(SpreadsheetID) }

// Book returns a spreadsheet by ID (one made by spreadsheets.create, or the
// default), or nil.
func (s *Server) Book(id string) *Book {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.books[id]
}

// Books lists the spreadsheet IDs.
func (s *Server) Books() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sortedKeys(s.books)
}

// AddSpreadsheet adds a spreadsheet with one empty tab, "Sheet1".
func (s *Server) AddSpreadsheet(id, title string) *Book {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := newBook(s, id, title)
	b.add(&sheetsapi.SheetProperties{Title: "Sheet1"})
	s.books[id] = b
	return b
}

// RemoveSpreadsheet deletes a spreadsheet: later requests for it get 404.
func (s *Server) RemoveSpreadsheet(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.books, id)
}

// SetCells replaces a tab of the default spreadsheet (see Book.SetCells).
func (s *Server) SetCells(tab string, rows [][]string) { s.Spreadsheet().SetCells(tab, rows) }

// Cells returns a tab of the default spreadsheet (see Book.Cells).
func (s *Server) Cells(tab string) [][]string { return s.Spreadsheet().Cells(tab) }

// Tabs lists the default spreadsheet's tabs in order.
func (s *Server) Tabs() []string { return s.Spreadsheet().Tabs() }

// ID is the spreadsheet's ID.
func (b *Book) ID() string { return b.id }

// Tabs lists the tab titles in order.
func (b *Book) Tabs() []string {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	out := make([]string, len(b.sheets))
	for i, sh := range b.sheets {
		out[i] = sh.props.Title
	}
	return out
}

// SetCells replaces the tab's cells with rows (creating the tab when it is
// missing), growing its grid to fit. Rows may be ragged.
func (b *Book) SetCells(tab string, rows [][]string) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	sh := b.find(tab)
	if sh == nil {
		sh = b.add(&sheetsapi.SheetProperties{Title: tab})
	}
	sh.cells = nil
	for _, r := range rows {
		sh.cells = append(sh.cells, append([]string(nil), r...))
	}
	g := sh.props.GridProperties
	if n := int64(len(rows)); n > g.RowCount {
		g.RowCount = n
	}
	for _, r := range rows {
		if n := int64(len(r)); n > g.ColumnCount {
			g.ColumnCount = n
		}
	}
}

// SetCell writes one cell ("C12"), as an organizer typing in the sheet.
func (b *Book) SetCell(tab, ref, value string) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	sh := b.find(tab)
	c, r, ok := parseRef(ref)
	if sh == nil || !ok || c < 0 || r < 0 {
		panic(fmt.Sprintf("googlefake: SetCell(%q, %q): no such tab or bad reference", tab, ref))
	}
	sh.set(r, c, value)
}

// Cells returns the tab's values as the API reports them: trailing empty
// cells and rows left out; nil when the tab does not exist.
func (b *Book) Cells(tab string) [][]string {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	sh := b.find(tab)
	if sh == nil {
		return nil
	}
	return trimmed(sh.cells, 0, 0, len(sh.cells), -1)
}

// Sheet describes a tab.
func (b *Book) Sheet(tab string) (SheetInfo, bool) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	sh := b.find(tab)
	if sh == nil {
		return SheetInfo{}, false
	}
	p := sh.props
	return SheetInfo{ID: p.SheetId, Title: p.Title, Index: int(p.Index), Hidden: p.Hidden,
		FrozenRows: int(p.GridProperties.FrozenRowCount),
		Rows:       int(p.GridProperties.RowCount), Cols: int(p.GridProperties.ColumnCount)}, true
}

// Validations returns the data-validation requests applied to a tab.
func (b *Book) Validations(tab string) []*sheetsapi.SetDataValidationRequest {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if sh := b.find(tab); sh != nil {
		return append([]*sheetsapi.SetDataValidationRequest(nil), sh.validations...)
	}
	return nil
}

// Protections returns a tab's protected ranges.
func (b *Book) Protections(tab string) []*sheetsapi.ProtectedRange {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if sh := b.find(tab); sh != nil {
		return append([]*sheetsapi.ProtectedRange(nil), sh.protections...)
	}
	return nil
}

// Formats returns the repeatCell (formatting) requests applied to a tab.
func (b *Book) Formats(tab string) []*sheetsapi.RepeatCellRequest {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if sh := b.find(tab); sh != nil {
		return append([]*sheetsapi.RepeatCellRequest(nil), sh.formats...)
	}
	return nil
}

// DeleteTab removes a tab, as an organizer might.
func (b *Book) DeleteTab(tab string) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	for i, sh := range b.sheets {
		if sh.props.Title == tab {
			b.sheets = append(b.sheets[:i], b.sheets[i+1:]...)
			b.reindex()
			return
		}
	}
}

// RenameTab renames a tab, as an organizer might.
func (b *Book) RenameTab(from, to string) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if sh := b.find(from); sh != nil {
		sh.props.Title = to
	}
}

// SortRows sorts a tab's data rows (every row below the header) by the
// text in column col, descending when desc, as an organizer sorting the
// sheet (Data → Sort range) would: whole rows move together, rows that
// compare equal keep their order.
func (b *Book) SortRows(tab string, col int, desc bool) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	sh := b.find(tab)
	if sh == nil || len(sh.cells) < 2 {
		return
	}
	rows := sh.cells[1:]
	sort.SliceStable(rows, func(i, j int) bool {
		a, c := cellOf(rows[i], col), cellOf(rows[j], col)
		if desc {
			return a > c
		}
		return a < c
	})
}

// InsertRows inserts n empty rows before sheet row at (0-based, 1: right
// below the header), growing the grid, as an organizer's Insert row.
func (b *Book) InsertRows(tab string, at, n int) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	sh := b.find(tab)
	if sh == nil || at < 0 || n <= 0 {
		return
	}
	for len(sh.cells) < at {
		sh.cells = append(sh.cells, nil)
	}
	sh.cells = append(sh.cells[:at], append(make([][]string, n), sh.cells[at:]...)...)
	sh.props.GridProperties.RowCount += int64(n)
}

func cellOf(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}

// SetGrid sets a tab's grid size (an organizer deleting the empty rows).
func (b *Book) SetGrid(tab string, rows, cols int) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if sh := b.find(tab); sh != nil {
		sh.props.GridProperties.RowCount, sh.props.GridProperties.ColumnCount = int64(rows), int64(cols)
		if len(sh.cells) > rows {
			sh.cells = sh.cells[:rows]
		}
		for i, r := range sh.cells {
			if len(r) > cols {
				sh.cells[i] = r[:cols]
			}
		}
	}
}

// SetFrozen sets how many header rows a tab keeps frozen.
func (b *Book) SetFrozen(tab string, rows int) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if sh := b.find(tab); sh != nil {
		sh.props.GridProperties.FrozenRowCount = int64(rows)
	}
}

// find returns a tab by exact title. Called with s.mu held.
func (b *Book) find(title string) *sheet {
	for _, sh := range b.sheets {
		if sh.props.Title == title {
			return sh
		}
	}
	return nil
}

// findFold returns a tab whose title equals title ignoring case, as Sheets
// treats tab names.
func (b *Book) findFold(title string) *sheet {
	for _, sh := range b.sheets {
		if strings.EqualFold(sh.props.Title, title) {
			return sh
		}
	}
	return nil
}

func (b *Book) byID(id int64) *sheet {
	for _, sh := range b.sheets {
		if sh.props.SheetId == id {
			return sh
		}
	}
	return nil
}

func (b *Book) add(p *sheetsapi.SheetProperties) *sheet {
	props := *p
	if props.GridProperties == nil {
		props.GridProperties = &sheetsapi.GridProperties{}
	} else {
		g := *props.GridProperties
		props.GridProperties = &g
	}
	if props.GridProperties.RowCount == 0 {
		props.GridProperties.RowCount = defaultRows
	}
	if props.GridProperties.ColumnCount == 0 {
		props.GridProperties.ColumnCount = defaultCols
	}
	if props.SheetId == 0 && b.byID(0) != nil {
		// Google numbers the first tab 0 and picks large numbers after.
		for b.nextSheetID == 0 || b.byID(b.nextSheetID) != nil {
			b.nextSheetID += 1_000_003
		}
		props.SheetId = b.nextSheetID
	}
	props.SheetType = "GRID"
	sh := &sheet{props: props}
	idx := int(props.Index)
	if idx <= 0 || idx > len(b.sheets) {
		idx = len(b.sheets)
	}
	b.sheets = append(b.sheets, nil)
	copy(b.sheets[idx+1:], b.sheets[idx:])
	b.sheets[idx] = sh
	b.reindex()
	return sh
}

func (b *Book) reindex() {
	for i, sh := range b.sheets {
		sh.props.Index = int64(i)
	}
}

func (b *Book) clone() []*sheet {
	out := make([]*sheet, len(b.sheets))
	for i, sh := range b.sheets {
		c := *sh
		g := *sh.props.GridProperties
		c.props.GridProperties = &g
		c.cells = make([][]string, len(sh.cells))
		for j, r := range sh.cells {
			c.cells[j] = append([]string(nil), r...)
		}
		c.validations = append([]*sheetsapi.SetDataValidationRequest(nil), sh.validations...)
		c.protections = append([]*sheetsapi.ProtectedRange(nil), sh.protections...)
		c.formats = append([]*sheetsapi.RepeatCellRequest(nil), sh.formats...)
		out[i] = &c
	}
	return out
}

func (sh *sheet) set(r, c int, v string) {
	for len(sh.cells) <= r {
		sh.cells = append(sh.cells, nil)
	}
	row := sh.cells[r]
	for len(row) <= c {
		row = append(row, "")
	}
	row[c] = v
	sh.cells[r] = row
}

// trimmed cuts rows [r0, r1) and columns [c0, c1) (c1 -1: all) out of
// cells, dropping trailing empty cells and rows as the API does.
func trimmed(cells [][]string, r0, c0, r1, c1 int) [][]string {
	var out [][]string
	for r := r0; r < r1 && r < len(cells); r++ {
		row := cells[r]
		end := len(row)
		if c1 >= 0 && c1 < end {
			end = c1
		}
		var vals []string
		if c0 < end {
			vals = append(vals, row[c0:end]...)
		}
		for len(vals) > 0 && vals[len(vals)-1] == "" {
			vals = vals[:len(vals)-1]
		}
		out = append(out, vals)
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// resolve finds a range's tab and closes its open ends against the grid,
// failing as Google does for a missing tab or a range past the grid.
func (b *Book) resolve(rng string) (*sheet, a1, error) {
	tab, cells, quoted, err := splitA1(rng)
	if err != nil {
		return nil, a1{}, errorf(400, "%v", err)
	}
	sh := b.findFold(tab)
	if sh == nil && !quoted && cells == "" && len(b.sheets) > 0 {
		// "A1:C3" with no tab names the first tab.
		var r a1
		if parseCells(tab, &r) == nil {
			sh, cells = b.sheets[0], tab
		}
	}
	if sh == nil {
		return nil, a1{}, errorf(400, "Unable to parse range: %s", rng)
	}
	r := a1{tab: sh.props.Title}
	if err := parseCells(cells, &r); err != nil {
		return nil, a1{}, errorf(400, "Unable to parse range: %s", rng)
	}
	g := sh.props.GridProperties
	if r.r1 < 0 {
		r.r1 = int(g.RowCount)
	}
	if r.c1 < 0 {
		r.c1 = int(g.ColumnCount)
	}
	if r.r1 > int(g.RowCount) || r.c1 > int(g.ColumnCount) {
		return nil, a1{}, errorf(400, "Range (%s) exceeds grid limits. Max rows: %d, max columns: %d", r.format(), g.RowCount, g.ColumnCount)
	}
	return sh, r, nil
}

func (s *Server) book(id string) (*Book, error) {
	b := s.books[id]
	if b == nil {
		return nil, errorf(404, "Requested entity was not found.")
	}
	return b, nil
}

// spreadsheet renders a book as spreadsheets.get returns it.
func (b *Book) spreadsheet() *sheetsapi.Spreadsheet {
	ss := &sheetsapi.Spreadsheet{
		SpreadsheetId:  b.id,
		SpreadsheetUrl: "https://docs.google.com/spreadsheets/d/" + b.id + "/edit",
		Properties:     &sheetsapi.SpreadsheetProperties{Title: b.title, Locale: "en_US", TimeZone: "Etc/GMT"},
	}
	for _, sh := range b.sheets {
		p := sh.props
		g := *p.GridProperties
		p.GridProperties = &g
		ss.Sheets = append(ss.Sheets, &sheetsapi.Sheet{Properties: &p, ProtectedRanges: sh.protections})
	}
	return ss
}

func (s *Server) sheetsGet(rt route, r *http.Request, _ []byte) (any, error) {
	b, err := s.book(rt.id)
	if err != nil {
		return nil, err
	}
	if r.URL.Query().Get("includeGridData") == "true" {
		return nil, unexpectedf("includeGridData is not supported")
	}
	return b.spreadsheet(), nil
}

func (s *Server) sheetsCreate(_ route, _ *http.Request, body []byte) (any, error) {
	var req sheetsapi.Spreadsheet
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, unexpectedf("bad spreadsheet: %v", err)
	}
	s.nextID++
	id := fmt.Sprintf("%s-%d", SpreadsheetID, s.nextID)
	title := "Untitled spreadsheet"
	if req.Properties != nil && req.Properties.Title != "" {
		title = req.Properties.Title
	}
	b := newBook(s, id, title)
	for _, sh := range req.Sheets {
		if sh.Properties == nil || len(sh.Data) > 0 {
			return nil, unexpectedf("only sheet properties are supported in spreadsheets.create")
		}
		b.add(sh.Properties)
	}
	if len(b.sheets) == 0 {
		b.add(&sheetsapi.SheetProperties{Title: "Sheet1"})
	}
	s.books[id] = b
	return b.spreadsheet(), nil
}

func (s *Server) valuesGet(rt route, r *http.Request, _ []byte) (any, error) {
	b, err := s.book(rt.id)
	if err != nil {
		return nil, err
	}
	if md := r.URL.Query().Get("majorDimension"); md != "" && md != "ROWS" {
		return nil, unexpectedf("majorDimension %s is not supported", md)
	}
	return b.read(rt.rng)
}

func (b *Book) read(rng string) (*sheetsapi.ValueRange, error) {
	sh, rr, err := b.resolve(rng)
	if err != nil {
		return nil, err
	}
	vr := &sheetsapi.ValueRange{Range: rr.format(), MajorDimension: "ROWS"}
	for _, row := range trimmed(sh.cells, rr.r0, rr.c0, rr.r1, rr.c1) {
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = v
		}
		vr.Values = append(vr.Values, vals)
	}
	return vr, nil
}

func (s *Server) valuesBatchGet(rt route, r *http.Request, _ []byte) (any, error) {
	b, err := s.book(rt.id)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	if md := q.Get("majorDimension"); md != "" && md != "ROWS" {
		return nil, unexpectedf("majorDimension %s is not supported", md)
	}
	switch v := q.Get("valueRenderOption"); v {
	case "", "FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA":
	default:
		return nil, errorf(400, "Invalid value at 'value_render_option' (%s)", v)
	}
	out := &sheetsapi.BatchGetValuesResponse{SpreadsheetId: b.id}
	for _, rng := range q["ranges"] {
		vr, err := b.read(rng)
		if err != nil {
			return nil, err
		}
		out.ValueRanges = append(out.ValueRanges, vr)
	}
	return out, nil
}

func cellText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false // null skips the cell
	case string:
		return x, true
	case bool:
		if x {
			return "TRUE", true
		}
		return "FALSE", true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return fmt.Sprint(v), true
}

func (s *Server) valuesBatchUpdate(rt route, _ *http.Request, body []byte) (any, error) {
	b, err := s.book(rt.id)
	if err != nil {
		return nil, err
	}
	var req sheetsapi.BatchUpdateValuesRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, unexpectedf("bad values:batchUpdate body: %v", err)
	}
	switch req.ValueInputOption {
	case "RAW", "USER_ENTERED":
	case "":
		return nil, errorf(400, "'valueInputOption' is required but not specified")
	default:
		return nil, errorf(400, "Invalid value at 'value_input_option' (%s)", req.ValueInputOption)
	}
	type write struct {
		sh   *sheet
		r    a1
		vals [][]any
	}
	var writes []write
	for _, vr := range req.Data {
		if vr.MajorDimension != "" && vr.MajorDimension != "ROWS" {
			return nil, unexpectedf("majorDimension %s is not supported", vr.MajorDimension)
		}
		tab, cells, _, err := splitA1(vr.Range)
		if err != nil {
			return nil, errorf(400, "%v", err)
		}
		sh := b.findFold(tab)
		if sh == nil {
			return nil, errorf(400, "Unable to parse range: %s", vr.Range)
		}
		rr := a1{tab: sh.props.Title}
		if err := parseCells(cells, &rr); err != nil {
			return nil, errorf(400, "Unable to parse range: %s", vr.Range)
		}
		rows, cols := len(vr.Values), 0
		for _, row := range vr.Values {
			cols = max(cols, len(row))
		}
		if rr.r1 >= 0 && rr.r0+rows > rr.r1 {
			return nil, errorf(400, "Requested writing within range [%s], but tried writing to row [%d]", vr.Range, rr.r0+rows)
		}
		if rr.c1 >= 0 && rr.c0+cols > rr.c1 {
			return nil, errorf(400, "Requested writing within range [%s], but tried writing to column [%s]", vr.Range, colName(rr.c0+cols-1))
		}
		g := sh.props.GridProperties
		if rr.r0+rows > int(g.RowCount) || rr.c0+cols > int(g.ColumnCount) {
			end := a1{tab: rr.tab, r0: rr.r0, c0: rr.c0, r1: rr.r0 + max(rows, 1), c1: rr.c0 + max(cols, 1)}
			return nil, errorf(400, "Range (%s) exceeds grid limits. Max rows: %d, max columns: %d", end.format(), g.RowCount, g.ColumnCount)
		}
		writes = append(writes, write{sh, rr, vr.Values})
	}
	out := &sheetsapi.BatchUpdateValuesResponse{SpreadsheetId: b.id}
	touched := map[*sheet]bool{}
	for _, w := range writes {
		n, cols := 0, 0
		for i, row := range w.vals {
			for j, v := range row {
				if text, ok := cellText(v); ok {
					w.sh.set(w.r.r0+i, w.r.c0+j, text)
					n++
				}
			}
			cols = max(cols, len(row))
		}
		touched[w.sh] = true
		out.Responses = append(out.Responses, &sheetsapi.UpdateValuesResponse{
			SpreadsheetId: b.id, UpdatedCells: int64(n), UpdatedRows: int64(len(w.vals)), UpdatedColumns: int64(cols),
			UpdatedRange: a1{tab: w.r.tab, r0: w.r.r0, c0: w.r.c0, r1: w.r.r0 + max(len(w.vals), 1), c1: w.r.c0 + max(cols, 1)}.format(),
		})
		out.TotalUpdatedCells += int64(n)
		out.TotalUpdatedRows += int64(len(w.vals))
		out.TotalUpdatedColumns += int64(cols)
	}
	out.TotalUpdatedSheets = int64(len(touched))
	return out, nil
}

func (s *Server) sheetsBatchUpdate(rt route, _ *http.Request, body []byte) (any, error) {
	b, err := s.book(rt.id)
	if err != nil {
		return nil, err
	}
	var req struct {
		Requests []map[string]json.RawMessage `json:"requests"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, unexpectedf("bad batchUpdate body: %v", err)
	}
	if len(req.Requests) == 0 {
		return nil, errorf(400, "Invalid requests: must specify at least one request.")
	}
	saved, savedNext, savedProt := b.clone(), b.nextSheetID, b.nextProtID
	out := &sheetsapi.BatchUpdateSpreadsheetResponse{SpreadsheetId: b.id}
	for i, r := range req.Requests {
		if len(r) != 1 {
			b.sheets, b.nextSheetID, b.nextProtID = saved, savedNext, savedProt
			return nil, unexpectedf("request %d has %d kinds", i, len(r))
		}
		var kind string
		var raw json.RawMessage
		for k, v := range r {
			kind, raw = k, v
		}
		s.counts["batchUpdate."+kind]++
		reply, err := b.apply(kind, raw)
		if err != nil {
			b.sheets, b.nextSheetID, b.nextProtID = saved, savedNext, savedProt
			if he, ok := err.(*httpError); ok && !strings.HasPrefix(he.msg, "googlefake:") {
				return nil, &httpError{code: he.code, msg: fmt.Sprintf("Invalid requests[%d].%s: %s", i, kind, he.msg)}
			}
			return nil, err
		}
		out.Replies = append(out.Replies, reply)
	}
	return out, nil
}

func (b *Book) sheetOf(id int64) (*sheet, error) {
	sh := b.byID(id)
	if sh == nil {
		return nil, errorf(400, "No grid with id: %d", id)
	}
	return sh, nil
}

func (b *Book) checkRange(g *sheetsapi.GridRange) (*sheet, error) {
	if g == nil {
		return nil, errorf(400, "range is required")
	}
	sh, err := b.sheetOf(g.SheetId)
	if err != nil {
		return nil, err
	}
	gp := sh.props.GridProperties
	if g.EndRowIndex > gp.RowCount || g.EndColumnIndex > gp.ColumnCount ||
		(g.EndRowIndex > 0 && g.EndRowIndex < g.StartRowIndex) || (g.EndColumnIndex > 0 && g.EndColumnIndex < g.StartColumnIndex) {
		return nil, errorf(400, "Range exceeds grid limits.")
	}
	return sh, nil
}

// apply runs one spreadsheets.batchUpdate request. Called with s.mu held.
func (b *Book) apply(kind string, raw json.RawMessage) (*sheetsapi.Response, error) {
	decode := func(v any) error {
		if err := json.Unmarshal(raw, v); err != nil {
			return unexpectedf("bad %s: %v", kind, err)
		}
		return nil
	}
	switch kind {
	case "addSheet":
		var r sheetsapi.AddSheetRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		p := r.Properties
		if p == nil {
			p = &sheetsapi.SheetProperties{}
		}
		if p.Title == "" {
			p.Title = fmt.Sprintf("Sheet%d", len(b.sheets)+1)
		}
		if b.findFold(p.Title) != nil {
			return nil, errorf(400, "A sheet with the name \"%s\" already exists. Please enter another name.", p.Title)
		}
		if p.SheetId != 0 && b.byID(p.SheetId) != nil {
			return nil, errorf(400, "A sheet with the id %d already exists.", p.SheetId)
		}
		if p.Hidden && b.allHidden() {
			return nil, errorf(400, "You can't hide all the sheets in a document.")
		}
		sh := b.add(p)
		props := sh.props
		g := *props.GridProperties
		props.GridProperties = &g
		return &sheetsapi.Response{AddSheet: &sheetsapi.AddSheetResponse{Properties: &props}}, nil
	case "deleteSheet":
		var r sheetsapi.DeleteSheetRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		if _, err := b.sheetOf(r.SheetId); err != nil {
			return nil, err
		}
		if len(b.sheets) == 1 {
			return nil, errorf(400, "You can't remove all the sheets in a document.")
		}
		for i, sh := range b.sheets {
			if sh.props.SheetId == r.SheetId {
				b.sheets = append(b.sheets[:i], b.sheets[i+1:]...)
				break
			}
		}
		if b.allHidden() {
			return nil, errorf(400, "You can't remove all the visible sheets in a document.")
		}
		b.reindex()
	case "deleteDimension":
		var r sheetsapi.DeleteDimensionRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		if r.Range == nil {
			return nil, errorf(400, "range is required")
		}
		sh, err := b.sheetOf(r.Range.SheetId)
		if err != nil {
			return nil, err
		}
		lo, hi := int(r.Range.StartIndex), int(r.Range.EndIndex)
		g := sh.props.GridProperties
		switch r.Range.Dimension {
		case "ROWS":
			if lo < 0 || hi <= lo || hi > int(g.RowCount) {
				return nil, errorf(400, "Invalid range: rows %d to %d of %d", lo, hi, g.RowCount)
			}
			if int(g.RowCount)-(hi-lo) <= int(g.FrozenRowCount) {
				return nil, errorf(400, "Sorry, it is not possible to delete all non-frozen rows.")
			}
			if lo < len(sh.cells) {
				sh.cells = append(sh.cells[:lo], sh.cells[min(hi, len(sh.cells)):]...)
			}
			g.RowCount -= int64(hi - lo)
		case "COLUMNS":
			if lo < 0 || hi <= lo || hi > int(g.ColumnCount) {
				return nil, errorf(400, "Invalid range: columns %d to %d of %d", lo, hi, g.ColumnCount)
			}
			if int(g.ColumnCount)-(hi-lo) <= int(g.FrozenColumnCount) {
				return nil, errorf(400, "Sorry, it is not possible to delete all non-frozen columns.")
			}
			for i, row := range sh.cells {
				if lo < len(row) {
					sh.cells[i] = append(row[:lo], row[min(hi, len(row)):]...)
				}
			}
			g.ColumnCount -= int64(hi - lo)
		default:
			return nil, errorf(400, "dimension must be ROWS or COLUMNS")
		}
	case "appendDimension":
		var r sheetsapi.AppendDimensionRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		sh, err := b.sheetOf(r.SheetId)
		if err != nil {
			return nil, err
		}
		if r.Length <= 0 {
			return nil, errorf(400, "length must be positive")
		}
		switch r.Dimension {
		case "ROWS":
			sh.props.GridProperties.RowCount += r.Length
		case "COLUMNS":
			sh.props.GridProperties.ColumnCount += r.Length
		default:
			return nil, errorf(400, "dimension must be ROWS or COLUMNS")
		}
	case "repeatCell":
		var r sheetsapi.RepeatCellRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		sh, err := b.checkRange(r.Range)
		if err != nil {
			return nil, err
		}
		if r.Fields == "" || r.Cell == nil {
			return nil, errorf(400, "repeatCell needs a cell and fields")
		}
		sh.formats = append(sh.formats, &r)
	case "setDataValidation":
		var r sheetsapi.SetDataValidationRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		sh, err := b.checkRange(r.Range)
		if err != nil {
			return nil, err
		}
		if r.Rule != nil && (r.Rule.Condition == nil || r.Rule.Condition.Type == "") {
			return nil, errorf(400, "condition is required")
		}
		if r.Rule != nil && r.Rule.Condition.Type == "ONE_OF_LIST" && len(r.Rule.Condition.Values) == 0 {
			return nil, errorf(400, "ONE_OF_LIST needs at least one value")
		}
		sh.validations = append(sh.validations, &r)
	case "addProtectedRange":
		var r sheetsapi.AddProtectedRangeRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		if r.ProtectedRange == nil {
			return nil, errorf(400, "protectedRange is required")
		}
		pr := *r.ProtectedRange
		sh, err := b.checkRange(pr.Range)
		if err != nil {
			return nil, err
		}
		if pr.WarningOnly && pr.Editors != nil {
			return nil, errorf(400, "A warning-only protected range cannot have editors.")
		}
		pr.ProtectedRangeId = b.nextProtID
		b.nextProtID++
		pr.RequestingUserCanEdit = true
		sh.protections = append(sh.protections, &pr)
		return &sheetsapi.Response{AddProtectedRange: &sheetsapi.AddProtectedRangeResponse{ProtectedRange: &pr}}, nil
	case "deleteProtectedRange":
		var r sheetsapi.DeleteProtectedRangeRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		for _, sh := range b.sheets {
			for i, pr := range sh.protections {
				if pr.ProtectedRangeId == r.ProtectedRangeId {
					sh.protections = append(sh.protections[:i], sh.protections[i+1:]...)
					return &sheetsapi.Response{}, nil
				}
			}
		}
		return nil, errorf(400, "No protected range with id: %d", r.ProtectedRangeId)
	case "updateSheetProperties":
		var r sheetsapi.UpdateSheetPropertiesRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		if r.Properties == nil || r.Fields == "" {
			return nil, errorf(400, "properties and fields are required")
		}
		sh, err := b.sheetOf(r.Properties.SheetId)
		if err != nil {
			return nil, err
		}
		np := r.Properties
		ng := np.GridProperties
		if ng == nil {
			ng = &sheetsapi.GridProperties{}
		}
		g := sh.props.GridProperties
		for _, f := range strings.Split(r.Fields, ",") {
			switch strings.TrimSpace(f) {
			case "title":
				if other := b.findFold(np.Title); other != nil && other != sh {
					return nil, errorf(400, "A sheet with the name \"%s\" already exists. Please enter another name.", np.Title)
				}
				sh.props.Title = np.Title
			case "hidden":
				sh.props.Hidden = np.Hidden
				if np.Hidden && b.allHidden() {
					return nil, errorf(400, "You can't hide all the sheets in a document.")
				}
			case "gridProperties.frozenRowCount":
				g.FrozenRowCount = ng.FrozenRowCount
			case "gridProperties.frozenColumnCount":
				g.FrozenColumnCount = ng.FrozenColumnCount
			case "gridProperties.rowCount":
				g.RowCount = ng.RowCount
			case "gridProperties.columnCount":
				g.ColumnCount = ng.ColumnCount
			default:
				return nil, unexpectedf("updateSheetProperties field %q is not supported", f)
			}
		}
	default:
		return nil, unexpectedf("request kind %q is not supported", kind)
	}
	return &sheetsapi.Response{}, nil
}

// allHidden reports whether every tab is hidden (or there are none).
func (b *Book) allHidden() bool {
	for _, sh := range b.sheets {
		if !sh.props.Hidden {
			return false
		}
	}
	return true
}
