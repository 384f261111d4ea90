package ingest_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/ingest/ingesttest"
)

// Run with
//
//	go test ./sheets/ingest -run '^$' -bench WideHeader -benchmem -benchtime 3x

// wideTitles are header shapes of a very wide export: every title its own,
// one title repeated, untitled questions, titles that are themselves
// numbered like the repeats podsync numbers ("Q (2)" typed, then "Q"
// repeated), and grid rows.
var wideTitles = []struct {
	name  string
	title func(i, cols int) string
}{
	{"distinct", func(i, _ int) string { return fmt.Sprintf("Question %d about your week", i) }},
	{"repeated", func(int, int) string { return "Anything else?" }},
	{"untitled", func(int, int) string { return "" }},
	{"numbered", func(i, cols int) string {
		if i < cols/2 {
			return fmt.Sprintf("Q (%d)", i+2)
		}
		return "Q"
	}},
	{"grid", func(i, _ int) string { return fmt.Sprintf("Rate your week [Day %d]", i) }},
}

// BenchmarkWideHeader reads a 1,000- and a 4,000-column export and
// resolves its header and missing-question suggestions as a sync does:
// the time per column must stay flat as the header grows (ns/column).
func BenchmarkWideHeader(b *testing.B) {
	for _, w := range wideTitles {
		for _, cols := range []int{1000, 4000} {
			b.Run(fmt.Sprint(w.name, "/", cols), func(b *testing.B) {
				path := filepath.Join(b.TempDir(), "responses.csv")
				ingesttest.WriteWideCSV(b, path, 14, cols, func(i int) string { return w.title(i, cols) },
					func(r, i int) string { return fmt.Sprintf("answer %d", (r+i)%5) })
				b.ReportAllocs()
				for b.Loop() {
					rs, err := ingest.ReadResponsesFile(path, nil)
					if err != nil || len(rs) != 14 {
						b.Fatalf("%d responses, %v", len(rs), err)
					}
					names := make([]string, len(rs[0].Fields))
					for i, f := range rs[0].Fields {
						names[i] = f.Title
					}
					hm, err := ingest.ResolveHeaders(names, nil, "bench")
					if err != nil {
						b.Fatal(err)
					}
					ingest.MissingQuestions(names, hm, nil)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cols), "ns/column")
			})
		}
	}
}
