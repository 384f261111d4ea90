package google_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/google"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

// BenchmarkGoogleCycle runs whole sync cycles (Forms API source) against
// the fake for pods of 30 and 5,000 members, after the first cycle's
// one-time spreadsheets.get and forms.get. "changed" adds one response per
// cycle; "idle" adds none. It reports Google requests per cycle: the
// target is 4 when something changed (one values:batchGet, one
// forms.responses.list, one values:batchGet of the key columns just before
// the write, one values:batchUpdate; more when a grid grows or rows are
// removed) and 2 when nothing did.
func BenchmarkGoogleCycle(b *testing.B) {
	for _, members := range []int{30, 5000} {
		for _, mode := range []string{"changed", "idle"} {
			b.Run(fmt.Sprintf("members=%d/%s", members, mode), func(b *testing.B) {
				ctx := context.Background()
				srv := googlefake.New(b)
				cfg, id := fakeForm(b, srv)
				t0 := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
				add := func(i int) {
					srv.AddResponse(id, googlefake.Response{ID: fmt.Sprintf("r%06d", i), Submitted: t0.Add(time.Duration(i) * time.Second),
						Answers: map[string][]string{
							"Your name": {fmt.Sprintf("Neighbor %d", i)}, "Email address": {fmt.Sprintf("n%d@example.org", i)},
							"Your zone (building, floor or block)":                  {fmt.Sprintf("Building %c", 'A'+i%6)},
							"What can you help others with?":                        {[]string{"Food and groceries", "Childcare", "Tech assistance"}[i%3]},
							"What do you need help with?":                           {[]string{"Childcare", "Tech assistance", "Internet access"}[i%3]},
							"Would you like 1-on-1 conversations with pod members?": {"Yes"},
							"What may we share with the whole pod?":                 {"My name"},
						}})
				}
				for i := 0; i < members; i++ {
					add(i)
				}
				store, err := google.Open(ctx, cfg)
				if err != nil {
					b.Fatal(err)
				}
				src, err := google.OpenForms(ctx, cfg)
				if err != nil {
					b.Fatal(err)
				}
				cy := &pod.Cycle{Store: store, Source: src, Now: t0.Add(30 * 24 * time.Hour)}
				for i := 0; i < 2; i++ { // fill the pod, then settle
					if _, err := cy.Run(ctx); err != nil {
						b.Fatal(err)
					}
				}
				srv.ResetCounts()
				next := members
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if mode == "changed" {
						b.StopTimer()
						add(next)
						next++
						b.StartTimer()
					}
					rep, err := cy.Run(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if mode == "idle" && !rep.NothingChanged {
						b.Fatalf("an idle cycle changed %d cells", rep.CellsWritten)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(srv.Count("total"))/float64(b.N), "requests/cycle")
				b.ReportMetric(float64(srv.Count("values.batchUpdate"))/float64(b.N), "writes/cycle")
			})
		}
	}
}
