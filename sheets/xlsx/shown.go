package xlsx

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/podsync/podsync/sheets"
	"github.com/xuri/excelize/v2"
)

// ReadShown returns the named tabs that the workbook has, each cell as the
// spreadsheet shows it: a number formatted by the cell's number format, as
// Google Sheets displays it and as its CSV download writes it (2018, not
// the 2018.0 Google's .xlsx holds; a date as 11/20/2026 when its format is
// m/d/yyyy; 50% for 0.5 formatted 0%), a boolean as TRUE or FALSE, and
// text exactly as written. Read gives the stored values instead.
func (d *Download) ReadShown(tabs ...string) (map[string]*sheets.Table, error) {
	if err := checkWorkbook(d.data, tabs); err != nil {
		return nil, err
	}
	return readShownTabs(d.f, tabs)
}

func readShownTabs(f *excelize.File, tabs []string) (map[string]*sheets.Table, error) {
	out, err := readTabs(f, tabs)
	if err != nil {
		return nil, err
	}
	sh := &shower{f: f, codes: map[int]numFmt{}}
	defer sh.close()
	for name, t := range out {
		// GetRows gives row i of the sheet at index i-1, empty rows
		// included, so the header is row 1 and Rows[i] row i+2.
		for r, row := range append([][]string{t.Header}, t.Rows...) {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return nil, &sheets.OpError{Op: "read", Tab: name, Err: err}
				}
				// A cell excelize cannot make out keeps its stored value.
				if s, ok := safely(func() (string, error) { return sh.cell(name, ref, v), nil }); ok {
					row[c] = s
				}
			}
		}
	}
	return out, nil
}

// numFmt is a cell style's number format: its code, or known false for a
// built-in format podsync has no code for (it then takes excelize's
// reading).
type numFmt struct {
	code  string
	known bool
}

// shower reads cells of one workbook as the sheet shows them.
type shower struct {
	f       *excelize.File
	codes   map[int]numFmt // by style index
	scratch *formatter
}

func (sh *shower) close() {
	if sh.scratch != nil {
		sh.scratch.Close()
	}
}

// cell is the text the sheet shows for the cell at ref, whose stored value
// is raw.
func (sh *shower) cell(tab, ref, raw string) string {
	typ, err := sh.f.GetCellType(tab, ref)
	if err != nil {
		return raw
	}
	switch typ {
	case excelize.CellTypeBool:
		switch strings.TrimSpace(raw) {
		case "1", "true":
			return "TRUE"
		case "0", "false":
			return "FALSE"
		}
		return raw
	case excelize.CellTypeNumber, excelize.CellTypeUnset:
	case excelize.CellTypeDate:
		// An ISO 8601 date cell (t="d"): Google never writes these;
		// excelize turns them into a date-time number and formats it.
		return sh.excelizeValue(tab, ref, raw)
	default:
		// Text (shared, inline, a formula's text) and error values
		// (#N/A) read exactly as stored: leading zeros, spaces, line
		// breaks and "=…" kept.
		return raw
	}
	if !numberRE.MatchString(raw) {
		return raw
	}
	nf := sh.numFmt(tab, ref)
	if !nf.known {
		return sh.excelizeValue(tab, ref, raw)
	}
	if sh.scratch == nil {
		sh.scratch = newFormatter()
	}
	return sh.scratch.format(raw, nf.code)
}

// excelizeValue is excelize's reading of the cell at ref, or raw when it
// has none.
func (sh *shower) excelizeValue(tab, ref, raw string) string {
	if s, ok := safely(func() (string, error) { return sh.f.GetCellValue(tab, ref) }); ok {
		return s
	}
	return raw
}

// numFmt is the number format of the cell at ref. A style excelize cannot
// read is General.
func (sh *shower) numFmt(tab, ref string) numFmt {
	idx, err := sh.f.GetCellStyle(tab, ref)
	if err != nil {
		return numFmt{code: "General", known: true}
	}
	if nf, ok := sh.codes[idx]; ok {
		return nf
	}
	nf := numFmt{code: "General", known: true}
	var st *excelize.Style
	if _, ok := safely(func() (string, error) { st, err = sh.f.GetStyle(idx); return "", err }); ok && st != nil {
		if st.CustomNumFmt != nil {
			nf.code = *st.CustomNumFmt
		} else {
			nf.code, nf.known = builtinNumFmt[st.NumFmt]
		}
	}
	sh.codes[idx] = nf
	return nf
}

// safely runs fn, turning a panic inside excelize (a malformed file) into
// a failure.
func safely(fn func() (string, error)) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	s, err := fn()
	return s, err == nil
}

// numberRE is a number as an .xlsx file stores one: Google's writer gives
// 2018.0, 5.550123456E9, 1.0E-5.
var numberRE = regexp.MustCompile(`^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$`)

// builtinNumFmt are built-in number formats (ECMA-376 §18.8.30) as Google
// Sheets and Excel in the en-US locale show them: 14 is the short date,
// m/d/yyyy, and 22 its date-time, where excelize would show 11-20-26 and
// 11/20/26 09:05; 20 and 21 show the hour without a leading zero. Any other
// built-in format is left to excelize.
var builtinNumFmt = map[int]string{
	0:  "General",
	1:  "0",
	2:  "0.00",
	3:  "#,##0",
	4:  "#,##0.00",
	9:  "0%",
	10: "0.00%",
	11: "0.00E+00",
	14: "m/d/yyyy",
	15: "d-mmm-yy",
	16: "d-mmm",
	17: "mmm-yy",
	18: "h:mm AM/PM",
	19: "h:mm:ss AM/PM",
	20: "h:mm",
	21: "h:mm:ss",
	22: "m/d/yyyy h:mm",
	45: "mm:ss",
	46: "[h]:mm:ss",
	47: "mm:ss.0",
	48: "##0.0E+0",
	49: "@",
}

