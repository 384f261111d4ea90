package pod_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/ingesttest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

// Run with
//
//	go test ./sheets/pod -run '^$' -bench Ingest5000 -benchmem -benchtime 1x

// BenchmarkIngest5000 syncs a 5,000-person downloaded CSV into a new
// workbook: parse, Responses, Members, matching, rounds, and the xlsx write.
func BenchmarkIngest5000(b *testing.B) {
	benchIngest(b, 5000, func(path string) (sheets.Store, error) { return xlsx.Open(path) })
}

// BenchmarkIngest20000 is the first sync of a whole network of 20,000
// people (a third each Weekly, Every two weeks and Monthly) into an
// in-memory pod: the cycle without the file write (an .xlsx cell cannot
// hold the Unmet tab's list of 20,000 member IDs waiting).
func BenchmarkIngest20000(b *testing.B) {
	benchIngest(b, 20000, func(string) (sheets.Store, error) { return storetest.NewMem(), nil })
}

func benchIngest(b *testing.B, n int, open func(path string) (sheets.Store, error)) {
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "responses.csv")
	ingesttest.WriteDownloadCSV(b, csvPath, n)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		path := filepath.Join(dir, fmt.Sprintf("pod%d.xlsx", i))
		i++
		s, err := open(path)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := (&pod.Cycle{Store: s, Source: ingest.File(csvPath), Now: now}).Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if rep.NewResponses != n || rep.Members != n {
			b.Fatalf("%d responses, %d members", rep.NewResponses, rep.Members)
		}
	}
	b.ReportMetric(float64(n), "responses/op")
}

// BenchmarkIngest5000NoChange is the second sync of the same file into the
// workbook the first built: everything is read and compared, nothing is
// written.
func BenchmarkIngest5000NoChange(b *testing.B) {
	benchNoChange(b, 5000, openXLSX)
}

// BenchmarkIngest20000NoChange is the second sync of the 20,000-person
// network (in memory): every planned round stands.
func BenchmarkIngest20000NoChange(b *testing.B) {
	benchNoChange(b, 20000, func(string) (sheets.Store, error) { return storetest.NewMem(), nil })
}

func openXLSX(path string) (sheets.Store, error) { return xlsx.Open(path) }

// syncedPod is a pod of n generated people after its first sync, with the
// export it was synced from.
func syncedPod(b *testing.B, n int, open func(path string) (sheets.Store, error)) (dir, csvPath string, s sheets.Store) {
	b.Helper()
	dir = b.TempDir()
	csvPath = filepath.Join(dir, "responses.csv")
	ingesttest.WriteDownloadCSV(b, csvPath, n)
	s, err := open(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := (&pod.Cycle{Store: s, Source: ingest.File(csvPath), Now: now}).Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	return dir, csvPath, s
}

func benchNoChange(b *testing.B, n int, open func(path string) (sheets.Store, error)) {
	_, csvPath, s := syncedPod(b, n, open)
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
	b.ReportMetric(float64(n), "responses/op")
}
