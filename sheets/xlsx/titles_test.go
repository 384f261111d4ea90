package xlsx_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/xlsx"
)

// TestTabTitles: the workbook lists its tabs as titled, in their order;
// a workbook not yet written has none.
func TestTabTitles(t *testing.T) {
	ctx := context.Background()
	s, err := xlsx.Open(filepath.Join(t.TempDir(), "pod.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.TabTitles(ctx); err != nil || len(got) != 0 {
		t.Fatalf("new workbook: %q, %v", got, err)
	}
	p := &sheets.Plan{Tabs: []sheets.TabEdit{
		{Tab: "Members ", Create: true, Cells: []sheets.CellEdit{{Value: "Member ID"}}},
		{Tab: "Matches 2026", Create: true, Cells: []sheets.CellEdit{{Value: "Match ID"}}},
	}}
	if err := s.Apply(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := s.TabTitles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got, "Members ") || !slices.Contains(got, "Matches 2026") {
		t.Fatalf("titles %q", got)
	}
}
