package google

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/podsync/podsync/sheets"
	sheetsapi "google.golang.org/api/sheets/v4"
)

// Store is a pod in a Google spreadsheet, through the Sheets v4 API.
//
// Read costs one values:batchGet (plus, the first time, one
// spreadsheets.get for the tab list, which is cached). Apply costs one
// values:batchGet that reads again the key columns of the tabs it edits and
// the rows it deletes (so every write lands on the row that holds its key
// now: see locate), one values:batchUpdate, plus one
// spreadsheets:batchUpdate before them when tabs are created or grown, and
// one after them when rows are deleted; an empty plan costs nothing, and a
// plan that only adds tabs needs no batchGet. Values are written RAW, so answers are never read as
// formulas or numbers. values.append is never used: a retried append adds
// rows twice, while a retried write of keyed cells changes nothing.
type Store struct {
	c   *client
	svc *sheetsapi.Service
	id  string

	mu    sync.Mutex
	title string
	tabs  []*tabMeta // nil until loaded
}

var _ sheets.Store = (*Store)(nil)

type tabMeta struct {
	title      string
	id         int64
	rows, cols int64
	frozen     int64
	hidden     bool
}

// Open returns the store for cfg.SpreadsheetID. It loads credentials
// but sends no request: a wrong ID or missing access shows at the first
// Read, as an OpError with what to do.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	id, err := ParseSpreadsheetID(cfg.SpreadsheetID)
	if err != nil {
		return nil, &sheets.OpError{Op: "open spreadsheet", Err: err}
	}
	c, err := newClient(ctx, cfg, []string{ScopeSpreadsheets})
	if err != nil {
		return nil, err
	}
	return newStore(ctx, c, id)
}

func newStore(ctx context.Context, c *client, id string) (*Store, error) {
	svc, err := sheetsapi.NewService(ctx, c.opts...)
	if err != nil {
		return nil, &sheets.OpError{Op: "open spreadsheet", Err: c.creds.red.clean(err)}
	}
	return &Store{c: c, svc: svc, id: id}, nil
}

// ID is the spreadsheet's ID.
func (s *Store) ID() string { return s.id }

// URL is the spreadsheet's link.
func (s *Store) URL() string { return "https://docs.google.com/spreadsheets/d/" + s.id + "/edit" }

// Identity says who podsync acts as, e.g. "service account x@y (key.json)".
func (s *Store) Identity() string { return s.c.creds.describe() }

// Invalidate forgets the cached tab list, so the next Read sees tabs an
// organizer added or renamed since (the daemon calls it each cycle).
func (s *Store) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tabs = nil
}

func (s *Store) target() target { return target{what: "spreadsheet", id: s.id} }

// loadTabs reads the tab list (one spreadsheets.get) unless it is cached.
// Called with s.mu held.
func (s *Store) loadTabs(ctx context.Context, force bool) error {
	if s.tabs != nil && !force {
		return nil
	}
	ss, err := s.svc.Spreadsheets.Get(s.id).Fields("properties.title,sheets.properties").Context(ctx).Do()
	if err != nil {
		return s.c.fail("open spreadsheet", "", s.target(), err)
	}
	if ss == nil || len(ss.Sheets) == 0 {
		// A spreadsheet has at least one tab: reading none as "no tab
		// exists" would create every tab again.
		return &sheets.OpError{Op: "open spreadsheet", Err: notJSON("a spreadsheet without tabs")}
	}
	tabs := make([]*tabMeta, 0, len(ss.Sheets))
	for _, sh := range ss.Sheets {
		if sh == nil || sh.Properties == nil {
			// A tab left out would be created again over the one there.
			return &sheets.OpError{Op: "open spreadsheet", Err: notJSON("a tab without its properties")}
		}
		tabs = append(tabs, metaOf(sh.Properties))
	}
	if ss.Properties != nil {
		s.title = ss.Properties.Title
	}
	s.tabs = tabs
	return nil
}

