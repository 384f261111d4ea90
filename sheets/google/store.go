package google

import (
	"context"
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
// values:batchUpdate, plus one spreadsheets:batchUpdate before it when tabs
// are created or grown, and one after it when rows are deleted; an empty
// plan costs nothing. Values are written RAW, so answers are never read as
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
	tabs := make([]*tabMeta, 0, len(ss.Sheets))
	for _, sh := range ss.Sheets {
		if sh.Properties == nil {
			continue
		}
		tabs = append(tabs, metaOf(sh.Properties))
	}
	if ss.Properties != nil {
		s.title = ss.Properties.Title
	}
	s.tabs = tabs
	return nil
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
		if len(resp.ValueRanges) != len(names) {
			return nil, &sheets.OpError{Op: "read", Err: fmt.Errorf("Google returned %d ranges for %d tabs", len(resp.ValueRanges), len(names))}
		}
		for i, vr := range resp.ValueRanges {
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
// spreadsheets:batchUpdate, every cell is written in one values:batchUpdate
// (RAW), then rows are deleted, highest first, in one more
// spreadsheets:batchUpdate.
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
	if err := s.writeValues(ctx, edits); err != nil {
		return err
	}
	return s.deleteRows(ctx, edits)
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
		for _, r := range resp.Replies {
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

// writeValues writes every cell edit in one values:batchUpdate. Called
// with s.mu held. A write that puts organizer columns' initial values on
// new rows (TabEdit.Initial) is not retried when its outcome is unknown:
// if the first try went through, an organizer may have edited the new
// rows since, and the repeat would write over that.
func (s *Store) writeValues(ctx context.Context, edits []sheets.TabEdit) error {
	var data []*sheetsapi.ValueRange
	wctx := ctx
	for _, e := range edits {
		if e.Initial {
			wctx = notIdempotent(ctx)
		}
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
	for attempt := 0; ; attempt++ {
		_, err := s.svc.Spreadsheets.Values.BatchUpdate(s.id, &sheetsapi.BatchUpdateValuesRequest{
			ValueInputOption: "RAW", Data: data,
		}).Fields("totalUpdatedCells").Context(wctx).Do()
		if err == nil {
			return nil
		}
		if code, msg := apiCode(err); code == 400 && strings.Contains(msg, "exceeds grid limits") && attempt == 0 {
			// Rows were deleted by hand since the grid size was read.
			if err := s.loadTabs(ctx, true); err != nil {
				return err
			}
			if err := s.prepare(ctx, edits); err != nil {
				return err
			}
			continue
		}
		return s.c.fail("write", singleTab(edits), s.target(), err)
	}
}

// deleteRows removes the plan's DeleteRows, highest first, runs of
// adjacent rows as one request, in one spreadsheets:batchUpdate. It is not
// retried when the outcome is unknown: deleting by position twice would
// remove other rows. Called with s.mu held.
func (s *Store) deleteRows(ctx context.Context, edits []sheets.TabEdit) error {
	edits, err := s.stillStale(ctx, edits)
	if err != nil {
		return err
	}
	var reqs []*sheetsapi.Request
	var counts []struct {
		t *tabMeta
		n int64
	}
	for _, e := range edits {
		if len(e.DeleteRows) == 0 {
			continue
		}
		t := s.tab(e.Tab)
		if t == nil {
			return &sheets.OpError{Op: "delete rows from", Tab: e.Tab, Err: errors.New("the tab does not exist")}
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
		counts = append(counts, struct {
			t *tabMeta
			n int64
		}{t, int64(len(rows))})
	}
	if len(reqs) == 0 {
		return nil
	}
	_, err = s.svc.Spreadsheets.BatchUpdate(s.id, &sheetsapi.BatchUpdateSpreadsheetRequest{Requests: reqs}).
		Fields("spreadsheetId").Context(notIdempotent(ctx)).Do()
	if err != nil {
		// The grid size is uncertain now; read it again next time.
		s.tabs = nil
		return s.c.fail("delete rows from", singleTab(edits), s.target(), err)
	}
	for _, c := range counts {
		c.t.rows -= c.n
	}
	return nil
}

// stillStale reads again, in one values:batchGet, the rows the edits are
// about to delete that carry what they held when read (DeleteWas), and
// leaves out of the deletion each row that changed since: an organizer who
// typed into it, or rows that moved because someone inserted or removed a
// row above. A row kept this way is reconsidered by the next cycle.
// Called with s.mu held.
func (s *Store) stillStale(ctx context.Context, edits []sheets.TabEdit) ([]sheets.TabEdit, error) {
	var ranges []string
	type at struct{ e, row int }
	var where []at
	for i, e := range edits {
		t := s.tab(e.Tab)
		if t == nil || e.DeleteWas == nil {
			continue
		}
		for _, r := range e.DeleteRows {
			if _, ok := e.DeleteWas[r]; ok {
				ranges = append(ranges, fmt.Sprintf("%s!%d:%d", quoteTab(t.title), r+1, r+1))
				where = append(where, at{i, r})
			}
		}
	}
	if len(ranges) == 0 {
		return edits, nil
	}
	resp, err := s.svc.Spreadsheets.Values.BatchGet(s.id).Ranges(ranges...).
		ValueRenderOption("FORMATTED_VALUE").MajorDimension("ROWS").Context(ctx).Do()
	if err != nil {
		return nil, s.c.fail("check rows to delete in", singleTab(edits), s.target(), err)
	}
	if len(resp.ValueRanges) != len(ranges) {
		return nil, &sheets.OpError{Op: "check rows to delete", Err: fmt.Errorf("Google returned %d ranges for %d rows", len(resp.ValueRanges), len(ranges))}
	}
	changed := map[at]bool{}
	for k, vr := range resp.ValueRanges {
		var now []string
		if len(vr.Values) > 0 {
			for _, v := range vr.Values[0] {
				now = append(now, cellString(v))
			}
		}
		w := where[k]
		if !sameRow(now, edits[w.e].DeleteWas[w.row]) {
			changed[w] = true
		}
	}
	if len(changed) == 0 {
		return edits, nil
	}
	out := slices.Clone(edits)
	for i := range out {
		var keep []int
		for _, r := range out[i].DeleteRows {
			if !changed[at{i, r}] {
				keep = append(keep, r)
			}
		}
		out[i].DeleteRows = keep
	}
	return out, nil
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
