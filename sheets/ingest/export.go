package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/xlsx"
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
		if strings.HasPrefix(e.File, "tab ") || strings.Contains(e.File, ", tab ") {
			fmt.Fprintf(&b, ", row %d", e.Line)
		} else {
			fmt.Fprintf(&b, ", line %d", e.Line)
		}
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
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

// ReadCSVExport reads a CSV export in either of Google's shapes: the
// downloaded one (every field quoted, LF, no final newline) and the linked
// sheet's (minimal quoting, CRLF, bare LF inside cells). A byte-order mark
// is ignored and blank lines are skipped. Errors are *ParseError naming the
// line and, where it can tell, the column.
func ReadCSVExport(r io.Reader, name string) (*Export, error) {
	ex := &Export{Name: "file " + name}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &ParseError{File: ex.Name, Err: err}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{File: ex.Name, Err: errors.New("the file is empty; download the responses again")}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, &ParseError{File: ex.Name, Err: errors.New("the file is not text (it has NUL bytes); pass the CSV or .xlsx file Google downloads")}
	}
	data = lineEnds(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.Comma = sniffDelimiter(data)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				what := "a quote mark inside a cell must be doubled (\"\"), and a quoted cell must end with one"
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					what = "the line has a different number of cells"
				}
				return nil, &ParseError{File: ex.Name, Line: pe.Line, Column: csvErrColumn(data, pe, ex.Titles),
					Err: fmt.Errorf("%v: %s; download the file from Google again instead of editing it, or fix that line", pe.Err, what)}
			}
			return nil, &ParseError{File: ex.Name, Err: err}
		}
		for i, v := range rec {
			if !utf8.ValidString(v) {
				line, _ := cr.FieldPos(i)
				col := sheets.ColLetter(i)
				if ex.Titles != nil && i < len(ex.Titles) && strings.TrimSpace(ex.Titles[i]) != "" {
					col = ex.Titles[i]
				}
				return nil, &ParseError{File: ex.Name, Line: line, Column: col,
					Err: errors.New("the text is not UTF-8; download the CSV from Google again, or save it as \"CSV UTF-8\" if a spreadsheet program opened it")}
			}
		}
		line, _ := cr.FieldPos(0)
		if ex.Titles == nil {
			ex.Titles = rec
			continue
		}
		if sheets.BlankRow(rec) {
			continue
		}
		// Google writes every cell of every row. A row with fewer cells
		// than the header (or more, not all empty) would put answers under
		// the wrong questions: usually a comma in a title or an answer
		// that lost its quotes.
		if n := len(ex.Titles); len(rec) != n && (len(rec) < n || !sheets.BlankRow(rec[n:])) {
			return nil, &ParseError{File: ex.Name, Line: line, Column: sheets.ColLetter(min(len(rec), n)),
				Err: fmt.Errorf("the line has %d cells but the header row has %d, so answers would land under the wrong questions; a title or answer with a comma must be in quotes: download the file from Google again instead of editing it, or fix that line", len(rec), n)}
		}
		if len(rec) > len(ex.Titles) {
			rec = rec[:len(ex.Titles)]
		}
		ex.Rows = append(ex.Rows, rec)
		ex.Lines = append(ex.Lines, line)
	}
	if ex.Titles == nil {
		return nil, &ParseError{File: ex.Name, Err: errors.New("the file is empty; download the responses again")}
	}
	return ex, nil
}

// lineEnds makes the export's line ends "\n", which is what encoding/csv
// splits lines at: CR LF (the linked sheet's) and a lone CR (an old Mac
// program's) everywhere, inside quoted cells too, where either is a line
// break within the answer. A file whose first line ends, outside quotes,
// in U+2028 or U+2029 (the Unicode line and paragraph separators, which
// some programs write) has those as its line ends, outside quotes; in any
// other file they are characters of an answer (a pasted line break), left
// for CleanText.
func lineEnds(data []byte) []byte {
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	const ls, ps = "\u2028", "\u2029"
	if !bytes.Contains(data, []byte(ls)) && !bytes.Contains(data, []byte(ps)) {
		return data
	}
	quoted := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return data
		case bytes.HasPrefix(data[i:], []byte(ls)) || bytes.HasPrefix(data[i:], []byte(ps)):
			return unicodeLineEnds(data)
		}
	}
	return data
}