func repliesOf(r *sheetsapi.BatchUpdateSpreadsheetResponse) []*sheetsapi.Response {
	if r == nil {
		return nil
	}
	return r.Replies
}

func metaOf(p *sheetsapi.SheetProperties) *tabMeta {
	m := &tabMeta{title: p.Title, id: p.SheetId, hidden: p.Hidden}
	if g := p.GridProperties; g != nil {
		m.rows, m.cols, m.frozen = g.RowCount, g.ColumnCount, g.FrozenRowCount
	}
	return m
}

// tab finds a tab by name: exactly, else ignoring case (Sheets does not
// allow two tabs whose names differ only in case).
func (s *Store) tab(name string) *tabMeta {
	for _, t := range s.tabs {
		if t.title == name {
			return t
		}
	}
	for _, t := range s.tabs {
		if strings.EqualFold(t.title, name) {
			return t
		}
	}
	return nil
}

// Read implements Store: one values:batchGet for every requested tab that
// exists.
func (s *Store) Read(ctx context.Context, tabs ...string) (map[string]*sheets.Table, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadTabs(ctx, false); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		var names, ranges []string
		seen := map[string]bool{}
		for _, n := range tabs {
			if seen[n] {
				continue
			}
			seen[n] = true
			if t := s.tab(n); t != nil {
				names = append(names, n)
				ranges = append(ranges, quoteTab(t.title))
			}
		}
		out := make(map[string]*sheets.Table, len(names))
		if len(names) == 0 {
			return out, nil
		}
		resp, err := s.svc.Spreadsheets.Values.BatchGet(s.id).Ranges(ranges...).
			ValueRenderOption("FORMATTED_VALUE").MajorDimension("ROWS").Context(ctx).Do()
		if err != nil {
			if code, msg := apiCode(err); code == 400 && strings.Contains(msg, "Unable to parse range") && attempt == 0 {
				// A tab was deleted or renamed since the list was read.
				if err := s.loadTabs(ctx, true); err != nil {
					return nil, err
				}
				continue
			}
			tab := ""
			if len(names) == 1 {
				tab = names[0]
			}
			return nil, s.c.fail("read", tab, s.target(), err)
		}
		if resp == nil || len(resp.ValueRanges) != len(names) {
			return nil, &sheets.OpError{Op: "read", Err: notJSON(fmt.Sprintf("%d ranges for the %d tabs asked", lenRanges(resp), len(names)))}
		}
		for i, vr := range resp.ValueRanges {
			if vr == nil {
				return nil, &sheets.OpError{Op: "read", Tab: names[i], Err: notJSON("null for the tab's cells")}
			}
			t := &sheets.Table{Name: names[i]}
			for j, row := range vr.Values {
				cells := make([]string, len(row))
				for k, v := range row {
					cells[k] = cellString(v)
				}
				if j == 0 {
					t.Header = cells
				} else {
					t.Rows = append(t.Rows, cells)
				}
			}
			out[names[i]] = t
		}
		return out, nil
	}
}

func cellString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "TRUE"
		}
		return "FALSE"
	}
	return fmt.Sprint(v)
}

// Apply implements Store: tabs are created (and grids grown) in one
// spreadsheets:batchUpdate, the edited tabs' keys and the rows to delete
// are read again in one values:batchGet, every cell is written where its
// row is now in one values:batchUpdate (RAW), then rows are deleted,
// highest first, in one more spreadsheets:batchUpdate.
func (s *Store) Apply(ctx context.Context, p *sheets.Plan) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p == nil || p.Empty() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadTabs(ctx, false); err != nil {
		return err
	}
	edits := mergeEdits(p)
	if err := s.prepare(ctx, edits); err != nil {
		return err
	}
	located, err := s.writeValues(ctx, edits)
	if err != nil {
		return err
	}
	if err := s.deleteRows(ctx, located); err != nil {
		return err
	}
	return s.removeTabs(ctx, edits)
}

