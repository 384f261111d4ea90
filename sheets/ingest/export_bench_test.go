package ingest_test

import (
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/ingesttest"
)

// Run with
//
//	go test ./sheets/ingest -run '^$' -bench ReadExport5000 -benchmem -benchtime 1x

// BenchmarkReadExport5000 is ingestion alone: the CSV read into responses.
func BenchmarkReadExport5000(b *testing.B) {
	csvPath := filepath.Join(b.TempDir(), "responses.csv")
	ingesttest.WriteDownloadCSV(b, csvPath, 5000)
	b.ReportAllocs()
	for b.Loop() {
		rs, err := ingest.ReadResponsesFile(csvPath, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != 5000 {
			b.Fatalf("%d responses", len(rs))
		}
	}
	b.ReportMetric(5000, "responses/op")
}
