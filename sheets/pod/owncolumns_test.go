package pod_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/podsync/podsync/sheets"
	"github.com/podsync/podsync/sheets/ingest/ingesttest"
	"github.com/podsync/podsync/sheets/storetest"
	"github.com/podsync/podsync/sheets/xlsx"
)

// TestQuestionTitledLikeOwnColumn: a form question titled "Submitted at"
// or "Response ID" (the Responses tab's own columns) gets a column of its
// own, "Submitted at (question)", instead of overwriting each response's
// time or ID: all 14 responses of a downloaded CSV are kept, with their
// answers, and a second sync writes nothing.
func TestQuestionTitledLikeOwnColumn(t *testing.T) {
	for _, q := range []string{"Submitted at", "Response ID", "submitted  AT", "Response ID,Submitted at,Response ID (question)"} {
		t.Run(q, func(t *testing.T) {
			qs := strings.Split(q, ",")
			s, csvPath := wideExport(t, 3+len(qs), func(i int) string { return qs[i-3] }, func(r, _ int) string { return fmt.Sprint("answer ", r%3) })
			rep := runCycle(t, s, csvPath)
			if rep.NewResponses != 14 || rep.Members != 14 {
				t.Fatalf("%d new responses, %d members; want 14 and 14", rep.NewResponses, rep.Members)
			}
			resp := storetest.ReadTab(t, s, sheets.TabResponses)
			for i := range resp.Rows {
				if id := cell(t, resp, i, sheets.ColResponseID); !strings.HasPrefix(id, "R-") {
					t.Errorf("row %d: Response ID %q", i+2, id)
				}
				if at := cell(t, resp, i, sheets.ColSubmittedAt); !strings.HasPrefix(at, "2026-11-20T09:") {
					t.Errorf("row %d: Submitted at %q", i+2, at)
				}
			}
			col := strings.Join(strings.Fields(qs[0]), " ") + " (question)"
			if got := cell(t, resp, 4, col); got != "answer 1" {
				t.Errorf("%s on row 6 = %q, want the answer", col, got)
			}
			if rep := runCycle(t, s, csvPath); !rep.NothingChanged || rep.NewResponses != 0 {
				t.Errorf("second sync wrote %d cells, %d new responses", rep.CellsWritten, rep.NewResponses)
			}
		})
	}
}

// TestControlCharactersWriteOnce: answers with control characters (a bell,
// an escape, a C1 control, a lone CR, a U+2028) are cleaned once, as they
// come in: the workbook holds them as podsync wrote them, so a second sync
// of the same export writes nothing, rather than rewriting them every time.
func TestControlCharactersWriteOnce(t *testing.T) {
	titles := []string{"What are your hobbies and interests?", "What resources, skills or knowledge could you share?"}
	answers := []string{"chess\x1b[0m\u0085 and\rgo", "tools\u2028and \x01time\ufffe"}
	s, csvPath := wideExport(t, 5, func(i int) string { return titles[i-3] }, func(_, i int) string { return answers[i-3] })
	if rep := runCycle(t, s, csvPath); rep.NewResponses != 14 || rep.Members != 14 {
		t.Fatalf("%d new responses, %d members", rep.NewResponses, rep.Members)
	}
	m := storetest.ReadTab(t, s, sheets.TabMembers)
	if i, _ := find(t, m, sheets.ColName, "Person 3"); cell(t, m, i, sheets.ColInterests) != "chess[0m and\ngo" || cell(t, m, i, sheets.ColOfferDetails) != "tools\nand time" {
		t.Errorf("cleaned answers: %q, %q", cell(t, m, i, sheets.ColInterests), cell(t, m, i, sheets.ColOfferDetails))
	}
	if rep := runCycle(t, s, csvPath); !rep.NothingChanged {
		t.Errorf("second sync wrote %d cells: %v", rep.CellsWritten, rep.Plan.SortedTabs())
	}
}

// wideExport writes a downloaded CSV of 14 responses (ingesttest.WriteWideCSV)
// and opens a new workbook pod beside it.
func wideExport(t *testing.T, cols int, title func(int) string, answer func(row, i int) string) (*xlsx.Store, string) {
	t.Helper()
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "responses.csv")
	ingesttest.WriteWideCSV(t, csvPath, 14, cols, title, answer)
	s, err := xlsx.Open(filepath.Join(dir, "pod.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return s, csvPath
}