// removeTabs deletes the tabs the edits remove (TabEdit.Remove) that are
// there, in one spreadsheets:batchUpdate. Called with s.mu held.
func (s *Store) removeTabs(ctx context.Context, edits []sheets.TabEdit) error {
	var reqs []*sheetsapi.Request
	gone := map[int64]bool{}
	for _, e := range edits {
		if t := s.tab(e.Tab); e.Remove && t != nil && !gone[t.id] {
			gone[t.id] = true
			reqs = append(reqs, &sheetsapi.Request{DeleteSheet: &sheetsapi.DeleteSheetRequest{SheetId: t.id, ForceSendFields: []string{"SheetId"}}})
		}
	}
	if len(reqs) == 0 {
		return nil
	}
	// Retried like any request: a sheet ID names one tab only, so a
	// repeat cannot remove another, and one whose first try went through
	// fails with "no sheet", which the check below reads as done.
	_, err := s.svc.Spreadsheets.BatchUpdate(s.id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: reqs}).
		Fields("spreadsheetId").Context(ctx).Do()
	if err != nil {
		if lerr := s.loadTabs(ctx, true); lerr != nil {
			s.tabs = nil
			return s.c.fail("remove", singleTab(edits), s.target(), err)
		}
		for _, t := range s.tabs {
			if gone[t.id] {
				return s.c.fail("remove", singleTab(edits), s.target(), err)
			}
		}
		return nil
	}
	s.tabs = slices.DeleteFunc(s.tabs, func(t *tabMeta) bool { return gone[t.id] })
	return nil
}

// mergeEdits folds a plan into one edit per tab, in plan order.
func mergeEdits(p *sheets.Plan) []sheets.TabEdit {
	var out []sheets.TabEdit
	at := map[string]int{}
	for _, e := range p.Tabs {
		if e.Empty() {
			continue
		}
		if i, ok := at[e.Tab]; ok {
			m := &out[i]
			m.Create = m.Create || e.Create
			m.Hidden = m.Hidden || e.Hidden
			m.Remove = m.Remove || e.Remove
			m.Initial = m.Initial || e.Initial
			m.Cells = append(m.Cells, e.Cells...)
			m.DeleteRows = append(m.DeleteRows, e.DeleteRows...)
			for r, was := range e.DeleteWas {
				if m.DeleteWas == nil {
					m.DeleteWas = map[int][]string{}
				}
				m.DeleteWas[r] = was
			}
			continue
		}
		at[e.Tab] = len(out)
		e.Cells = append([]sheets.CellEdit(nil), e.Cells...)
		e.DeleteRows = append([]int(nil), e.DeleteRows...)
		out = append(out, e)
	}
	for i := range out {
		sort.Ints(out[i].DeleteRows)
		out[i].DeleteRows = slices.Compact(out[i].DeleteRows)
	}
	return out
}

func singleTab(edits []sheets.TabEdit) string {
	if len(edits) == 1 {
		return edits[0].Tab
	}
	return ""
}

// Grid sizes Google gives a new tab, and the spare rows podsync adds when
// it grows one, so a growing tab is not grown every cycle.
const (
	newTabRows = 1000
	newTabCols = 26
	spareRows  = 200
)

// prepare creates missing tabs and grows grids the plan writes past, in
// one spreadsheets:batchUpdate (none when nothing is needed). Called with
// s.mu held.
func (s *Store) prepare(ctx context.Context, edits []sheets.TabEdit) error {
	for attempt := 0; ; attempt++ {
		reqs, added, err := s.structure(ctx, edits)
		if err != nil {
			return err
		}
		if len(reqs) == 0 {
			return nil
		}
		resp, err := s.svc.Spreadsheets.BatchUpdate(s.id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: reqs}).Context(ctx).Do()
		if err != nil {
			if code, msg := apiCode(err); code == 400 && strings.Contains(msg, "already exists") && attempt == 0 {
				// A retried addSheet whose first try went through, or
				// another podsync: see what exists now and go on.
				if err := s.loadTabs(ctx, true); err != nil {
					return err
				}
				continue
			}
			return s.c.fail("create tabs in", singleTab(edits), s.target(), err)
		}
		for _, r := range repliesOf(resp) {
			if r != nil && r.AddSheet != nil && r.AddSheet.Properties != nil {
				m := metaOf(r.AddSheet.Properties)
				if old := s.tab(m.title); old != nil {
					*old = *m
				} else {
					s.tabs = append(s.tabs, m)
				}
			}
		}
		// Grids grown: the requests said by how much.
		for _, r := range reqs {
			if ad := r.AppendDimension; ad != nil {
				for _, t := range s.tabs {
					if t.id == ad.SheetId {
						if ad.Dimension == "ROWS" {
							t.rows += ad.Length
						} else {
							t.cols += ad.Length
						}
					}
				}
			}
		}
		for _, m := range added {
			if s.tab(m.title) == nil {
				s.tabs = append(s.tabs, m)
			}
		}
		return nil
	}
}

