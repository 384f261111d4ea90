package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/podsync/podsync/sheets/xlsx"
)

// FuzzHostileSheet: whatever a tab's XML holds, reading it as a pod tab
// or a download never panics, and a read that succeeds stays within the
// limits.
func FuzzHostileSheet(f *testing.F) {
	for _, seed := range []string{
		farCells(2, "XFD", false), farCells(2, "B", true),
		`<row><c><v>1</v></c><c r="ZZZZ1"/></row>`, `<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row>`,
		`<row r="1"><c r='B1' s="0"/><c r="A1048577"/></row>`, `<row r="`, `<c r="A1"`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sheetData string) {
		data := hostile(t, "Members", "A1", sheetData, "")
		d, err := xlsx.ReadDownload(bytes.NewReader(data))
		if err != nil {
			return
		}
		defer d.Close()
		tabs, err := d.Read("Members")
		if err != nil {
			return
		}
		if tb := tabs["Members"]; tb != nil && len(tb.Rows) > xlsx.MaxRows {
			t.Errorf("%d rows read", len(tb.Rows))
		}
		_, _ = d.ReadShown("Members")
	})
}
