// Package xlsx is the local workbook store: a pod kept in one .xlsx file,
// the offline default that needs no Google account. It also reads
// workbooks people download (Download), such as the linked responses
// sheet, as stored (Read) or as the sheet shows them (ReadShown). Only this
// package and the exporter import excelize.
package xlsx

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/gofrs/flock"

	"github.com/podsync/podsync/sheets"
	"github.com/xuri/excelize/v2"
)

// Store keeps a pod in a local .xlsx workbook: the offline default, for
// pods with no Google account. The file is read afresh on every Read, so an
// organizer editing it between cycles is seen. Apply refuses a workbook that
// Excel or LibreOffice has open (ErrInUse) or that was saved since the last
// Read (ErrChanged), and replaces the file atomically: a failed or killed
// write leaves the workbook's bytes as they were. Reads and writes hold a
// lock beside the file, so two podsync processes never interleave on one
// workbook (Lock holds it for a whole cycle).
type Store struct {
	path     string
	lockWait time.Duration

	mu   sync.Mutex
	lk   fileLock
	base *stamp // the file as the last Read saw it; nil before any Read
}

var _ sheets.Store = (*Store)(nil)

// Open returns a store for the workbook at path. The file need not exist
// yet: the first Apply creates it (OpenExisting requires it). An existing
// file that is not a readable xlsx workbook is an error wrapping ErrNotPod.
// What an earlier podsync killed mid-write left beside it is removed.
func Open(path string) (*Store, error) {
	s := &Store{path: path, lockWait: DefaultLockWait}
	if t, err := target(path); err == nil {
		if fl := flock.New(lockPath(t), flock.SetPermissions(0o600)); fl != nil {
			// Only while no other podsync is writing it.
			if ok, _ := fl.TryLock(); ok {
				removeStaleTemps(t)
				_ = fl.Unlock()
			}
		}
	}
	f, _, err := s.open(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	if f != nil {
		f.Close()
	}
	return s, nil
}

// OpenExisting is Open for a workbook that must exist already (doctor,
// export): a missing one is an error wrapping fs.ErrNotExist that says so.
func OpenExisting(path string) (*Store, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &sheets.OpError{Op: fmt.Sprintf("open pod %q", path),
			Err: missing(fmt.Sprintf("there is no such file: check the path, or create the pod with podsync init --workbook %s", path))}
	}
	if err == nil && st.IsDir() {
		return nil, &sheets.OpError{Op: fmt.Sprintf("open pod %q", path), Err: fmt.Errorf("%w: it is a folder; give the workbook's file name", sheets.ErrNotPod)}
	}
	return Open(path)
}

// missing is an error that says a pod is not there, wrapping
// fs.ErrNotExist.
type missing string

func (m missing) Error() string { return string(m) }
func (m missing) Unwrap() error { return fs.ErrNotExist }

// SetLockWait sets how long Read, Apply and Lock wait for another podsync
// syncing the same workbook (DefaultLockWait unless set).
func (s *Store) SetLockWait(d time.Duration) {
	s.mu.Lock()
	s.lockWait = d
	s.mu.Unlock()
}

// Path is the workbook's file name.
func (s *Store) Path() string { return s.path }

// Lock holds the workbook's lock until unlock is called, so that a whole
// cycle (its Read, its Apply) runs with no other podsync in between. It
// waits for another podsync holding it, up to the store's lock wait, then
// fails wrapping ErrLocked and saying who holds it.
func (s *Store) Lock(ctx context.Context) (unlock func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lockLocked(ctx); err != nil {
		if errors.Is(err, ErrLocked) || ctx.Err() != nil {
			return nil, &sheets.OpError{Op: fmt.Sprintf("lock pod %q", s.path), Err: err}
		}
		// No lock file can be made there (a folder that does not exist, or
		// is read-only): nothing can be written either, and Apply says why.
		return func() {}, nil
	}
	return func() {
		s.mu.Lock()
		s.lk.unlock()
		s.mu.Unlock()
	}, nil
}

func (s *Store) lockLocked(ctx context.Context) error {
	t, err := target(s.path)
	if err != nil {
		return err
	}
	return s.lk.lock(ctx, t, s.lockWait)
}