// structure returns the requests that make room for the edits. Called with
// s.mu held.
func (s *Store) structure(ctx context.Context, edits []sheets.TabEdit) ([]*sheetsapi.Request, []*tabMeta, error) {
	var reqs, formats []*sheetsapi.Request
	var added []*tabMeta
	refreshed := false
	used := map[int64]bool{}
	for _, t := range s.tabs {
		used[t.id] = true
	}
	for _, e := range edits {
		if e.Remove {
			continue // removeTabs' work
		}
		needRows, needCols := int64(0), int64(0)
		for _, c := range e.Cells {
			needRows = max(needRows, int64(c.Row)+1)
			needCols = max(needCols, int64(c.Col)+1)
		}
		t := s.tab(e.Tab)
		if t == nil && !e.Create && !refreshed {
			// Maybe the tab is new since the list was read.
			if err := s.loadTabs(ctx, true); err != nil {
				return nil, nil, err
			}
			refreshed = true
			t = s.tab(e.Tab)
		}
		if t == nil {
			if !e.Create {
				return nil, nil, &sheets.OpError{Op: "write", Tab: e.Tab, Err: errors.New("the tab does not exist (was it deleted or renamed while podsync ran?); run podsync again")}
			}
			id := int64(rand.IntN(1<<30)) + 1
			for used[id] {
				id = int64(rand.IntN(1<<30)) + 1
			}
			used[id] = true
			m := &tabMeta{title: e.Tab, id: id, rows: max(newTabRows, needRows), cols: max(newTabCols, needCols), frozen: 1, hidden: e.Hidden}
			added = append(added, m)
			reqs = append(reqs, &sheetsapi.Request{AddSheet: &sheetsapi.AddSheetRequest{Properties: &sheetsapi.SheetProperties{
				SheetId: id, Title: e.Tab, Hidden: e.Hidden,
				GridProperties: &sheetsapi.GridProperties{RowCount: m.rows, ColumnCount: m.cols, FrozenRowCount: 1},
			}}})
			if !e.Hidden {
				formats = append(formats, boldHeader(id))
			}
			continue
		}
		// Sheets refuses to delete every row below a frozen header.
		needRows = max(needRows, t.frozen+int64(len(e.DeleteRows))+1)
		if needRows > t.rows {
			reqs = append(reqs, &sheetsapi.Request{AppendDimension: &sheetsapi.AppendDimensionRequest{
				SheetId: t.id, Dimension: "ROWS", Length: needRows - t.rows + spareRows}})
		}
		if needCols > t.cols {
			reqs = append(reqs, &sheetsapi.Request{AppendDimension: &sheetsapi.AppendDimensionRequest{
				SheetId: t.id, Dimension: "COLUMNS", Length: needCols - t.cols}})
		}
	}
	return append(reqs, formats...), added, nil
}

func boldHeader(sheetID int64) *sheetsapi.Request {
	return &sheetsapi.Request{RepeatCell: &sheetsapi.RepeatCellRequest{
		Range:  &sheetsapi.GridRange{SheetId: sheetID, StartRowIndex: 0, EndRowIndex: 1},
		Cell:   &sheetsapi.CellData{UserEnteredFormat: &sheetsapi.CellFormat{TextFormat: &sheetsapi.TextFormat{Bold: true}}},
		Fields: "userEnteredFormat.textFormat.bold",
	}}
}

