package pod_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/ingesttest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/xlsx"
)

// Run with
//
//	go test ./sheets/pod -run '^$' -bench Ingest5000 -benchmem -benchtime 1x

// BenchmarkIngest5000 syncs a 5,000-person downloaded CSV into a new
// workbook: parse, Responses, Members, matching, rounds, and the xlsx write.
func BenchmarkIngest5000(b *testing.B) {
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "responses.csv")
	ingesttest.WriteDownloadCSV(b, csvPath, 5000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		path := filepath.Join(dir, fmt.Sprintf("pod%d.xlsx", i))
		i++
		s, err := xlsx.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := (&pod.Cycle{Store: s, Source: ingest.File(csvPath), Now: now}).Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if rep.NewResponses != 5000 || rep.Members != 5000 {
			b.Fatalf("%d responses, %d members", rep.NewResponses, rep.Members)
		}
	}
	b.ReportMetric(5000, "responses/op")
}

// BenchmarkIngest5000NoChange is the second sync of the same file into the
// workbook the first built: everything is read and compared, nothing is
// written.
func BenchmarkIngest5000NoChange(b *testing.B) {
	_, csvPath, s := synced5000(b)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := (&pod.Cycle{Store: s, Source: ingest.File(csvPath), Now: now}).Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if !rep.NothingChanged {
			b.Fatalf("second sync wrote %d cells", rep.CellsWritten)
		}
	}
	b.ReportMetric(5000, "responses/op")
}
