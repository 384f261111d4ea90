package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// hostile builds a small workbook whose one tab, named tab, holds the
// given worksheet XML (sheetData's inside) and whose shared strings are sst
// ("" keeps excelize's): crafted as an attacker would, not as Excel writes.
func hostile(t testing.TB, tab, dimension, sheetData, sst string) []byte {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", tab); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr(tab, "A1", "Member ID"); err != nil {
		t.Fatal(err)
	}
	var base bytes.Buffer
	if _, err := f.WriteTo(&base); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case zf.Name == "xl/worksheets/sheet1.xml":
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
				`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="%s"/><sheetData>%s</sheetData></worksheet>`, dimension, sheetData)
		case zf.Name == "xl/sharedStrings.xml" && sst != "":
			io.WriteString(w, sst)
		default:
			r, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(w, r)
			r.Close()
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// farCells is sheetData with n rows, each holding a text in A and in
// column col (XFD is the last column), from row 2 on.
func farCells(n int, col string, empty bool) string {
	var b strings.Builder
	b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>Member ID</t></is></c></row>`)
	for i := 2; i < n+2; i++ {
		if empty {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>m%d</t></is></c><c r="%s%d" s="0"/></row>`, i, i, i, col, i)
		} else {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>m%d</t></is></c><c r="%s%d" t="inlineStr"><is><t>x</t></is></c></row>`, i, i, i, col, i)
		}
	}
	return b.String()
}

// bigSST is a shared strings part of n short strings.
func bigSST(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, n, n)
	for i := range n {
		fmt.Fprintf(&b, `<si><t>s%d</t></si>`, i)
	}
	b.WriteString(`</sst>`)
	return b.String()
}