// writeValues writes every cell edit in one values:batchUpdate, each row
// where its key is now (see locate, which runs before every try), and
// returns the edits as located, for deleteRows. Called with s.mu held. A
// write that puts organizer columns' initial values on new rows
// (TabEdit.Initial) is not retried when its outcome is unknown: if the
// first try went through, an organizer may have edited the new rows since,
// and the repeat would write over that.
func (s *Store) writeValues(ctx context.Context, edits []sheets.TabEdit) ([]sheets.TabEdit, error) {
	unsafe := false
	for _, e := range edits {
		unsafe = unsafe || e.Initial
	}
	for attempt := 0; ; attempt++ {
		located, err := s.locate(ctx, edits)
		if err != nil {
			return nil, err
		}
		req := s.valuesRequest(located)
		if req == nil {
			return located, nil
		}
		wctx := withRebuild(ctx, func() ([]byte, error) {
			l, err := s.locate(ctx, edits)
			if err != nil {
				return nil, err
			}
			located = l
			r := s.valuesRequest(l)
			if r == nil {
				return nil, errNothingLeft
			}
			return json.Marshal(r)
		})
		if unsafe {
			wctx = notIdempotent(wctx)
		}
		_, err = s.svc.Spreadsheets.Values.BatchUpdate(s.id, req).Fields("totalUpdatedCells").Context(wctx).Do()
		if err == nil {
			return located, nil
		}
		if rerr, ok := rebuildFailed(err); ok {
			if errors.Is(rerr, errNothingLeft) {
				return located, nil
			}
			return nil, rerr
		}
		if code, msg := apiCode(err); code == 400 && strings.Contains(msg, "exceeds grid limits") && attempt == 0 {
			// Rows were deleted by hand since the grid size was read.
			if err := s.loadTabs(ctx, true); err != nil {
				return nil, err
			}
			if err := s.prepare(ctx, edits); err != nil {
				return nil, err
			}
			continue
		}
		return nil, s.c.fail("write", singleTab(edits), s.target(), err)
	}
}

// valuesRequest is the values:batchUpdate of the edits' cells, RAW; nil
// when there are none.
func (s *Store) valuesRequest(edits []sheets.TabEdit) *sheetsapi.BatchUpdateValuesRequest {
	var data []*sheetsapi.ValueRange
	for _, e := range edits {
		t := s.tab(e.Tab)
		title := e.Tab
		if t != nil {
			title = t.title
		}
		for _, b := range cellBlocks(e.Cells) {
			data = append(data, &sheetsapi.ValueRange{
				Range:          a1Range(title, b.r0, b.c0, b.r0+len(b.vals)-1, b.c0+len(b.vals[0])-1),
				MajorDimension: "ROWS",
				Values:         b.vals,
			})
		}
	}
	if len(data) == 0 {
		return nil
	}
	return &sheetsapi.BatchUpdateValuesRequest{ValueInputOption: "RAW", Data: data}
}

