package google_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/google/googlefake"
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
