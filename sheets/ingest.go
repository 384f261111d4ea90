package sheets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/podsync/podsync/matching"
	"github.com/xuri/excelize/v2"
)

// ParseError says where in a response export something is wrong, like
// encoding/csv's ParseError: the file (or tab), the line, the column, and
// what to do.
type ParseError struct {
	File   string // file name or `tab "Form Responses 1"`
	Line   int    // 1-based line (CSV) or row (sheet); 0 when not known
	Column string // header title or column letter; "" when not known
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ", line %d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Export is a response export as read: its header titles and rows, with the
// line each row started on.
type Export struct {
	Name   string // for errors: the file name or the tab
	Titles []string
	Rows   [][]string
	Lines  []int // Lines[i] is the line (or sheet row) of Rows[i]
}

// ReadResponsesFile reads a Google Forms export: a downloaded CSV, the linked
// sheet downloaded as CSV, or the linked sheet downloaded as .xlsx.
func ReadResponsesFile(path string, set *matching.Settings) ([]Response, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sheets: read responses: %w", err)
	}
	var ex *Export
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		ex, err = readXLSXExport(bytes.NewReader(data), name)
	} else {
		ex, err = ReadCSVExport(bytes.NewReader(data), name)
	}
	if err != nil {
		return nil, err
	}
	return ex.Responses(set)
}

// ReadCSVExport reads a CSV export. Quoting errors name their line and
// column; a byte-order mark is ignored; both LF and CRLF line ends work.
func ReadCSVExport(r io.Reader, name string) (*Export, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	ex := &Export{Name: "file " + name}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{File: ex.Name, Line: pe.Line, Column: fmt.Sprintf("character %d", pe.Column),
					Err: fmt.Errorf("%v; is this the CSV Google Forms downloads (Responses → Download responses)?", pe.Err)}
			}
			return nil, &ParseError{File: ex.Name, Err: err}
		}
		line, _ := cr.FieldPos(0)
		if ex.Titles == nil {
			if len(rec) > 0 {
				rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			}
			ex.Titles = rec
			continue
		}
		ex.Rows = append(ex.Rows, rec)
		ex.Lines = append(ex.Lines, line)
	}
	if ex.Titles == nil {
		return nil, &ParseError{File: ex.Name, Err: errors.New("the file is empty; download the responses again")}
	}
	return ex, nil
}

func readXLSXExport(r io.Reader, name string) (*Export, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &ParseError{File: "file " + name, Err: fmt.Errorf("not a readable .xlsx workbook: %v", err)}
	}
	defer f.Close()
	tabs, err := readTabs(f, LinkedTabs)
	if err != nil {
		return nil, &ParseError{File: "file " + name, Err: err}
	}
	for _, n := range LinkedTabs {
		if t := tabs[n]; t != nil {
			ex := ExportFromTable(t)
			ex.Name = fmt.Sprintf("file %s, tab %q", name, n)
			return ex, nil
		}
	}
	return nil, &ParseError{File: "file " + name, Err: fmt.Errorf("no tab %q; download the linked responses sheet (File → Download → .xlsx)", LinkedTabs[0])}
}

// ExportFromTable treats a tab (the linked "Form Responses 1") as an export.
func ExportFromTable(t *Table) *Export {
	ex := &Export{Name: fmt.Sprintf("tab %q", t.Name), Titles: t.Header}
	for i, r := range t.Rows {
		if blankRow(r) {
			continue
		}
		ex.Rows = append(ex.Rows, r)
		ex.Lines = append(ex.Lines, i+2)
	}
	return ex
}

// Responses turns the export's rows into responses. Titles are kept
// verbatim (repeats numbered by Columns); the timestamp shape decides how it
// is read; a response's ID is derived from its timestamp and answers, since
// exports carry none. Nothing is returned when any row is bad: the error
// names the row and column.
func (ex *Export) Responses(set *matching.Settings) ([]Response, error) {
	if set == nil {
		d := matching.DefaultSettings()
		set = &d
	}
	names := Columns(ex.Titles)
	tsCol := -1
	for i, t := range ex.Titles {
		if matching.Fold(t) == "timestamp" {
			tsCol = i
			break
		}
	}
	if tsCol < 0 {
		return nil, &ParseError{File: ex.Name, Line: 1, Err: errors.New(`no "Timestamp" column; is this a Google Forms response export?`)}
	}
	// Check the questions resolve before reading any row, so a renamed
	// header is reported once, by name.
	answerNames := append(append([]string(nil), names[:tsCol]...), names[tsCol+1:]...)
	if _, err := ResolveHeaders(answerNames, set.Headers, ex.Name); err != nil {
		return nil, err
	}
	tr := TimeReader{Loc: set.TimeZone}
	switch strings.ToUpper(set.DateOrder) {
	case "DMY":
		tr.DMY = true
	case "MDY":
	default:
		stamps := make([]string, len(ex.Rows))
		for i, r := range ex.Rows {
			stamps[i] = cellAt(r, tsCol)
		}
		dmy, err := DetectDateOrder(stamps)
		if err != nil {
			return nil, &ParseError{File: ex.Name, Column: ex.Titles[tsCol], Err: err}
		}
		tr.DMY = dmy
	}
	out := make([]Response, 0, len(ex.Rows))
	seen := map[string]bool{}
	for i, r := range ex.Rows {
		line := ex.Lines[i]
		if len(r) > len(ex.Titles) {
			extra := false
			for _, v := range r[len(ex.Titles):] {
				if v != "" {
					extra = true
				}
			}
			if extra {
				return nil, &ParseError{File: ex.Name, Line: line, Column: ColName(len(ex.Titles)),
					Err: fmt.Errorf("the row has %d cells but the header has %d titles; was a cell split or a column deleted?", len(r), len(ex.Titles))}
			}
		}
		ts, err := tr.Parse(cellAt(r, tsCol))
		if err != nil {
			return nil, &ParseError{File: ex.Name, Line: line, Column: ex.Titles[tsCol], Err: err}
		}
		resp := Response{Submitted: ts}
		h := newIDHash()
		h.add(FormatTime(ts))
		for c := range ex.Titles {
			if c == tsCol {
				continue
			}
			v := cellAt(r, c)
			resp.Fields = append(resp.Fields, Field{Title: names[c], Text: v})
			h.add(names[c])
			h.add(v)
		}
		resp.ID = "R-" + h.sum()
		if seen[resp.ID] {
			continue // the same response twice (a re-download pasted in)
		}
		seen[resp.ID] = true
		out = append(out, resp)
	}
	return out, nil
}

// SubmittedIn reads a Submitted at cell written by podsync (or typed in
// another shape) back into a time.
func SubmittedIn(s string, loc *time.Location) (time.Time, error) {
	return TimeReader{Loc: loc}.Parse(s)
}