// deleteRows removes the plan's DeleteRows (as located: rows that changed
// since they were read are kept), highest first, runs of adjacent rows as
// one request, in one spreadsheets:batchUpdate. Deleting by position twice
// would remove other rows, so before each retry the rows are checked again
// (locate), and only those that still hold what they held when read
// (DeleteWas) are deleted: after a try that went through, none do. Rows
// without DeleteWas are deleted unchecked, retried only on 429. Called
// with s.mu held.
func (s *Store) deleteRows(ctx context.Context, edits []sheets.TabEdit) error {
	reqs, counts, err := s.deleteRequests(edits)
	if err != nil || len(reqs) == 0 {
		return err
	}
	retried := false
	guarded := true
	for _, e := range edits {
		for _, r := range e.DeleteRows {
			_, ok := e.DeleteWas[r]
			guarded = guarded && ok
		}
	}
	dctx := ctx
	if !guarded {
		// Rows that cannot be checked again: retried only on 429, and
		// deleted by the positions of the first try.
		dctx = notIdempotent(ctx)
	}
	dctx = withRebuild(dctx, func() ([]byte, error) {
		retried = true
		only := make([]sheets.TabEdit, len(edits))
		for i, e := range edits {
			only[i] = sheets.TabEdit{Tab: e.Tab, DeleteRows: e.DeleteRows, DeleteWas: e.DeleteWas}
		}
		l, err := s.locate(ctx, only)
		if err != nil {
			return nil, err
		}
		r, _, err := s.deleteRequests(l)
		if err != nil {
			return nil, err
		}
		if len(r) == 0 {
			return nil, errNothingLeft
		}
		return json.Marshal(&sheetsapi.BatchUpdateSpreadsheetRequest{Requests: r})
	})
	_, err = s.svc.Spreadsheets.BatchUpdate(s.id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: reqs}).
		Fields("spreadsheetId").Context(dctx).Do()
	if rerr, ok := rebuildFailed(err); ok {
		err = rerr
		if errors.Is(err, errNothingLeft) {
			err = nil
		}
	} else if err != nil {
		err = s.c.fail("delete rows from", singleTab(edits), s.target(), err)
	}
	if err != nil || retried {
		// The grid size is uncertain now; read it again next time.
		s.tabs = nil
		return err
	}
	for t, n := range counts {
		t.rows -= n
	}
	return nil
}

// deleteRequests are the deleteDimension requests of the edits' DeleteRows,
// highest first, and the rows each tab loses.
func (s *Store) deleteRequests(edits []sheets.TabEdit) ([]*sheetsapi.Request, map[*tabMeta]int64, error) {
	var reqs []*sheetsapi.Request
	counts := map[*tabMeta]int64{}
	for _, e := range edits {
		if len(e.DeleteRows) == 0 {
			continue
		}
		t := s.tab(e.Tab)
		if t == nil {
			return nil, nil, &sheets.OpError{Op: "delete rows from", Tab: e.Tab, Err: errors.New("the tab does not exist (was it deleted or renamed while podsync ran?); run podsync again")}
		}
		rows := e.DeleteRows // ascending, distinct
		for i := len(rows) - 1; i >= 0; {
			hi := rows[i]
			lo := hi
			i--
			for i >= 0 && rows[i] == lo-1 {
				lo = rows[i]
				i--
			}
			reqs = append(reqs, &sheetsapi.Request{DeleteDimension: &sheetsapi.DeleteDimensionRequest{Range: &sheetsapi.DimensionRange{
				SheetId: t.id, Dimension: "ROWS", StartIndex: int64(lo), EndIndex: int64(hi) + 1,
				ForceSendFields: []string{"StartIndex"},
			}}})
		}
		counts[t] += int64(len(rows))
	}
	return reqs, counts, nil
}

// sameRow compares two rows, ignoring trailing blank cells (Google omits
// them) and spaces around values.
func sameRow(a, b []string) bool {
	for i := range max(len(a), len(b)) {
		if strings.TrimSpace(sheets.CellAt(a, i)) != strings.TrimSpace(sheets.CellAt(b, i)) {
			return false
		}
	}
	return true
}

// TabTitle returns the title the spreadsheet gives the tab read as name:
// Google finds "Form Responses 1" in any case, and errors should name the
// tab the organizer sees.
func (s *Store) TabTitle(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tab(name); t != nil {
		return t.title
	}
	return name
}

// TabTitles lists the spreadsheet's tabs as it titles them (pod.TabLister),
// from the list Read loaded.
func (s *Store) TabTitles(ctx context.Context) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadTabs(ctx, false); err != nil {
		return nil, err
	}
	out := make([]string, len(s.tabs))
	for i, t := range s.tabs {
		out[i] = t.title
	}
	return out, nil
}
