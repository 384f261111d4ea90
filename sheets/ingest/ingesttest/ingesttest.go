// Package ingesttest makes response exports for tests and benchmarks in
// other packages.
package ingesttest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets/ingest"
)

// WriteDownloadCSV writes a downloaded-CSV export (every field quoted, LF,
// no final newline, ";" between checkbox labels) of n people, each
// answering once, with a few Other answers, blanks and non-Latin names.
func WriteDownloadCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	titles := []string{"Timestamp", "Username", "Your name", "Phone number", "Best way to reach you",
		"Your zone (building, floor or block)", "Languages you speak", "What are your hobbies and interests?",
		"How regularly do you want to check in?", "What can you help others with?",
		"What resources, skills or knowledge could you share?", "How many neighbors could you help at a time?",
		"What do you need help with?", "What are your needs? What are you afraid of losing?",
		"Would you like 1-on-1 conversations with pod members?", "What may we share with the whole pod?"}
	cats := ingest.CategoryLabels()
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

// WriteWideCSV writes a downloaded-CSV export of rows responses to a form
// of cols questions: Timestamp (one a minute from 2026/11/20 9:00), "Your
// name" (Person 0, Person 1, …), "Email address" (p0@example.org, …), then
// title(i) for each column i from 3, whose answer is answer(row, i).
func WriteWideCSV(tb testing.TB, path string, rows, cols int, title func(i int) string, answer func(row, i int) string) {
	tb.Helper()
	head := []string{`"Timestamp"`, `"Your name"`, `"Email address"`}
	for i := len(head); i < cols; i++ {
		head = append(head, quote(title(i)))
	}
	lines := []string{strings.Join(head, ",")}
	for r := range rows {
		row := []string{fmt.Sprintf(`"2026/11/20 9:%02d:00 AM GMT"`, r%60), fmt.Sprintf(`"Person %d"`, r), fmt.Sprintf(`"p%d@example.org"`, r)}
		for i := len(row); i < cols; i++ {
			row = append(row, quote(answer(r, i)))
		}
		lines = append(lines, strings.Join(row, ","))
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
