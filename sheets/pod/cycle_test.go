package pod_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest"
	"github.com/podsync/podsync/sheets/pod"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
	"github.com/podsync/podsync/sheets/xlsx/xlsxtest"
)

func TestCycleTwiceChangesNothing(t *testing.T) {
	s, err := xlsx.Open(filepath.Join(t.TempDir(), "pod.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rep := runCycle(t, s, sample)
	if rep.Members != 28 || rep.NewResponses != 31 {
		t.Fatalf("members %d, new responses %d; want 28 and 31", rep.Members, rep.NewResponses)
	}
	first := snapshot(t, s)
	rep = runCycle(t, s, sample)
	if !rep.NothingChanged || rep.NewResponses != 0 {
		t.Fatalf("second cycle of the same input changed %d cells: %+v", rep.CellsWritten, rep.Plan.Tabs)
	}
	if got := snapshot(t, s); !reflect.DeepEqual(first, got) {
		t.Fatal("second cycle changed cells")
	}
}

func TestOrganizerEditsSurviveNewResponses(t *testing.T) {
	dir := t.TempDir()
	s, err := xlsx.Open(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	// Start from the first 20 responses, as if the form were still open.
	all, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(all), "\n")
	early := filepath.Join(dir, "early.csv")
	if err := os.WriteFile(early, []byte(strings.Join(lines[:21], "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, early)

	members := storetest.ReadTab(t, s, sheets.TabMembers)
	i, _ := find(t, members, "Name", "Mei Chen")
	j, _ := find(t, members, "Name", "Tom Becker")
	extra := len(members.Header)
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabMembers, Cells: []sheets.CellEdit{
		{Row: i + 1, Col: colOf(t, members, "Notes"), Value: "prefers evenings"},
		{Row: j + 1, Col: colOf(t, members, "Active"), Value: "Paused"},
		{Row: 0, Col: extra, Value: "Driver"},
		{Row: i + 1, Col: extra, Value: "has a car"},
	}}}}); err != nil {
		t.Fatal(err)
	}

	rep := runCycle(t, s, sample)
	if rep.NewResponses != 11 {
		t.Errorf("new responses = %d, want 11", rep.NewResponses)
	}
	members = storetest.ReadTab(t, s, sheets.TabMembers)
	_, mei := find(t, members, "Name", "Mei Chen")
	_, tom := find(t, members, "Name", "Tom Becker")
	if got := mei[colOf(t, members, "Notes")]; got != "prefers evenings" {
		t.Errorf("Notes = %q, want the organizer's note", got)
	}
	if got := mei[colOf(t, members, "Driver")]; got != "has a car" {
		t.Errorf("organizer column Driver = %q", got)
	}
	if got := tom[colOf(t, members, "Active")]; got != "Paused" {
		t.Errorf("Active = %q, want Paused", got)
	}
	if len(members.Rows) != 28 {
		t.Errorf("members = %d, want 28", len(members.Rows))
	}
}

func TestResubmissionNewestWins(t *testing.T) {
	s := storetest.NewMem()
	runCycle(t, s, sample)
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	_, dev := find(t, members, "Name", "Dev Patel")
	if got := dev[colOf(t, members, "Zone")]; got != "Building B" {
		t.Errorf("Dev's zone = %q, want his resubmitted Building B", got)
	}
	if first, last := dev[colOf(t, members, "First seen")], dev[colOf(t, members, "Last updated")]; first >= last {
		t.Errorf("First seen %q should be before Last updated %q", first, last)
	}
}

func TestDirectoryHonoursConsent(t *testing.T) {
	s := storetest.NewMem()
	runCycle(t, s, sample)
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	dir := storetest.ReadTab(t, s, sheets.TabDirectory)
	var all strings.Builder
	for _, r := range dir.Rows {
		all.WriteString(strings.Join(r, "\x00"))
		all.WriteString("\x00")
	}
	text := all.String()
	share, phone, name, email := colOf(t, members, "Share"), colOf(t, members, "Phone"), colOf(t, members, "Name"), colOf(t, members, "Email")
	checked := 0
	for _, m := range members.Rows {
		consent := m[share]
		if !strings.Contains(consent, "My phone number") && m[phone] != "" && strings.Contains(text, m[phone]) {
			t.Errorf("phone of a member who did not share it is in the Directory")
		}
		if !strings.Contains(consent, "My email") && m[email] != "" && strings.Contains(text, m[email]) {
			t.Errorf("email of a member who did not share it is in the Directory")
		}
		if consent == "" && strings.Contains(text, m[name]) {
			t.Errorf("a member who shared nothing is in the Directory")
		}
		checked++
	}
	if checked != 28 {
		t.Fatalf("checked %d members", checked)
	}
}

func TestBadInputLeavesWorkbookUnchanged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "pod.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, sample)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, file, want string
	}{
		{"missing name column", write("noname.csv", "\"Timestamp\",\"Email address\"\n\"2026/11/20 9:05:12 AM GMT-5\",\"a@example.org\""), `"Your name"`},
		{"bare quote", write("quote.csv", "\"Timestamp\",\"Your name\"\n\"2026/11/20 9:05:12 AM GMT-5\",\"Ana \"Ruiz\"\""), "line 2"},
		{"bad timestamp", write("ts.csv", "\"Timestamp\",\"Your name\"\n\"yesterday\",\"Ana\""), "line 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := (&pod.Cycle{Store: s, Source: ingest.File(tc.file), Now: now}).Run(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error mentioning %s, got %v", tc.want, err)
			}
			if !strings.Contains(err.Error(), filepath.Base(tc.file)) {
				t.Errorf("error %q does not name the file", err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Fatal("the workbook changed")
			}
		})
	}
	// An organizer renamed a required column.
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabMembers, Cells: []sheets.CellEdit{
		{Row: 0, Col: colOf(t, members, "Member ID"), Value: "ID"}}}}}); err != nil {
		t.Fatal(err)
	}
	before, _ = os.ReadFile(path)
	_, err = (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), `"Members"`) || !strings.Contains(err.Error(), `"Member ID"`) {
		t.Fatalf("want an error naming the tab and column, got %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the workbook changed")
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	s := storetest.NewMem()
	rep, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now, DryRun: true}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Plan.Empty() || s.Writes != 0 {
		t.Fatalf("dry run: plan empty %v, writes %d", rep.Plan.Empty(), s.Writes)
	}
}