// unicodeLineEnds replaces U+2028 and U+2029 outside quotes with "\n".
func unicodeLineEnds(data []byte) []byte {
	out := make([]byte, 0, len(data))
	quoted := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '"' {
			quoted = !quoted
		}
		if !quoted && c == 0xe2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xa8 || data[i+2] == 0xa9) {
			out = append(out, '\n')
			i += 2
			continue
		}
		out = append(out, c)
	}
	return out
}

// sniffDelimiter finds the delimiter from the header line, outside quotes:
// Google writes commas, but a spreadsheet program that opened the file and
// saved it again in a locale whose lists use ";" writes those (and a copy
// pasted from a sheet is tab-separated).
func sniffDelimiter(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	switch {
	case counts[','] > 0:
		return ','
	case counts['\t'] > 0:
		return '\t'
	case counts[';'] > 0:
		return ';'
	}
	return ','
}

// csvErrColumn names the cell a CSV error is in: its header title when the
// header is read and titled, else its column letter.
func csvErrColumn(data []byte, pe *csv.ParseError, titles []string) string {
	lineStart := func(n int) int { // byte offset of 1-based line n
		off := 0
		for l := 1; l < n; l++ {
			i := bytes.IndexByte(data[off:], '\n')
			if i < 0 {
				return len(data)
			}
			off += i + 1
		}
		return off
	}
	start := lineStart(pe.StartLine)
	end := lineStart(pe.Line) + pe.Column - 1
	if end > len(data) {
		end = len(data)
	}
	if start > end {
		return ""
	}
	field, quoted := 0, false
	comma := byte(sniffDelimiter(data))
	for _, c := range data[start:end] {
		switch {
		case c == '"':
			quoted = !quoted
		case c == comma && !quoted:
			field++
		}
	}
	if field < len(titles) && strings.TrimSpace(titles[field]) != "" {
		return titles[field]
	}
	return sheets.ColLetter(field)
}

func readXLSXExport(r io.Reader, name string) (*Export, error) {
	f, err := xlsx.ReadDownload(r)
	if err != nil {
		return nil, &ParseError{File: "file " + name, Err: fmt.Errorf("not a readable .xlsx workbook: %v; download the linked responses sheet again (File → Download → Microsoft Excel (.xlsx))", err)}
	}
	defer f.Close()
	tabs := append([]string(nil), sheets.LinkedTabs...)
	// A form linked again writes "Form Responses 2", …: take the lowest.
	for _, n := range f.TabNames() {
		if linkedTabRE.MatchString(matching.Fold(n)) && !slices.Contains(tabs, n) {
			tabs = append(tabs, n)
		}
	}
	if !slices.ContainsFunc(tabs, func(n string) bool { return slices.Contains(f.TabNames(), n) }) {
		// Google names the tab in the spreadsheet owner's language
		// ("Respuestas de formulario 1", "Ответы на форму (1)"): take the
		// first tab whose header has Google's timestamp column.
		heads, err := f.Read(f.TabNames()...)
		if err != nil {
			return nil, &ParseError{File: "file " + name, Err: err}
		}
		for _, n := range f.TabNames() {
			if t := heads[n]; t != nil && slices.ContainsFunc(t.Header, isTimestampTitle) {
				tabs = []string{n}
				break
			}
		}
	}
	// Answers read as the sheet shows them (and Google's CSV of it writes
	// them): 2018, not the 2018.0 the file holds; a date as its date.
	shown, err := f.ReadShown(tabs...)
	if err != nil {
		return nil, &ParseError{File: "file " + name, Err: err}
	}
	raw, err := f.Read(tabs...)
	if err != nil {
		return nil, &ParseError{File: "file " + name, Err: err}
	}
	for _, n := range tabs {
		if t := shown[n]; t != nil {
			ex := ExportFromTable(t)
			ex.Name = fmt.Sprintf("file %s, tab %q", name, n)
			// The timestamp stays the date-time number the file holds:
			// it has the fraction of a second that its shown text
			// rounds away, and no day/month order to guess. Both reads
			// have the same rows: sheet row k is Rows[k-2] of either.
			if c := ex.timestampColumn(); c >= 0 {
				for i, line := range ex.Lines {
					if line-2 < len(raw[n].Rows) {
						for len(ex.Rows[i]) <= c {
							ex.Rows[i] = append(ex.Rows[i], "")
						}
						ex.Rows[i][c] = sheets.CellAt(raw[n].Rows[line-2], c)
					}
				}
			}
			return ex, nil
		}
	}
	return nil, &ParseError{File: "file " + name, Err: fmt.Errorf("no tab %s, nor one with a Timestamp column (the workbook has %s); download the spreadsheet the form is linked to (File → Download → Microsoft Excel (.xlsx))",
		fmt.Sprintf("%q or %q", sheets.LinkedTabs[0], sheets.LinkedTabs[1]), quoteList(f.TabNames()))}
}