// open reads the workbook (nil when the file does not exist) after checking
// it against the limits (limits.go) for tabs, with the stamp of what it read.
func (s *Store) open(ctx context.Context, tabs []string) (*excelize.File, stamp, error) {
	data, st, err := readFile(s.path)
	if err != nil {
		return nil, st, &sheets.OpError{Op: fmt.Sprintf("open pod %q", s.path), Err: err}
	}
	if !st.exists {
		return nil, st, nil
	}
	f, err := openBytes(data, tabs)
	if err != nil {
		return nil, st, &sheets.OpError{Op: fmt.Sprintf("open pod %q", s.path), Err: err}
	}
	return f, st, ctx.Err()
}

// openBytes opens a workbook held in data, once it is within the limits for
// tabs.
func openBytes(data []byte, tabs []string) (*excelize.File, error) {
	if err := checkWorkbook(data, tabs); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxWorkbookBytes})
	if err != nil {
		return nil, fmt.Errorf("%w: %v (is it an .xlsx file saved by Excel, LibreOffice or Google Sheets' File → Download → .xlsx?)", sheets.ErrNotPod, err)
	}
	return f, nil
}

// Read implements Store. What it read is what the next Apply checks is
// still there.
func (s *Store) Read(ctx context.Context, tabs ...string) (map[string]*sheets.Table, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Without the lock when it cannot be taken at all (a folder that does
	// not exist, or that is read-only): reading changes nothing, and a
	// write there fails and says why.
	locked := false
	if err := s.lockLocked(ctx); err == nil {
		locked = true
	} else if errors.Is(err, ErrLocked) || ctx.Err() != nil {
		return nil, &sheets.OpError{Op: fmt.Sprintf("read pod %q", s.path), Err: err}
	}
	f, st, err := s.open(ctx, tabs)
	if locked {
		s.lk.unlock()
	}
	if err != nil {
		return nil, err
	}
	s.base = &st
	if f == nil {
		return map[string]*sheets.Table{}, nil
	}
	defer f.Close()
	return readTabs(f, tabs)
}

// Download is a workbook someone downloaded (File → Download → Microsoft
// Excel), read once from a reader: the linked responses sheet, for one.
type Download struct {
	f    *excelize.File
	data []byte
}

// ReadDownload reads a whole workbook from r. An error means r holds no
// readable xlsx workbook, or one past what podsync reads (limits.go).
func ReadDownload(r io.Reader) (*Download, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxWorkbookBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxWorkbookBytes {
		return nil, fmt.Errorf("the file is larger than the %s podsync reads", mb(MaxWorkbookBytes))
	}
	f, err := openBytes(data, nil)
	if err != nil {
		return nil, err
	}
	return &Download{f: f, data: data}, nil
}

// TabNames lists the workbook's tabs in their order.
func (d *Download) TabNames() []string { return d.f.GetSheetList() }

// Read returns the named tabs that the workbook has, read as Store.Read
// reads them: each cell's stored value (Google's 2018.0 for 2018, a date's
// serial number). ReadShown reads them as the sheet shows them.
func (d *Download) Read(tabs ...string) (map[string]*sheets.Table, error) {
	if err := checkWorkbook(d.data, tabs); err != nil {
		return nil, err
	}
	return readTabs(d.f, tabs)
}

// Close releases the workbook.
func (d *Download) Close() error { return d.f.Close() }

func readTabs(f *excelize.File, tabs []string) (map[string]*sheets.Table, error) {
	out := make(map[string]*sheets.Table, len(tabs))
	present := f.GetSheetList()
	for _, name := range tabs {
		if !slices.Contains(present, name) {
			continue
		}
		// Raw values: strings come back exactly as written, and a
		// date-time typed into the sheet comes back as its serial number
		// rather than in whatever display format the cell has.
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &sheets.OpError{Op: "read", Tab: name, Err: err}
		}
		t := &sheets.Table{Name: name}
		if len(rows) > 0 {
			t.Header = rows[0]
			t.Rows = rows[1:]
		}
		out[name] = t
	}
	return out, nil
}

