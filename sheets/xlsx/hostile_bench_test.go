package xlsx_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/xlsx"
)

// BenchmarkHostileWorkbook opens and reads small crafted workbooks that
// once cost gigabytes: cells at the last column (XFD) on every row, as a
// pod (Open, Read) and as a downloaded export (ReadDownload, ReadShown).
// B/op is what one read allocates; KB-file the workbook's size (46–49 KB).
// Before the limits (limits.go) a read of far-cells allocated 4.8 GB as a
// pod and 18.3 GB read as shown; far-empty-cells 13.6 GB read as shown.
func BenchmarkHostileWorkbook(b *testing.B) {
	cases := []struct{ name, data string }{
		{"far-cells", farCells(4000, "XFD", false)},
		{"far-empty-cells", farCells(4000, "XFD", true)},
	}
	for _, c := range cases {
		data := hostile(b, "Members", "A1", c.data, "")
		b.Run(c.name+"/pod", func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "pod.xlsx")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				s, err := xlsx.Open(path)
				if err == nil {
					_, _ = s.Read(b.Context(), "Members")
				}
			}
			b.ReportMetric(float64(len(data))/1024, "KB-file")
		})
		b.Run(c.name+"/download-shown", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, err := xlsx.ReadDownload(bytes.NewReader(data))
				if err == nil {
					_, _ = d.ReadShown("Members")
					d.Close()
				}
			}
		})
	}
}
