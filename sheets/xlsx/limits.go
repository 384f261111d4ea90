package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/podsync/podsync/sheets"
	"github.com/xuri/excelize/v2"
)

// What podsync reads of a workbook, at most. An .xlsx file is a zip of XML
// parts, and a file of a few hundred KB can unpack to gigabytes (a cell at
// XFD1048576 on every row, a shared-strings part of millions of entries).
// Every workbook is checked against these before excelize opens it, so such
// a file is refused with an error naming the tab, in milliseconds and a few
// MB, instead of costing gigabytes of memory.
const (
	// MaxRows is the number of data rows a tab may hold (below the
	// header): far more than any pod (a 5,000-member pod has ~5,000 rows
	// on Members and ~20,000 on Pairings).
	MaxRows = 100_000
	// MaxColumns is the number of columns a tab may use, A to ALL: a form
	// with a thousand questions is past what anyone answers.
	MaxColumns = 1_000
	// MaxCells is the number of cells a tab may hold, each row counted
	// to its last cell: what excelize makes room for when it loads the tab.
	MaxCells = 3_000_000
	// MaxPartBytes is the most one XML part (a tab, the shared strings)
	// may unpack to; MaxWorkbookBytes, all parts together.
	MaxPartBytes     = 64 << 20
	MaxWorkbookBytes = 256 << 20
)

// checkWorkbook refuses a workbook whose parts unpack to more than podsync
// reads (MaxPartBytes, MaxWorkbookBytes), or whose named tabs hold cells
// past MaxRows or MaxColumns. A file that is not a zip at all is left to
// excelize, which says so. The error names the tab and what to do.
func checkWorkbook(data []byte, tabs []string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	parts := map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		parts[f.Name] = f
		total += f.UncompressedSize64
	}
	names := tabParts(parts)
	for _, f := range zr.File {
		if f.UncompressedSize64 > MaxPartBytes {
			return tooBig(names[f.Name], f.Name, f.UncompressedSize64)
		}
	}
	if total > MaxWorkbookBytes {
		return &sheets.OpError{Op: "read workbook", Err: fmt.Errorf("its parts unpack to %s, more than the %s podsync reads; is it a pod or a Google Forms download? Delete tabs podsync does not need, or save a copy with only the responses", mb(total), mb(MaxWorkbookBytes))}
	}
	want := map[string]bool{}
	for _, t := range tabs {
		want[t] = true
	}
	for part, tab := range names {
		if !want[tab] {
			continue
		}
		if f := parts[part]; f != nil {
			if err := scanSheet(f, tab); err != nil {
				return err
			}
		}
	}
	return nil
}

func tooBig(tab, part string, n uint64) error {
	what := fmt.Sprintf("its part %s", part)
	if tab != "" {
		return &sheets.TabError{Tab: tab, Err: fmt.Errorf("the tab unpacks to %s, more than the %s podsync reads of one tab", mb(n), mb(MaxPartBytes)),
			Fix: fmt.Sprintf("a pod tab holds at most %d rows of %d columns: delete what is below and right of the data (select the empty rows and columns, Delete rows/columns), save, and sync again", MaxRows, MaxColumns)}
	}
	return &sheets.OpError{Op: "read workbook", Err: fmt.Errorf("%s unpacks to %s, more than the %s podsync reads of one part; save the workbook again from Excel or LibreOffice with fewer texts", what, mb(n), mb(MaxPartBytes))}
}

func mb(n uint64) string { return fmt.Sprintf("%d MB", (n+(1<<20)-1)>>20) }

// tabParts maps each worksheet part's zip name to its tab's name, read from
// the workbook part and its relationships. An unreadable map is empty: the
// size limits still hold, and excelize reports a broken workbook itself.
func tabParts(parts map[string]*zip.File) map[string]string {
	wb := "xl/workbook.xml"
	for _, r := range readRels(parts["_rels/.rels"], "") {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wb = r.Target
		}
	}
	rels := map[string]string{}
	for _, r := range readRels(parts[path.Join(path.Dir(wb), "_rels", path.Base(wb)+".rels")], path.Dir(wb)) {
		rels[r.ID] = r.Target
	}
	out := map[string]string{}
	f := parts[wb]
	if f == nil || f.UncompressedSize64 > MaxPartBytes {
		return out
	}
	var doc struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if decodePart(f, &doc) != nil {
		return out
	}
	for _, s := range doc.Sheets {
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				if target, ok := rels[a.Value]; ok {
					out[target] = s.Name
				}
			}
		}
	}
	return out
}

type rel struct{ ID, Type, Target string }