// Apply implements Store. It fails, writing nothing, when Excel or
// LibreOffice has the workbook open (ErrInUse), when it was saved since the
// last Read (ErrChanged: redo the cycle from a fresh read), or when another
// podsync holds it past the lock wait (ErrLocked).
func (s *Store) Apply(ctx context.Context, p *sheets.Plan) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p.Empty() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.lockLocked(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return s.writeErr(err)
	}
	defer s.lk.unlock()
	t, err := target(s.path)
	if err != nil {
		return s.writeErr(err)
	}
	if err := openElsewhere(s.path, t); err != nil {
		return s.writeErr(err)
	}
	removeStaleTemps(t)
	data, st, err := readFile(t)
	if err != nil {
		return &sheets.OpError{Op: fmt.Sprintf("open pod %q", s.path), Err: err}
	}
	if s.base != nil && !s.base.same(st) {
		return s.writeErr(fmt.Errorf("%w: it was saved while podsync was syncing, and nothing was written; sync again (podsync reads it afresh, keeping what was saved)", ErrChanged))
	}
	var f *excelize.File
	if st.exists {
		var tabs []string
		if s.base == nil {
			// Not read by this store: check the tabs the plan loads.
			tabs = p.SortedTabs()
		}
		if f, err = openBytes(data, tabs); err != nil {
			return &sheets.OpError{Op: fmt.Sprintf("open pod %q", s.path), Err: err}
		}
	} else {
		f = excelize.NewFile()
	}
	defer f.Close()
	if err := applyPlan(f, p); err != nil {
		return err
	}
	if !st.exists {
		// NewFile starts with an empty "Sheet1" that no pod needs.
		if idx, _ := f.GetSheetIndex("Sheet1"); idx >= 0 && len(f.GetSheetList()) > 1 {
			if err := f.DeleteSheet("Sheet1"); err != nil {
				return &sheets.OpError{Op: "write workbook", Err: err}
			}
		}
		f.SetActiveSheet(0)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return s.writeErr(err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := replace(t, buf.Bytes()); err != nil {
		return s.writeErr(err)
	}
	s.base = &stamp{exists: true, size: int64(buf.Len()), sum: sha256.Sum256(buf.Bytes())}
	return nil
}

func isHidden(f *excelize.File, tab string) bool {
	v, err := f.GetSheetVisible(tab)
	return err == nil && !v
}

// writeErr names the pod and what failed writing it.
func (s *Store) writeErr(err error) error {
	return &sheets.OpError{Op: fmt.Sprintf("write pod %q", s.path), Err: err}
}

func applyPlan(f *excelize.File, p *sheets.Plan) error {
	ft := &looks{f: f}
	for i := range p.Tabs {
		t := &p.Tabs[i]
		if t.Remove {
			// Not there, or the workbook's only tab: nothing to do.
			if err := f.DeleteSheet(t.Tab); err != nil {
				return &sheets.OpError{Op: "remove", Tab: t.Tab, Err: err}
			}
			continue
		}
		l := layoutOf(t)
		if t.Create {
			if _, err := f.NewSheet(t.Tab); err != nil {
				return &sheets.OpError{Op: "create", Tab: t.Tab, Err: err}
			}
			if t.Hidden {
				if err := f.SetSheetVisible(t.Tab, false); err != nil {
					return &sheets.OpError{Op: "hide", Tab: t.Tab, Err: err}
				}
			} else if err := ft.created(t, l); err != nil {
				return err
			}
		}
		for _, c := range t.Cells {
			// excelize would silently cut a longer text, and the next
			// sync would see it differ: refuse, and say what to do.
			if n := utf16Len(c.Value); n > excelize.TotalCellChars {
				return &sheets.TabError{Tab: t.Tab, Row: c.Row + 1,
					Err: fmt.Errorf("cell %s: a text of %d characters does not fit an .xlsx cell (at most %d)", c.A1(), n, excelize.TotalCellChars),
					Fix: "shorten that answer in the responses, or keep this pod in Google Sheets, which holds 50,000"}
			}
			// SetCellStr stores text as text: "=SUM(…)" or "+1 555…"
			// typed by a respondent never becomes a formula or number.
			if err := f.SetCellStr(t.Tab, c.A1(), c.Value); err != nil {
				return &sheets.OpError{Op: "write", Tab: t.Tab, Err: fmt.Errorf("cell %s: %w", c.A1(), err)}
			}
		}
		for i := len(t.DeleteRows) - 1; i >= 0; i-- {
			if err := f.RemoveRow(t.Tab, t.DeleteRows[i]+1); err != nil {
				return &sheets.OpError{Op: "delete row from", Tab: t.Tab, Err: err}
			}
		}
		if !t.Hidden && !isHidden(f, t.Tab) {
			if err := ft.written(t, l); err != nil {
				return err
			}
		}
	}
	return nil
}

// utf16Len is the length of s in UTF-16 code units, as Excel counts a
// cell's characters.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