func TestFormulaTextStaysText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, sample)
	members := storetest.ReadTab(t, s, sheets.TabMembers)
	_, jamal := find(t, members, "Name", "Jamal Wright")
	if got := jamal[colOf(t, members, "Interests")]; !strings.HasPrefix(got, "=HYPERLINK(") {
		t.Fatalf("Interests = %q", got)
	}
	xlsxtest.AssertNoFormulas(t, path)
}

// TestAmbiguousResponsesHeader: two Responses columns that read as the same
// question stop the sync with both columns named by the letters the
// organizer sees, and the Settings row that settles it.
func TestAmbiguousResponsesHeader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pod.xlsx")
	s, err := xlsx.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabResponses, Create: true, Cells: []sheets.CellEdit{
		{Row: 0, Col: 0, Value: "Response ID"}, {Row: 0, Col: 1, Value: "Submitted at"},
		{Row: 0, Col: 2, Value: "Your  name"}, {Row: 0, Col: 3, Value: "Your name "},
		{Row: 1, Col: 2, Value: "Ana"}, {Row: 1, Col: 3, Value: "Ana"},
	}}}}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err = (&pod.Cycle{Store: s, Now: now}).Run(context.Background())
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`"Responses"`, "column C", "column D", "Header: name"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the workbook changed")
	}
}

// TestBlankTabsFilledIn: a cycle that died after creating the tabs leaves
// them blank; the next cycle fills Settings and Do Not Pair in as if new.
func TestBlankTabsFilledIn(t *testing.T) {
	s := storetest.NewMem()
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{
		{Tab: sheets.TabSettings, Create: true}, {Tab: sheets.TabDoNotPair, Create: true}}}); err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, sample)
	set := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabSettings))
	if len(set) < 5 || set[0][0] != "Setting" {
		t.Errorf("Settings: %q", set)
	}
	if dnp := storetest.ReadTab(t, s, sheets.TabDoNotPair); len(dnp.Header) < 3 {
		t.Errorf("Do Not Pair header: %q", dnp.Header)
	}
	if rep := runCycle(t, s, sample); !rep.NothingChanged {
		t.Errorf("a second cycle changed %d cells", rep.CellsWritten)
	}
}