// readRels reads a relationships part; targets are made zip names, relative
// to dir unless absolute.
func readRels(f *zip.File, dir string) []rel {
	if f == nil || f.UncompressedSize64 > MaxPartBytes {
		return nil
	}
	var doc struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if decodePart(f, &doc) != nil {
		return nil
	}
	out := make([]rel, 0, len(doc.Rels))
	for _, r := range doc.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(dir, t)
		}
		out = append(out, rel{r.ID, r.Type, t})
	}
	return out
}

func decodePart(f *zip.File, v any) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(io.LimitReader(r, MaxPartBytes)).Decode(v)
}

// scanSheet reads a worksheet part as bytes, without parsing it, for the
// row and column of every cell (<c r="…">, with or without a namespace
// prefix): a cell past MaxRows or MaxColumns is an error naming the tab
// and the cell. Empty cells count too: excelize gives every row as many
// cells as its last one, empty or not, when it loads a tab to write it or
// to read its formats.
func scanSheet(f *zip.File, tab string) error {
	r, err := f.Open()
	if err != nil {
		return nil // excelize says what is wrong with it
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)
	row, col := 0, 0     // where the last row and cell were
	cells, width := 0, 0 // cells so far, counting each row to its last; this row's
	for {
		if _, err := br.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			return nil
		}
		name, err := peekName(br)
		if err != nil {
			return nil
		}
		if name != "row" && name != "c" {
			continue
		}
		ref, err := attrR(br)
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return nil // cut short: excelize says so
		}
		if err != nil {
			return &sheets.TabError{Tab: tab, Err: fmt.Errorf("a <%s> tag is longer than 64 KB", name),
				Fix: "this is not a workbook Excel, LibreOffice or Google Sheets writes: open it in one of them and save it again"}
		}
		if name == "row" {
			// Without r, a row is the one after the last.
			row, col, width = row+1, 0, 0
			if n, err := strconv.Atoi(string(ref)); err == nil && n > 0 {
				row = n
			}
			continue
		}
		c, r, ok := cellRef(ref)
		if !ok {
			c, r = col+1, row // no reference: the cell after the last
		}
		row, col = r, c
		if row > MaxRows+1 || col > MaxColumns {
			at, _ := excelize.CoordinatesToCellName(col, row)
			if at == "" {
				at = fmt.Sprintf("row %d, column %d", row, col)
			}
			return tooFar(tab, at)
		}
		if col > width {
			if cells += col - width; cells > MaxCells {
				return &sheets.TabError{Tab: tab, Err: fmt.Errorf("the tab holds more than %d cells (counting each row up to its last cell)", MaxCells),
					Fix: "delete the rows and columns past the data (select them, Delete rows/columns; clearing is not enough), save, and sync again"}
			}
			width = col
		}
	}
}

// peekName is the element name after a '<' (prefix dropped), "" for an end
// tag, a comment or a declaration.
func peekName(br *bufio.Reader) (string, error) {
	b, err := br.Peek(16)
	if err != nil && len(b) == 0 {
		return "", err
	}
	end := 0
	for end < len(b) && b[end] != ' ' && b[end] != '>' && b[end] != '/' && b[end] != '\t' && b[end] != '\n' && b[end] != '\r' {
		end++
	}
	name := string(b[:end])
	if i := strings.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name, nil
}

// attrR is the r attribute of the start tag the reader is in, read up to
// its '>'. It is only valid until the reader's next read.
func attrR(br *bufio.Reader) ([]byte, error) {
	tag, err := br.ReadSlice('>')
	if err != nil {
		return nil, err
	}
	for i := 1; i+3 < len(tag); i++ {
		if tag[i] == 'r' && tag[i+1] == '=' && (tag[i+2] == '"' || tag[i+2] == '\'') && (tag[i-1] == ' ' || tag[i-1] == '\t' || tag[i-1] == '\n' || tag[i-1] == '\r') {
			q := tag[i+2]
			rest := tag[i+3:]
			if j := bytes.IndexByte(rest, q); j >= 0 {
				return rest[:j], nil
			}
		}
	}
	return nil, nil
}

// cellRef reads a reference such as "AB12" (1-based column and row)
// without allocating; ok is false for anything else.
func cellRef(ref []byte) (col, row int, ok bool) {
	i := 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if col = col*26 + int(c-'a') + 1; col > excelize.MaxColumns {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) || i > 3 {
		return 0, 0, false
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return 0, 0, false
		}
		if row = row*10 + int(ref[i]-'0'); row > excelize.TotalRows {
			return 0, 0, false
		}
	}
	return col, row, row > 0
}

func tooFar(tab, cell string) error {
	return &sheets.TabError{Tab: tab, Err: fmt.Errorf("cell %s is past what podsync reads", cell),
		Fix: fmt.Sprintf("podsync reads at most %d rows below the header and %d columns (A to %s) of a tab: delete the rows or columns past them (select them, Delete rows/columns; clearing is not enough), save, and sync again",
			MaxRows, MaxColumns, sheets.ColLetter(MaxColumns-1))}
}
