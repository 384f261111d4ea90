package pod_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/ingesttest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
)

// Run with
//
//	go test ./sheets/pod -run '^$' -bench WideHeader -benchmem -benchtime 3x

// BenchmarkWideHeader syncs an export with a 1,000- and a 4,000-column
// header into a pod just made by init (as organizers start one), then once
// more: the Responses tab's columns, header resolution, suggestions and
// duplicate checks must stay near-linear in the columns (ns/column flat).
func BenchmarkWideHeader(b *testing.B) {
	for _, c := range []struct {
		name  string
		title func(int) string
	}{
		{"distinct", func(i int) string { return fmt.Sprintf("Question %d about your week", i) }},
		{"repeated", func(int) string { return "Anything else?" }},
		{"untitled", func(int) string { return "" }},
	} {
		for _, cols := range []int{1000, 4000} {
			b.Run(fmt.Sprint(c.name, "/", cols), func(b *testing.B) {
				ctx := context.Background()
				csvPath := filepath.Join(b.TempDir(), "responses.csv")
				// The zone question renamed, so the closest-title
				// suggestion looks through every column.
				title := func(i int) string {
					if i == 3 {
						return "Zone where you live"
					}
					return c.title(i)
				}
				ingesttest.WriteWideCSV(b, csvPath, 14, cols, title, func(r, i int) string { return fmt.Sprintf("answer %d", (r+i)%5) })
				b.ReportAllocs()
				for b.Loop() {
					s := storetest.NewMem()
					p, err := pod.InitPlan(ctx, s)
					if err != nil {
						b.Fatal(err)
					}
					if err := s.Apply(ctx, p); err != nil {
						b.Fatal(err)
					}
					for range 2 {
						rep, err := (&pod.Cycle{Store: s, Source: ingest.File(csvPath), Now: now}).Run(ctx)
						if err != nil {
							b.Fatal(err)
						}
						if rep.Members != 14 {
							b.Fatalf("%d members", rep.Members)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cols), "ns/column")
			})
		}
	}
}