// formatter formats numbers by number format codes as a spreadsheet shows
// them. General (and Text, "@") is podsync's own; other codes go to
// excelize's formatter, with the code first adjusted where Google Sheets
// shows it differently. Not safe for concurrent use.
type formatter struct {
	f      *excelize.File // a one-cell scratch workbook
	styles map[string]int // style by code; -1 when excelize refuses the code
	done   map[[2]string]string
}

// newFormatter returns a formatter; Close releases it.
func newFormatter() *formatter {
	return &formatter{f: excelize.NewFile(), styles: map[string]int{}, done: map[[2]string]string{}}
}

// Close releases the formatter.
func (fm *formatter) Close() error { return fm.f.Close() }

// format is how a cell holding the number raw (as an .xlsx file stores
// it: "2018.0", "5.550123456E9") shows with the number format code. A raw
// that is not a number is returned as it is.
func (fm *formatter) format(raw, code string) string {
	raw = strings.TrimSpace(raw)
	if !numberRE.MatchString(raw) {
		return raw
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(x, 0) {
		return raw
	}
	switch c := strings.TrimSpace(code); {
	case c == "", strings.EqualFold(c, "general"), c == "@":
		// Text format on a number shows it as General does.
		return general(x)
	}
	// excelize's formatter is slow (about 0.1 ms a date), and a column
	// of answers repeats its values.
	if s, ok := fm.done[[2]string{raw, code}]; ok {
		return s
	}
	s, ok := fm.viaExcelize(raw, googleCode(code))
	if !ok {
		s = general(x)
	}
	if len(fm.done) < 100_000 {
		fm.done[[2]string{raw, code}] = s
	}
	return s
}

func (fm *formatter) viaExcelize(raw, code string) (string, bool) {
	return safely(func() (string, error) {
		st, ok := fm.styles[code]
		if !ok {
			c := code
			id, err := fm.f.NewStyle(&excelize.Style{CustomNumFmt: &c})
			if err != nil {
				id = -1
			}
			fm.styles[code], st = id, id
		}
		if st < 0 {
			return "", fmt.Errorf("number format %q refused", code)
		}
		if err := fm.f.SetCellDefault("Sheet1", "A1", raw); err != nil {
			return "", err
		}
		if err := fm.f.SetCellStyle("Sheet1", "A1", "A1", st); err != nil {
			return "", err
		}
		return fm.f.GetCellValue("Sheet1", "A1")
	})
}

// googleCode adjusts a number format code to what Google Sheets shows
// where excelize follows another reading: Google shows the am/pm marker
// in capitals whatever the code's case ("h:mm am/pm" shows 9:05 AM), where
// excelize keeps the code's case.
func googleCode(code string) string {
	if !strings.Contains(strings.ToLower(code), "am/pm") {
		return code
	}
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			// The next character is literal (or a width or fill).
			b.WriteByte(c)
			if i+1 < len(code) {
				i++
				b.WriteByte(code[i])
			}
			continue
		case i+5 <= len(code) && strings.EqualFold(code[i:i+5], "am/pm"):
			b.WriteString("AM/PM")
			i += 4
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// general is how a spreadsheet shows the number x in General format (the
// default, "Automatic" in Google Sheets): an integer below 10^15 in full
// (5550123456, never 5.55E+09); any other number rounded to 10
// significant digits (or to a whole number, when its integer part is
// longer) with no trailing zeros (0.5, 1234567.89, 3.141592654, 0.3 for
// 0.1+0.2); and very large or very small numbers in scientific notation
// with 6 significant digits (1.23457E+15, 1E-10).
func general(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'g', -1, 64)
	case x == 0:
		return "0"
	}
	a := math.Abs(x)
	if a >= 1e15 || a < 1e-9 {
		return scientific(x)
	}
	// The 15 significant digits a spreadsheet keeps, as a digit string
	// and the power of ten of its first digit.
	e15 := strconv.FormatFloat(a, 'e', 14, 64) // d.dddddddddddddde±XX
	digits := e15[:1] + e15[2:16]
	exp, _ := strconv.Atoi(e15[17:])
	// Keep 10 significant digits, or the whole integer part.
	keep := max(10, exp+1)
	if keep < len(digits) {
		digits, exp = roundDigits(digits[:keep], digits[keep] >= '5', exp)
		if exp >= 15 {
			return scientific(x)
		}
	}
	digits = strings.TrimRight(digits, "0")
	var b strings.Builder
	if x < 0 {
		b.WriteByte('-')
	}
	switch {
	case exp < 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -exp-1))
		b.WriteString(digits)
	case len(digits) <= exp+1:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", exp+1-len(digits)))
	default:
		b.WriteString(digits[:exp+1])
		b.WriteByte('.')
		b.WriteString(digits[exp+1:])
	}
	return b.String()
}

// roundDigits adds one in the last place of digits when up (rounding half
// away from zero, as spreadsheets do); a carry out of the first digit
// raises exp.
func roundDigits(digits string, up bool, exp int) (string, int) {
	if !up {
		return digits, exp
	}
	b := []byte(digits)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b), exp
		}
		b[i] = '0'
	}
	return "1" + string(b), exp + 1
}

// scientific is general's scientific notation: 6 significant digits, no
// trailing zeros, a signed exponent of at least two digits (1.23457E+15,
// 1E-10).
func scientific(x float64) string {
	s := strconv.FormatFloat(x, 'E', 5, 64)
	i := strings.IndexByte(s, 'E')
	mant := strings.TrimRight(strings.TrimRight(s[:i], "0"), ".")
	return mant + s[i:]
}
