package exporter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// memberPages splits the handout's per-member tabs into the pages their
// manual page breaks make, keyed by the member named in each page's first
// row (B of the "For" row); a second page for the same name is keyed
// "name #2". It fails the test when a page does not start with a name.
func memberPages(t *testing.T, f *excelize.File, raw []byte) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for _, sheet := range f.GetSheetList() {
		if !strings.HasPrefix(sheet, tabMemberPages) {
			continue
		}
		rs := rows(t, f, sheet)
		starts := append([]int{0}, pageBreaks(t, raw, sheet)...)
		for i, from := range starts {
			to := len(rs)
			if i+1 < len(starts) {
				to = starts[i+1]
			}
			if from >= to || len(rs[from]) < 2 || rs[from][1] == "" {
				t.Fatalf("%s: the page from row %d does not start with a name:\n%s", sheet, from+1, flatten(rs[from:to]))
			}
			who := rs[from][1]
			for k := 2; out[who] != nil; k++ {
				who = rs[from][1] + " #" + strconv.Itoa(k)
			}
			out[who] = rs[from:to]
		}
	}
	return out
}

// page is who's page, failing the test when there is none.
func page(t *testing.T, pages map[string][][]string, who string) string {
	t.Helper()
	p, ok := pages[who]
	if !ok {
		names := make([]string, 0, len(pages))
		for n := range pages {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Fatalf("no page for %q among %q", who, names)
	}
	return flatten(p)
}

// pageBreaks are the 0-based rows that start a page after a manual break
// in sheet, read from the workbook's XML.
func pageBreaks(t *testing.T, raw []byte, sheet string) []int {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[zf.Name] = zf
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(readZip(t, files["xl/workbook.xml"]), &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(readZip(t, files["xl/_rels/workbook.xml.rels"]), &rels); err != nil {
		t.Fatal(err)
	}
	target := ""
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				target = path.Join("xl", strings.TrimPrefix(r.Target, "/xl/"))
			}
		}
	}
	zf := files[target]
	if zf == nil {
		t.Fatalf("no worksheet XML for %s (%q)", sheet, target)
	}
	var out []int
	for _, m := range rowBreak.FindAllSubmatch(readZip(t, zf), -1) {
		n, _ := strconv.Atoi(string(m[1]))
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// rowBreak is a manual break in a worksheet's rowBreaks: id is the last
// row (1-based) of the page before it.
var rowBreak = regexp.MustCompile(`<brk id="(\d+)"[^>]*man="(?:1|true)"`)
