package sheets_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
)

// Run with
//
//	go test ./sheets -run '^$' -bench Ingest5000 -benchmem -benchtime 1x

// writeDownloadCSV writes a downloaded-CSV export (every field quoted, LF,
// no final newline, ";" between checkbox labels) of n people, each
// answering once, with a few Other answers, blanks and non-Latin names.
func writeDownloadCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	titles := []string{"Timestamp", "Username", "Your name", "Phone number", "Best way to reach you",
		"Your zone (building, floor or block)", "Languages you speak", "What are your hobbies and interests?",
		"How regularly do you want to check in?", "What can you help others with?",
		"What resources, skills or knowledge could you share?", "How many neighbors could you help at a time?",
		"What do you need help with?", "What are your needs? What are you afraid of losing?",
		"Would you like 1-on-1 conversations with pod members?", "What may we share with the whole pod?"}
	cats := categoryLabels()
	shares := []string{"My name", "My phone number", "My email", "My zone", "My interests", "What I can offer", "What I need"}
	contact := []string{"Text", "Call", "Email"}
	checkin := []string{"Weekly", "Every two weeks", "Monthly"}
	capacity := []string{"1", "2", "3", "4 or more", ""}
	given := []string{"Ana", "Ben", "Chloe", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo", "نور", "Mei", "Olu", "Pia"}
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	var b strings.Builder
	for i, t := range titles {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(q(t))
	}
	start := time.Date(2026, 11, 1, 8, 0, 0, 0, time.FixedZone("EST", -5*3600))
	for p := 0; p < n; p++ {
		ts := start.Add(time.Duration(p) * 97 * time.Second)
		h := ts.Hour() % 12
		if h == 0 {
			h = 12
		}
		ampm := "AM"
		if ts.Hour() >= 12 {
			ampm = "PM"
		}
		pick := func(k, of int) []string {
			var out []string
			for j := 0; j < k; j++ {
				out = append(out, cats[(p*7+j*5+of)%len(cats)])
			}
			return out
		}
		offers := strings.Join(pick(p%3, 1), ";")
		needs := strings.Join(pick((p+1)%3, 4), ";")
		if p%17 == 0 {
			offers += ";Fixing bikes; scooters, and prams"
		}
		if p%23 == 0 {
			needs += ";Someone to talk to, weekly"
		}
		row := []string{
			fmt.Sprintf("%d/%02d/%02d %d:%02d:%02d %s GMT-5", ts.Year(), ts.Month(), ts.Day(), h, ts.Minute(), ts.Second(), ampm),
			fmt.Sprintf("person%04d@example.org", p),
			fmt.Sprintf("%s Example %d", given[p%len(given)], p),
			fmt.Sprintf("555-%04d", p%10000),
			contact[p%3],
			fmt.Sprintf("Building %c", 'A'+p%8),
			"English, Spanish",
			"gardening, chess 🌻",
			checkin[p%3],
			offers,
			"Happy to help on weekends",
			capacity[p%5],
			needs,
			"",
			[]string{"Yes", "No"}[p%2],
			strings.Join(shares[:p%len(shares)], ";"),
		}
		b.WriteByte('\n')
		for i, v := range row {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(q(v))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkIngest5000 syncs a 5,000-person downloaded CSV into a new
// workbook: parse, Responses, Members, matching, rounds, and the xlsx write.
func BenchmarkIngest5000(b *testing.B) {
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "responses.csv")
	writeDownloadCSV(b, csvPath, 5000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		path := filepath.Join(dir, fmt.Sprintf("pod%d.xlsx", i))
		i++
		s, err := sheets.OpenXLSX(path)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := (&sheets.Cycle{Store: s, ResponsesFile: csvPath, Now: now}).Run(context.Background())
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
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "responses.csv")
	writeDownloadCSV(b, csvPath, 5000)
	s, err := sheets.OpenXLSX(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := (&sheets.Cycle{Store: s, ResponsesFile: csvPath, Now: now}).Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rep, err := (&sheets.Cycle{Store: s, ResponsesFile: csvPath, Now: now}).Run(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if !rep.NothingChanged {
			b.Fatalf("second sync wrote %d cells", rep.CellsWritten)
		}
	}
	b.ReportMetric(5000, "responses/op")
}

// BenchmarkReadExport5000 is ingestion alone: the CSV read into responses.
func BenchmarkReadExport5000(b *testing.B) {
	csvPath := filepath.Join(b.TempDir(), "responses.csv")
	writeDownloadCSV(b, csvPath, 5000)
	b.ReportAllocs()
	for b.Loop() {
		rs, err := sheets.ReadResponsesFile(csvPath, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != 5000 {
			b.Fatalf("%d responses", len(rs))
		}
	}
	b.ReportMetric(5000, "responses/op")
}
