package google_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
	"github.com/podsync/podsync/sheets/pod"
)

// TestGoogleRemoveTab: removing a tab is one deleteSheet, safe to repeat
// when Google's answer is lost after it took effect, and a no-op for a tab
// that is not there.
func TestGoogleRemoveTab(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	t.Cleanup(func() { noUnexpected(t, srv) })
	srv.SetCells("Keep", [][]string{{"h"}, {"a"}})
	srv.SetCells("Advice", [][]string{{"Group"}, {"Group 1"}})
	s := openFake(t, srv, nil)
	if _, err := s.Read(ctx, "Keep", "Advice"); err != nil {
		t.Fatal(err)
	}
	before := srv.Tabs()
	remove := &sheets.Plan{Tabs: []sheets.TabEdit{{Tab: "Advice", Remove: true}}}
	srv.ResetCounts()
	srv.FailKind(1, googlefake.DropAfter, "spreadsheets.batchUpdate")
	if err := s.Apply(ctx, remove); err != nil {
		t.Fatalf("a removal whose answer was lost: %v", err)
	}
	// The lost answer, the repeat that finds no such sheet, and a look at
	// which tabs are left.
	wantCounts(t, srv, map[string]int{"spreadsheets.batchUpdate": 2, "spreadsheets.get": 1})
	var want []string
	for _, n := range before {
		if n != "Advice" {
			want = append(want, n)
		}
	}
	if got := srv.Tabs(); !reflect.DeepEqual(got, want) {
		t.Errorf("tabs %q, want %q", got, want)
	}
	if got := srv.Cells("Keep"); !reflect.DeepEqual(got, [][]string{{"h"}, {"a"}}) {
		t.Errorf("Keep %q", got)
	}
	srv.ResetCounts()
	if err := s.Apply(ctx, remove); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count("spreadsheets.batchUpdate"); n != 0 {
		t.Errorf("removing a tab that is gone sent %d batchUpdates", n)
	}
}

// TestGoogleSuggestedGroupsCycle: on Google, a sync of a pod over Split
// above adds the Suggested groups tab, and once the pod is under it again
// the next sync deletes the tab (one deleteSheet).
func TestGoogleSuggestedGroupsCycle(t *testing.T) {
	ctx := context.Background()
	srv := googlefake.New(t)
	defer noUnexpected(t, srv)
	grid := [][]string{{"Timestamp", "Your name", "Email address", "Your zone (building, floor or block)"}}
	for i := range 31 {
		zone := "Building A"
		if i%2 == 1 {
			zone = "Building B"
		}
		grid = append(grid, []string{fmt.Sprintf("11/20/2026 9:%02d:00", i), fmt.Sprintf("Neighbor %02d", i), fmt.Sprintf("n%02d@example.org", i), zone})
	}
	srv.SetCells("Form Responses 1", grid)
	store := openFake(t, srv, nil)
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	sync := func() {
		t.Helper()
		if _, err := (&pod.Cycle{Store: store, Now: now}).Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sync()
	cells := srv.Cells(sheets.TabSuggested)
	if len(cells) != 3 || cells[1][1] != "Building A" || cells[1][2] != "16" || cells[2][1] != "Building B" || cells[2][2] != "15" {
		t.Fatalf("Suggested groups %q", cells)
	}
	book := srv.Spreadsheet()
	for i, row := range srv.Cells(sheets.TabSettings) {
		if len(row) > 0 && row[0] == "Split above" {
			book.SetCell(sheets.TabSettings, fmt.Sprintf("B%d", i+1), "31")
		}
	}
	sync()
	if slices.Contains(srv.Tabs(), sheets.TabSuggested) {
		t.Errorf("tabs %q", srv.Tabs())
	}
	sync()
}