var linkedTabRE = regexp.MustCompile(`^form responses \d+$`)

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	if len(q) == 0 {
		return "no tabs"
	}
	return strings.Join(q, ", ")
}

// ExportFromTable treats a tab (the linked "Form Responses 1" or "Form
// responses 1") as an export; errors name the tab by t.Name.
//
// A sheet read back drops trailing empty cells, so the header of a form
// whose last question is untitled is shorter than its rows: it is widened
// with empty titles, named "Column X" like any untitled question.
func ExportFromTable(t *sheets.Table) *Export {
	ex := &Export{Name: fmt.Sprintf("tab %q", t.Name), Titles: t.Header}
	width := len(t.Header)
	for i, r := range t.Rows {
		if sheets.BlankRow(r) {
			continue
		}
		ex.Rows = append(ex.Rows, r)
		ex.Lines = append(ex.Lines, i+2)
		if n := lastNonBlank(r) + 1; n > width {
			width = n
		}
	}
	if width > len(ex.Titles) && len(ex.Titles) > 0 {
		ex.Titles = append(append([]string(nil), ex.Titles...), make([]string, width-len(ex.Titles))...)
	}
	return ex
}

func lastNonBlank(r []string) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] != "" {
			return i
		}
	}
	return -1
}

// Separator says how the export joins checkbox answers, from the shape of
// its timestamps: a downloaded CSV ("2026/11/20 9:05:12 AM GMT-5") joins
// them with ";", the linked sheet ("11/20/2026 9:05:12", or a date-time
// number in xlsx) with ", ". It is "" when the export has no timestamp of
// either shape, and each answer then shows its own.
func (ex *Export) Separator() string {
	tsCol := ex.timestampColumn()
	if tsCol < 0 {
		return ""
	}
	for _, r := range ex.Rows {
		switch KindOf(sheets.CellAt(r, tsCol)) {
		case DownloadTime:
			return DownloadSep
		case LinkedTime, SerialTime:
			return LinkedSep
		}
	}
	return ""
}

// timestampColumn is the first column titled as Google titles the
// response's time, in any language it writes (googleTitles); -1 if none.
func (ex *Export) timestampColumn() int {
	for i, t := range ex.Titles {
		if isTimestampTitle(t) {
			return i
		}
	}
	return -1
}

