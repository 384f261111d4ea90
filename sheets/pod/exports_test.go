package pod_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/podsync/podsync/matching"
	"github.com/podsync/podsync/matching/propose"
	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/podsync/podsync/sheets/xlsx/xlsxtest"
)

// syncInto runs one cycle of a responses file into a new workbook.
func syncInto(t *testing.T, path, responses string) *xlsx.Store {
	t.Helper()
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&pod.Cycle{Store: s, Source: ingest.File(responses), Now: now}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMembersFromExports(t *testing.T) {
	type want struct{ offers, needs, share string }
	cases := []struct {
		file string
		set  string // Settings rows to add, "Key=Value;…"
		want map[string]want
	}{
		{"download.csv", "", map[string]want{
			"Ana Ruiz":     {"Food and groceries, Childcare", "Tech assistance", "My name, My zone"},
			"Ben Okafor":   {"Recreation, Tech assistance, Fixing bikes; scooters, and prams", "", ""},
			"Chloe Martin": {"Recreation, gardening", "Emotional support, Someone to talk to; weekly if possible", "My name, My email"},
			"Fay Lund":     {"Food and groceries, Childcare, Recreation", "Food and groceries, Childcare", "My name, My zone, My interests"},
			"Gus Ito":      {"", "", ""},
			"Hana Novak":   {"Other things entirely", "Medicine and errands", "My name, My email"},
		}},
		{"linked.csv", "", map[string]want{
			"Ivan Petrov": {"Food and groceries, Medicine and errands", "Language translation", "My name, My phone number"},
			"Jo Baptiste": {"Childcare, Tutoring; maths, reading", "", "My name, My zone, What I can offer"},
			"Kai Weber":   {"", "Recreation, Tech assistance, help with my router, modem", "My email"},
			"Lea Rossi":   {"Tech assistance, Recreation, Internet access", "", "My name, My zone"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			s, err := xlsx.Open(filepath.Join(t.TempDir(), "pod.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := (&pod.Cycle{Store: s, Source: ingest.File(fixture(tc.file)), Now: now}).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			members := storetest.ReadTab(t, s, sheets.TabMembers)
			for name, w := range tc.want {
				_, row := find(t, members, "Name", name)
				for col, v := range map[string]string{"Offers": w.offers, "Needs": w.needs, "Share": w.share} {
					if got := row[colOf(t, members, col)]; got != v {
						t.Errorf("%s: %s = %q, want %q", name, col, got, v)
					}
				}
			}
			// The member's own words are kept whole, listed in Unmet and
			// never matched on.
			res := propose.Matches(matching.MatchInput{Members: rep.Pod.Members, Settings: rep.Pod.Settings, Today: now})
			labels := map[string]bool{}
			for _, u := range res.Unmet {
				labels[u.Label] = true
			}
			others := 0
			for _, m := range rep.Pod.Members {
				for _, o := range m.NeedOther {
					others++
					if !labels["Other: "+strings.Join(strings.Fields(o), " ")] {
						t.Errorf("Unmet does not list %q (%v)", o, labels)
					}
				}
			}
			if others == 0 {
				t.Error("no member has Other needs")
			}
			for _, m := range res.Matches {
				if _, ok := matching.ParseCategory(string(m.Category)); !ok {
					t.Errorf("matched on %q", m.Category)
				}
			}
		})
	}
}

func TestLinkedSyncWithSettings(t *testing.T) {
	// A pod whose Settings give the spreadsheet's zone and date order.
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Create: true, Cells: []sheets.CellEdit{
		{Row: 0, Col: 0, Value: "Setting"}, {Row: 0, Col: 1, Value: "Value"},
		{Row: 1, Col: 0, Value: "Time zone"}, {Row: 1, Col: 1, Value: "Europe/Paris"},
		{Row: 2, Col: 0, Value: "Date order"}, {Row: 2, Col: 1, Value: "DMY"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&pod.Cycle{Store: s, Source: ingest.File(fixture("linked_ambiguous.csv")), Now: now}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	sc := colOf(t, resp, "Submitted at")
	var got []string
	for _, r := range resp.Rows {
		got = append(got, r[sc])
	}
	want := "2026-12-03T14:00:00+01:00 2026-11-04T08:00:00+01:00 2026-05-05T08:00:00+02:00"
	if strings.Join(got, " ") != want {
		t.Fatalf("Submitted at %q, want %q", got, want)
	}
}

// Every answer comes back exactly from the workbook: long answers,
// right-to-left text, emoji, blanks, leading and trailing white space, and
// text that looks like a formula or a number is stored as text.
func TestAnswersRoundTripThroughWorkbook(t *testing.T) {
	dir := t.TempDir()
	titles := []string{"Timestamp", "Username", "Your name", "Phone number", "What are your hobbies and interests?",
		"What resources, skills or knowledge could you share?", "What are your needs? What are you afraid of losing?", "Comments"}
	rows := [][]string{
		{"2026/11/20 9:05:12 AM GMT-5", "xena.long@example.org", "Xena Long", "+1 555-0131", longAnswer(32000), `=HYPERLINK("http://example.org","click")`, "@SUM(A1:A9)", "-2+3"},
		{"2026/11/20 9:06:12 AM GMT-5", "yara.rtl@example.org", "يارا", "555-0132", "أحب القراءة 📚 والطبخ", "עזרה עם מחשבים", "  leading and trailing  ", "0012"},
		{"2026/11/20 9:07:12 AM GMT-5", "zed.blank@example.org", "Zed Blank", "", "", "", "", ""},
		{"2026/11/20 9:08:12 AM GMT-5", "emoji@example.org", "👩🏽‍🦱 Ana", "555-0134", "1e5", "TRUE", "3/4", "line one\nline two\n\nline four"},
	}
	var csvText strings.Builder
	w := csv.NewWriter(&csvText)
	w.Write(titles)
	w.WriteAll(rows)
	in := filepath.Join(dir, "answers.csv")
	if err := os.WriteFile(in, []byte(csvText.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pod.xlsx")
	s := syncInto(t, path, in)
	xlsxtest.AssertNoFormulas(t, path)
	check := func(t *testing.T) {
		resp := storetest.ReadTab(t, s, sheets.TabResponses)
		if len(resp.Rows) != len(rows) {
			t.Fatalf("%d rows, want %d", len(resp.Rows), len(rows))
		}
		for _, want := range rows {
			_, got := find(t, resp, "Your name", want[2])
			for j, title := range titles[1:] {
				c := colOf(t, resp, title)
				v := ""
				if c < len(got) {
					v = got[c]
				}
				if v != want[j+1] {
					t.Errorf("%s: %q round-tripped as %q", title, trunc(want[j+1]), trunc(v))
				}
			}
		}
		members := storetest.ReadTab(t, s, sheets.TabMembers)
		_, x := find(t, members, "Email", "xena.long@example.org")
		if got := x[colOf(t, members, "Interests")]; got != rows[0][4] {
			t.Errorf("Members Interests differs from the answer (%d bytes, want %d)", len(got), len(rows[0][4]))
		}
	}
	check(t)
	// Cells are strings, not numbers or formulas.
	bad, strs := xlsxtest.NonStringCells(t, path, sheets.TabResponses)
	for _, ref := range bad {
		t.Errorf("%s is not a string cell", ref)
	}
	if strs < 30 {
		t.Fatalf("only %d cells checked", strs)
	}
	// A second sync of the same file writes nothing.
	rep, err := (&pod.Cycle{Store: s, Source: ingest.File(in), Now: now}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.NothingChanged {
		t.Fatalf("second sync changed %d cells", rep.CellsWritten)
	}
	check(t)
}

// Submitted at is RFC 3339 with an offset, and reads back to the instant.
func TestSubmittedAtIsRFC3339(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s := syncInto(t, path, fixture("download.csv"))
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	sc := colOf(t, resp, "Submitted at")
	rs, err := ingest.ReadResponsesFile(fixture("download.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		_, row := find(t, resp, "Response ID", r.ID)
		got, err := time.Parse(time.RFC3339, row[sc])
		if err != nil || !got.Equal(r.Submitted) {
			t.Errorf("Submitted at %q for %s, want %s", row[sc], r.ID, ingest.FormatTime(r.Submitted))
		}
		_, off := got.Zone()
		_, woff := r.Submitted.Zone()
		if off != woff {
			t.Errorf("offset %d, want %d", off, woff)
		}
	}
}

// A response whose answers do not show their separator is read the way
// the pod's other responses are.
func TestLoneOtherTextReadsLikeThePod(t *testing.T) {
	cases := []struct {
		name, csv, who, offers string
	}{
		{"download", "\"Timestamp\",\"Username\",\"Your name\",\"What can you help others with?\"\n" +
			"\"2026/11/20 9:05:12 AM GMT-5\",\"a@example.org\",\"Ana\",\"Childcare;Recreation\"\n" +
			"\"2026/11/20 9:06:12 AM GMT-5\",\"b@example.org\",\"Ben\",\"Food and groceries;Tech assistance\"\n" +
			"\"2026/11/20 9:07:12 AM GMT-5\",\"c@example.org\",\"Cy\",\"Recreation, gardening\"",
			"Cy", "Recreation, gardening"},
		{"linked", "Timestamp,Email Address,Your name,What can you help others with?\r\n" +
			"11/20/2026 9:05:12,a@example.org,Ana,\"Childcare, Recreation\"\r\n" +
			"11/20/2026 9:06:12,b@example.org,Ben,\"Food and groceries, Tech assistance\"\r\n" +
			"11/20/2026 9:07:12,c@example.org,Cy,Recreation;gardening\r\n",
			"Cy", "Recreation;gardening"},
		{"linked, label then words", "Timestamp,Email Address,Your name,What can you help others with?\r\n" +
			"11/20/2026 9:05:12,a@example.org,Ana,\"Childcare, Recreation\"\r\n" +
			"11/20/2026 9:07:12,c@example.org,Cy,\"Recreation, gardening\"\r\n",
			"Cy", "Recreation, gardening"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "r.csv")
			if err := os.WriteFile(in, []byte(tc.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := xlsx.Open(filepath.Join(dir, "pod.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := (&pod.Cycle{Store: s, Source: ingest.File(in), Now: now}).Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range rep.Pod.Members {
				if m.Name != tc.who {
					continue
				}
				if tc.name == "linked, label then words" {
					if len(m.Offers) != 1 || m.Offers[0] != matching.Recreation || strings.Join(m.OfferOther, "") != "gardening" {
						t.Fatalf("offers %v, other %q", m.Offers, m.OfferOther)
					}
					return
				}
				if len(m.Offers) != 0 || strings.Join(m.OfferOther, "") != tc.offers {
					t.Fatalf("offers %v, other %q; want only the words %q", m.Offers, m.OfferOther, tc.offers)
				}
				return
			}
			t.Fatalf("no member %s", tc.who)
		})
	}
}

// Repeated and padded titles sync, and an ambiguous one stops the sync,
// workbook untouched, until a Settings row says which column to use.
func TestDuplicateTitlesSync(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pod.xlsx")
	s := syncInto(t, path, fixture("duplicate_titles.csv"))
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	if _, row := find(t, members, "Name", "Rae Moss"); row[colOf(t, members, "Email")] != "rae.moss@example.org" {
		t.Fatalf("row %q", row)
	}
	resp := storetest.ReadTab(t, s, sheets.TabResponses)
	for _, h := range []string{"Comments", "Comments (2)", "Column G", "your name (2)", "Availability [Mornings]"} {
		colOf(t, resp, h)
	}

	path = filepath.Join(dir, "pod2.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Create: true, Cells: []sheets.CellEdit{
		{Row: 0, Col: 0, Value: "Setting"}, {Row: 0, Col: 1, Value: "Value"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&pod.Cycle{Store: s, Source: ingest.File(fixture("ambiguous_titles.csv")), Now: now}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "column C") || !strings.Contains(err.Error(), "column E") || !strings.Contains(err.Error(), "ambiguous_titles.csv") {
		t.Fatalf("want an error naming both columns and the file, got %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the workbook changed")
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabSettings, Cells: []sheets.CellEdit{
		{Row: 1, Col: 0, Value: "Header: name"}, {Row: 1, Col: 1, Value: "Your name (2)"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&pod.Cycle{Store: s, Source: ingest.File(fixture("ambiguous_titles.csv")), Now: now}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	members = storetest.ReadTab(t, s, sheets.TabMembers)
	find(t, members, "Name", "Samantha Tran")
}

// longAnswer is a paragraph answer of n UTF-16 units (the xlsx cell limit is
// 32,767), mixing scripts and emoji.
func longAnswer(n int) string {
	parts := []string{"Lorem ipsum dolor sit amet, ", "שלום עולם ", "مرحبا بالعالم ", "こんにちは ", "🌻🚲 ", "\n"}
	var b strings.Builder
	units := 0
	for i := 0; ; i++ {
		p := parts[i%len(parts)]
		u := len(utf16.Encode([]rune(p)))
		if units+u > n {
			break
		}
		b.WriteString(p)
		units += u
	}
	return b.String()
}

func trunc(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
