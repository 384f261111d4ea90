package xlsx_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/podsync/podsync/sheets/xlsx/xlsxtest"
)

// BenchmarkReadShown reads a linked responses tab of 5,000 responses as
// shown, against the raw read.
func BenchmarkReadShown(b *testing.B) {
	rows := [][]any{{"Timestamp", "Email Address", "Your name", "Phone number", "Year", "Start date", "Comments"}}
	for i := range 5000 {
		rows = append(rows, []any{
			xlsxtest.Number{Value: 46346 + float64(i)/97, Format: "M/d/yyyy H:mm:ss"},
			fmt.Sprintf("n%d@example.org", i), fmt.Sprintf("Neighbor %d", i), 5550100000.0 + float64(i),
			2000.0 + float64(i%25), xlsxtest.Number{Value: 46400 + float64(i%30), Format: "M/d/yyyy"}, "Evenings, weekends",
		})
	}
	path := filepath.Join(b.TempDir(), "big.xlsx")
	xlsxtest.WriteDownload(b, path, "Form Responses 1", rows)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, shown := range []bool{false, true} {
		b.Run(map[bool]string{false: "raw", true: "shown"}[shown], func(b *testing.B) {
			for b.Loop() {
				d, err := xlsx.ReadDownload(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if shown {
					_, err = d.ReadShown("Form Responses 1")
				} else {
					_, err = d.Read("Form Responses 1")
				}
				if err != nil {
					b.Fatal(err)
				}
				d.Close()
			}
		})
	}
}