// Responses turns the export's rows into responses. Titles are kept
// verbatim (repeats numbered by Columns); the timestamp shape decides how it
// is read. Nothing is returned when any row is bad: the error is a
// *ParseError naming the row and column.
//
// Exports carry no response ID, so a response's ID is "R-" and the
// Fingerprint of its answers: it stays the same when the form gains a
// question (old responses have it blank), when a question is retitled or a
// header map changes, when the Settings' Time zone is corrected, and
// between the downloaded CSV, the linked sheet and its downloads of one
// response. Two rows with the same answers are one response, the newer.
func (ex *Export) Responses(set *matching.Settings) ([]Response, error) {
	if set == nil {
		d := matching.DefaultSettings()
		set = &d
	}
	titles := make([]string, len(ex.Titles))
	for i, t := range ex.Titles {
		titles[i] = CleanText(t)
	}
	names := Columns(titles)
	tsCol := ex.timestampColumn()
	if tsCol < 0 {
		return nil, &ParseError{File: ex.Name, Line: 1, Column: "Timestamp", Err: errors.New(`no "Timestamp" column (nor Google's title for it in another language, such as "Marca temporal" or "Horodateur"); pass the responses file Google Forms writes (Responses → Download responses, or the linked sheet)`)}
	}
	// Check the questions resolve before reading any row, so a renamed
	// header is reported once, by name.
	rn := append([]string(nil), names...)
	rn[tsCol] = ""
	_, p := resolveHeaders(rn, set.Headers)
	if p != nil {
		return nil, &ParseError{File: ex.Name, Line: 1, Column: p.Column, Err: p.Err}
	}
	tr := TimeReader{Loc: set.TimeZone}
	switch strings.ToUpper(set.DateOrder) {
	case "DMY":
		tr.DMY = true
	case "MDY":
	default:
		stamps := make([]string, len(ex.Rows))
		for i, r := range ex.Rows {
			stamps[i] = sheets.CellAt(r, tsCol)
		}
		dmy, err := DetectDateOrder(stamps)
		if err != nil {
			pe := &ParseError{File: ex.Name, Column: ex.Titles[tsCol], Err: err}
			var de *DateOrderError
			if errors.As(err, &de) {
				pe.Line = ex.Lines[de.Index]
			}
			return nil, pe
		}
		tr.DMY = dmy
	}
	out := make([]Response, 0, len(ex.Rows))
	seen := map[string]int{} // Response ID -> index in out
	for i, r := range ex.Rows {
		line := ex.Lines[i]
		if len(r) > len(ex.Titles) {
			for c := len(ex.Titles); c < len(r); c++ {
				if r[c] != "" {
					return nil, &ParseError{File: ex.Name, Line: line, Column: sheets.ColLetter(c),
						Err: fmt.Errorf("the row has %d cells but the header has %d titles; was a cell split or a column's title deleted? Give the column a title in row 1", len(r), len(ex.Titles))}
				}
			}
		}
		ts, err := tr.Parse(sheets.CellAt(r, tsCol))
		if err != nil {
			return nil, &ParseError{File: ex.Name, Line: line, Column: ex.Titles[tsCol], Err: err}
		}
		ts = wholeSecond(ts, sheets.CellAt(r, tsCol))
		resp := Response{Submitted: ts}
		answers := make([]string, 0, len(ex.Titles))
		for c := range ex.Titles {
			if c == tsCol {
				continue
			}
			// The ID is of the answers as received, so that cleaning
			// them changes no response's ID.
			v := sheets.CellAt(r, c)
			resp.Fields = append(resp.Fields, Field{Title: names[c], Text: CleanText(v)})
			answers = append(answers, v)
		}
		fp := Fingerprint(answers)
		if fp == "" {
			// Nothing answered: only the time tells such rows apart (the
			// roster reports them as having no name, email or phone).
			fp = Fingerprint([]string{ts.UTC().Format(time.RFC3339)})
		}
		resp.ID = "R-" + fp
		if k, ok := seen[resp.ID]; ok {
			// The same answers twice (a re-download pasted in, or a
			// resubmission that only fixed spacing or case): the newer
			// copy's text wins.
			if !resp.Submitted.Before(out[k].Submitted) {
				out[k] = resp
			}
			continue
		}
		seen[resp.ID] = len(out)
		out = append(out, resp)
	}
	return out, nil
}

// SubmittedIn reads a Submitted at cell written by podsync (or typed in
// another shape) back into a time.
func SubmittedIn(s string, loc *time.Location) (time.Time, error) {
	return TimeReader{Loc: loc}.Parse(s)
}
