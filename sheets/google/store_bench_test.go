package google_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
)

// BenchmarkGoogleStore measures one cycle's store work against the fake:
// Read the tab, Diff it against records that change one column of every
// row, and Apply. It reports Google requests per cycle: 3 (the read, the
// key column read again just before the write, the write).
func BenchmarkGoogleStore(b *testing.B) {
	for _, rows := range []int{30, 5000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			ctx := context.Background()
			srv := googlefake.New(b)
			s := openFake(b, srv, nil)
			recs := func(round int) []sheets.Record {
				out := make([]sheets.Record, rows)
				for i := range out {
					out[i] = sheets.Record{"Thing ID": fmt.Sprintf("T-%05d", i), "Name": fmt.Sprintf("name %d", i),
						"Detail": fmt.Sprintf("round %d", round)}
				}
				return out
			}
			syncTab(b, s, thingSpec, recs(0)) // the tab exists, the tab list is cached
			srv.ResetCounts()
			cells := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tabs, err := s.Read(ctx, thingSpec.Name)
				if err != nil {
					b.Fatal(err)
				}
				e, err := sheets.Diff(tabs[thingSpec.Name], thingSpec, recs(i+1))
				if err != nil {
					b.Fatal(err)
				}
				cells += len(e.Cells)
				if err := s.Apply(ctx, &sheets.Plan{Tabs: []sheets.TabEdit{e}}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(srv.Count("total"))/float64(b.N), "requests/op")
			b.ReportMetric(float64(cells)/float64(b.N), "cells/op")
			b.ReportMetric(float64(srv.Count("values.batchUpdate"))/float64(b.N), "writes/op")
		})
	}
}
