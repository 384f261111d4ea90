// Package xlsx is the local workbook store: a pod kept in one .xlsx file,
// the offline default that needs no Google account. It also reads
// workbooks people download (Download), such as the linked responses
// sheet, as stored (Read) or as the sheet shows them (ReadShown). Only this
// package and the exporter import excelize.
package xlsx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/podsync/podsync/sheets"
	"github.com/xuri/excelize/v2"
)

// Store keeps a pod in a local .xlsx workbook: the offline default, for
// pods with no Google account. The file is read afresh on every Read, so an
// organizer editing it between cycles is seen, and every Apply writes a new
// file beside it and renames it into place, so a failed write leaves the
// workbook's bytes as they were.
type Store struct {
	path string
}

var _ sheets.Store = (*Store)(nil)

// Open returns a store for the workbook at path. The file need not exist
// yet: the first Apply creates it. An existing file that is not a readable
// xlsx workbook is an error wrapping ErrNotPod.
func Open(path string) (*Store, error) {
	s := &Store{path: path}
	f, err := s.open()
	if err != nil {
		return nil, err
	}
	if f != nil {
		f.Close()
	}
	return s, nil
}

// Path is the workbook's file name.
func (s *Store) Path() string { return s.path }

// open returns the workbook, or nil when the file does not exist.
func (s *Store) open() (*excelize.File, error) {
	f, err := excelize.OpenFile(s.path)
	if err == nil {
		return f, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		if _, statErr := os.Stat(s.path); errors.Is(statErr, fs.ErrNotExist) {
			return nil, nil
		}
	}
	return nil, &sheets.OpError{Op: "open workbook " + filepath.Base(s.path),
		Err: fmt.Errorf("%w: %v (is it an .xlsx file saved by Excel, LibreOffice or Google Sheets' File → Download → .xlsx?)", sheets.ErrNotPod, err)}
}

// Read implements Store.
func (s *Store) Read(ctx context.Context, tabs ...string) (map[string]*sheets.Table, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := s.open()
	if err != nil || f == nil {
		return map[string]*sheets.Table{}, err
	}
	defer f.Close()
	return readTabs(f, tabs)
}

// Download is a workbook someone downloaded (File → Download → Microsoft
// Excel), read once from a reader: the linked responses sheet, for one.
type Download struct{ f *excelize.File }

// ReadDownload reads a whole workbook from r. An error means r holds no
// readable xlsx workbook.
func ReadDownload(r io.Reader) (*Download, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, err
	}
	return &Download{f: f}, nil
}

// TabNames lists the workbook's tabs in their order.
func (d *Download) TabNames() []string { return d.f.GetSheetList() }

// Read returns the named tabs that the workbook has, read as Store.Read
// reads them: each cell's stored value (Google's 2018.0 for 2018, a date's
// serial number). ReadShown reads them as the sheet shows them.
func (d *Download) Read(tabs ...string) (map[string]*sheets.Table, error) { return readTabs(d.f, tabs) }

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

// Apply implements Store.
func (s *Store) Apply(ctx context.Context, p *sheets.Plan) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p.Empty() {
		return nil
	}
	f, err := s.open()
	if err != nil {
		return err
	}
	fresh := f == nil
	if fresh {
		f = excelize.NewFile()
	}
	defer f.Close()
	if err := applyPlan(f, p); err != nil {
		return err
	}
	if fresh {
		// NewFile starts with an empty "Sheet1" that no pod needs.
		if idx, _ := f.GetSheetIndex("Sheet1"); idx >= 0 && len(f.GetSheetList()) > 1 {
			if err := f.DeleteSheet("Sheet1"); err != nil {
				return &sheets.OpError{Op: "write workbook", Err: err}
			}
		}
		f.SetActiveSheet(0)
	}
	return s.save(f)
}

func applyPlan(f *excelize.File, p *sheets.Plan) error {
	var bold int
	for _, t := range p.Tabs {
		if t.Remove {
			// Not there, or the workbook's only tab: nothing to do.
			if err := f.DeleteSheet(t.Tab); err != nil {
				return &sheets.OpError{Op: "remove", Tab: t.Tab, Err: err}
			}
			continue
		}
		if t.Create {
			if _, err := f.NewSheet(t.Tab); err != nil {
				return &sheets.OpError{Op: "create", Tab: t.Tab, Err: err}
			}
			if t.Hidden {
				if err := f.SetSheetVisible(t.Tab, false); err != nil {
					return &sheets.OpError{Op: "hide", Tab: t.Tab, Err: err}
				}
			} else {
				if bold == 0 {
					var err error
					if bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
						return &sheets.OpError{Op: "style", Tab: t.Tab, Err: err}
					}
				}
				if err := f.SetRowStyle(t.Tab, 1, 1, bold); err != nil {
					return &sheets.OpError{Op: "style", Tab: t.Tab, Err: err}
				}
				if err := f.SetPanes(t.Tab, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
					return &sheets.OpError{Op: "freeze header of", Tab: t.Tab, Err: err}
				}
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
	}
	return nil
}

// save writes the workbook to a temporary file beside the target and
// renames it into place, so readers never see a half-written pod.
func (s *Store) save(f *excelize.File) error {
	dir := filepath.Dir(s.path)
	tmp, err := os.CreateTemp(dir, ".podsync-*.xlsx")
	if err != nil {
		return &sheets.OpError{Op: "write workbook", Err: err}
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename this is a no-op
	if _, err := f.WriteTo(tmp); err != nil {
		tmp.Close()
		return &sheets.OpError{Op: "write workbook", Err: err}
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return &sheets.OpError{Op: "write workbook", Err: err}
	}
	if err := tmp.Close(); err != nil {
		return &sheets.OpError{Op: "write workbook", Err: err}
	}
	// A new pod holds every member's answers, phone and email: readable by
	// its owner only. An existing file keeps the mode its owner gave it.
	mode := fs.FileMode(0o600)
	if st, err := os.Stat(s.path); err == nil {
		mode = st.Mode().Perm()
	}
	if err := os.Chmod(name, mode); err != nil {
		return &sheets.OpError{Op: "write workbook", Err: err}
	}
	if err := os.Rename(name, s.path); err != nil {
		return &sheets.OpError{Op: "write workbook", Err: err}
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