// TestDirectoryRegenerated: the Directory is shared with the whole pod, so
// nothing typed there survives a sync: a renamed header, an added column or
// a stray row would otherwise keep, or slide onto another member, what a
// member shared before they withdrew it.
func TestDirectoryRegenerated(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "r.csv")
	head := `"Timestamp","Your name","Email address","Phone number","What may we share with the whole pod?"`
	first := head + "\n" +
		`"2026/11/20 9:00:00 AM GMT","Ana Ruiz","ana@example.org","555-0101","My name"` + "\n" +
		`"2026/11/20 9:10:00 AM GMT","Bo Lind","bo@example.org","555-0102","My name;My phone number"`
	if err := os.WriteFile(csv, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	s := storetest.NewMem()
	runCycle(t, s, csv)
	d := storetest.ReadTab(t, s, sheets.TabDirectory)
	phone := colOf(t, d, "Phone")
	// An organizer renames Phone, adds a column, and types a stray row.
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabDirectory, Cells: []sheets.CellEdit{
		{Row: 0, Col: phone, Value: "Tel"}, {Row: 0, Col: 8, Value: "Floor"}, {Row: 2, Col: 8, Value: "3rd"},
		{Row: 5, Col: 1, Value: "typed by hand"}}}}}); err != nil {
		t.Fatal(err)
	}
	// Bo withdraws his phone.
	second := first + "\n" + `"2026/11/21 9:00:00 AM GMT","Bo Lind","bo@example.org","555-0102","My name"`
	if err := os.WriteFile(csv, []byte(second), 0o644); err != nil {
		t.Fatal(err)
	}
	runCycle(t, s, csv)
	got := storetest.Normalize(storetest.ReadTab(t, s, sheets.TabDirectory))
	want := [][]string{
		{"#", "Name", "Phone", "Email", "Zone", "Interests", "Can offer", "Needs"},
		{"1", "Ana Ruiz", "", "", "", "", "", ""},
		{"2", "Bo Lind", "", "", "", "", "", ""},
	}
	for r, row := range got {
		for c, v := range row {
			var w string
			if r < len(want) && c < len(want[r]) {
				w = want[r][c]
			}
			if v != w {
				t.Errorf("Directory %s%d = %q, want %q", sheets.ColLetter(c), r+1, v, w)
			}
		}
	}
	if rep := runCycle(t, s, csv); !rep.NothingChanged {
		t.Errorf("a second sync changed %d cells", rep.CellsWritten)
	}
}

// TestDecisionColumnsRequired: renaming Members → Active or Matches →
// Status would silently undo every decision in it, so the sync stops and
// says which column to name again.
func TestDecisionColumnsRequired(t *testing.T) {
	for _, tc := range []struct{ tab, col string }{{sheets.TabMembers, "Active"}, {sheets.TabMatches, "Status"}, {sheets.TabPairings, "Status"}} {
		s := storetest.NewMem()
		runCycle(t, s, sample)
		tab := storetest.ReadTab(t, s, tc.tab)
		if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: tc.tab, Cells: []sheets.CellEdit{
			{Row: 0, Col: colOf(t, tab, tc.col), Value: "State"}}}}}); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, s)
		_, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.tab)) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.col)) {
			t.Errorf("%s renamed: want an error naming the tab and column, got %v", tc.col, err)
		}
		if !reflect.DeepEqual(before, snapshot(t, s)) {
			t.Errorf("%s renamed: the pod changed", tc.col)
		}
	}
}

// TestNewerSchemaRefused: a pod laid out by a newer podsync is not
// rewritten by an older one.
func TestNewerSchemaRefused(t *testing.T) {
	s := storetest.NewMem()
	runCycle(t, s, sample)
	st := storetest.ReadTab(t, s, sheets.TabState)
	r, _ := find(t, st, "Key", "schema")
	if err := s.Apply(context.Background(), &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: sheets.TabState, Cells: []sheets.CellEdit{
		{Row: r + 1, Col: colOf(t, st, "Value"), Value: "9"}}}}}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s)
	_, err := (&pod.Cycle{Store: s, Source: ingest.File(sample), Now: now}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "newer podsync") || !strings.Contains(err.Error(), "upgrade") {
		t.Fatalf("err = %v", err)
	}
	if !reflect.DeepEqual(before, snapshot(t, s)) {
		t.Error("the pod changed")
	}
}
